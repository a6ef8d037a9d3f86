// The guide's change: runtime values and the files that persist them, computed before anything is
// written, so that the review shows exactly what will happen and undo knows what was there before.

import { LIMIT_MAX, effectiveRpFilter, type RpFilterValues } from "./readiness";
import { OUR_SYSCTL_FILE, findOverrides, interfaceKey, parseSysctlConf, renderSysctlConf, type Override, type SysctlFile } from "./sysctl-conf";
import { MptcpFlag, NM_DEFAULT_FLAGS, nmcliFlags } from "./flags";
import type { Limits } from "./types";

/** The flags of the runtime-only reapply: the profile's (or NetworkManager's default), plus also-without-sysctl. */
export const nudgeFlags = (raw: number) => (raw === 0 ? NM_DEFAULT_FLAGS : raw) | MptcpFlag.alsoWithoutSysctl;


/** Limits are not sysctls: a NetworkManager dispatcher script sets them again whenever an interface comes up (at boot too). */
export const OUR_LIMITS_SCRIPT = "/etc/NetworkManager/dispatcher.d/90-cockpit-mptcp-limits";

export interface EnablementChoice {
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
}

export interface EnablementPlan {
    sysctls: RuntimeChange[];
    /**
     * NetworkManager configures no endpoints for a profile activated while net.mptcp.enabled was 0, and
     * does not notice when it becomes 1. A runtime-only reapply with also-without-sysctl, then one with the
     * profile as it is, makes it configure them without taking the link down.
     */
    reapply: MptcpDevice[];
    limits: { from: Limits | null; to: Limits } | null;
    files: FileChange[];
    /** the shell commands an admin would run for the same result */
    commands: string[];
    overrides: Override[];
    problems: ("limit-range")[];
}

const validLimit = (n: number) => Number.isInteger(n) && n >= 0 && n <= LIMIT_MAX;

export function renderLimitsScript(limits: Limits, was: Limits | null): string {
    return [
        "#!/bin/sh",
        "# Written by Cockpit's MPTCP page. MPTCP limits are not sysctls: NetworkManager runs this whenever an",
        "# interface comes up, including at boot, and it sets them again.",
        was ? `# was: subflows ${was.subflows} add_addr_accepted ${was.addAddrAccepted}` : "# was: unknown",
        '[ "$2" = "up" ] || exit 0',
        "# NetworkManager runs dispatcher scripts with an almost empty environment",
        "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
        `exec ip mptcp limits set subflows ${limits.subflows} add_addr_accepted ${limits.addAddrAccepted}`,
        "",
    ].join("\n");
}

/** The limits our script sets, and those before it (for undo). */
export function parseLimitsScript(text: string): { limits: Limits | null; was: Limits | null } {
    const read = (re: RegExp): Limits | null => {
        const m = re.exec(text);
        return m ? { subflows: Number(m[1]), addAddrAccepted: Number(m[2]) } : null;
    };
    return {
        limits: read(/^exec ip mptcp limits set subflows (\d+) add_addr_accepted (\d+)$/m),
        was: read(/^# was: subflows (\d+) add_addr_accepted (\d+)$/m),
    };
}

/** Runtime values before our file first set them, kept in it as "# was:" comments for undo. */
export function parseWas(text: string | null): Map<string, string> {
    const was = new Map<string, string>();
    for (const m of (text ?? "").matchAll(/^# was: (\S+) = (.*)$/gm)) was.set(m[1], m[2]);
    return was;
}

export function planEnablement(host: HostSettings, choice: EnablementChoice, mptcpDevices: MptcpDevice[] = []): EnablementPlan {
    const problems: EnablementPlan["problems"] = [];
    if (choice.limits && !(validLimit(choice.limits.subflows) && validLimit(choice.limits.addAddrAccepted))) problems.push("limit-range");

    const wanted = new Map<string, string>();
    const current = new Map<string, string>();
    if (choice.enableSysctl) {
        wanted.set("net.mptcp.enabled", "1");
        current.set("net.mptcp.enabled", host.enabled === null ? "?" : host.enabled ? "1" : "0");
    }
    if (choice.rpFilter) {
        const v = choice.rpFilter.value;
        for (const iface of choice.rpFilter.interfaces) {
            wanted.set(interfaceKey("ipv4", iface, "rp_filter"), String(v));
            current.set(interfaceKey("ipv4", iface, "rp_filter"), String(host.rp[iface] ?? "?"));
        }
        // the kernel uses the larger of "all" and the interface's value: lower "all" where it would win
        const all = host.rp.all ?? 0;
        if (choice.rpFilter.interfaces.some(i => effectiveRpFilter({ ...host.rp, [i]: v }, i) > v) && all > v) {
            wanted.set("net.ipv4.conf.all.rp_filter", String(v));
            current.set("net.ipv4.conf.all.rp_filter", String(all));
        }
    }
    const sysctls = [...wanted].filter(([k, v]) => current.get(k) !== v).map(([key, to]) => ({ key, from: current.get(key) ?? "?", to }));
    const limits = choice.limits && (host.limits?.subflows !== choice.limits.subflows || host.limits?.addAddrAccepted !== choice.limits.addAddrAccepted)
        ? { from: host.limits, to: choice.limits }
        : null;

    const files: FileChange[] = [];
    let overrides: Override[] = [];
    if (choice.persist) {
        // our file keeps the keys it had, with the new values; "was" remembers the first value we replaced
        const ourValues = parseSysctlConf(host.ourSysctl ?? "");
        const was = parseWas(host.ourSysctl);
        for (const [key, value] of wanted) {
            ourValues.set(key, value);
            if (!was.has(key) && current.get(key) !== "?") was.set(key, current.get(key) ?? "");
        }
        if (ourValues.size) {
            const text = [...was].map(([k, v]) => `# was: ${k} = ${v}`).join("\n");
            const after = renderSysctlConf(ourValues).replace("\n", `\n${text}${text ? "\n" : ""}`);
            if (after !== host.ourSysctl) files.push({ path: OUR_SYSCTL_FILE, before: host.ourSysctl, after });
            overrides = findOverrides(host.sysctlFiles, ourValues);
        }
        if (choice.limits) {
            const previous = host.ourLimits ? parseLimitsScript(host.ourLimits).was : host.limits;
            const after = renderLimitsScript(choice.limits, previous);
            if (after !== host.ourLimits) files.push({ path: OUR_LIMITS_SCRIPT, before: host.ourLimits, after });
        }
    }

    const switchingOn = sysctls.some(s => s.key === "net.mptcp.enabled" && s.to === "1");
    const reapply = switchingOn ? mptcpDevices.filter(d => (d.flags & MptcpFlag.disabled) === 0) : [];

    const commands = [
        ...sysctls.map(s => `sysctl -w ${s.key}=${s.to}`),
        ...reapply.map(d => `nmcli device modify ${d.name} connection.mptcp-flags ${nmcliFlags(nudgeFlags(d.flags))} && nmcli device reapply ${d.name}`),
        ...(limits ? [`ip mptcp limits set subflows ${limits.to.subflows} add_addr_accepted ${limits.to.addAddrAccepted}`] : []),
        ...files.flatMap(f => [`cat > ${f.path} <<'EOF'\n${f.after ?? ""}EOF`, ...(f.path === OUR_LIMITS_SCRIPT ? [`chmod 755 ${f.path}`] : [])]),
    ];
    return { sysctls, reapply, limits, files, commands, overrides, problems };
}
