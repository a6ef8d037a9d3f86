// The page on a remote host, through Cockpit's own remote path: the shell runs on one host (mptcp-shell,
// without our package), the user adds the lab host in the shell's host switcher, and the page runs on the
// lab host over SSH (cockpit-ws -> the shell host's bridge -> cockpit-ssh -> sshd -> the lab host's
// cockpit-bridge). test/lab/remote.sh builds the shell host, the link and the lab host's sshd.

import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";

import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DISABLED, LINKS, MULTI, REMOTE } from "../lab/facts";
import { launchBrowser } from "./browser";
import {
    endpointFlags, ipJson, onLab, onShellHost, REMOTE_BASE, REMOTE_STATE, startRemote, stopRemote,
    type KernelEndpoint, type KernelLink,
} from "./lab";
import { eventually, readTable } from "./page";

const LAB_HOST = REMOTE.labName; // the lab host's name in the shell host's /etc/hosts
const FRAME = `cockpit1:${LAB_HOST}/mptcp`;
/** The profile this test changes through the page (MPTCP disabled, on a device with a default route). */
const DEV = DISABLED.dev;
const CON = DISABLED.profile;
const ADDRESS = DISABLED.addr4;

let browser: Browser;
let page: Page;
let originalFlags: string;
/** address -> endpoint flags on the lab host before the test */
let labEndpointsBefore: Record<string, string>;

const endpointMap = () => Object.fromEntries(ipJson<KernelEndpoint[]>("mptcp", "endpoint", "show").map(e => [e.address, endpointFlags(e)]));
const profileFlags = () => onLab("nmcli", "-g", "connection.mptcp-flags", "connection", "show", CON).trim();
const linkNames = (links: { ifname: string }[]) => links.map(l => l.ifname).sort();

beforeAll(async () => {
    originalFlags = profileFlags();
    stopRemote(); // left over from an interrupted run
    startRemote();
    labEndpointsBefore = endpointMap();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
});

afterAll(async () => {
    await browser?.close();
    // Whatever a failed test left: the profile as the lab made it, and no shell host, link or sshd.
    if (profileFlags() !== originalFlags) {
        onLab("nmcli", "connection", "modify", CON, "connection.mptcp-flags", originalFlags);
        onLab("nmcli", "device", "reapply", DEV);
    }
    stopRemote();
});

/** The page's frame inside the shell, on the lab host. */
function pageFrame(): Frame {
    const frame = page.frame({ name: FRAME });
    if (!frame) throw new Error(`no frame ${FRAME}`);
    return frame;
}

interface CockpitInFrame {
    transport: { host: string };
    spawn(argv: string[], options?: { host?: string }): Promise<string>;
}
/** Runs argv through Cockpit from inside the page's frame: on the page's own host, or on `host`. */
const spawnFromPage = (argv: string[], host?: string) =>
    // cockpit's promises are thenables that Playwright does not wait for by themselves: await them here
    pageFrame().evaluate(async ([a, h]) =>
        await (window as unknown as { cockpit: CockpitInFrame }).cockpit.spawn(a, h ? { host: h } : {}),
    [argv, host] as const);

describe("the page on a remote host, through Cockpit's SSH path", () => {
    it("starts from a shell host that is another host, without our package", async () => {
        // the hosts themselves
        expect(onShellHost("hostname").trim()).toBe(REMOTE.shellName);
        expect(onLab("hostname").trim()).not.toBe(REMOTE.shellName);
        const shellLinks = linkNames(JSON.parse(onShellHost("ip", "-j", "link", "show")) as KernelLink[]);
        expect(shellLinks).toEqual([REMOTE.shellDev, "lo"].sort());
        expect(linkNames(ipJson<KernelLink[]>("link", "show")))
            .toEqual(expect.arrayContaining([...LINKS.map(l => l.dev), REMOTE.labDev]));
        // the shell host's Cockpit has no package "mptcp": the page can only come from the lab host
        const manifests = await (await fetch(`${REMOTE_BASE}/cockpit/@localhost/manifests.json`)).json() as Record<string, unknown>;
        expect(Object.keys(manifests)).toEqual(expect.arrayContaining(["shell", "system", "ssh"]));
        expect(Object.keys(manifests)).not.toContain("mptcp");
        // and it knows no host key of the lab host yet: the user must accept it
        expect(onShellHost("sh", "-c", "cat /root/.ssh/known_hosts 2>/dev/null || true").trim()).toBe("");
    });

    it("adds the lab host in the shell's host switcher, accepting its key by the fingerprint shown", async () => {
        await page.goto(`${REMOTE_BASE}/`);
        // the shell host's own menu: its pages, no MPTCP
        await page.locator('a[href="/system"]').first().waitFor({ timeout: 30_000 });
        await expect(page.locator('a[href="/mptcp"]').count()).resolves.toBe(0);
        await page.locator("#host-toggle").click();
        await page.getByRole("button", { name: "Add new host" }).click();
        const dialog = page.locator("#hosts_setup_server_dialog");
        await dialog.locator("#add-machine-address").fill(LAB_HOST);
        await dialog.getByRole("button", { name: "Add", exact: true }).click();

        // cockpit-ssh reached the lab host's sshd and shows its key: the one remote.sh generated there
        const shown = (await dialog.locator(".hostkey-fingerprint").innerText({ timeout: 30_000 })).trim();
        const hostKey = readFileSync(`${REMOTE_STATE}/host-key.pub`, "utf8").trim();
        const fingerprint = execFileSync("ssh-keygen", ["-l", "-E", "sha256", "-f", `${REMOTE_STATE}/host-key.pub`], { encoding: "utf8" }).split(" ")[1];
        expect(shown).toBe(fingerprint);
        await dialog.getByRole("button", { name: "Accept key and connect" }).click();
        await dialog.waitFor({ state: "detached", timeout: 30_000 });

        // the shell stored the key where cockpit-ssh reads it (the shell host user's known_hosts)
        const knownHosts = onShellHost("cat", "/root/.ssh/known_hosts");
        expect(knownHosts).toContain(`${LAB_HOST} ${hostKey.split(" ").slice(0, 2).join(" ")}`);
        // sshd on the lab host let the shell host's user in with their key
        expect(readFileSync(`${REMOTE_STATE}/sshd.log`, "utf8")).toMatch(/Accepted publickey for root from 198\.18\.250\.1 /);
    });

    it("shows MPTCP in the lab host's menu only, and the lab host's interfaces and kernel endpoints on the page", async () => {
        // as a user does: choose the host in the switcher, then MPTCP in its menu
        await page.locator(`a[href="/@${LAB_HOST}"]`).click();
        await page.waitForURL(new RegExp(`/@${LAB_HOST}(/|$)`), { timeout: 30_000 });
        await page.locator(`a[href="/@${LAB_HOST}/mptcp"]`).click({ timeout: 30_000 });
        await expect(page.locator(`a[href="/@${LAB_HOST}/mptcp"]`).innerText()).resolves.toContain("MPTCP");
        await page.waitForURL(`${REMOTE_BASE}/@${LAB_HOST}/mptcp`);
        const frame = page.frameLocator(`iframe[name="${FRAME}"]`);
        await frame.locator('tr[data-interface="eth1"] li[data-address]').first().waitFor({ timeout: 30_000 });
        await frame.locator(".mptcp-tabs").waitFor({ timeout: 30_000 });

        // the page runs on the lab host and the shell's own host is another: asked through Cockpit itself
        expect(
            await pageFrame().evaluate(() => (window as unknown as { cockpit: CockpitInFrame }).cockpit.transport.host)
        ).toBe(LAB_HOST);
        expect((await spawnFromPage(["hostname"])).trim()).toBe(onLab("hostname").trim());
        expect((await spawnFromPage(["hostname"], "localhost")).trim()).toBe("mptcp-shell");
        // and the package is the one installed for the SSH user there (this build), not one of the machine's;
        // with MPTCP_LAB_DIST=installed (tools/test-all.sh) the installed .deb's, as a managed host has it
        const where = process.env.MPTCP_LAB_DIST === "installed" ? "/usr/share/cockpit/mptcp" : "/root/.local/share/cockpit/mptcp";
        const listed = (await spawnFromPage(["cockpit-bridge", "--packages"])).split("\n").find(l => /^mptcp\s/.test(l));
        expect(listed?.trim().split(/\s+/).at(-1)).toBe(where);

        // every interface of the lab host, none of the shell host's, and each address with the lab kernel's endpoint
        const links = ipJson<KernelLink[]>("address", "show");
        await eventually(() => readTable(pageFrame()), seen => {
            expect(Object.keys(seen).sort()).toEqual(linkNames(links));
            const endpoints = endpointMap();
            expect(Object.keys(endpoints).length).toBeGreaterThanOrEqual(3);
            for (const link of links) {
                for (const a of link.addr_info) {
                    const row = seen[link.ifname].addresses[a.local];
                    expect(row, `${link.ifname} ${a.local}`).toBeDefined();
                    expect(row.flags ?? "", `${link.ifname} ${a.local}`).toBe(endpoints[a.local] ?? "");
                }
            }
            expect(seen[MULTI.dev].profile).toBe(MULTI.profile);
            expect(seen[REMOTE.labDev].addresses[REMOTE.labAddr4]).toBeDefined();
            expect(JSON.stringify(seen)).not.toContain(REMOTE.shellAddr4);
        }, 15_000);

        // the lab host's bridge that serves it was started by sshd (not by the lab's own cockpit-ws)
        const ps = onLab("ps", "-eo", "pid=,ppid=,comm=").trim().split("\n").map(l => l.trim().split(/\s+/));
        const parent = new Map(ps.map(([pid, ppid]) => [pid, ppid]));
        const comm = new Map(ps.map(([pid, , c]) => [pid, c]));
        const viaSshd = ps.filter(([pid, , c]) => {
            if (c !== "cockpit-bridge") return false;
            for (let p = parent.get(pid); p && p !== "0"; p = parent.get(p)) if (comm.get(p) === "sshd") return true;
            return false;
        });
        expect(viaSshd.length).toBeGreaterThanOrEqual(1);
    });

    it("changes the lab host through the page over SSH (subflow on eth3), verified there, then puts it back", async () => {
        const frame = pageFrame();
        const modal = frame.locator(".pf-v6-c-modal-box");
        expect(endpointMap()[ADDRESS]).toBeUndefined();

        const apply = async () => {
            await frame.getByRole("button", { name: "Preview changes" }).click();
            await frame.locator(".mptcp-operations").waitFor({ timeout: 30_000 });
            await frame.getByRole("button", { name: "Apply", exact: true }).click();
            await modal.getByText(/Applied and verified|failed/).first().waitFor({ timeout: 60_000 });
            await expect(modal.getByText("Applied and verified").count()).resolves.toBe(1);
            await modal.locator(".pf-v6-c-modal-box__footer").getByRole("button", { name: "Close" }).click();
        };

        await frame.getByRole("button", { name: `Edit ${DEV}`, exact: true }).click();
        await modal.waitFor();
        await frame.locator("#mptcp-mode-enabled").check();
        for (const f of ["signal", "subflow", "backup", "fullmesh"]) await frame.locator(`#mptcp-flag-${f}`).setChecked(f === "subflow");
        await apply();
        // on the lab host: the profile NetworkManager keeps, and the kernel's endpoint
        expect(profileFlags()).toBe("0x20");
        expect(endpointMap()[ADDRESS]).toBe("subflow");
        await eventually(() => readTable(frame), t => expect(t[DEV].addresses[ADDRESS].flags).toBe("subflow"));

        // and back, through the page too
        await frame.getByRole("button", { name: `Edit ${DEV}`, exact: true }).click();
        await modal.waitFor();
        await frame.locator("#mptcp-mode-disabled").check();
        await apply();
        expect(profileFlags()).toBe(originalFlags);
        await eventually(async () => endpointMap(), now => expect(now).toEqual(labEndpointsBefore), 15_000);
        await eventually(() => readTable(frame), t => expect(t[DEV].addresses[ADDRESS].flags).toBeNull());
    });

    it("stops without a trace: no shell host, link or sshd left, and the lab as it was", async () => {
        await browser.close();
        stopRemote();
        expect(linkNames(ipJson<KernelLink[]>("link", "show"))).not.toContain("mgmt0");
        expect(onLab("sh", "-c", "pgrep -x sshd || true").trim()).toBe("");
        expect(() => onShellHost("true")).toThrow();
        expect(endpointMap()).toEqual(labEndpointsBefore);
    });
});
