// Everything the page asks of the host and the shell: one port. src/index.ts makes it from src/host; tests fake
// the parts they need. The page reads the host through `snapshots` and the parts' reads, and changes it only
// through the parts' actions.

import type { FlagChangePlan, ApplyStep, Guard } from "../model/plan";
import type { RpFilterValues } from "../model/readiness";
import type { Route } from "../model/route";
import type { SelfTestResult } from "../model/selftest";
import type { HostSettings, SetupPlan, UndoPlan, UndoResult } from "../model/setup-plan";
import type { TrafficState } from "../model/traffic";
import type { HostSnapshot } from "../model/types";

export interface HostPort {
    /** the host's state, as it changes */
    snapshots: SnapshotSource;
    /** changing interfaces' MPTCP flags (the editor) */
    flags?: FlagChangePort;
    /** the host settings MPTCP needs (the readiness card's settings, the setup guide, undo) */
    setup?: SetupPort;
    /** the Traffic view */
    traffic?: TrafficPort;
    /** the page's address, menu status, jumps and administrative access */
    shell?: ShellPort;
}

/** Anything that delivers host snapshots: the real host source, or a fake in tests. */
export interface SnapshotSource {
    subscribe(listener: (snapshot: HostSnapshot) => void): () => void;
    /** the latest snapshot, if there is one yet: the first render shows it rather than "loading" */
    snapshot?(): HostSnapshot | null;
}

export type ApplyProgress = (step: ApplyStep, detail?: string) => void;

/** The host's part in a change of flags (src/host provides it, tests fake it): what it must read, and the change. */
export interface FlagChangePort {
    /** net.ipv4.conf.{all,NAME}.rp_filter of these interfaces */
    readRpFilter(names: string[]): Promise<RpFilterValues>;
    /** each planned profile and device as they are now, for apply to compare with */
    readGuards(plan: FlagChangePlan): Promise<Guard[]>;
    /** checkpoint, update, reapply, verify; roll back on failure (ChangeError says how it ended) */
    apply(plan: FlagChangePlan, guards: Guard[], progress: ApplyProgress): Promise<void>;
}

/** The setup guide's access to the host. */
export interface SetupPort {
    read(interfaces: string[]): Promise<{ settings: HostSettings; mptcpd: boolean | null }>;
    apply(plan: SetupPlan): Promise<void>;
    /** runs every step of the plan, whatever the others did; `progress` hears of each as it ends */
    undo(plan: UndoPlan, progress: (index: number, result: UndoResult) => void): Promise<UndoResult[]>;
}

/** What the traffic view shows: the state, and what could not be read (null: all fine). */
export interface TrafficView {
    state: TrafficState;
    /** why connections or counters could not be read */
    problem: string | null;
    /** why the path manager's events cannot be followed (`ip mptcp monitor` needs administrative access) */
    eventsProblem: string | null;
}

/** The traffic view's access to the host; src/host provides it, tests fake it. */
export interface TrafficPort {
    /** Follows the traffic while subscribed: samples once a second while the page is visible. */
    subscribe(listener: (view: TrafficView) => void): () => void;
    /** Counts from now on: a new baseline for the counters, and no events. */
    reset(): void;
    selfTest(host: string, port: number): Promise<SelfTestResult>;
}

/** What the shell shows beside the page's menu entry: an icon for the type, the title as its tooltip. */
export interface PageStatus {
    type: "warning" | "info" | "error";
    title: string;
}

/** The page's part in Cockpit's shell (src/host/shell.ts): its address, menu status, jumps and access. */
export interface ShellPort {
    route(): Route;
    /** calls back on every change of the address (a link, the back button) */
    watchRoute(listener: (route: Route) => void): () => void;
    /** "push" makes a new history entry (back returns), "replace" changes the current one */
    go(route: Route, how?: "push" | "replace"): void;
    /** Cockpit's Networking page for this interface */
    openNetworking(name: string): void;
    setPageStatus(status: PageStatus | null): void;
    /** calls back with whether the session has administrative access: null while the session does not know yet */
    watchAdmin(listener: (admin: boolean | null) => void): () => void;
}
