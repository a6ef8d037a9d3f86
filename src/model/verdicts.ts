// Everything that keeps MPTCP from working, in one list. Each verdict has one id, one severity and one
// place on the page; the rules that find them are below, and src/ui/verdict-texts.ts holds the one table
// of their words. The status header, the readiness card, the change preview and the traffic diagnosis all
// show verdicts from here, and each verdict is shown in one place only.

import { familyOf, type Family } from "./address";
import { addressKey } from "./interfaces";
import { nmVersionSupportsMptcp } from "./eligibility";
import type { EndpointFlag } from "./flags";
import {
    ipv4EndpointInterfaces, rowsWithMptcpOn, rpFilterStrict, subflowEndpoints, type RpFilterValues,
} from "./readiness";
import { joinedSubflows, type SelfTestResult } from "./selftest";
import { sinceStart, type ConnectionRow, type TrafficState } from "./traffic";
import type { Endpoint, HostSnapshot, KernelState, Limits } from "./types";

/** The steps of the setup guide that fix a verdict. */
export type GuideStep = "sysctl" | "subflows" | "add-addr" | "rp-filter";

export type Verdict =
    // the host: what the page can read, and with what
    | { id: "no-ip-mptcp" }
    | { id: "nm-not-running"; message: string | null }
    | { id: "nm-too-old"; version: string }
    | { id: "read-error"; message: string }
    // the host's MPTCP setup: the readiness card, each with its step in the guide
    | { id: "no-kernel-mptcp" }
    | { id: "sysctl-disabled" }
    | { id: "userspace-pm" }
    | { id: "subflow-limit"; subflows: number; endpoints: number }
    | { id: "add-addr-limit" }
    | { id: "rp-filter-strict"; interfaces: string[] }
    // a change: the preview
    | { id: "no-default-route"; name: string; family: Family }
    /**
     * more addresses want an endpoint than the kernel holds: `none` ("eth1 192.0.2.9") get none; `maybeSlots`
     * of `maybe` get one
     */
    | { id: "endpoint-limit"; capacity: number; wanted: number; none: string[]; maybe: string[]; maybeSlots: number }
    // the traffic: the diagnosis
    | { id: "fallback"; connections: number; asClient: number; asServer: number }
    | { id: "joins-unanswered"; sent: number; answered: number; closed: number }
    | { id: "announcements-ignored"; received: number; accepted: number }
    | { id: "joins-limited"; rejected: number; atLimit: number; subflows: number }
    | { id: "subflows-unused"; endpoints: number; missing: ("subflow" | "signal")[] }
    | { id: "no-mptcp-sockets"; everSinceBoot: boolean; listeners: number };

export type VerdictId = Verdict["id"];
export type Severity = "danger" | "warning" | "info";
/** Where the page shows a verdict: the header, the readiness card, the preview, or the traffic diagnosis. */
export type Place = "header" | "readiness" | "preview" | "diagnosis";

interface VerdictInfo {
    severity: Severity;
    place: Place;
    /** the guide's step that fixes it */
    guide?: GuideStep;
    /** the interface editor fixes it */
    editor?: true;
}

export const VERDICTS: { readonly [K in VerdictId]: VerdictInfo } = {
    "no-ip-mptcp": { severity: "warning", place: "header" },
    "nm-not-running": { severity: "danger", place: "header" },
    "nm-too-old": { severity: "warning", place: "header" },
    "read-error": { severity: "danger", place: "header" },
    "no-kernel-mptcp": { severity: "danger", place: "readiness" },
    "sysctl-disabled": { severity: "warning", place: "readiness", guide: "sysctl" },
    "userspace-pm": { severity: "warning", place: "readiness" },
    "subflow-limit": { severity: "warning", place: "readiness", guide: "subflows" },
    "add-addr-limit": { severity: "warning", place: "readiness", guide: "add-addr" },
    "rp-filter-strict": { severity: "warning", place: "readiness", guide: "rp-filter" },
    "no-default-route": { severity: "warning", place: "preview", editor: true },
    "endpoint-limit": { severity: "warning", place: "preview" },
    "fallback": { severity: "warning", place: "diagnosis" },
    "joins-unanswered": { severity: "warning", place: "diagnosis" },
    "announcements-ignored": { severity: "warning", place: "diagnosis", guide: "add-addr" },
    "joins-limited": { severity: "warning", place: "diagnosis", guide: "subflows" },
    "subflows-unused": { severity: "warning", place: "diagnosis", editor: true },
    "no-mptcp-sockets": { severity: "info", place: "diagnosis" },
};

export const severityOf = (v: Verdict): Severity =>
    v.id === "subflow-limit" && v.subflows > 0 ? "info" : VERDICTS[v.id].severity;

export const placed = (verdicts: readonly Verdict[], place: Place) =>
    verdicts.filter(v => VERDICTS[v.id].place === place);

// ---- the rules, each in one place ----

/**
 * Connections open at most `subflows` additional subflows: none at 0, and fewer than the endpoints that ask
 * for one.
 */
export function subflowLimitVerdict(limits: Limits | null, subflowEndpoints: number): Verdict | null {
    if (!limits) return null;
    return limits.subflows === 0 || limits.subflows < subflowEndpoints
        ? { id: "subflow-limit", subflows: limits.subflows, endpoints: subflowEndpoints }
        : null;
}

/** A userspace path manager leaves the endpoints unused unless mptcpd runs (null: not known). */
const pathManagerBlocks = (k: KernelState, mptcpdRunning: boolean | null) =>
    k.pathManager === "userspace" && mptcpdRunning !== true;

/** What the host's reads found, before any host setting is read: the header's verdicts. */
function readVerdicts(snap: HostSnapshot): Verdict[] {
    const verdicts: Verdict[] = [];
    if (snap.kernel.mptcp && !snap.kernel.ipMptcp) verdicts.push({ id: "no-ip-mptcp" });
    if (!snap.nm.running) verdicts.push({ id: "nm-not-running", message: snap.nm.message });
    else if (!nmVersionSupportsMptcp(snap.nm.version))
        verdicts.push({ id: "nm-too-old", version: snap.nm.version });
    for (const message of snap.kernel.errors) verdicts.push({ id: "read-error", message });
    return verdicts;
}

/** Settings read beside the snapshot: rp_filter values and whether mptcpd runs (null: not known). */
export interface HostSettingsRead {
    rp: RpFilterValues;
    mptcpd: boolean | null;
}

/**
 * Everything about the host that keeps MPTCP from working. Without `settings` (not read yet) the
 * readiness verdicts that need them are left out rather than guessed.
 */
export function hostVerdicts(snap: HostSnapshot, settings: HostSettingsRead | null): Verdict[] {
    const verdicts = readVerdicts(snap);
    const k = snap.kernel;
    if (!k.mptcp) return [{ id: "no-kernel-mptcp" }, ...verdicts];
    if (k.enabled === false) verdicts.push({ id: "sysctl-disabled" });
    if (pathManagerBlocks(k, settings ? settings.mptcpd : null)) verdicts.push({ id: "userspace-pm" });
    // the rows as they will be with MPTCP on: built once for both rules that need them
    const onRows = rowsWithMptcpOn(snap);
    const limit = subflowLimitVerdict(k.limits, subflowEndpoints(onRows));
    if (limit) verdicts.push(limit);
    if (k.limits && k.limits.addAddrAccepted === 0) verdicts.push({ id: "add-addr-limit" });
    if (settings) {
        const strict = ipv4EndpointInterfaces(onRows).filter(n => rpFilterStrict(settings.rp, n));
        if (strict.length) verdicts.push({ id: "rp-filter-strict", interfaces: strict });
    }
    return verdicts;
}

/**
 * What the shell's menu warns of beside the page (Cockpit's page status): the readiness verdicts, where MPTCP
 * is configured on this host — the kernel has endpoints, or a profile asks for some that NetworkManager adds
 * once MPTCP is on. On a host that does not use MPTCP, nothing is wrong. Informational verdicts do not count.
 */
export function menuWarnings(snap: HostSnapshot, readiness: readonly Verdict[]): Verdict[] {
    const configured = snap.ip.endpoints.length > 0 ||
        rowsWithMptcpOn(snap).some(r => r.addresses.some(a => a.endpoint !== null || a.reason === "missing"));
    return configured ? readiness.filter(v => severityOf(v) !== "info") : [];
}

/** Endpoint flags of interest for whether a host opens or invites subflows. */
export const missingRoleFlags = (flags: readonly EndpointFlag[][]): ("subflow" | "signal")[] =>
    (["subflow", "signal"] as const).filter(f => !flags.some(fs => fs.includes(f)));

/** What the diagnosis knows of one connection. */
type TrafficConnection = Pick<ConnectionRow, "fallback" | "role" | "extraSubflows" | "subflowsMax"> & {
    local: { address: string } | null;
};

/** What the diagnosis knows of the traffic, from the live view or from one self-test connection. */
interface TrafficFacts {
    /** how much a counter of the kernel's grew while we looked */
    grew: (counter: string) => number;
    connections: readonly TrafficConnection[];
    /** connections that have been up long enough for the path manager to add subflows */
    settled: number;
    /** the most addresses one connection was announced, where the events tell */
    announcedMost: number;
    /** additional subflows that closed again while their connection stayed open: refused, or cut */
    closedEarly: number;
}

/** The diagnosis rules, one each: what keeps these connections from using more than one path. */
function diagnose(f: TrafficFacts, kernel: KernelState, endpoints: readonly Endpoint[]): Verdict[] {
    const verdicts: Verdict[] = [];
    const mptcp = f.connections.filter(c => c.fallback === null);

    const fellBack = f.connections.length - mptcp.length;
    const asClient = f.grew("MPCapableFallbackSYNACK");
    const asServer = f.grew("MPCapableFallbackACK");
    if (fellBack || asClient || asServer)
        verdicts.push({ id: "fallback", connections: Math.max(fellBack, asClient + asServer), asClient, asServer });

    const sent = f.grew("MPJoinSynTx");
    const answered = f.grew("MPJoinSynAckRx");
    if (sent > answered || f.closedEarly > 0)
        verdicts.push({ id: "joins-unanswered", sent, answered, closed: f.closedEarly });

    const accepted = kernel.limits?.addAddrAccepted ?? null;
    const received = f.grew("AddAddr");
    if (accepted === 0 && received > 0) verdicts.push({ id: "announcements-ignored", received, accepted: 0 });
    else if (accepted !== null && f.announcedMost > accepted)
        verdicts.push({ id: "announcements-ignored", received: f.announcedMost, accepted });

    // a client's additional subflows leave from its other endpoints of the same address family
    const subflowEndpoints = (local: string) => endpoints.filter(e => e.flags.includes("subflow") &&
        familyOf(e.address) === familyOf(local) && addressKey(e.address) !== addressKey(local)).length;
    const limit = kernel.limits?.subflows ?? null;
    const rejected = f.grew("MPJoinRejected");
    const atLimit = limit === null ? 0 : mptcp.filter(c => {
        const max = c.subflowsMax ?? limit;
        return c.role === "client" && c.extraSubflows >= max && c.local !== null &&
            subflowEndpoints(c.local.address) > max;
    }).length;
    if (rejected || atLimit) verdicts.push({ id: "joins-limited", rejected, atLimit, subflows: limit ?? 0 });

    // connections up a while with no join tried either way: nothing invites a subflow
    if (f.settled && mptcp.every(c => c.extraSubflows === 0) && !sent && !f.grew("MPJoinSynRx") && !rejected)
        verdicts.push({
            id: "subflows-unused", endpoints: endpoints.length, missing: missingRoleFlags(endpoints.map(e => e.flags)),
        });
    return verdicts;
}

/** What the traffic shows since the view opened (or the user's reset): the diagnosis. */
export function trafficVerdicts(t: TrafficState, kernel: KernelState, endpoints: readonly Endpoint[]): Verdict[] {
    const perToken = new Map<string, number>();
    for (const e of t.events) {
        if (e.type === "announced" && e.token) perToken.set(e.token, (perToken.get(e.token) ?? 0) + 1);
    }
    const open = new Set(t.connections.flatMap(c => (c.token ? [c.token] : [])));
    // a subflow that closed while its connection goes on, unless an address removal closed it
    const closed = t.events.filter(e => e.type === "sf-closed" && e.token && open.has(e.token)).length;
    const verdicts = diagnose({
        grew: name => sinceStart(t, name),
        connections: t.connections,
        closedEarly: Math.max(0, closed - sinceStart(t, "RmSubflow")),
        settled: t.connections.filter(c =>
            c.fallback === null && c.state === "ESTAB" && c.token !== null && t.settled.has(c.token)).length,
        announcedMost: Math.max(0, ...perToken.values()),
    }, kernel, endpoints);
    if (kernel.enabled === true && t.connections.length === 0 && t.last) {
        const values = t.last.values;
        const everSinceBoot = ["MPCapableSYNTX", "MPCapableSYNRX"].every(n => values[n] === 0);
        verdicts.push({ id: "no-mptcp-sockets", everSinceBoot, listeners: t.listeners });
    }
    return verdicts;
}

/** Joins the self-test's connection sent that were answered. */
const answeredJoins = (r: SelfTestResult) => Math.min(r.counters?.MPJoinSynAckRx ?? 0, r.counters?.MPJoinSynTx ?? 0);

/** What one self-test connection shows: the same rules, on its own counters and its one connection. */
export function selfTestVerdicts(r: SelfTestResult, kernel: KernelState, endpoints: readonly Endpoint[]): Verdict[] {
    if (r.outcome !== "mptcp" && r.outcome !== "fallback") return [];
    const connection = {
        fallback: r.outcome === "fallback" ? "handshake" as const : null,
        role: "client" as const,
        local: r.local,
        extraSubflows: r.info ? Math.max(joinedSubflows(r).length, r.subflows ? 0 : r.info.subflows) : 0,
        subflowsMax: r.info?.subflowsMax ?? null,
    };
    return diagnose({
        grew: name => Math.max(0, r.counters?.[name] ?? 0),
        connections: [connection],
        settled: connection.fallback === null ? 1 : 0,
        // ADD_ADDRs this connection was sent are not in MPTCP_INFO: only the AddAddr counter tells
        announcedMost: 0,
        // joins answered, but whose subflows are gone by the end of the test
        closedEarly: r.subflows ? Math.max(0, answeredJoins(r) - joinedSubflows(r).length) : 0,
    }, kernel, endpoints);
}
