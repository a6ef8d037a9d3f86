// The MPTCP setup guide, in the lab: from a host where MPTCP is off (as RHEL 9 ships it) to a working
// multi-subflow connection, persisted, and undone. /etc/sysctl.d and NetworkManager's dispatcher.d are
// tmpfs mounts of the lab.

import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { launchBrowser } from "./browser";
import { BASE, onLab, onPeer, PEER, PORT } from "./lab";
import { eventually, openPage } from "./page";

const OUR_CONF = "/etc/sysctl.d/99-zz-cockpit-mptcp.conf";
const OUR_SCRIPT = "/etc/NetworkManager/dispatcher.d/90-cockpit-mptcp-limits";
const CONFLICT = "/etc/sysctl.d/zzzz-local.conf";
const PROOF = resolve(import.meta.dirname, "../lab/mptcp-proof.py");

let browser: Browser;
let page: Page;
/** uncaught errors of the page since the last reload */
let pageErrors: string[] = [];

const sysctl = (key: string) => onLab("sysctl", "-n", key).trim();
const limits = () => onLab("ip", "mptcp", "limits", "show").trim();
const exists = (path: string) => onLab("sh", "-c", 'test -e "$1" && echo yes || echo no', "-", path).trim() === "yes";

/** RHEL 9's defaults, and a strict reverse path filter. */
function offHost() {
    onLab("rm", "-f", OUR_CONF, OUR_SCRIPT, CONFLICT);
    onLab("sh", "-c", "! ip link show mptcpgone >/dev/null 2>&1 || ip link del mptcpgone");
    onLab("sysctl", "-qw", "net.mptcp.enabled=0", "net.ipv4.conf.all.rp_filter=1", "net.ipv4.ip_forward=0",
        ...["eth1", "eth2", "eth3", "eth4", "eth5", "eth6"].map(i => `net.ipv4.conf.${i}.rp_filter=1`));
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
    const server = onPeer("sh", "-c", 'python3 "$1" server "$2" "$3" >/dev/null 2>&1 & echo started', "-",
        PROOF, PEER, port);
    expect(server.trim()).toBe("started");
    onLab("sleep", "0.5");
    return JSON.parse(onLab("python3", PROOF, "client", PEER, port)) as { mptcp: boolean; subflows: number };
}

const readiness = () => page.locator(".mptcp-readiness [data-ready]").getAttribute("data-ready");

async function runGuide() {
    await page.getByRole("button", { name: "Open the MPTCP setup guide" }).click();
    await page.getByRole("button", { name: "Review" }).click();
    await page.locator(".mptcp-guide-review").waitFor();
}

async function applyGuide() {
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByText("The settings are applied").waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Close" }).last().click();
}

/** Undo through its dialog: confirm, wait for the outcome, and return each step's text and status. */
async function undo(): Promise<{ text: string; status: string | null }[]> {
    await page.getByRole("button", { name: "Undo what this page persisted" }).click();
    const dialog = page.getByRole("dialog", { name: "Undo what this page persisted" });
    await dialog.getByRole("button", { name: "Undo", exact: true }).click();
    await dialog.locator(".mptcp-undo-result").waitFor({ timeout: 20_000 });
    const steps = await dialog.locator(".mptcp-undo-steps li").evaluateAll(lis => lis.map(li => ({ text: li.textContent ?? "", status: li.getAttribute("data-status") })));
    await dialog.getByRole("button", { name: "Close" }).last().click();
    return steps;
}

/** Every interface's own rp_filter, and all's and default's. */
const rpValues = (): Record<string, string> => JSON.parse(onLab("python3", "-c",
    "import json, os; b = '/proc/sys/net/ipv4/conf'; print(json.dumps({d: open(os.path.join(b, d, 'rp_filter')).read().strip() for d in os.listdir(b)}))")) as Record<string, string>;

beforeAll(async () => {
    ({ browser, page } = await openPage());
    page.on("pageerror", e => pageErrors.push(String(e)));
});
afterAll(async () => {
    offHost();
    onLab("sysctl", "-qw", "net.mptcp.enabled=1", "net.ipv4.conf.all.rp_filter=0");
    onLab("ip", "mptcp", "limits", "set", "subflows", "2", "add_addr_accepted", "0");
    await browser?.close();
});
beforeEach(async () => {
    offHost();
    pageErrors = [];
    await page.reload();
    await eventually(readiness, r => expect(r).toBe("false"), 10_000);
});

describe("the MPTCP setup guide", () => {
    it("brings the host from MPTCP off to a working multi-subflow connection, and persists it", async () => {
        activatedWhileOff();
        expect(mptcpProof()).toMatchObject({ mptcp: false });

        await runGuide();
        const commands = await page.locator(".mptcp-guide-commands").innerText();
        expect(commands).toContain("sysctl -w -- net.mptcp.enabled=1");
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
        await applyGuide();
        expect(sysctl("net.mptcp.enabled")).toBe("1");
        // it changes live settings: nothing happens before it is confirmed
        await page.getByRole("button", { name: "Undo what this page persisted" }).click();
        await page.getByRole("dialog", { name: "Undo what this page persisted" }).getByRole("button", { name: "Cancel" }).click();
        expect([exists(OUR_CONF), exists(OUR_SCRIPT), sysctl("net.mptcp.enabled")]).toEqual([true, true, "1"]);
        const steps = await undo();
        expect(steps.map(s => s.status)).toEqual(steps.map(() => "done"));
        expect([exists(OUR_CONF), exists(OUR_SCRIPT)]).toEqual([false, false]);
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
            expect(await p.locator(".mptcp-guide-commands").innerText()).toContain("sysctl -w -- net.mptcp.enabled=1");
            await expect(p.getByRole("button", { name: "Apply" }).isDisabled()).resolves.toBe(true);
            expect(sysctl("net.mptcp.enabled")).toBe("0");
            expect(exists(OUR_CONF)).toBe(false);
        } finally {
            await limited.close();
        }
    });

    it("undo goes on past an interface deleted since, removes both files, and says what it could not restore", async () => {
        onLab("ip", "link", "add", "mptcpgone", "type", "ifb");
        onLab("ip", "addr", "add", "198.18.30.2/24", "dev", "mptcpgone");
        onLab("ip", "link", "set", "mptcpgone", "up");
        onLab("sysctl", "-qw", "net.ipv4.conf.mptcpgone.rp_filter=1");
        await page.reload();
        await page.getByRole("button", { name: "Open the MPTCP setup guide" }).click();
        await page.getByRole("button", { name: "Reverse path filter" }).click();
        await page.getByRole("dialog").getByRole("checkbox", { name: "mptcpgone", exact: true }).check();
        await page.getByRole("button", { name: "Review" }).click();
        await applyGuide();
        expect(onLab("cat", OUR_CONF)).toMatch(/^# was: net\.ipv4\.conf\.mptcpgone\.rp_filter = 1$/m);
        onLab("ip", "link", "del", "mptcpgone");

        const steps = await undo();
        expect(steps.find(s => s.text.includes("mptcpgone"))).toMatchObject({ status: "gone" });
        expect(steps.find(s => s.text.includes("mptcpgone"))?.text).toContain("mptcpgone no longer exists");
        expect(steps.filter(s => !s.text.includes("mptcpgone")).map(s => s.status)).toEqual(steps.slice(1).map(() => "done"));
        // everything else restored, and nothing left to apply at the next boot
        expect([exists(OUR_CONF), exists(OUR_SCRIPT)]).toEqual([false, false]);
        expect(sysctl("net.mptcp.enabled")).toBe("0");
        expect(limits()).toMatch(/add_addr_accepted 0 subflows 0/);
        expect(pageErrors).toEqual([]);
    });

    it("undo restores only what this page manages: a hand-edited \"# was:\" line runs nothing", async () => {
        await runGuide();
        await applyGuide();
        onLab("sysctl", "-qw", "net.ipv4.ip_forward=0");
        onLab("sh", "-c", 'printf "%s\\n" "# was: net.ipv4.ip_forward = 1" "# was: net.ipv4.conf.eth3.rp_filter = -a" "# was: net.ipv4.conf.*.rp_filter = 1" >> "$1"', "-", OUR_CONF);
        const before = rpValues();
        await page.getByRole("button", { name: "Undo what this page persisted" }).click();
        const ignored = page.locator(".mptcp-undo-ignored");
        await ignored.waitFor();
        expect(await ignored.innerText()).toContain("net.ipv4.ip_forward = 1");
        await page.getByRole("button", { name: "Cancel" }).click();
        await undo();
        expect(sysctl("net.ipv4.ip_forward")).toBe("0");
        const after = rpValues();
        // eth3 and every interface the guide did not touch keep their values
        for (const [iface, value] of Object.entries(before)) if (!["eth1", "eth4", "eth6", "all"].includes(iface)) expect(after[iface], iface).toBe(value);
        expect(exists(OUR_CONF)).toBe(false);
    });

    it("keeps the administrator's own lines in our file when the guide rewrites it", async () => {
        await runGuide();
        await applyGuide();
        onLab("sh", "-c", 'printf "%s\\n" "# mine: the VPN needs this" "net.ipv4.conf.eth5.rp_filter = 2" >> "$1"', "-", OUR_CONF);
        await page.getByRole("button", { name: "Open the MPTCP setup guide" }).click();
        await page.getByRole("button", { name: "Reverse path filter" }).click();
        await page.getByRole("dialog").getByRole("checkbox", { name: "eth3", exact: true }).check();
        await page.getByRole("button", { name: "Review" }).click();
        await applyGuide();
        const conf = onLab("cat", OUR_CONF);
        expect(conf).toContain("# mine: the VPN needs this\nnet.ipv4.conf.eth5.rp_filter = 2\n");
        expect(conf).toMatch(/^net\.ipv4\.conf\.eth3\.rp_filter = 2$/m);
        expect(conf).toMatch(/^# was: net\.mptcp\.enabled = 0$/m);
    });

    it("the wizard in its modal: one close button, and no empty strip beside it", async () => {
        await page.getByRole("button", { name: "Open the MPTCP setup guide" }).click();
        const dialog = page.getByRole("dialog", { name: "MPTCP setup guide" });
        await dialog.getByRole("button", { name: "Review" }).waitFor();
        await expect(dialog.getByRole("button", { name: "Close" }).count()).resolves.toBe(1);
        const box = await dialog.boundingBox();
        const wizard = await dialog.locator(".pf-v6-c-wizard").boundingBox();
        expect(Math.abs((box?.width ?? 0) - (wizard?.width ?? -100))).toBeLessThanOrEqual(2);
        expect(Math.abs((box?.height ?? 0) - (wizard?.height ?? -100))).toBeLessThanOrEqual(2);
        await page.keyboard.press("Escape");
        // closing is a change of the page's address (back to the table), which the page then follows
        await dialog.waitFor({ state: "detached", timeout: 10_000 });
    });

    it("promises endpoints only where NetworkManager will add them (not on eth2: no default route)", async () => {
        activatedWhileOff();
        onLab("nmcli", "--wait", "20", "connection", "up", "lab-noroute");
        const endpointsBefore = new Set(onLab("ip", "mptcp", "endpoint", "show").split("\n").map(l => /dev (\S+)/.exec(l)?.[1]).filter(Boolean));
        await runGuide();
        const promised = (await page.locator("[data-reapply]").getAttribute("data-reapply"))?.split(" ") ?? [];
        expect(promised).not.toContain("eth2");
        expect(promised).toContain("eth4");
        await applyGuide();
        await eventually(async () => onLab("ip", "mptcp", "endpoint", "show"), e => {
            for (const d of promised) expect(e).toMatch(new RegExp(` dev ${d} `));
        }, 10_000);
        const endpointsAfter = new Set(onLab("ip", "mptcp", "endpoint", "show").split("\n").map(l => /dev (\S+)/.exec(l)?.[1]).filter(Boolean));
        // exactly the promised devices gained endpoints
        expect(
            [...endpointsAfter].filter(d => !endpointsBefore.has(d)).sort()
        ).toEqual([...promised].filter(d => !endpointsBefore.has(d)).sort());
        expect(endpointsAfter.has("eth2")).toBe(false);
    });

    it("off (0) while all is 1: the commands shown are what is applied, and it says that every interface changes", async () => {
        await page.getByRole("button", { name: "Open the MPTCP setup guide" }).click();
        await page.getByRole("button", { name: "Reverse path filter" }).click();
        await page.getByLabel("Off (0)").check();
        const step = await page.locator(".mptcp-step-commands").last().innerText();
        expect(step).toContain("sysctl -w -- net.ipv4.conf.all.rp_filter=0");
        expect(await page.locator(".mptcp-rp-all").innerText()).toContain("net.ipv4.conf.all.rp_filter goes from 1 to 0");
        await page.getByRole("button", { name: "Review" }).click();
        const runtime = (await page.locator(".mptcp-runtime-changes li").allInnerTexts()).filter(t => t.includes("rp_filter"));
        // every rp_filter change of the review has its command in the step, and nothing else
        expect(step.trim().split("\n").map(c => /-- (\S+)=(\d)$/.exec(c)?.slice(1).join(" → ")).sort())
            .toEqual(runtime.map(t => t.replace(/: \d → /, " → ")).sort());
        await applyGuide();
        expect(sysctl("net.ipv4.conf.all.rp_filter")).toBe("0");
    });

    it("right after undo, the card never says ready from settings read before it", async () => {
        // MPTCP on and limits fine: only rp_filter keeps the host from being ready
        onLab("sysctl", "-qw", "net.mptcp.enabled=1", "net.ipv4.conf.eth1.rp_filter=0", "net.ipv4.conf.eth4.rp_filter=0", "net.ipv4.conf.eth6.rp_filter=0");
        onLab("ip", "mptcp", "limits", "set", "subflows", "8", "add_addr_accepted", "2");
        await page.reload();
        await eventually(readiness, r => expect(r).toBe("false"), 10_000);
        await runGuide();
        await applyGuide();
        await eventually(readiness, r => expect(r).toBe("true"), 10_000);
        await page.getByRole("button", { name: "Undo what this page persisted" }).click();
        await page.getByRole("dialog").getByRole("button", { name: "Undo", exact: true }).waitFor();
        await page.evaluate(`(() => {
            window.mptcpSeen = [];
            const record = () => window.mptcpSeen.push(document.querySelector(".mptcp-readiness [data-ready]")?.getAttribute("data-ready"));
            new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
        })()`);
        await page.getByRole("dialog").getByRole("button", { name: "Undo", exact: true }).click();
        await page.locator(".mptcp-undo-result").waitFor({ timeout: 20_000 });
        await page.getByRole("dialog").getByRole("button", { name: "Close" }).last().click();
        await eventually(readiness, r => expect(r).toBe("false"), 10_000);
        await page.waitForTimeout(1500);
        const seen = await page.evaluate("window.mptcpSeen") as string[];
        expect(seen).not.toContain("true");
        expect(await readiness()).toBe("false");
    });
});
