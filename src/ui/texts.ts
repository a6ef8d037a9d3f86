// The words the page uses for model values. Every string goes through gettext.

import type { NoEndpointReason } from "../model/eligibility";
import type { Family } from "../model/address";
import type { ProfileMptcp } from "../model/flags";
import type { InterfaceRow } from "../model/interfaces";
import { mptcpEnabledValue, type HostSnapshot } from "../model/types";
import { _, format } from "../i18n";

// NMDeviceType
const DEVICE_TYPES: Record<number, () => string> = {
    1: () => _("Ethernet"),
    2: () => _("Wi-Fi"),
    5: () => _("Bluetooth"),
    8: () => _("Modem"),
    10: () => _("Bond"),
    11: () => _("VLAN"),
    13: () => _("Bridge"),
    14: () => _("Generic"),
    15: () => _("Team"),
    16: () => _("TUN/TAP"),
    17: () => _("IP tunnel"),
    18: () => _("MACVLAN"),
    19: () => _("VXLAN"),
    20: () => _("veth"),
    21: () => _("MACsec"),
    22: () => _("Dummy"),
    23: () => _("PPP"),
    24: () => _("OVS interface"),
    25: () => _("OVS port"),
    26: () => _("OVS bridge"),
    29: () => _("WireGuard"),
    31: () => _("VRF"),
    32: () => _("Loopback"),
};

// the kernel's link types as `ip` names them (iproute2's ll_types.c); the rest are shown by that name
const LINK_TYPES: Record<string, () => string> = {
    ether: () => _("Ethernet"),
    loopback: () => _("Loopback"),
    // tun, WireGuard: IP packets without a link-layer header
    none: () => _("No link-layer header"),
    ppp: () => _("PPP"),
    infiniband: () => _("InfiniBand"),
    ipip: () => _("IP tunnel"),
    tunnel6: () => _("IP tunnel"),
    sit: () => _("IP tunnel"),
    gre: () => _("IP tunnel"),
    gre6: () => _("IP tunnel"),
    "ieee802.11": () => _("Wi-Fi"),
};

/** The kernel's link type of an interface, in words. */
export const linkTypeText = (linkType: string): string =>
    Object.hasOwn(LINK_TYPES, linkType) ? LINK_TYPES[linkType]() : format(_("Kernel link type $0"), linkType);

/**
 * NetworkManager's device type; the kernel's link type when NetworkManager does not know the device (or is
 * stopped).
 */
export const deviceTypeText = (type: number | null, linkType: string | null = null): string =>
    type !== null ? DEVICE_TYPES[type]?.() ?? _("Other")
        : linkType !== null ? linkTypeText(linkType) : _("Not known to NetworkManager");

// NMDeviceState
export function deviceStateText(state: number): string {
    if (state >= 120) return _("Failed");
    if (state >= 110) return _("Deactivating");
    if (state >= 100) return _("Connected");
    if (state >= 40) return _("Connecting");
    if (state >= 30) return _("Disconnected");
    if (state >= 20) return _("Unavailable");
    if (state >= 10) return _("Unmanaged");
    return _("Unknown");
}

export function profileFlagsText(p: ProfileMptcp): string {
    if (p.systemDefault) return format(_("Not set: system default ($0)"), p.endpointFlags.join(", "));
    if (p.disabled) return _("Disabled");
    const parts: string[] = p.endpointFlags.length ? [...p.endpointFlags] : [_("enabled, no address flags")];
    if (p.alsoWithoutSysctl) parts.push(_("also without sysctl"));
    if (p.alsoWithoutDefaultRoute) parts.push(_("also without default route"));
    return parts.join(", ");
}

export function reasonText(reason: NoEndpointReason, family: Family): string {
    switch (reason) {
    case "no-kernel-mptcp": return _("The kernel has no MPTCP support");
    case "loopback": return _("Loopback address: never an endpoint");
    case "link-local": return _("Link-local address: never an endpoint");
    case "multicast": return _("Multicast address: never an endpoint");
    case "unique-local": return _("IPv6 unique-local address (fc00::/7): never an endpoint");
    case "temporary": return _("IPv6 temporary (privacy) address: never an endpoint");
    case "nm-not-running": return _("NetworkManager is not running");
    case "nm-too-old": return _("NetworkManager is older than 1.40");
    case "unmanaged": return _("Device not managed by NetworkManager");
    case "no-profile": return _("No active NetworkManager profile");
    case "external": return _("Configured outside NetworkManager");
    case "profile-disabled": return _("MPTCP is disabled in the profile");
    case "sysctl-disabled": return _("net.mptcp.enabled is 0");
    case "no-default-route":
        return family === 4
            ? _("No IPv4 default route on this device")
            : _("No IPv6 default route on this device");
    case "tentative": return _("Duplicate address detection in progress");
    case "endpoint-limit": return _("Over the kernel's limit of 8 MPTCP endpoints");
    case "unknown": return _("Not known: the kernel's endpoints could not be read");
    case "missing": return _("Expected an endpoint, but the kernel has none");
    }
}

/** The interface table's column titles: the same in the first view and in the table it makes way for. */
export const interfaceColumns = () => ({
    name: _("Interface"),
    type: _("Type"),
    state: _("State"),
    profile: _("Profile"),
    flags: _("Configured MPTCP flags"),
    addresses: _("Addresses and kernel endpoints"),
});
export type InterfaceColumns = ReturnType<typeof interfaceColumns>;

/** An interface's type as the table shows it: NetworkManager's, else the kernel's. */
export const rowTypeText = (row: InterfaceRow): string =>
    deviceTypeText(row.device ? row.device.type : null, row.linkType);

/** An interface's NetworkManager state; "" when NetworkManager does not know it. */
export const rowStateText = (row: InterfaceRow): string => (row.device ? deviceStateText(row.device.state) : "");

/** The path manager in words; null when not known. */
function pathManagerText(pm: HostSnapshot["kernel"]["pathManager"]): string | null {
    if (pm === "kernel") return _("In-kernel");
    return pm === "userspace" ? _("Userspace") : null;
}

/** The host's MPTCP status as terms and values: the status header's, and the first view's. */
export function statusItems(snapshot: HostSnapshot): [term: string, value: string][] {
    const k = snapshot.kernel;
    const nm = snapshot.nm;
    const unknown = _("Unknown");
    return [
        [_("Kernel support"), k.mptcp ? _("Yes") : _("No")],
        ["net.mptcp.enabled", mptcpEnabledValue(k.enabled) ?? unknown],
        [_("Path manager"), pathManagerText(k.pathManager) ?? unknown],
        [_("Subflow limit"), k.limits ? String(k.limits.subflows) : unknown],
        [_("Accepted address limit"), k.limits ? String(k.limits.addAddrAccepted) : unknown],
        [_("NetworkManager"), nm.running ? format(_("Version $0"), nm.version) : _("Not running")],
    ];
}
