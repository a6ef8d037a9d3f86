// The automation for other hosts: an Ansible playbook, a NodeNetworkConfigurationPolicy and a shell script,
// each from the same model as the export, so that they agree with it and with each other.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";

import { automation } from "../../src/model/automation";
import { buildInterfaceRows } from "../../src/model/interfaces";
import { desiredState, loadYaml } from "../../src/model/nmstate";
import { parseImport } from "../../src/model/nmstate-import";
import { labSnapshot } from "./fixtures/snapshot";

beforeAll(loadYaml);

const rows = () => buildInterfaceRows(labSnapshot());
/** as the setup guide left this host: rp_filter loosened on eth1, eth3 and an interface not exported */
const host = {
    limits: { subflows: 4, addAddrAccepted: 2 },
    guideSysctls: new Map([["net.mptcp.enabled", "1"], ["net.ipv4.conf.eth1.rp_filter", "2"], ["net.ipv4.conf.eth3.rp_filter", "2"], ["net.ipv4.conf.ext0.rp_filter", "2"]]),
};

describe("automation", () => {
    it("carries MPTCP on, the rp_filter the setup guide set for the exported interfaces, and the limits", () => {
        const a = automation(rows(), host);
        expect(a.sysctls).toEqual([["net.mptcp.enabled", "1"], ["net.ipv4.conf.eth1.rp_filter", "2"], ["net.ipv4.conf.eth3.rp_filter", "2"]]);
        // without the guide here, no rp_filter: the target's is not lowered on a guess
        expect(automation(rows(), { limits: null, guideSysctls: new Map() }).sysctls).toEqual([["net.mptcp.enabled", "1"]]);
        expect(a.limits).toEqual({ subflows: 4, addAddrAccepted: 2 });
    });

    it("writes a playbook: the sysctls into our file, the limits script and command, then network_state through the role", () => {
        const a = automation(rows(), host);
        const [play] = parse(a.ansible) as [{ hosts: string; become: boolean; tasks: Record<string, unknown>[] }];
        expect(play.hosts).toBe("all");
        expect(play.become).toBe(true);
        const modules = play.tasks.map(t => Object.keys(t).find(k => k.includes(".")));
        expect(modules).toEqual(["ansible.posix.sysctl", "ansible.posix.sysctl", "ansible.posix.sysctl", "ansible.builtin.copy", "ansible.builtin.command", "ansible.builtin.include_role"]);
        expect(play.tasks[0]?.["ansible.posix.sysctl"]).toEqual({ name: "net.mptcp.enabled", value: "1", sysctl_file: "/etc/sysctl.d/99-zz-cockpit-mptcp.conf", reload: true, state: "present" });
        expect(play.tasks[3]?.["ansible.builtin.copy"]).toMatchObject({ dest: "/etc/NetworkManager/dispatcher.d/90-cockpit-mptcp-limits", mode: "0755" });
        expect(play.tasks[4]?.["ansible.builtin.command"]).toEqual({ argv: ["ip", "mptcp", "limits", "set", "subflows", "4", "add_addr_accepted", "2"] });
        // the flags: exactly the export's desired state
        expect(
            (play.tasks[5] as { vars: { network_state: unknown } }).vars.network_state
        ).toEqual({ interfaces: desiredState(rows()).interfaces });
    });

    it("writes a policy whose desired state the import reads back as no change", () => {
        const a = automation(rows(), host);
        const doc = parse(a.policy) as {
            apiVersion: string; kind: string; spec: { nodeSelector: object; desiredState: { interfaces: unknown[] } }
        };
        expect([doc.apiVersion, doc.kind]).toEqual(["nmstate.io/v1", "NodeNetworkConfigurationPolicy"]);
        expect(doc.spec.nodeSelector).toBeTruthy();
        expect(doc.spec.desiredState.interfaces).toEqual(desiredState(rows()).interfaces);
        expect(a.policy).toContain("does not carry net.mptcp.enabled");
        const back = parseImport(a.policy, rows(), true);
        expect(back.shape).toBe("policy");
        expect(back.errors).toEqual([]);
        expect(Object.keys(back.edits)).toEqual(["eth1", "eth2", "eth3"]);
    });

    it("writes a shell script that sh reads, with each name quoted", () => {
        const snap = labSnapshot();
        const hostile = "a'b$(x)";
        const eth1 = snap.ip.links.find(l => l.name === "eth1");
        const dev = snap.nm.running ? snap.nm.devices.find(d => d.name === "eth1") : undefined;
        if (!eth1 || !dev) throw new Error("the lab snapshot has eth1");
        eth1.name = dev.name = hostile;
        const a = automation(buildInterfaceRows(snap), host);
        expect(a.shell).toContain(`nmcli --escape no --get-values GENERAL.CONNECTION device show 'a'\\''b$(x)'`);
        expect(a.shell).toContain(`nmcli connection modify id "$con" connection.mptcp-flags signal,subflow`);
        expect(a.shell).toContain("sysctl -w -- net.mptcp.enabled=1");
        expect(a.shell).toContain("ip mptcp limits set subflows 4 add_addr_accepted 2");
        const dir = mkdtempSync(join(tmpdir(), "mptcp-automation-"));
        try {
            writeFileSync(join(dir, "s.sh"), a.shell);
            expect(spawnSync("sh", ["-n", join(dir, "s.sh")], { encoding: "utf8" }).stderr).toBe("");
            // (it writes to /etc: it runs for real only in the lab, test/integration/automation.test.ts)
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
