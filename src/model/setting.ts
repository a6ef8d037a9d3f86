// What the editor edits: one interface's MPTCP setting as nmstate models it (the same address flags for
// every address), and its encoding as NetworkManager's connection.mptcp-flags.

import { MptcpFlag, decodeProfileFlags, type EndpointFlag } from "./flags";

export type MptcpMode = "default" | "disabled" | "enabled";

export interface MptcpSetting {
    mode: MptcpMode;
    /** only with mode "enabled" */
    flags: EndpointFlag[];
    alsoWithoutSysctl: boolean;
    alsoWithoutDefaultRoute: boolean;
}

export type SettingProblem = "signal-fullmesh";

export function settingFromRaw(raw: number): MptcpSetting {
    const d = decodeProfileFlags(raw);
    if (d.systemDefault)
        return { mode: "default", flags: [], alsoWithoutSysctl: false, alsoWithoutDefaultRoute: false };
    if (d.disabled) return { mode: "disabled", flags: [], alsoWithoutSysctl: false, alsoWithoutDefaultRoute: false };
    const { alsoWithoutSysctl, alsoWithoutDefaultRoute } = d;
    return { mode: "enabled", flags: d.endpointFlags, alsoWithoutSysctl, alsoWithoutDefaultRoute };
}

/**
 * The raw value for a setting. Written as nmcli writes it ("enabled" only when no address flag implies
 * it), and keeping bits of the old value that this code does not know.
 */
export function settingToRaw(s: MptcpSetting, oldRaw = 0): number {
    if (s.mode === "default") return 0;
    if (s.mode === "disabled") return MptcpFlag.disabled;
    let raw = s.flags.reduce((acc, f) => acc | MptcpFlag[f], 0);
    if (s.alsoWithoutSysctl) raw |= MptcpFlag.alsoWithoutSysctl;
    if (s.alsoWithoutDefaultRoute) raw |= MptcpFlag.alsoWithoutDefaultRoute;
    // without an address flag nothing would imply "enabled": say it
    if (s.flags.length === 0) raw |= MptcpFlag.enabled;
    return raw | decodeProfileFlags(oldRaw).unknownBits;
}

/** Combinations the kernel refuses: an endpoint cannot both announce itself (signal) and mesh (fullmesh). */
export function settingProblems(s: MptcpSetting): SettingProblem[] {
    if (s.mode !== "enabled") return [];
    return s.flags.includes("signal") && s.flags.includes("fullmesh") ? ["signal-fullmesh"] : [];
}

export function sameSetting(a: MptcpSetting, b: MptcpSetting): boolean {
    return settingToRaw(a) === settingToRaw(b);
}

