// Is this host ready for MPTCP? One verdict per setting that the guide can fix, with what is there now
// and what we recommend.

import { buildInterfaceRows } from "./interfaces";
import type { HostSnapshot } from "./types";

export type CheckId = "kernel" | "sysctl" | "path-manager" | "subflows" | "add-addr" | "rp-filter";

export interface Check {
    id: CheckId;
    ok: boolean;
    /** for rp-filter: the interfaces with strict filtering */
    interfaces?: string[];
    current: string;
    recommended: string;
}

/** The kernel's limits, as `ip mptcp limits set` accepts them */
export const LIMIT_MAX = 8;

/** net.ipv4.conf.{all,IFACE}.rp_filter */
export type RpFilterValues = Record<string, number>;

/** The kernel filters by the larger of the "all" and the interface's own value; 1 is strict. */
export const effectiveRpFilter = (rp: RpFilterValues, iface: string) => Math.max(rp.all ?? 0, rp[iface] ?? 0);

/** The rows as NetworkManager's rules make them with MPTCP switched on: "missing" is an endpoint it will add. */
const rowsWithMptcpOn = (snap: HostSnapshot) => buildInterfaceRows({ ...snap, kernel: { ...snap.kernel, enabled: true } });

/** Interfaces that carry, or will carry once MPTCP is on, IPv4 MPTCP endpoints (rp_filter is IPv4 only). */
export function endpointInterfaces(snap: HostSnapshot): string[] {
    return rowsWithMptcpOn(snap)
        .filter(r => r.addresses.some(a => a.family === 4 && (a.endpoint !== null || a.reason === "missing")))
        .map(r => r.name)
        .sort();
}

/**
 * Endpoints with the subflow flag: those the kernel has, and those NetworkManager will add once MPTCP is
 * switched on (a profile asks for subflow, and only the sysctl, or a pending apply, stands in the way).
 */
export function subflowEndpointCount(snap: HostSnapshot): number {
    return rowsWithMptcpOn(snap).flatMap(r => r.addresses.filter(a =>
        a.endpoint ? a.endpoint.flags.includes("subflow")
            : a.reason === "missing" && !!r.profileMptcp?.endpointFlags.includes("subflow"))).length;
}

export function recommendedLimits(snap: HostSnapshot): { subflows: number; addAddrAccepted: number } {
    const subflowEndpoints = subflowEndpointCount(snap);
    const current = snap.kernel.limits ?? { subflows: 0, addAddrAccepted: 0 };
    const clamp = (n: number) => Math.min(LIMIT_MAX, Math.max(0, n));
    return {
        subflows: clamp(Math.max(current.subflows, subflowEndpoints, 2)),
        addAddrAccepted: clamp(Math.max(current.addAddrAccepted, 2)),
    };
}

/** mptcpdRunning: whether a userspace path manager daemon runs (null: unknown). */
export function readiness(snap: HostSnapshot, rp: RpFilterValues, mptcpdRunning: boolean | null): Check[] {
    const k = snap.kernel;
    if (!k.mptcp) return [{ id: "kernel", ok: false, current: "no", recommended: "yes" }];
    const checks: Check[] = [{ id: "kernel", ok: true, current: "yes", recommended: "yes" }];
    checks.push({ id: "sysctl", ok: k.enabled === true, current: k.enabled === null ? "?" : k.enabled ? "1" : "0", recommended: "1" });
    checks.push({
        id: "path-manager",
        ok: k.pathManager !== "userspace" || mptcpdRunning === true,
        current: k.pathManager ?? "?",
        recommended: k.pathManager === "userspace" && mptcpdRunning ? "userspace" : "kernel",
    });
    const rec = recommendedLimits(snap);
    const subflowEndpoints = subflowEndpointCount(snap);
    if (k.limits) {
        checks.push({ id: "subflows", ok: k.limits.subflows > 0 && k.limits.subflows >= subflowEndpoints, current: String(k.limits.subflows), recommended: String(rec.subflows) });
        checks.push({ id: "add-addr", ok: k.limits.addAddrAccepted > 0, current: String(k.limits.addAddrAccepted), recommended: String(rec.addAddrAccepted) });
    }
    const strict = endpointInterfaces(snap).filter(n => effectiveRpFilter(rp, n) === 1);
    checks.push({ id: "rp-filter", ok: strict.length === 0, interfaces: strict, current: strict.length ? "1" : "ok", recommended: "2" });
    return checks;
}

export const isReady = (checks: Check[]) => checks.every(c => c.ok);
