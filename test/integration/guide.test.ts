// The MPTCP setup guide, in the lab: from a host where MPTCP is off (as RHEL 9 ships it) to a working
// multi-subflow connection, persisted, and undone. /etc/sysctl.d and NetworkManager's dispatcher.d are
// tmpfs mounts of the lab.

import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { launchBrowser } from "./browser";
import { BASE, onLab, onPeer, PORT } from "./lab";
import { eventually, openPage } from "./page";

const OUR_CONF = "/etc/sysctl.d/99-zz-cockpit-mptcp.conf";
const OUR_SCRIPT = "/etc/NetworkManager/dispatcher.d/90-cockpit-mptcp-limits";
const CONFLICT = "/etc/sysctl.d/zzzz-local.conf";
const PROOF = resolve(import.meta.dirname, "../lab/mptcp-proof.py");

let browser: Browser;
let page: Page;

const sysctl = (key: string) => onLab("sysctl", "-n", key).trim();
const limits = () => onLab("ip", "mptcp", "limits", "show").trim();
const exists = (path: string) => onLab("sh", "-c", 'test -e "$1" && echo yes || echo no', "-", path).trim() === "yes";

/** RHEL 9's defaults, and a strict reverse path filter. */
function offHost() {
    onLab("rm", "-f", OUR_CONF, OUR_SCRIPT, CONFLICT);
    onLab("sysctl", "-qw", "net.mptcp.enabled=0", "net.ipv4.conf.all.rp_filter=1");
    onLab("ip", "mptcp", "limits", "set", "subflows", "0", "add_addr_accepted", "0");
}

/** As at boot on such a host: a profile activated while MPTCP is off gets no endpoints from NetworkManager. */
function activatedWhileOff() {
    onLab("nmcli", "--wait", "20", "connection", "up", "lab-default");
    expect(onLab("ip", "mptcp", "endpoint", "show")).not.toContain("198.18.4.2");
}

/** An MPTCP connection from the lab host to its peer: were additional subflows established? */
let proofPort = 5300;
function mptcpProof(): { mptcp: boolean; subflows: number } {
    const port = String(++proofPort);
    const server = onPeer("sh", "-c", 'python3 "$1" server 198.51.100.1 "$2" >/dev/null 2>&1 & echo started', "-", PROOF, port);
    expect(server.trim()).toBe("started");
    onLab("sleep", "0.5");
    return JSON.parse(onLab("python3", PROOF, "client", "198.51.100.1", port)) as { mptcp: boolean; subflows: number };
}

const readiness = () => page.locator(".mptcp-readiness [data-ready]").getAttribute("data-ready");

async function runGuide() {
    await page.getByRole("button", { name: "Open the MPTCP setup guide" }).click();
    await page.getByRole("button", { name: "Review" }).click();
    await page.locator(".mptcp-guide-review").waitFor();
}

beforeAll(async () => {
    ({ browser, page } = await openPage());
});
afterAll(async () => {
    offHost();
    onLab("sysctl", "-qw", "net.mptcp.enabled=1", "net.ipv4.conf.all.rp_filter=0");
    onLab("ip", "mptcp", "limits", "set", "subflows", "2", "add_addr_accepted", "0");
    await browser?.close();
});
beforeEach(async () => {
    offHost();
    await page.reload();
    await eventually(readiness, r => expect(r).toBe("false"), 10_000);
});

describe("the MPTCP setup guide", () => {
    it("brings the host from MPTCP off to a working multi-subflow connection, and persists it", async () => {
        activatedWhileOff();
        expect(mptcpProof()).toMatchObject({ mptcp: false });

        await runGuide();
        const commands = await page.locator(".mptcp-guide-commands").innerText();
        expect(commands).toContain("sysctl -w net.mptcp.enabled=1");
        expect(commands).toContain("nmcli device modify eth4 connection.mptcp-flags enabled,also-without-sysctl,subflow && nmcli device reapply eth4");
        expect(commands).toMatch(/ip mptcp limits set subflows \d add_addr_accepted \d/);
        await page.getByRole("button", { name: "Apply" }).click();
        await page.getByText("The settings are applied").waitFor({ timeout: 20_000 });
        await page.getByRole("button", { name: "Close" }).last().click();
        // nothing blocks any more (the list says what, if something does)
        await eventually(async () => `${await readiness()} ${await page.locator(".mptcp-blockers").allInnerTexts()}`,
            r => expect(r).toBe("true "), 10_000);

        // runtime, and NetworkManager configured the endpoint it had left out, without touching the profile
        expect(onLab("ip", "mptcp", "endpoint", "show")).toMatch(/^198\.18\.4\.2 id \d+ subflow dev eth4/m);
        expect(onLab("nmcli", "-g", "connection.mptcp-flags", "connection", "show", "lab-default").trim()).toBe("0x0");
        expect(sysctl("net.mptcp.enabled")).toBe("1");
        expect(sysctl("net.ipv4.conf.eth1.rp_filter")).toBe("2");
        expect(limits()).toMatch(/add_addr_accepted 2 subflows 4/);
        // persisted
        const conf = onLab("cat", OUR_CONF);
        expect(conf).toMatch(/^net\.mptcp\.enabled = 1$/m);
        expect(conf).toMatch(/^# was: net\.mptcp\.enabled = 0$/m);
        expect(onLab("stat", "-c", "%a %U", OUR_SCRIPT).trim()).toBe("755 root");

        // and it works: additional subflows over the lab's other links
        expect(mptcpProof().subflows).toBeGreaterThan(0);

        // a simulated reboot: runtime values lost, then the boot-time mechanisms run again
        onLab("sysctl", "-qw", "net.mptcp.enabled=0", "net.ipv4.conf.eth1.rp_filter=1");
        onLab("ip", "mptcp", "limits", "set", "subflows", "0", "add_addr_accepted", "0");
        onLab("sysctl", "-q", "-p", OUR_CONF);
        onLab(OUR_SCRIPT, "eth1", "up");
        expect(sysctl("net.mptcp.enabled")).toBe("1");
        expect(sysctl("net.ipv4.conf.eth1.rp_filter")).toBe("2");
        expect(limits()).toMatch(/add_addr_accepted 2 subflows 4/);
        expect(mptcpProof().subflows).toBeGreaterThan(0);
    });

    it("says which later file would undo a setting at boot", async () => {
        onLab("sh", "-c", 'echo "net.mptcp.enabled = 0" > "$1"', "-", CONFLICT);
        await runGuide();
        const warning = page.locator(".mptcp-override");
        await expect(warning.count()).resolves.toBe(1);
        expect(await warning.innerText()).toContain(`${CONFLICT} sets net.mptcp.enabled = 0 after our file`);
        await page.getByRole("button", { name: "Cancel" }).click();
        expect(exists(OUR_CONF)).toBe(false);
        expect(sysctl("net.mptcp.enabled")).toBe("0");
    });

    it("undo removes what was persisted and restores the previous runtime values", async () => {
        await runGuide();
        await page.getByRole("button", { name: "Apply" }).click();
        await page.getByText("The settings are applied").waitFor({ timeout: 20_000 });
        await page.getByRole("button", { name: "Close" }).last().click();
        expect(sysctl("net.mptcp.enabled")).toBe("1");
        await page.getByRole("button", { name: "Undo what this page persisted" }).click();
        await eventually(async () => [exists(OUR_CONF), exists(OUR_SCRIPT)], e => expect(e).toEqual([false, false]), 10_000);
        expect(sysctl("net.mptcp.enabled")).toBe("0");
        expect(sysctl("net.ipv4.conf.all.rp_filter")).toBe("1");
        expect(limits()).toMatch(/add_addr_accepted 0 subflows 0/);
        await eventually(readiness, r => expect(r).toBe("false"), 10_000);
    });

    it("a user without administrative access sees the checks and commands, and cannot change anything", async () => {
        const limited = await launchBrowser();
        try {
            const p = await limited.newPage();
            await p.goto(`${BASE.replace(String(PORT), String(PORT + 1))}/cockpit/@localhost/mptcp/index.html`);
            await p.getByText("Read-only: changes need administrative access").waitFor({ timeout: 20_000 });
            await p.locator(".mptcp-readiness [data-ready='false']").waitFor({ timeout: 10_000 });
            await expect(p.getByRole("button", { name: "Fix", exact: true }).count()).resolves.toBe(0);
            await p.getByRole("button", { name: "Open the MPTCP setup guide" }).click();
            await p.getByRole("button", { name: "Review" }).click();
            expect(await p.locator(".mptcp-guide-commands").innerText()).toContain("sysctl -w net.mptcp.enabled=1");
            await expect(p.getByRole("button", { name: "Apply" }).isDisabled()).resolves.toBe(true);
            expect(sysctl("net.mptcp.enabled")).toBe("0");
            expect(exists(OUR_CONF)).toBe(false);
        } finally {
            await limited.close();
        }
    });
});
