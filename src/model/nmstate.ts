// nmstate's two shapes for MPTCP. The desired state, to apply on other hosts: per interface only its name,
// type, state and interfaces[].mptcp.address-flags (an empty list is disabled). The query's shape, a report
// of this host (addresses with their per-address mptcp-flags), never to be applied: nmstate would make the
// other host's addresses static copies of these, and switch off a family with no address here.

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

/** The yaml package, once loadYaml() has loaded it. */
export function yamlLibrary(): typeof import("yaml") {
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

/** nmstate's type of an interface, where it has one for NetworkManager's device type; null when not known. */
export function nmstateType(row: InterfaceRow): string | null {
    if (row.loopback) return "loopback";
    return NMSTATE_TYPES[row.device?.type ?? -1] ?? null;
}

/** Per-address flags to show: the kernel's now, or a prediction; null means no endpoint. */
export type AddressFlags = (address: string) => EndpointFlag[] | null;

/**
 * One interface in nmstate's query shape. The profile's raw flags give `mptcp.address-flags` (nmstate
 * leaves the section out when the profile does not set MPTCP, and writes an empty list for disabled).
 */
export function nmstateInterface(
    row: InterfaceRow, profileRaw: number | null, flagsOf: AddressFlags,
): NmstateInterface {
    const iface: NmstateInterface = {
        name: row.name,
        type: nmstateType(row) ?? "unknown",
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
        return yamlLibrary().parse(text, { version, uniqueKeys: false, logLevel: "error" });
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

export function nmstateYaml(interfaces: (NmstateInterface | NmstateDesiredInterface)[]): string {
    // shared flag lists must be written out each time, not as YAML anchors and aliases
    const { Document, isScalar, visit } = yamlLibrary();
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

/** The current state of the given rows, as nmstate's query would print it: a report, not to be applied. */
export function exportYaml(rows: InterfaceRow[]): string {
    return nmstateYaml(rows.map(r => nmstateInterface(r, r.profile?.mptcpFlags ?? null, kernelFlags(r))));
}

/** A desired state's interface: what nmstate changes for MPTCP on another host, and nothing else. */
export interface NmstateDesiredInterface {
    name: string;
    type?: string;
    state: "up";
    mptcp: { "address-flags": EndpointFlag[] };
}

/** Why an interface is not in a desired state, or where nmstate on the target acts differently from this host. */
export type ExportNote =
    | {
        kind: "left-out"; name: string;
        why: "no-profile" | "unmanaged" | "external" | "not-active" | "system-default" | "loopback";
    }
    /** the profile enables MPTCP with no address flags: nmstate writes that as [], which it reads as disabled */
    | { kind: "enabled-without-flags"; name: string }
    /** nmstate puts also-without-default-route on every non-empty list; this profile does not have it */
    | { kind: "adds-without-default-route"; name: string }
    /** also-without-sysctl has no nmstate form: the target's net.mptcp.enabled decides */
    | { kind: "drops-without-sysctl"; name: string };

export interface DesiredExport {
    interfaces: NmstateDesiredInterface[];
    notes: ExportNote[];
}

type LeftOutWhy = Extract<ExportNote, { kind: "left-out" }>["why"];

/** Why the desired state leaves an interface out, or null when it carries it. */
function leftOutWhy(row: InterfaceRow): LeftOutWhy | null {
    if (row.loopback) return "loopback";
    if (!row.device?.managed) return "unmanaged";
    if (!row.profile) return "no-profile";
    if (row.profile.external) return "external";
    if (row.device.state !== NM_DEVICE_ACTIVATED) return "not-active";
    if (decodeProfileFlags(row.profile.mptcpFlags).systemDefault) return "system-default";
    return null;
}

/**
 * The rows' MPTCP settings as a desired state for other hosts. Only active profiles that NetworkManager
 * manages and did not generate, and that say something about MPTCP: the rest is listed with the reason.
 */
export function desiredState(rows: InterfaceRow[]): DesiredExport {
    const interfaces: NmstateDesiredInterface[] = [];
    const notes: ExportNote[] = [];
    for (const row of rows) {
        const why = leftOutWhy(row);
        if (why !== null || !row.profile) {
            notes.push({ kind: "left-out", name: row.name, why: why ?? "no-profile" });
            continue;
        }
        const p = decodeProfileFlags(row.profile.mptcpFlags);
        const flags = p.disabled ? [] : p.endpointFlags;
        if (!p.disabled && flags.length === 0) notes.push({ kind: "enabled-without-flags", name: row.name });
        if (flags.length > 0 && !p.alsoWithoutDefaultRoute)
            notes.push({ kind: "adds-without-default-route", name: row.name });
        if (!p.disabled && p.alsoWithoutSysctl) notes.push({ kind: "drops-without-sysctl", name: row.name });
        const type = nmstateType(row);
        interfaces.push({ name: row.name, ...(type ? { type } : {}), state: "up", mptcp: { "address-flags": flags } });
    }
    return { interfaces, notes };
}

/** The rows' MPTCP settings as nmstate YAML to apply on other hosts (see desiredState). */
export const desiredYaml = (d: DesiredExport): string => nmstateYaml(d.interfaces);
