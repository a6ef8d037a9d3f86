// nmstate's query shape for MPTCP (interfaces[].mptcp.address-flags and per-address mptcp-flags), so that
// what the page shows can be pasted into nmstatectl on another host.

import { decodeProfileFlags, type EndpointFlag } from "./flags";
import type { Family } from "./address";
import type { InterfaceRow } from "./interfaces";
import { NM_DEVICE_ACTIVATED } from "./types";

// The yaml package is most of the model's weight and only export and the preview need it: it loads with them.
let yamlLib: typeof import("yaml") | null = null;

/** Loads the yaml package; nmstateYaml, exportYaml and misreadAsPlain need it loaded first. */
export async function loadYaml(): Promise<void> {
    yamlLib ??= await import("yaml");
}

function yaml(): typeof import("yaml") {
    if (!yamlLib) throw new Error("the yaml package is not loaded (await loadYaml() first)");
    return yamlLib;
}

const NMSTATE_TYPES: Record<number, string> = {
    1: "ethernet", 2: "wifi", 10: "bond", 11: "vlan", 13: "linux-bridge", 15: "team", 16: "tun", 18: "mac-vlan",
    19: "vxlan", 20: "veth", 21: "macsec", 22: "dummy", 24: "ovs-interface", 29: "wireguard", 31: "vrf", 32: "loopback",
};

export interface NmstateAddress {
    ip: string;
    "prefix-length": number;
    "mptcp-flags"?: EndpointFlag[];
}

export interface NmstateInterface {
    name: string;
    type: string;
    state: "up" | "down" | "ignore";
    mptcp?: { "address-flags": EndpointFlag[] };
    ipv4?: { enabled: boolean; address: NmstateAddress[] };
    ipv6?: { enabled: boolean; address: NmstateAddress[] };
}

/** Per-address flags to show: the kernel's now, or a prediction; null means no endpoint. */
export type AddressFlags = (address: string) => EndpointFlag[] | null;

/**
 * One interface in nmstate's query shape. The profile's raw flags give `mptcp.address-flags` (nmstate
 * leaves the section out when the profile does not set MPTCP, and writes an empty list for disabled).
 */
export function nmstateInterface(row: InterfaceRow, profileRaw: number | null, flagsOf: AddressFlags): NmstateInterface {
    const iface: NmstateInterface = {
        name: row.name,
        type: row.loopback ? "loopback" : NMSTATE_TYPES[row.device?.type ?? -1] ?? "unknown",
        state: !row.device?.managed ? "ignore" : row.device.state === NM_DEVICE_ACTIVATED ? "up" : "down",
    };
    if (profileRaw !== null && profileRaw !== 0) {
        const d = decodeProfileFlags(profileRaw);
        iface.mptcp = { "address-flags": d.disabled ? [] : d.endpointFlags };
    }
    const family = (f: Family) => {
        const address = row.addresses.filter(a => a.family === f).map(a => {
            const entry: NmstateAddress = { ip: a.address, "prefix-length": a.prefix };
            const flags = flagsOf(a.address);
            if (flags) entry["mptcp-flags"] = flags;
            return entry;
        });
        return { enabled: address.length > 0, address };
    };
    iface.ipv4 = family(4);
    iface.ipv6 = family(6);
    return iface;
}

/** The kernel's flags for each address of the row, as the table shows them. */
export const kernelFlags = (row: InterfaceRow): AddressFlags => address =>
    row.addresses.find(a => a.address === address)?.endpoint?.flags ?? null;

/** How a plain scalar reads in YAML 1.1 and 1.2; undefined when it is not a valid document on its own. */
function readPlain(text: string, version: "1.1" | "1.2"): unknown {
    try {
        return yaml().parse(text, { version, uniqueKeys: false, logLevel: "error" });
    } catch {
        return undefined;
    }
}

/**
 * A string that some YAML reader would take for something else when written plain: YAML 1.1 (PyYAML, older
 * nmstate) reads `on`, `y`, `1_0`, `012`, `1:20` or `2001-01-01` as booleans, numbers and dates, YAML 1.2
 * (nmstate 2) reads `0o7` as a number, and PyYAML refuses `=` and `<<` (1.1's value and merge keys).
 */
export function misreadAsPlain(text: string): boolean {
    if (text === "=" || text === "<<") return true;
    return readPlain(text, "1.1") !== text || readPlain(text, "1.2") !== text;
}

export function nmstateYaml(interfaces: NmstateInterface[]): string {
    // shared flag lists must be written out each time, not as YAML anchors and aliases
    const { Document, isScalar, visit } = yaml();
    const doc = new Document({ interfaces }, { aliasDuplicateObjects: false });
    // The yaml package quotes what YAML 1.2 would misread; YAML 1.1 readers need more quoted.
    const misread = new Map<string, boolean>();
    visit(doc, {
        Scalar(_key, node) {
            if (!isScalar(node) || typeof node.value !== "string") return;
            const text = node.value;
            if (!misread.has(text)) misread.set(text, misreadAsPlain(text));
            if (misread.get(text)) node.type = "QUOTE_DOUBLE";
        },
    });
    return doc.toString({ lineWidth: 0 });
}

/** The current state of the given rows, as nmstate's query would print it. */
export function exportYaml(rows: InterfaceRow[]): string {
    return nmstateYaml(rows.map(r => nmstateInterface(r, r.profile?.mptcpFlags ?? null, kernelFlags(r))));
}
