// NetworkManager's connection.mptcp-flags (NMMptcpFlags) and the kernel's endpoint flags.

export const MptcpFlag = {
    disabled: 0x1,
    enabled: 0x2,
    alsoWithoutSysctl: 0x4,
    alsoWithoutDefaultRoute: 0x8,
    signal: 0x10,
    subflow: 0x20,
    backup: 0x40,
    fullmesh: 0x80,
} as const;

export type MptcpFlagName = keyof typeof MptcpFlag;

/** The address flags an endpoint can carry (nmstate's `address-flags`, ip-mptcp's endpoint flags). */
export const ENDPOINT_FLAGS = ["signal", "subflow", "backup", "fullmesh"] as const;
export type EndpointFlag = (typeof ENDPOINT_FLAGS)[number];

const ALL_KNOWN = Object.values(MptcpFlag).reduce((a, b) => a | b, 0);

/** NetworkManager's fallback when a profile says 0 and NetworkManager.conf sets no default. */
export const NM_DEFAULT_FLAGS = MptcpFlag.enabled | MptcpFlag.subflow;

/** How a profile's connection.mptcp-flags value is meant, in NetworkManager's terms. */
export interface ProfileMptcp {
    /** 0: the profile does not say; NetworkManager's global default applies. */
    systemDefault: boolean;
    disabled: boolean;
    /** Address flags NetworkManager puts on each eligible endpoint. */
    endpointFlags: EndpointFlag[];
    alsoWithoutSysctl: boolean;
    alsoWithoutDefaultRoute: boolean;
    /** Bits this code does not know (a newer NetworkManager); kept, never dropped. */
    unknownBits: number;
}

export function decodeProfileFlags(raw: number): ProfileMptcp {
    const systemDefault = raw === 0;
    const value = systemDefault ? NM_DEFAULT_FLAGS : raw;
    return {
        systemDefault,
        disabled: (value & MptcpFlag.disabled) !== 0,
        endpointFlags: ENDPOINT_FLAGS.filter(f => (value & MptcpFlag[f]) !== 0),
        alsoWithoutSysctl: (value & MptcpFlag.alsoWithoutSysctl) !== 0,
        alsoWithoutDefaultRoute: (value & MptcpFlag.alsoWithoutDefaultRoute) !== 0,
        unknownBits: raw & ~ALL_KNOWN,
    };
}

/** The flag names set in a raw value, as nmcli prints them ("signal,subflow"). */
export function flagNames(raw: number): MptcpFlagName[] {
    return (Object.keys(MptcpFlag) as MptcpFlagName[]).filter(name => (raw & MptcpFlag[name]) !== 0);
}

/** Endpoint flags in their canonical order, whatever order they came in. */
export function sortEndpointFlags(flags: Iterable<string>): EndpointFlag[] {
    const set = new Set(flags);
    return ENDPOINT_FLAGS.filter(f => set.has(f));
}

/** A raw value in nmcli's words ("also-without-sysctl,subflow"). */
export function nmcliFlags(raw: number): string {
    return flagNames(raw).map(n => n.replace(/[A-Z]/g, c => "-" + c.toLowerCase())).join(",");
}
