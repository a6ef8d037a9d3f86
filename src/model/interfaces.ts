// The interface table's rows: one per interface that NetworkManager or the kernel knows, each address
// with the endpoint the kernel has for it or the reason it has none.

import { parseIPv6, type Family } from "./address";
import {
    allotEndpoints, deviceReason, endpointRank, nmTakesMptcp, noEndpointReason, ENDPOINT_MAX,
    type EligibilityContext, type EndpointAllotment, type NoEndpointReason,
} from "./eligibility";
import { decodeProfileFlags, type EndpointFlag, type ProfileMptcp } from "./flags";
import type { Endpoint, HostSnapshot, IpAddress, NmDevice, NmProfile } from "./types";

export interface AddressRow extends IpAddress {
    endpoint: Endpoint | null;
    /** set when there is no endpoint */
    reason: NoEndpointReason | null;
    /** endpoint flags differ from what the profile asks for */
    flagsDiffer: boolean;
}

export interface InterfaceRow {
    name: string;
    loopback: boolean;
    /** NetworkManager's view; null when NetworkManager does not know the interface */
    device: NmDevice | null;
    profile: NmProfile | null;
    profileMptcp: ProfileMptcp | null;
    /** exists in the kernel (false: NetworkManager knows it but the link is gone) */
    inKernel: boolean;
    /** the kernel's link type (`ip`'s link_type: "ether", "loopback", ...); null when the kernel does not say */
    linkType: string | null;
    addresses: AddressRow[];
}

/** Canonical text for comparing addresses that may be written differently. */
export function addressKey(address: string): string {
    if (!address.includes(":")) return address;
    const v6 = parseIPv6(address);
    return v6 ? v6.map(g => g.toString(16)).join(":") : address;
}

/** eth2 before eth10, as `ip` and nmcli users expect (an Intl.Collator is ten times slower here). */
export function compareNames(a: string, b: string): number {
    const pa = a.match(/\d+|\D+/g) ?? [];
    const pb = b.match(/\d+|\D+/g) ?? [];
    for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
        const [x, y] = [pa[i], pb[i]];
        if (x === y) continue;
        const numeric = /^\d/.test(x) && /^\d/.test(y);
        if (numeric && Number(x) !== Number(y)) return Number(x) - Number(y);
        return x < y ? -1 : 1;
    }
    return pa.length - pb.length;
}

const sameFlags = (a: EndpointFlag[], b: EndpointFlag[]) => a.length === b.length && a.every(f => b.includes(f));

/** What rows are made of: a snapshot's parts and the kernel's values they read, compared by identity. */
const partsOf = (snap: HostSnapshot) => [
    snap.nm, snap.ip, snap.ip.links, snap.ip.endpoints, snap.ip.defaultRoutes,
    snap.kernel.mptcp, snap.kernel.enabled, snap.kernel.endpointsUnknown,
] as const;

/**
 * `build` of a snapshot, made once per snapshot object. A snapshot is a value: the host makes a new one for
 * every change and never edits one; a part replaced in place (as tests do) still makes them anew.
 */
export function perSnapshot<T>(build: (snap: HostSnapshot) => T): (snap: HostSnapshot) => T {
    const made = new WeakMap<HostSnapshot, { parts: readonly unknown[]; value: T }>();
    return snap => {
        const parts = partsOf(snap);
        const hit = made.get(snap);
        if (hit && hit.parts.every((p, i) => p === parts[i])) return hit.value;
        const value = build(snap);
        made.set(snap, { parts, value });
        return value;
    };
}

/**
 * The snapshot's rows, built once per snapshot: the page, the first view, the readiness rules and the
 * verdicts share them.
 */
export const interfaceRows = perSnapshot(snap => buildInterfaceRows(snap));

/** The rows of a snapshot, built afresh (interfaceRows keeps them per snapshot). */
export function buildInterfaceRows(snap: HostSnapshot): InterfaceRow[] {
    const nm = snap.nm;
    const devices = nm.running ? nm.devices : [];
    const deviceByName = new Map(devices.map(d => [d.name, d]));
    const endpoints = new Map(snap.ip.endpoints.map(e => [addressKey(e.address), e]));
    const unknown = snap.kernel.endpointsUnknown === true;

    const rows: InterfaceRow[] = snap.ip.links.map(link => {
        const device = deviceByName.get(link.name) ?? null;
        const profile = device?.profile ?? null;
        const profileMptcp = profile ? decodeProfileFlags(profile.mptcpFlags) : null;
        const addresses = link.addresses.map((addr): AddressRow => {
            const endpoint = endpoints.get(addressKey(addr.address)) ?? null;
            const reason = endpoint
                ? null
                : noEndpointReason(addr, eligibilityContext(snap, link.name, device, addr.family))
                    ?? (unknown ? "unknown" : "missing");
            const flagsDiffer = !!endpoint && !!profileMptcp && !profileMptcp.disabled &&
                !sameFlags(endpoint.flags, profileMptcp.endpointFlags);
            return { ...addr, endpoint, reason, flagsDiffer };
        });
        const { name, loopback } = link;
        const linkType = link.linkType ?? null;
        return { name, loopback, device, profile, profileMptcp, inKernel: true, linkType, addresses };
    });
    const inKernel = new Set(snap.ip.links.map(l => l.name));
    for (const device of devices) {
        if (inKernel.has(device.name)) continue;
        const profileMptcp = device.profile ? decodeProfileFlags(device.profile.mptcpFlags) : null;
        const { name, profile } = device;
        rows.push({
            name, loopback: false, device, profile, profileMptcp, inKernel: false, linkType: null, addresses: [],
        });
    }
    // an address NetworkManager wants but the kernel's endpoints went to others: over the cap, not missing
    const missing = unknown
        ? []
        : rows.flatMap(row => row.addresses.filter(a => a.reason === "missing").map(a => ({ row, a })));
    if (missing.length) {
        const full = snap.ip.endpoints.length >= ENDPOINT_MAX;
        const of = full ? null : endpointAllotment(snap, rows, r => r.device).of;
        for (const { row, a } of missing) {
            if (!of || of.get(wantedKey(row.name, a.address)) === "no") a.reason = "endpoint-limit";
        }
    }
    // loopback last
    return rows.sort((a, b) => Number(a.loopback) - Number(b.loopback) || compareNames(a.name, b.name));
}

type DefaultRoutes = HostSnapshot["ip"]["defaultRoutes"];
const routeSets = new WeakMap<DefaultRoutes, { 4: Set<string>; 6: Set<string> }>();

/** Whether the interface has a unicast default route of the family (the sets made once per snapshot's list). */
export function hasDefaultRoute(routes: DefaultRoutes, name: string, family: Family): boolean {
    let sets = routeSets.get(routes);
    if (!sets) {
        sets = { 4: new Set(routes[4]), 6: new Set(routes[6]) };
        routeSets.set(routes, sets);
    }
    return sets[family].has(name);
}

/** What NetworkManager's rules look at for one interface and address family. */
export function eligibilityContext(
    snap: HostSnapshot, name: string, device: NmDevice | null, family: Family,
): EligibilityContext {
    const nm = snap.nm;
    return {
        kernelMptcp: snap.kernel.mptcp,
        sysctlEnabled: snap.kernel.enabled,
        nmRunning: nm.running,
        nmSupportsMptcp: nmTakesMptcp(nm),
        device,
        hasDefaultRoute: hasDefaultRoute(snap.ip.defaultRoutes, name, family),
    };
}

export const wantedKey = (name: string, address: string) => `${name} ${addressKey(address)}`;

/**
 * Which addresses get one of the kernel's ENDPOINT_MAX endpoints, with each interface's NetworkManager
 * device as `deviceOf` says (the one there now, or one with a changed profile): the addresses that
 * NetworkManager's rules want, ranked as it ranks them (see allotEndpoints), against the kernel's endpoints
 * that it does not manage. Keyed by wantedKey.
 */
export function endpointAllotment(
    snap: HostSnapshot, rows: InterfaceRow[], deviceOf: (row: InterfaceRow) => NmDevice | null,
): EndpointAllotment {
    const wanted: { key: string; rank: number }[] = [];
    const handled = new Set<string>();
    for (const row of rows) {
        const device = deviceOf(row);
        const ctx = {
            4: eligibilityContext(snap, row.name, device, 4),
            6: eligibilityContext(snap, row.name, device, 6),
        };
        if (deviceReason(ctx[4]) === null || deviceReason(ctx[6]) === null) handled.add(row.name);
        const index = { 4: 0, 6: 0 };
        for (const a of row.addresses) {
            const why = noEndpointReason(a, ctx[a.family]);
            if (why !== null && why !== "tentative") continue;
            wanted.push({ key: wantedKey(row.name, a.address), rank: endpointRank(index[a.family]++) });
        }
    }
    // endpoints NetworkManager leaves alone: with a port, without a device, or where it manages no MPTCP
    const foreign = snap.ip.endpoints.filter(e => e.port !== null || e.dev === null || !handled.has(e.dev)).length;
    return allotEndpoints(wanted, foreign);
}

/** Kernel endpoints whose address is on no interface (left over, or added by hand for an absent address). */
export function orphanEndpoints(snap: HostSnapshot): Endpoint[] {
    const present = new Set(snap.ip.links.flatMap(l => l.addresses.map(a => addressKey(a.address))));
    return snap.ip.endpoints.filter(e => !present.has(addressKey(e.address)));
}
