// The page as a citizen of Cockpit's shell, in the lab's real Cockpit: its addresses opened directly and
// left with the back button, the menu's status, the shell's dark style before the first paint and on the
// shell's switch, a right-to-left language, administrative access at load, and the manifest's conditions.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchBrowser } from "./browser";
import { BASE, PAGE, STATE, onLab } from "./lab";
import { eventually } from "./page";

let browser: Browser;
beforeAll(async () => {
    browser = await launchBrowser();
});
afterAll(() => browser?.close());

const FRAME = "cockpit1:localhost/mptcp";

/** The shell at `path` (with the page's address after #), once the page's app is up. */
async function shellAt(path: string, { width = 1400, locale = "en-US" } = {}): Promise<{ page: Page; frame: Frame }> {
    const page = await browser.newPage({ viewport: { width, height: 900 }, locale });
    await page.goto(`${BASE}${path}`);
    await page.frameLocator(`iframe[name="${FRAME}"]`).locator(".mptcp-tabs").waitFor({ timeout: 30_000 });
    const frame = page.frame({ name: FRAME });
    if (!frame) throw new Error("no page frame");
    return { page, frame };
}

const modalTitle = (frame: Frame) => frame.locator(".pf-v6-c-modal-box__title, .pf-v6-c-wizard__title").first().innerText({ timeout: 20_000 });
const modals = (frame: Frame) => frame.locator(".pf-v6-c-modal-box").count();
const selectedTab = (frame: Frame) => frame.locator('.mptcp-tabs [role="tab"][aria-selected="true"]').innerText();

describe("the page's addresses", () => {
    it("opens an interface's editor, a guide step and the Traffic view from their URLs, and the back button leaves each", async () => {
        const { page, frame } = await shellAt("/mptcp");
        try {
            await page.goto(`${BASE}/mptcp#/interface/eth2`);
            await expect(modalTitle(frame)).resolves.toContain("eth2");

            await page.goto(`${BASE}/mptcp#/setup/limits`);
            await frame.getByText("Subflow and accepted address limits").waitFor({ timeout: 20_000 });
            await expect(modalTitle(frame)).resolves.toBe("MPTCP setup guide");
            // the guide's steps change the address in place: back leaves the guide
            await frame.getByRole("button", { name: "Next" }).click();
            await eventually(async () => page.url(), url => expect(url).toBe(`${BASE}/mptcp#/setup/rp-filter`));
            await page.goBack();
            await eventually(() => modalTitle(frame), t => expect(t).toContain("eth2"));
            expect(page.url()).toBe(`${BASE}/mptcp#/interface/eth2`);
            await page.goBack();
            await eventually(() => modals(frame), n => expect(n).toBe(0));
            expect(page.url()).toBe(`${BASE}/mptcp`);

            await page.goto(`${BASE}/mptcp#/traffic`);
            await eventually(() => selectedTab(frame), t => expect(t).toBe("Traffic"));
            await page.goBack();
            await eventually(() => selectedTab(frame), t => expect(t).toBe("Interfaces"));
        } finally {
            await page.close();
        }
    });

    it("gives the editor an address when it opens from the table, and a fresh load of it opens the editor", async () => {
        const { page, frame } = await shellAt("/mptcp");
        try {
            await frame.getByRole("button", { name: "Edit eth1", exact: true }).click();
            await eventually(async () => page.url(), url => expect(url).toBe(`${BASE}/mptcp#/interface/eth1`));
            await frame.getByRole("button", { name: "Cancel" }).click();
            await eventually(async () => page.url(), url => expect(url).toBe(`${BASE}/mptcp`));
        } finally {
            await page.close();
        }
        const fresh = await shellAt("/mptcp#/interface/eth1");
        try {
            await expect(modalTitle(fresh.frame)).resolves.toContain("eth1");
        } finally {
            await fresh.page.close();
        }
    });

    it("sends the user to the Networking page of an interface", async () => {
        const { page, frame } = await shellAt("/mptcp");
        try {
            await frame.getByRole("button", { name: "Show eth1 on the Networking page" }).click();
            await eventually(async () => page.url(), url => expect(url).toBe(`${BASE}/network#/eth1`));
        } finally {
            await page.close();
        }
    });
});

describe("the shell's search", () => {
    it("finds the page by its keywords, and a keyword with its own view leads there", async () => {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        try {
            await page.goto(`${BASE}/system`);
            const search = page.locator("nav input").first();
            const found = async (term: string) => {
                await search.fill(term);
                return eventually(() => page.locator('nav a[href^="/mptcp"]').evaluateAll(as => as.map(a => a.getAttribute("href"))),
                    hrefs => expect(hrefs.length).toBe(1));
            };
            await expect(found("multipath")).resolves.toEqual(["/mptcp"]);
            await expect(found("mptcpize")).resolves.toEqual(["/mptcp"]);
            await expect(found("fallback")).resolves.toEqual(["/mptcp#traffic"]);
            await page.locator('nav a[href="/mptcp#traffic"]').click();
            await page.frameLocator(`iframe[name="${FRAME}"]`).locator(".mptcp-tabs").waitFor({ timeout: 30_000 });
            const frame = page.frame({ name: FRAME });
            if (!frame) throw new Error("no page frame");
            await eventually(() => selectedTab(frame), t => expect(t).toBe("Traffic"));
            await page.goto(`${BASE}/system`);
            await expect(found("rp_filter")).resolves.toEqual(["/mptcp#setup"]);
        } finally {
            await page.close();
        }
    });
});

/** The lab's limits, as `ip mptcp limits set` takes them. */
function limits(): [string, string] {
    const out = onLab("ip", "mptcp", "limits", "show"); // "add_addr_accepted 0 subflows 2" (no JSON from this ip)
    const value = (key: string) => new RegExp(`\\b${key} (\\d+)`).exec(out)?.[1] ?? "0";
    return [value("subflows"), value("add_addr_accepted")];
}
const setLimits = ([subflows, accepted]: [string, string]) =>
    onLab("ip", "mptcp", "limits", "set", "subflows", subflows, "add_addr_accepted", accepted);

const menuStatus = (page: Page) => page.evaluate(() =>
    (JSON.parse(sessionStorage.getItem("cockpit:page_status") ?? "{}") as Record<string, Record<string, { type?: string; title?: string } | null>>)
        .localhost?.mptcp ?? null);
const menuIcon = (page: Page) => page.locator('a[href="/mptcp"] .nav-item-status').count();

/** The lab's rp_filter values (all and each interface), to put back after a test changed them. */
function rpFilters(): [string, string][] {
    return onLab("sysctl", "-a", "-r", "^net\\.ipv4\\.conf\\.[^.]+\\.rp_filter$").trim().split("\n")
        .map(line => line.split(" = ") as [string, string]).filter(([key, value]) => key && value);
}
const setRpFilters = (values: [string, string][]) => onLab("sysctl", "-qw", ...values.map(([k, v]) => `${k}=${v}`));

describe("the shell's menu", () => {
    it("warns beside the MPTCP entry while MPTCP is configured and the host is not ready, and clears when it is", async () => {
        const before = limits();
        const rpBefore = rpFilters();
        setLimits(["2", "0"]); // accepts no announced address: the lab's endpoints announce theirs
        const { page } = await shellAt("/mptcp");
        try {
            await eventually(() => menuStatus(page), s => expect(s).toEqual({ type: "warning", title: expect.stringContaining("Announced addresses are ignored") }), 15_000);
            await eventually(() => menuIcon(page), n => expect(n).toBe(1));
            // ready: limits for every endpoint, and no strict reverse path filter anywhere
            setRpFilters(rpBefore.map(([key]) => [key, "2"]));
            setLimits(["8", "8"]);
            await eventually(() => menuStatus(page), s => expect(s).toBeNull(), 15_000);
            await eventually(() => menuIcon(page), n => expect(n).toBe(0));
        } finally {
            setLimits(before);
            setRpFilters(rpBefore);
            await page.close();
        }
    });

    it("shows the warning on another page too: the shell preloads this one for it", async () => {
        const before = limits();
        setLimits(["2", "0"]);
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        try {
            await page.goto(`${BASE}/system`);
            await eventually(() => menuIcon(page), n => expect(n).toBe(1), 30_000);
            expect(page.url()).toBe(`${BASE}/system`);
        } finally {
            setLimits(before);
            await page.close();
        }
    });

    it("lists the page only where NetworkManager and the kernel's MPTCP are (the manifest's conditions)", () => {
        // Cockpit's Python bridge honours manifest conditions; Debian 12's Cockpit 287 has the older C bridge,
        // which ignores them. So the check runs Debian's own newer bridge (bookworm-backports), unpacked.
        const bridge = pythonBridge();
        // the package under test, where the lab's bridge finds it (the build, or the installed package)
        const labPackages = onLab("sh", "-c", 'XDG_DATA_DIRS="$1/data:/usr/share" cockpit-bridge --packages', "-", STATE);
        const tested = /^mptcp\s+\S+\s+(\S+)$/m.exec(labPackages)?.[1];
        if (!tested) throw new Error(`the lab's bridge lists no mptcp package:\n${labPackages}`);
        const dir = mkdtempSync(join(tmpdir(), "mptcp-conditions-"));
        try {
            mkdirSync(join(dir, "cockpit"));
            symlinkSync(tested, join(dir, "cockpit", "mptcp"));
            const listed = (hide: string | null) => /^mptcp\s/m.test(onLab("unshare", "-m", "sh", "-c",
                'if [ -n "$1" ]; then mount -t tmpfs none "$1"; fi; XDG_DATA_DIRS="$2" PYTHONPATH="$3" exec python3 -m cockpit.bridge --packages',
                "-", hide ?? "", dir, bridge));
            expect(listed(null)).toBe(true);
            expect(listed("/proc/sys/net")).toBe(false); // a kernel without MPTCP
            expect(listed("/usr/sbin")).toBe(false); // no NetworkManager
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});

/**
 * Cockpit's Python bridge from Debian's bookworm-backports, unpacked (not installed) once into a cache:
 * its Python path. The download is checked against the archive's SHA-256.
 */
function pythonBridge(): string {
    const cache = "/tmp/mptcp-test-cockpit-bridge";
    const path = join(cache, "root/usr/lib/python3/dist-packages");
    if (existsSync(join(path, "cockpit/bridge.py"))) return path;
    const mirror = "http://deb.debian.org/debian";
    const index = execFileSync("sh", ["-c", 'curl -fsS --max-time 60 "$1" | xz -d', "-", `${mirror}/dists/bookworm-backports/main/binary-all/Packages.xz`],
        { encoding: "utf8", maxBuffer: 256 << 20 });
    const entry = index.split("\n\n").find(e => /^Package: cockpit-bridge$/m.test(e));
    const file = entry && /^Filename: (\S+)$/m.exec(entry)?.[1];
    const sha = entry && /^SHA256: (\S+)$/m.exec(entry)?.[1];
    if (!file || !sha) throw new Error("no cockpit-bridge in bookworm-backports");
    rmSync(cache, { recursive: true, force: true });
    mkdirSync(cache, { recursive: true });
    const deb = join(cache, "cockpit-bridge.deb");
    execFileSync("curl", ["-fsS", "--max-time", "120", "-o", deb, `${mirror}/${file}`]);
    const got = createHash("sha256").update(readFileSync(deb)).digest("hex");
    if (got !== sha) throw new Error(`${file}: SHA-256 ${got}, the archive says ${sha}`);
    execFileSync("dpkg-deb", ["-x", deb, join(cache, "root")]);
    return path;
}

describe("the shell's style", () => {
    it("is dark before the page is first drawn, and follows the shell's switch", async () => {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        try {
            await page.goto(`${BASE}/system`);
            await page.evaluate(() => localStorage.setItem("shell:style", "dark"));
            // when <body> arrives (before anything of the page can be painted), <html> is dark already
            await page.addInitScript(() => {
                const seen = new MutationObserver(() => {
                    if (!document.body) return;
                    (window as unknown as { darkAtBody: boolean }).darkAtBody = document.documentElement.classList.contains("pf-v6-theme-dark");
                    seen.disconnect();
                });
                seen.observe(document, { childList: true, subtree: true });
            });
            await page.goto(PAGE);
            await page.locator(".mptcp-tabs").waitFor({ timeout: 30_000 });
            await expect(
                page.evaluate(() => (window as unknown as { darkAtBody?: boolean }).darkAtBody)
            ).resolves.toBe(true);

            // the shell's Session menu → Style: the page in its frame follows without a reload
            await page.goto(`${BASE}/mptcp`);
            await page.frameLocator(`iframe[name="${FRAME}"]`).locator(".mptcp-tabs").waitFor({ timeout: 30_000 });
            const frame = page.frame({ name: FRAME });
            if (!frame) throw new Error("no page frame");
            await frame.evaluate(() => {
                (window as unknown as { sameLoad: boolean }).sameLoad = true;
            });
            const dark = () => frame.evaluate(() => document.documentElement.classList.contains("pf-v6-theme-dark"));
            await expect(dark()).resolves.toBe(true);
            const choose = async (style: "light" | "dark") => {
                if (!await page.locator(`#${style}`).isVisible()) await page.locator("#toggle-menu").click();
                await page.locator(`#${style}`).click();
            };
            await choose("light");
            await eventually(dark, d => expect(d).toBe(false));
            await choose("dark");
            await eventually(dark, d => expect(d).toBe(true));
            await expect(
                frame.evaluate(() => (window as unknown as { sameLoad?: boolean }).sameLoad)
            ).resolves.toBe(true);
        } finally {
            await page.close();
        }
    });
});

describe("a right-to-left language", () => {
    it("sets dir=rtl from the translation, and the layout holds", async () => {
        const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
        try {
            // a translation that says it is written right to left, as Cockpit's po files for Hebrew do
            await page.route("**/mptcp/po.js", route => route.fulfill({
                contentType: "text/javascript",
                body: 'cockpit.locale({ "": { "language": "he", "language-direction": "rtl" } });',
            }));
            await page.goto(PAGE);
            await page.locator(".mptcp-tabs").waitFor({ timeout: 30_000 });
            const layout = await page.evaluate(() => {
                const x = (sel: string) => document.querySelector(sel)?.getBoundingClientRect();
                const headers = [...document.querySelectorAll("table.mptcp-interfaces thead th")].map(th => th.getBoundingClientRect().left);
                return {
                    dir: document.documentElement.dir,
                    lang: document.documentElement.lang,
                    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                    headersRightToLeft: headers.every((left, i) => i === 0 || left < (headers[i - 1] ?? 0)),
                    heading: x(".mptcp-heading")?.right ?? 0,
                    width: document.documentElement.clientWidth,
                };
            });
            expect(layout.dir).toBe("rtl");
            expect(layout.lang).toBe("he");
            expect(layout.overflow).toBeLessThanOrEqual(0);
            expect(layout.headersRightToLeft).toBe(true);
            expect(layout.heading).toBeGreaterThan(layout.width * 0.9); // the heading starts at the right
            await page.screenshot({ path: "/tmp/mptcp-rtl.png" });
        } finally {
            await page.close();
        }
    });
});

describe("administrative access", () => {
    const NOTICE = "Read-only: changes need administrative access";
    /** Records whether the read-only notice was ever in the page, from its first node on. */
    async function watchNotice(page: Page) {
        await page.addInitScript(text => {
            const w = window as unknown as { noticeSeen: boolean };
            w.noticeSeen = false;
            new MutationObserver(() => {
                if (document.body?.textContent?.includes(text)) w.noticeSeen = true;
            }).observe(document, { childList: true, subtree: true, characterData: true });
        }, NOTICE);
    }

    it("shows no read-only notice while an administrator's session starts", async () => {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        try {
            await watchNotice(page);
            await page.goto(PAGE);
            await page.locator(".mptcp-tabs").waitFor({ timeout: 30_000 });
            await page.getByRole("button", { name: "Edit eth1", exact: true }).waitFor();
            await page.waitForTimeout(1000);
            await expect(
                page.evaluate(() => (window as unknown as { noticeSeen: boolean }).noticeSeen)
            ).resolves.toBe(false);
        } finally {
            await page.close();
        }
    });

    it("shows it to a session without administrative access", async () => {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        try {
            await watchNotice(page);
            await page.goto(PAGE.replace(BASE, BASE.replace(/:(\d+)$/, (_m, p: string) => `:${Number(p) + 1}`)));
            await page.getByText(NOTICE).waitFor({ timeout: 30_000 });
        } finally {
            await page.close();
        }
    });
});
