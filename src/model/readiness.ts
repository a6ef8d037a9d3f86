// What the setup guide needs to know about the host: the endpoints that depend on its settings, and the
// values we recommend. The verdicts themselves are in verdicts.ts.

import { buildInterfaceRows, interfaceRows, perSnapshot, type InterfaceRow } from "./interfaces";
import type { HostSnapshot } from "./types";

/** The kernel's limits, as `ip mptcp limits set` accepts them */
export const LIMIT_MAX = 8;

/** net.ipv4.conf.{all,IFACE}.rp_filter */
export type RpFilterValues = Record<string, number>;

/** The kernel filters by the larger of the "all" and the interface's own value; 1 is strict. */
export const effectiveRpFilter = (rp: RpFilterValues, iface: string) => Math.max(rp.all ?? 0, rp[iface] ?? 0);

/** Strict reverse path filtering (1) on the interface: it drops the subflows that arrive by another path. */
export const rpFilterStrict = (rp: RpFilterValues, iface: string) => effectiveRpFilter(rp, iface) === 1;

const onRows = perSnapshot(snap => buildInterfaceRows({ ...snap, kernel: { ...snap.kernel, enabled: true } }));

/**
 * The rows as NetworkManager's rules make them with MPTCP switched on: "missing" is an endpoint it will add.
 * Built once per snapshot; where MPTCP is on already, they are the snapshot's own rows.
 */
export const rowsWithMptcpOn = (snap: HostSnapshot): InterfaceRow[] =>
    (snap.kernel.enabled === true ? interfaceRows(snap) : onRows(snap));

/** Interfaces that carry, or will carry once MPTCP is on, IPv4 MPTCP endpoints (rp_filter is IPv4 only). */
export const endpointInterfaces = (snap: HostSnapshot): string[] => ipv4EndpointInterfaces(rowsWithMptcpOn(snap));

/** The same, of rows made by rowsWithMptcpOn. */
export function ipv4EndpointInterfaces(rows: InterfaceRow[]): string[] {
    return rows
        .filter(r => r.addresses.some(a => a.family === 4 && (a.endpoint !== null || a.reason === "missing")))
        .map(r => r.name)
        .sort();
}

/**
 * Endpoints with the subflow flag: those the kernel has, and those NetworkManager will add once MPTCP is
 * switched on (a profile asks for subflow, and only the sysctl, or a pending apply, stands in the way).
 */
export const subflowEndpointCount = (snap: HostSnapshot): number => subflowEndpoints(rowsWithMptcpOn(snap));

/** The subflow endpoints of these rows (made by rowsWithMptcpOn): those there, and those NetworkManager will add. */
export function subflowEndpoints(rows: InterfaceRow[]): number {
    return rows.flatMap(r => r.addresses.filter(a =>
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
