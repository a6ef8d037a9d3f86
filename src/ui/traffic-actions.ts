import type { SelfTestResult } from "../model/selftest";
import type { TrafficState } from "../model/traffic";

/** What the traffic view shows: the state, and what could not be read (null: all fine). */
export interface TrafficView {
    state: TrafficState;
    /** why connections or counters could not be read */
    problem: string | null;
    /** why the path manager's events cannot be followed (`ip mptcp monitor` needs administrative access) */
    eventsProblem: string | null;
}

/** The traffic view's access to the host; src/host provides it, tests fake it. */
export interface TrafficActions {
    /** Follows the traffic while subscribed: samples once a second while the page is visible. */
    subscribe(listener: (view: TrafficView) => void): () => void;
    /** Counts from now on: a new baseline for the counters, and no events. */
    reset(): void;
    selfTest(host: string, port: number): Promise<SelfTestResult>;
}
