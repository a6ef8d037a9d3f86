// The page header's verdicts: each thing that will keep MPTCP from working, with its severity.

import { NM_MPTCP_MIN, versionAtLeast } from "./eligibility";
import type { HostSnapshot } from "./types";

export type HostProblem =
    | { kind: "no-kernel-mptcp" }
    | { kind: "no-ip-mptcp" }
    | { kind: "sysctl-disabled" }
    | { kind: "userspace-pm" }
    | { kind: "no-subflows" }
    | { kind: "subflows-below-endpoints"; subflows: number; endpoints: number }
    | { kind: "nm-not-running"; message: string | null }
    | { kind: "nm-too-old"; version: string }
    | { kind: "read-error"; message: string };

export type Severity = "danger" | "warning" | "info";

export function severityOf(p: HostProblem): Severity {
    switch (p.kind) {
    case "no-kernel-mptcp":
    case "nm-not-running":
    case "read-error":
        return "danger";
    case "subflows-below-endpoints":
        return "info";
    default:
        return "warning";
    }
}

export function hostProblems(snap: HostSnapshot): HostProblem[] {
    const problems: HostProblem[] = [];
    const k = snap.kernel;
    if (!k.mptcp) {
        problems.push({ kind: "no-kernel-mptcp" });
    } else {
        if (!k.ipMptcp) problems.push({ kind: "no-ip-mptcp" });
        if (k.enabled === false) problems.push({ kind: "sysctl-disabled" });
        if (k.pathManager === "userspace") problems.push({ kind: "userspace-pm" });
        if (k.limits && k.limits.subflows === 0) {
            problems.push({ kind: "no-subflows" });
        } else if (k.limits) {
            const subflowEndpoints = snap.ip.endpoints.filter(e => e.flags.includes("subflow")).length;
            if (subflowEndpoints > k.limits.subflows)
                problems.push({ kind: "subflows-below-endpoints", subflows: k.limits.subflows, endpoints: subflowEndpoints });
        }
    }
    if (!snap.nm.running) problems.push({ kind: "nm-not-running", message: snap.nm.message });
    else if (!versionAtLeast(snap.nm.version, NM_MPTCP_MIN.major, NM_MPTCP_MIN.minor))
        problems.push({ kind: "nm-too-old", version: snap.nm.version });
    for (const message of k.errors) problems.push({ kind: "read-error", message });
    return problems;
}
