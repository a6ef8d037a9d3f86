// The guide's change: runtime values and the files that persist them, computed before anything is
// written, so that the review shows exactly what will happen and undo knows what was there before.

import { validInterfaceName } from "./address";
import { LIMIT_MAX, effectiveRpFilter, rowsWithMptcpOn, type RpFilterValues } from "./readiness";
import {
    OUR_SYSCTL_FILE, findOverrides, interfaceKey, interfaceKeyProblem, keyInterface, parseSysctlConf, parseWas,
    updateSysctlConf, type Override, type SysctlFile,
} from "./sysctl-conf";
import { MptcpFlag, NM_DEFAULT_FLAGS, nmcliFlags } from "./flags";
import { shellCommand, writeFileCommand } from "./shell-quote";
import { mptcpEnabledValue, type HostSnapshot, type Limits } from "./types";

export { parseWas } from "./sysctl-conf";

/** The flags of the runtime-only reapply: the profile's (or NetworkManager's default), plus also-without-sysctl. */
export const nudgeFlags = (raw: number) => (raw === 0 ? NM_DEFAULT_FLAGS : raw) | MptcpFlag.alsoWithoutSysctl;


/**
 * Limits are not sysctls: a NetworkManager dispatcher script sets them again whenever an interface comes up
 * (at boot too).
 */
export const OUR_LIMITS_SCRIPT = "/etc/NetworkManager/dispatcher.d/90-cockpit-mptcp-limits";

export interface SetupChoice {
    enableSysctl: boolean;
    limits: Limits | null;
    rpFilter: { interfaces: string[]; value: 0 | 2 } | null;
    persist: boolean;
}

export interface HostSettings {
    enabled: boolean | null;
    limits: Limits | null;
    rp: RpFilterValues;
    /** our sysctl file and limits script as they are now (null: absent) */
    ourSysctl: string | null;
    ourLimits: string | null;
    /** every sysctl.d file and /etc/sysctl.conf, to find overrides */
    sysctlFiles: SysctlFile[];
}

export interface RuntimeChange {
    key: string;
    from: string;
    to: string;
}

export interface FileChange {
    path: string;
    before: string | null;
    after: string | null;
}

/** A device whose profile asks for MPTCP: after net.mptcp.enabled goes 0 -> 1 it needs a nudge. */
export interface MptcpDevice {
    name: string;
    path: string;
    /** the profile's raw connection.mptcp-flags */
    flags: number;
    /** the profile's UUID (the shell commands re-activate it where nmcli cannot be given the device's name) */
    uuid: string;
}

export interface SetupPlan {
    sysctls: RuntimeChange[];
    /**
     * NetworkManager configures no endpoints for a profile activated while net.mptcp.enabled was 0, and
     * does not notice when it becomes 1. A runtime-only reapply with also-without-sysctl, then one with the
     * profile as it is, makes it configure them without taking the link down.
     */
    reapply: MptcpDevice[];
    limits: { from: Limits | null; to: Limits } | null;
    files: FileChange[];
    /** the shell commands an admin would run for the same result (every value shell-quoted) */
    commands: string[];
    overrides: Override[];
    problems: ("limit-range" | "unwritable-name")[];
    /**
     * net.ipv4.conf.all.rp_filter lowered, because the kernel uses the larger of "all" and the interface's
     * own value: filtering then changes on every interface, not only the chosen ones. `affected`: the other
     * interfaces whose effective value goes down with it.
     */
    allLowered: { from: number; to: number; affected: { name: string; from: number; to: number }[] } | null;
    /**
     * keys (and "limits") that we persist but whose values from before this page are not known: undo leaves
     * them as they are
     */
    unknownWas: string[];
    /** chosen interfaces left out: their names cannot be written in a sysctl key */
    refused: string[];
    /** devices that nmcli cannot be given by name: the commands re-activate their profile instead */
    reactivate: string[];
}

const validLimit = (n: number) => Number.isInteger(n) && n >= 0 && n <= LIMIT_MAX;

/**
 * The command that sets MPTCP's limits, as argv: for spawn, for the shell commands shown, for the script and
 * automation.
 */
export const limitsArgv = (limits: Limits): [string, ...string[]] => [
    "ip", "mptcp", "limits", "set",
    "subflows", String(limits.subflows),
    "add_addr_accepted", String(limits.addAddrAccepted),
];

export function renderLimitsScript(limits: Limits, was: Limits | null): string {
    return [
        "#!/bin/sh",
        "# Written by Cockpit's MPTCP page. MPTCP limits are not sysctls: NetworkManager runs this whenever an",
        "# interface comes up, including at boot, and it sets them again.",
        was ? `# was: subflows ${was.subflows} add_addr_accepted ${was.addAddrAccepted}` : "# was: unknown",
        '[ "$2" = "up" ] || exit 0',
        "# NetworkManager runs dispatcher scripts with an almost empty environment",
        "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
        `exec ${shellCommand(limitsArgv(limits))}`,
        "",
    ].join("\n");
}

/** The limits our script sets, and those before it (for undo; null when not known, or not limits the kernel takes). */
export function parseLimitsScript(text: string): { limits: Limits | null; was: Limits | null } {
    const read = (re: RegExp): Limits | null => {
        const m = re.exec(text);
        const limits = m ? { subflows: Number(m[1]), addAddrAccepted: Number(m[2]) } : null;
        return limits && validLimit(limits.subflows) && validLimit(limits.addAddrAccepted) ? limits : null;
    };
    return {
        limits: read(/^exec ip mptcp limits set subflows (\d+) add_addr_accepted (\d+)$/m),
        was: read(/^# was: subflows (\d+) add_addr_accepted (\d+)$/m),
    };
}

export const RP_FILTER_ALL = "net.ipv4.conf.all.rp_filter";
export const rpFilterInterface = (key: string) => keyInterface(key, "ipv4", "rp_filter");

/** `sysctl -w` of one key, as a root shell takes it. */
export const sysctlCommand = (key: string, value: string) => shellCommand(["sysctl", "-w", "--", `${key}=${value}`]);

/**
 * nmcli has no "--", and reads a device name that starts with "-" or is a prefix of "help" as its own
 * option or help request (NetworkManager 1.42 took "-a" and "--ask" for --ask, "h" and "-h" for help).
 */
export const nmcliMisreads = (name: string) => name.startsWith("-") || (name !== "" && "help".startsWith(name));

/**
 * The devices NetworkManager will give endpoints once MPTCP is on, but has not: by the table's own rules
 * (an active profile that asks for MPTCP, a default route of the family unless also-without-default-route,
 * ...), an address is "missing" its endpoint.
 */
export function devicesToNudge(snap: HostSnapshot): MptcpDevice[] {
    return rowsWithMptcpOn(snap)
        .filter(r => r.device && r.profile && r.addresses.some(a => a.reason === "missing"))
        .map(r => ({
            name: r.name,
            path: r.device?.path ?? "",
            flags: r.profile?.mptcpFlags ?? 0,
            uuid: r.profile?.uuid ?? "",
        }));
}

function nudgeCommands(d: MptcpDevice): string[] {
    if (nmcliMisreads(d.name)) return [shellCommand(["nmcli", "connection", "up", "uuid", d.uuid])];
    const flags = nmcliFlags(nudgeFlags(d.flags));
    const modify = shellCommand(["nmcli", "device", "modify", d.name, "connection.mptcp-flags", flags]);
    return [`${modify} && ${shellCommand(["nmcli", "device", "reapply", d.name])}`];
}

export function planSetup(host: HostSettings, choice: SetupChoice, mptcpDevices: MptcpDevice[] = []): SetupPlan {
    const problems: SetupPlan["problems"] = [];
    const limitsValid = (l: Limits) => validLimit(l.subflows) && validLimit(l.addAddrAccepted);
    if (choice.limits && !limitsValid(choice.limits)) problems.push("limit-range");

    const wanted = new Map<string, string>();
    const current = new Map<string, string>();
    let allLowered: SetupPlan["allLowered"] = null;
    const refused = (choice.rpFilter?.interfaces ?? [])
        .filter(i => interfaceKeyProblem(i) !== null || !validInterfaceName(i));
    if (refused.length) problems.push("unwritable-name");
    if (choice.enableSysctl) {
        wanted.set("net.mptcp.enabled", "1");
        current.set("net.mptcp.enabled", mptcpEnabledValue(host.enabled) ?? "?");
    }
    if (choice.rpFilter) {
        const v = choice.rpFilter.value;
        const chosen = choice.rpFilter.interfaces.filter(i => !refused.includes(i));
        for (const iface of chosen) {
            wanted.set(interfaceKey("ipv4", iface, "rp_filter"), String(v));
            current.set(interfaceKey("ipv4", iface, "rp_filter"), String(host.rp[iface] ?? "?"));
        }
        // the kernel uses the larger of "all" and the interface's value: lower "all" where it would win
        const all = host.rp.all ?? 0;
        if (chosen.some(i => effectiveRpFilter({ ...host.rp, [i]: v }, i) > v) && all > v) {
            wanted.set(RP_FILTER_ALL, String(v));
            current.set(RP_FILTER_ALL, String(all));
            const others = Object.keys(host.rp).filter(i => i !== "all" && i !== "default" && !chosen.includes(i));
            allLowered = {
                from: all, to: v,
                affected: others.sort()
                    .map(name => ({
                        name,
                        from: effectiveRpFilter(host.rp, name),
                        to: effectiveRpFilter({ ...host.rp, all: v }, name),
                    }))
                    .filter(a => a.to < a.from),
            };
        }
    }
    const sysctls = [...wanted]
        .filter(([k, v]) => current.get(k) !== v)
        .map(([key, to]) => ({ key, from: current.get(key) ?? "?", to }));
    const sameLimits = (a: Limits | null, b: Limits) =>
        a?.subflows === b.subflows && a.addAddrAccepted === b.addAddrAccepted;
    const limits = choice.limits && !sameLimits(host.limits, choice.limits)
        ? { from: host.limits, to: choice.limits }
        : null;

    const files: FileChange[] = [];
    const unknownWas: string[] = [];
    let overrides: Override[] = [];
    if (choice.persist) {
        // our file keeps its lines, with the new values; "was" remembers the first value we replaced
        const ourValues = parseSysctlConf(host.ourSysctl ?? "");
        const was = parseWas(host.ourSysctl);
        const addWas = new Map<string, string>();
        for (const [key] of wanted) {
            if (was.has(key)) continue;
            const now = current.get(key) ?? "?";
            // a key our file set already, whose "# was:" line is gone: its value now is ours, not the one before
            if (ourValues.has(key) || now === "?") unknownWas.push(key);
            else addWas.set(key, now);
        }
        if (wanted.size) {
            const after = updateSysctlConf(host.ourSysctl, wanted, addWas);
            if (after !== host.ourSysctl) files.push({ path: OUR_SYSCTL_FILE, before: host.ourSysctl, after });
            overrides = findOverrides(host.sysctlFiles, new Map([...ourValues, ...wanted]));
        }
        if (choice.limits) {
            // the script's own "# was:" is the earliest known value; without a script, the limits now
            const previous = host.ourLimits ? parseLimitsScript(host.ourLimits).was : host.limits;
            if (!previous) unknownWas.push("limits");
            const after = renderLimitsScript(choice.limits, previous);
            if (after !== host.ourLimits) files.push({ path: OUR_LIMITS_SCRIPT, before: host.ourLimits, after });
        }
    }

    const switchingOn = sysctls.some(s => s.key === "net.mptcp.enabled" && s.to === "1");
    const reapply = switchingOn ? mptcpDevices.filter(d => (d.flags & MptcpFlag.disabled) === 0) : [];

    const commands = [
        ...sysctls.map(s => sysctlCommand(s.key, s.to)),
        ...reapply.flatMap(nudgeCommands),
        ...(limits ? [shellCommand(limitsArgv(limits.to))] : []),
        ...files.flatMap(f => [
            f.after === null ? shellCommand(["rm", "-f", "--", f.path]) : writeFileCommand(f.path, f.after),
            ...(f.path === OUR_LIMITS_SCRIPT ? [shellCommand(["chmod", "755", "--", f.path])] : []),
        ]),
    ];
    const reactivate = reapply.filter(d => nmcliMisreads(d.name)).map(d => d.name);
    return {
        sysctls, reapply, limits, files, commands, overrides, problems, allLowered, unknownWas, refused, reactivate,
    };
}

// ---- undo ----

export type UndoStep =
    /**
     * a runtime value back to the one in our file's "# was:" line; `now`: the value read (null: unknown, or
     * the interface is gone)
     */
    | { kind: "sysctl"; key: string; iface: string | null; to: string; now: string | null }
    | { kind: "limits"; to: Limits; now: Limits | null }
    | { kind: "remove"; path: string };

export type UndoResult =
    | { status: "done" }
    /** the interface of an rp_filter key no longer exists: nothing to restore */
    | { status: "gone" }
    | { status: "failed"; message: string };

export interface UndoPlan {
    steps: UndoStep[];
    /** "# was:" lines undo does not follow: a key this page does not manage, or a value that is none of that key's */
    ignored: { key: string; value: string }[];
    /** keys our file sets that have no "# was:" line: undo cannot restore them */
    unknown: string[];
    /** our limits script does not say what the limits were: they stay as they are */
    limitsUnknown: boolean;
}

/**
 * Whether undo may write this key and value: only the keys this page manages (net.mptcp.enabled, and
 * rp_filter of "all" or a valid interface name that is no pattern), with a value that key takes. A
 * hand-edited "# was:" line can make undo write nothing else as root.
 */
export function restorable(key: string, value: string): boolean {
    if (key === "net.mptcp.enabled") return /^[01]$/.test(value);
    const iface = rpFilterInterface(key);
    return iface !== null && validInterfaceName(iface) && interfaceKeyProblem(iface) === null && /^[012]$/.test(value);
}

export function planUndo(host: HostSettings): UndoPlan {
    const steps: UndoStep[] = [];
    const ignored: UndoPlan["ignored"] = [];
    const was = parseWas(host.ourSysctl);
    for (const [key, value] of was) {
        if (!restorable(key, value)) {
            ignored.push({ key, value });
            continue;
        }
        const iface = rpFilterInterface(key);
        const now = iface === null
            ? mptcpEnabledValue(host.enabled)
            : (host.rp[iface] === undefined ? null : String(host.rp[iface]));
        steps.push({ kind: "sysctl", key, iface, to: value, now });
    }
    const unknown = [...parseSysctlConf(host.ourSysctl ?? "").keys()].filter(k => !was.has(k));
    const limitsWas = host.ourLimits === null ? null : parseLimitsScript(host.ourLimits).was;
    if (limitsWas) steps.push({ kind: "limits", to: limitsWas, now: host.limits });
    if (host.ourSysctl !== null) steps.push({ kind: "remove", path: OUR_SYSCTL_FILE });
    if (host.ourLimits !== null) steps.push({ kind: "remove", path: OUR_LIMITS_SCRIPT });
    return { steps, ignored, unknown, limitsUnknown: host.ourLimits !== null && !limitsWas };
}
