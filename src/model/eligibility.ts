// Why an address has no MPTCP endpoint: NetworkManager's own rules (libnm-core's mptcp-flags docs and
// nm-l3cfg), plus what keeps NetworkManager from acting at all.

import { classifyAddress } from "./address";
import { decodeProfileFlags } from "./flags";
import { NM_DEVICE_ACTIVATED, type IpAddress, type NmDevice } from "./types";

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
    /** every rule says it should have one, but the kernel has none (not applied yet, or removed by hand) */
    | "missing";

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
    if (!ctx.nmRunning) return "nm-not-running";
    if (!ctx.nmSupportsMptcp) return "nm-too-old";
    const dev = ctx.device;
    if (!dev || !dev.managed) return dev ? "unmanaged" : "no-profile";
    if (!dev.profile || dev.state !== NM_DEVICE_ACTIVATED) return "no-profile";
    if (dev.profile.external) return "external";
    const flags = decodeProfileFlags(dev.profile.mptcpFlags);
    if (flags.disabled) return "profile-disabled";
    if (ctx.sysctlEnabled === false && !flags.alsoWithoutSysctl) return "sysctl-disabled";
    if (!ctx.hasDefaultRoute && !flags.alsoWithoutDefaultRoute) return "no-default-route";
    if (addr.tentative) return "tentative";
    return null;
}

/** Whether a NetworkManager version string is at least major.minor. */
export function versionAtLeast(version: string, major: number, minor: number): boolean {
    const m = /^(\d+)\.(\d+)/.exec(version);
    if (!m) return false;
    const [maj, min] = [Number(m[1]), Number(m[2])];
    return maj > major || (maj === major && min >= minor);
}

export const NM_MPTCP_MIN = { major: 1, minor: 40 } as const;
