// Everything that keeps MPTCP from working, in one list. Each verdict has one id, one severity and one
// place on the page; the rules that find them are below, and src/ui/verdict-texts.ts holds the one table
// of their words. The status header, the readiness card, the change preview and the traffic diagnosis all
// show verdicts from here, and each verdict is shown in one place only.

import type { Family } from "./address";
import { NM_MPTCP_MIN, versionAtLeast } from "./eligibility";
import type { EndpointFlag } from "./flags";
import { effectiveRpFilter, endpointInterfaces, subflowEndpointCount, type RpFilterValues } from "./readiness";
import type { HostSnapshot, KernelState, Limits } from "./types";

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
    // the traffic: the diagnosis
    | { id: "fallback"; connections: number; asClient: number; asServer: number }
    | { id: "joins-unanswered"; sent: number; answered: number }
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
    "fallback": { severity: "warning", place: "diagnosis" },
    "joins-unanswered": { severity: "warning", place: "diagnosis" },
    "announcements-ignored": { severity: "warning", place: "diagnosis", guide: "add-addr" },
    "joins-limited": { severity: "warning", place: "diagnosis", guide: "subflows" },
    "subflows-unused": { severity: "warning", place: "diagnosis", editor: true },
    "no-mptcp-sockets": { severity: "info", place: "diagnosis" },
};

export const severityOf = (v: Verdict): Severity =>
    v.id === "subflow-limit" && v.subflows > 0 ? "info" : VERDICTS[v.id].severity;

export const placed = (verdicts: readonly Verdict[], place: Place) => verdicts.filter(v => VERDICTS[v.id].place === place);

// ---- the rules, each in one place ----

/** Connections open at most `subflows` additional subflows: none at 0, and fewer than the endpoints that ask for one. */
export function subflowLimitVerdict(limits: Limits | null, subflowEndpoints: number): Verdict | null {
    if (!limits) return null;
    return limits.subflows === 0 || limits.subflows < subflowEndpoints
        ? { id: "subflow-limit", subflows: limits.subflows, endpoints: subflowEndpoints }
        : null;
}

/** A userspace path manager leaves the endpoints unused unless mptcpd runs (null: not known). */
const pathManagerBlocks = (k: KernelState, mptcpdRunning: boolean | null) => k.pathManager === "userspace" && mptcpdRunning !== true;

/** What the host's reads found, before any host setting is read: the header's verdicts. */
function readVerdicts(snap: HostSnapshot): Verdict[] {
    const verdicts: Verdict[] = [];
    if (snap.kernel.mptcp && !snap.kernel.ipMptcp) verdicts.push({ id: "no-ip-mptcp" });
    if (!snap.nm.running) verdicts.push({ id: "nm-not-running", message: snap.nm.message });
    else if (!versionAtLeast(snap.nm.version, NM_MPTCP_MIN.major, NM_MPTCP_MIN.minor))
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
    const limit = subflowLimitVerdict(k.limits, subflowEndpointCount(snap));
    if (limit) verdicts.push(limit);
    if (k.limits && k.limits.addAddrAccepted === 0) verdicts.push({ id: "add-addr-limit" });
    if (settings) {
        const strict = endpointInterfaces(snap).filter(n => effectiveRpFilter(settings.rp, n) === 1);
        if (strict.length) verdicts.push({ id: "rp-filter-strict", interfaces: strict });
    }
    return verdicts;
}

/** Endpoint flags of interest for whether a host opens or invites subflows. */
export const missingRoleFlags = (flags: readonly EndpointFlag[][]): ("subflow" | "signal")[] =>
    (["subflow", "signal"] as const).filter(f => !flags.some(fs => fs.includes(f)));
