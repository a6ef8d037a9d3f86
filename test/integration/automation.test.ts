// The automation the page generates, run for real in the lab: the shell script brings a lab whose profiles
// were changed and MPTCP switched off back to the state it was made from (profiles and kernel endpoints
// compared); the Ansible playbook passes ansible-playbook's syntax check and its host tasks set the sysctls
// and limits; the policy's desired state reads back as no change.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { Browser, Page } from "playwright-core";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DISABLED, MULTI, NOROUTE } from "../lab/facts";
import { endpointFlags, ipJson, onLab, type KernelEndpoint } from "./lab";
import { eventually, openPage } from "./page";

let browser: Browser;
let page: Page;
let dir: string;

/** device -> [profile, connection.mptcp-flags], as the lab makes them */
const PROFILES: Record<string, [string, string]> =
    Object.fromEntries([MULTI, NOROUTE, DISABLED].map(p => [p.dev, [p.profile, p.flags.nmcli]]));
const OUR_FILES = ["/etc/sysctl.d/99-zz-cockpit-mptcp.conf", "/etc/NetworkManager/dispatcher.d/90-cockpit-mptcp-limits"];

const endpoints = () => Object.fromEntries(ipJson<KernelEndpoint[]>("mptcp", "endpoint", "show").map(e => [e.address, endpointFlags(e)]));
const flagsOf = (con: string) => onLab("nmcli", "-g", "connection.mptcp-flags", "connection", "show", con).trim();
const limits = () => onLab("ip", "mptcp", "limits", "show").trim();
const enabled = () => onLab("sysctl", "-n", "net.mptcp.enabled").trim();
let startLimits: string;
let startRp: string;

function setProfile(dev: string, flags: string) {
    const [con] = PROFILES[dev] ?? [];
    if (!con) throw new Error(`no profile for ${dev}`);
    onLab("nmcli", "connection", "modify", con, "connection.mptcp-flags", flags);
    onLab("nmcli", "device", "reapply", dev);
}

beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mptcp-automation-"));
    startLimits = limits();
    startRp = onLab("sysctl", "-n", "net.ipv4.conf.eth1.rp_filter").trim();
    ({ browser, page } = await openPage());
});

afterAll(async () => {
    await browser?.close();
    for (const [dev, [, flags]] of Object.entries(PROFILES)) setProfile(dev, flags);
    onLab("sysctl", "-qw", "net.mptcp.enabled=1", `net.ipv4.conf.eth1.rp_filter=${startRp}`);
    const m = /subflows (\d+)/.exec(startLimits), a = /add_addr_accepted (\d+)/.exec(startLimits);
    onLab("ip", "mptcp", "limits", "set", "subflows", m?.[1] ?? "2", "add_addr_accepted", a?.[1] ?? "0");
    onLab("rm", "-f", ...OUR_FILES);
    if (dir) rmSync(dir, { recursive: true, force: true });
});

async function generated(): Promise<{ shell: string; ansible: string; policy: string }> {
    await page.getByRole("button", { name: "View automation script" }).click();
    const dialog = page.getByRole("dialog");
    const text = async (tab: string, kind: string) => {
        await dialog.getByRole("tab", { name: tab }).click();
        return dialog.locator(`.mptcp-automation[data-kind="${kind}"]`).innerText();
    };
    const out = { ansible: await text("Ansible", "ansible"), policy: await text("kubernetes-nmstate", "policy"), shell: await text("Shell script", "shell") };
    await page.keyboard.press("Escape");
    return out;
}

describe("the automation script", () => {
    it("in shell, brings a changed lab back to the state it was made from", async () => {
        // as the setup guide leaves a host: rp_filter loosened on eth1 in our sysctl file
        onLab("sh", "-c", 'printf "net.mptcp.enabled = 1\\nnet.ipv4.conf.eth1.rp_filter = 2\\n" > "$1"', "-", OUR_FILES[0] ?? "");
        onLab("sysctl", "-qw", "net.ipv4.conf.eth1.rp_filter=2");
        await page.reload();
        await page.locator(".mptcp-tabs").waitFor();
        const { shell } = await generated();
        expect(shell).toContain("sysctl -w -- net.ipv4.conf.eth1.rp_filter=2");
        const want = {
            profiles: Object.values(PROFILES).map(([con]) => flagsOf(con)), endpoints: endpoints(), limits: limits()
        };
        expect(want.profiles).toEqual(["0x30", "0x20", "0x1"]);
        // another state: other flags, MPTCP off, no limits
        setProfile("eth1", "0x1");
        setProfile("eth2", "0x10");
        setProfile("eth3", "0x20");
        onLab("sysctl", "-qw", "net.mptcp.enabled=0", "net.ipv4.conf.eth1.rp_filter=1");
        onLab("ip", "mptcp", "limits", "set", "subflows", "0", "add_addr_accepted", "0");
        onLab("rm", "-f", ...OUR_FILES);
        expect(endpoints()).not.toEqual(want.endpoints);

        writeFileSync(join(dir, "mptcp.sh"), shell);
        onLab("sh", join(dir, "mptcp.sh"));
        expect(Object.values(PROFILES).map(([con]) => flagsOf(con))).toEqual(want.profiles);
        expect(enabled()).toBe("1");
        expect(onLab("sysctl", "-n", "net.ipv4.conf.eth1.rp_filter").trim()).toBe("2");
        expect(limits()).toBe(want.limits);
        expect(onLab("cat", OUR_FILES[0] ?? "")).toMatch(/^net\.ipv4\.conf\.eth1\.rp_filter = 2$/m);
        // NetworkManager sets the endpoints after the reapply returns
        await eventually(async () => endpoints(), now => expect(now).toEqual(want.endpoints), 15_000);
    });

    it("in Ansible, passes the syntax check, and its host tasks set the sysctls and limits", async () => {
        const { ansible } = await generated();
        const file = join(dir, "playbook.yml");
        writeFileSync(file, ansible);
        execFileSync("ansible-playbook", ["--syntax-check", "-i", "localhost,", file], { encoding: "utf8", env: { ...process.env, ANSIBLE_NOCOLOR: "1" } });
        const play = (parse(ansible) as { tasks: { tags: string[] }[] }[])[0];
        expect(play?.tasks.at(-1)?.tags).toEqual(["mptcp-flags"]);

        const want = limits();
        onLab("sysctl", "-qw", "net.mptcp.enabled=0");
        onLab("ip", "mptcp", "limits", "set", "subflows", "0", "add_addr_accepted", "0");
        onLab("rm", "-f", ...OUR_FILES);
        // the host tasks only (the flags' role is not installed here), on the lab itself
        const out = onLab("env", "ANSIBLE_NOCOLOR=1", "ANSIBLE_LOCAL_TEMP=/tmp", "ansible-playbook", "-i", "localhost,", "-c", "local", "--tags", "mptcp-host", file);
        expect(out).toMatch(/failed=0/);
        expect(enabled()).toBe("1");
        expect(limits()).toBe(want);
        expect(onLab("cat", OUR_FILES[0] ?? "")).toMatch(/^net\.mptcp\.enabled\s*=\s*1$/m);
        expect(onLab("stat", "-c", "%a", OUR_FILES[1] ?? "").trim()).toBe("755");
    });
});
