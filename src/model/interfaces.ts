// The interface table's rows: one per interface that NetworkManager or the kernel knows, each address
// with the endpoint the kernel has for it or the reason it has none.

import { parseIPv6 } from "./address";
import { noEndpointReason, versionAtLeast, NM_MPTCP_MIN, type NoEndpointReason } from "./eligibility";
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

export function buildInterfaceRows(snap: HostSnapshot): InterfaceRow[] {
    const nm = snap.nm;
    const devices = nm.running ? nm.devices : [];
    const nmSupportsMptcp = nm.running && versionAtLeast(nm.version, NM_MPTCP_MIN.major, NM_MPTCP_MIN.minor);
    const deviceByName = new Map(devices.map(d => [d.name, d]));
    const endpoints = new Map(snap.ip.endpoints.map(e => [addressKey(e.address), e]));
    const routes = { 4: new Set(snap.ip.defaultRoutes[4]), 6: new Set(snap.ip.defaultRoutes[6]) };

    const rows: InterfaceRow[] = snap.ip.links.map(link => {
        const device = deviceByName.get(link.name) ?? null;
        const profile = device?.profile ?? null;
        const profileMptcp = profile ? decodeProfileFlags(profile.mptcpFlags) : null;
        const addresses = link.addresses.map((addr): AddressRow => {
            const endpoint = endpoints.get(addressKey(addr.address)) ?? null;
            const reason = endpoint
                ? null
                : noEndpointReason(addr, {
                    kernelMptcp: snap.kernel.mptcp,
                    sysctlEnabled: snap.kernel.enabled,
                    nmRunning: nm.running,
                    nmSupportsMptcp,
                    device,
                    hasDefaultRoute: routes[addr.family].has(link.name),
                }) ?? "missing";
            const flagsDiffer = !!endpoint && !!profileMptcp && !profileMptcp.disabled &&
                !sameFlags(endpoint.flags, profileMptcp.endpointFlags);
            return { ...addr, endpoint, reason, flagsDiffer };
        });
        return { name: link.name, loopback: link.loopback, device, profile, profileMptcp, inKernel: true, addresses };
    });
    const inKernel = new Set(snap.ip.links.map(l => l.name));
    for (const device of devices) {
        if (inKernel.has(device.name)) continue;
        const profileMptcp = device.profile ? decodeProfileFlags(device.profile.mptcpFlags) : null;
        rows.push({ name: device.name, loopback: false, device, profile: device.profile, profileMptcp, inKernel: false, addresses: [] });
    }
    // loopback last
    return rows.sort((a, b) => Number(a.loopback) - Number(b.loopback) || compareNames(a.name, b.name));
}

/** Kernel endpoints whose address is on no interface (left over, or added by hand for an absent address). */
export function orphanEndpoints(snap: HostSnapshot): Endpoint[] {
    const present = new Set(snap.ip.links.flatMap(l => l.addresses.map(a => addressKey(a.address))));
    return snap.ip.endpoints.filter(e => !present.has(addressKey(e.address)));
}
