// Why an address has no MPTCP endpoint: NetworkManager's own rules (libnm-core's mptcp-flags docs and
// nm-l3cfg), plus what keeps NetworkManager from acting at all, and the kernel's cap on endpoints.

import { classifyAddress } from "./address";
import { decodeProfileFlags } from "./flags";
import { NM_DEVICE_ACTIVATED, type IpAddress, type NmDevice, type NmState } from "./types";

export type NoEndpointReason =
    | "no-kernel-mptcp"
    | "loopback"
    | "link-local"
    | "multicast"
    | "unique-local"
    | "temporary"
    | "nm-not-running"
    | "nm-too-old"
    | "unmanaged"
    | "no-profile"
    | "external"
    | "profile-disabled"
    | "sysctl-disabled"
    | "no-default-route"
    | "tentative"
    /** NetworkManager wants one, but the kernel's ENDPOINT_MAX endpoints went to other addresses */
    | "endpoint-limit"
    /** NetworkManager wants one, but the kernel's endpoints could not be read: whether it has one is not known */
    | "unknown"
    /** every rule says it should have one, but the kernel has none (not applied yet, or removed by hand) */
    | "missing";

/** Why NetworkManager cannot act on a device's MPTCP setting. */
export type NmDeviceRefusal = "unmanaged" | "no-profile" | "external";

/**
 * Whether NetworkManager can act on this device's MPTCP setting: it manages the device, runs a profile on it
 * (activated), and did not generate that profile for a device configured outside it. Null when it can.
 */
export function nmDeviceRefusal(dev: NmDevice): NmDeviceRefusal | null {
    if (!dev.managed) return "unmanaged";
    if (!dev.profile || dev.state !== NM_DEVICE_ACTIVATED) return "no-profile";
    if (dev.profile.external) return "external";
    return null;
}

export interface EligibilityContext {
    kernelMptcp: boolean;
    /** net.mptcp.enabled; null when unknown (treated as on: we do not invent a reason) */
    sysctlEnabled: boolean | null;
    nmRunning: boolean;
    nmSupportsMptcp: boolean;
    /** null: NetworkManager does not know the interface */
    device: NmDevice | null;
    /** this interface has a unicast default route in the main table for the address's family */
    hasDefaultRoute: boolean;
}

/** The reason an address gets no endpoint, in the order an admin would have to fix them; null if it should have one. */
export function noEndpointReason(addr: IpAddress, ctx: EligibilityContext): NoEndpointReason | null {
    if (!ctx.kernelMptcp) return "no-kernel-mptcp";
    const cls = classifyAddress(addr.address);
    if (cls && cls !== "global") return cls;
    if (addr.temporary) return "temporary";
    const why = deviceReason(ctx);
    if (why) return why;
    if (addr.tentative) return "tentative";
    return null;
}

/**
 * Why NetworkManager configures no endpoints of one family on a device at all; null when it does (it then
 * manages the device's endpoints: a reapply removes any it does not want there).
 */
export function deviceReason(ctx: EligibilityContext): NoEndpointReason | null {
    if (!ctx.kernelMptcp) return "no-kernel-mptcp";
    if (!ctx.nmRunning) return "nm-not-running";
    if (!ctx.nmSupportsMptcp) return "nm-too-old";
    const dev = ctx.device;
    if (!dev) return "no-profile";
    const why = nmDeviceRefusal(dev);
    if (why || !dev.profile) return why ?? "no-profile";
    const flags = decodeProfileFlags(dev.profile.mptcpFlags);
    if (flags.disabled) return "profile-disabled";
    if (ctx.sysctlEnabled === false && !flags.alsoWithoutSysctl) return "sysctl-disabled";
    if (!ctx.hasDefaultRoute && !flags.alsoWithoutDefaultRoute) return "no-default-route";
    return null;
}

/** The kernel keeps at most this many MPTCP endpoints (MPTCP_PM_ADDR_MAX); NetworkManager asks for no more. */
export const ENDPOINT_MAX = 8;

/**
 * NetworkManager's preference for an address that it wants as an endpoint (nm-l3cfg): the index among the
 * device's eligible addresses of that family, in the device's order, so the first address of every device
 * comes before any second one. Its priorities run from 99 down to 10: from the 90th address on, all are alike.
 * The device's order is the profile's, which is also the order `ip address` lists them in (checked in the
 * lab with NetworkManager 1.42, for IPv4 and IPv6).
 */
export const endpointRank = (index: number) => Math.min(index, 89);

/** Whether an address gets one of the kernel's endpoints: surely, surely not, or one of `slots` among equals. */
export type Allotment = "yes" | "maybe" | "no";

export interface EndpointAllotment {
    of: Map<string, Allotment>;
    /** how many of the "maybe" addresses get an endpoint */
    maybeSlots: number;
    /** endpoints NetworkManager can fill: ENDPOINT_MAX less those it does not manage */
    capacity: number;
}

/**
 * Which of the addresses NetworkManager wants get an endpoint (nmp-global-tracker's sync): it sorts them by
 * rank and keeps the first ENDPOINT_MAX. Among equal ranks it keeps the order in which it first tracked
 * them, which depends on the history of activations and changes that the page cannot see: so where the
 * endpoints run out inside one rank, each address of that rank is "maybe". Endpoints that NetworkManager
 * does not manage (added by hand with a port, or on a device where NetworkManager configures no MPTCP)
 * stay and take their places first; then NetworkManager's additions beyond the kernel's cap fail, and which
 * ones depends on what was there before: every address it asks for is then "maybe".
 */
export function allotEndpoints(wanted: { key: string; rank: number }[], foreign: number): EndpointAllotment {
    const capacity = Math.max(0, ENDPOINT_MAX - foreign);
    const of = new Map<string, Allotment>();
    if (wanted.length <= capacity) {
        for (const w of wanted) of.set(w.key, "yes");
        return { of, maybeSlots: 0, capacity };
    }
    const ranks = [...new Set(wanted.map(w => w.rank))].sort((a, b) => a - b);
    // NetworkManager's own cut: the first ENDPOINT_MAX by rank
    let left = ENDPOINT_MAX;
    let maybeSlots = 0;
    for (const rank of ranks) {
        const tier = wanted.filter(w => w.rank === rank);
        const allot: Allotment = left === 0 ? "no" : foreign > 0 || tier.length > left ? "maybe" : "yes";
        if (allot === "maybe") maybeSlots += Math.min(left, tier.length);
        for (const w of tier) of.set(w.key, allot);
        left = Math.max(0, left - tier.length);
    }
    // with foreign endpoints, only `capacity` of NetworkManager's list fit
    if (foreign > 0) maybeSlots = capacity;
    return { of, maybeSlots, capacity };
}

/** Whether a NetworkManager version string is at least major.minor. */
export function versionAtLeast(version: string, major: number, minor: number): boolean {
    const m = /^(\d+)\.(\d+)/.exec(version);
    if (!m) return false;
    const [maj, min] = [Number(m[1]), Number(m[2])];
    return maj > major || (maj === major && min >= minor);
}

export const NM_MPTCP_MIN = { major: 1, minor: 40 } as const;

/** This NetworkManager version knows MPTCP flags in profiles (1.40). */
export const nmVersionSupportsMptcp = (version: string): boolean =>
    versionAtLeast(version, NM_MPTCP_MIN.major, NM_MPTCP_MIN.minor);

/** NetworkManager runs and is new enough to set MPTCP flags. */
export const nmTakesMptcp = (nm: NmState): boolean => nm.running && nmVersionSupportsMptcp(nm.version);
