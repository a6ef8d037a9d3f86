// The MPTCP configuration of some interfaces, and the host settings MPTCP needs, as automation for other
// hosts: an Ansible playbook, a kubernetes-nmstate NodeNetworkConfigurationPolicy, a shell script. All three
// come from the same model as the export and the preview (desiredState, the guide's files), so they agree.

import { nmcliFlags } from "./flags";
import type { InterfaceRow } from "./interfaces";
import { desiredState, nmstateYaml, yamlLibrary, type DesiredExport } from "./nmstate";
import {
    OUR_LIMITS_SCRIPT, RP_FILTER_ALL, limitsArgv, parseLimitsScript, renderLimitsScript, rpFilterInterface,
    sysctlCommand, type HostSettings,
} from "./setup-plan";
import { shellCommand, shellQuote, writeFileCommand } from "./shell-quote";
import { OUR_SYSCTL_FILE, parseSysctlConf, renderSysctlConf } from "./sysctl-conf";
import type { Limits } from "./types";

/** What the host needs besides the flags: the setup guide's settings on this host. */
export interface AutomationHost {
    /** MPTCP's limits to set; null: leave the target's alone */
    limits: Limits | null;
    /** the sysctls the setup guide persisted here (our sysctl.d file): their rp_filter keys are carried */
    guideSysctls: Map<string, string>;
}

export interface Automation {
    desired: DesiredExport;
    /** every sysctl the target gets, in order: net.mptcp.enabled first */
    sysctls: [key: string, value: string][];
    limits: Limits | null;
    /** interfaces whose profile flags the shell script sets, with nmcli's words for them */
    flags: { name: string; nmcli: string }[];
    ansible: string;
    policy: string;
    shell: string;
}

/** The setup guide's settings on a host: its sysctl file, and the limits its script sets (else the kernel's now). */
export function automationHost(kernelLimits: Limits | null, settings: HostSettings | null): AutomationHost {
    const ours = settings?.ourLimits ? parseLimitsScript(settings.ourLimits).limits : null;
    return { limits: ours ?? kernelLimits, guideSysctls: parseSysctlConf(settings?.ourSysctl ?? "") };
}

/**
 * The sysctls to carry: MPTCP on, and the rp_filter values the setup guide set here, for the exported
 * interfaces and "all". None the guide did not set: the target's filtering is not lowered on a guess.
 */
function carriedSysctls(desired: DesiredExport, host: AutomationHost): [string, string][] {
    const names = new Set(desired.interfaces.map(i => i.name));
    const rp = [...host.guideSysctls].filter(([key]) => {
        if (key === RP_FILTER_ALL) return true;
        const iface = rpFilterInterface(key);
        return iface !== null && names.has(iface);
    }).sort(([a], [b]) => (a === RP_FILTER_ALL ? -1 : b === RP_FILTER_ALL ? 1 : a < b ? -1 : 1));
    return [["net.mptcp.enabled", "1"], ...rp];
}

function playbook(a: Omit<Automation, "ansible" | "policy" | "shell">): string {
    const { Document } = yamlLibrary();
    const tasks: Record<string, unknown>[] = [];
    for (const [key, value] of a.sysctls) {
        tasks.push({
            name: `Set ${key} to ${value}, now and at boot`,
            "ansible.posix.sysctl": { name: key, value, sysctl_file: OUR_SYSCTL_FILE, reload: true, state: "present" },
            tags: ["mptcp-host"],
        });
    }
    if (a.limits) {
        tasks.push({
            name: "Set the MPTCP limits again whenever an interface comes up (NetworkManager dispatcher script)",
            "ansible.builtin.copy": {
                dest: OUR_LIMITS_SCRIPT, mode: "0755", content: renderLimitsScript(a.limits, null),
            },
            tags: ["mptcp-host"],
        });
        tasks.push({
            name: "Set the MPTCP limits now",
            "ansible.builtin.command": { argv: limitsArgv(a.limits) },
            changed_when: true,
            tags: ["mptcp-host"],
        });
    }
    if (a.desired.interfaces.length) {
        tasks.push({
            name: "Set the MPTCP address flags of each interface (nmstate, through the network role)",
            "ansible.builtin.include_role": { name: "rhel-system-roles.network" },
            vars: { network_state: { interfaces: a.desired.interfaces } },
            tags: ["mptcp-flags"],
        });
    }
    const play = { name: "MPTCP as on the host this was made on", hosts: "all", become: true, tasks };
    const doc = new Document([play], { aliasDuplicateObjects: false });
    doc.commentBefore = [
        " The sysctls come first: nmstate refuses MPTCP flags while net.mptcp.enabled is 0.",
        " The network role is rhel-system-roles.network on RHEL, linux-system-roles.network elsewhere",
        " (fedora.linux_system_roles.network from Ansible Galaxy); it needs nmstate 2.2 and NetworkManager 1.40.",
    ].join("\n");
    return doc.toString({ lineWidth: 0 });
}

function policy(desired: DesiredExport): string {
    const { Document } = yamlLibrary();
    const doc = new Document({
        apiVersion: "nmstate.io/v1",
        kind: "NodeNetworkConfigurationPolicy",
        metadata: { name: "mptcp" },
        spec: {
            nodeSelector: { "node-role.kubernetes.io/worker": "" },
            desiredState: { interfaces: desired.interfaces },
        },
    }, { aliasDuplicateObjects: false });
    doc.commentBefore = [
        " A policy carries only the interfaces' MPTCP flags. It does not carry net.mptcp.enabled, rp_filter or",
        " MPTCP's limits: set those on the nodes another way (a MachineConfig or a tuned profile, say);",
        " nmstate refuses MPTCP flags while net.mptcp.enabled is 0.",
    ].join("\n");
    // the interfaces in the same shape (and quoting) as the export's desired state
    const interfaces = indent(nmstateYaml(desired.interfaces), 4);
    return doc.toString({ lineWidth: 0 }).replace(/desiredState:\n[\s\S]*$/, `desiredState:\n${interfaces}`);
}

const indent = (text: string, n: number) => text.split("\n").map(l => (l ? " ".repeat(n) + l : l)).join("\n");

function script(a: Omit<Automation, "ansible" | "policy" | "shell">): string {
    const lines = [
        "#!/bin/sh",
        "# MPTCP as on the host this was made on: the sysctls, the limits, then each interface's profile flags.",
        "set -e",
        ...a.sysctls.map(([k, v]) => sysctlCommand(k, v)),
        writeFileCommand(OUR_SYSCTL_FILE, renderSysctlConf(new Map(a.sysctls))),
    ];
    if (a.limits) {
        lines.push(
            shellCommand(limitsArgv(a.limits)),
            writeFileCommand(OUR_LIMITS_SCRIPT, renderLimitsScript(a.limits, null)),
            shellCommand(["chmod", "755", "--", OUR_LIMITS_SCRIPT]),
        );
    }
    for (const f of a.flags) {
        // the profile active on the interface there, whatever its name
        const dev = shellQuote(f.name);
        lines.push(
            `con=$(nmcli --escape no --get-values GENERAL.CONNECTION device show ${dev})`,
            `nmcli connection modify id "$con" connection.mptcp-flags ${shellQuote(f.nmcli)}`,
            shellCommand(["nmcli", "device", "reapply", f.name]),
        );
    }
    return `${lines.join("\n")}\n`;
}

/** The automation for the rows (the selected interfaces), with the host settings as this host has them. */
export function automation(rows: InterfaceRow[], host: AutomationHost): Automation {
    const desired = desiredState(rows);
    const raw = new Map(rows.map(r => [r.name, r.profile?.mptcpFlags ?? 0]));
    const base = {
        desired,
        sysctls: carriedSysctls(desired, host),
        limits: host.limits,
        flags: desired.interfaces.map(i => ({ name: i.name, nmcli: nmcliFlags(raw.get(i.name) ?? 0) })),
    };
    return { ...base, ansible: playbook(base), policy: policy(desired), shell: script(base) };
}
