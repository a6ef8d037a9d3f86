// The page in German has no English: each view a user can reach (status, table, readiness card, the guide's
// steps, the editor and its preview, the export, import and automation dialogs, the Traffic tab with a live
// connection and a self-test), alone with the browser asking for German and inside the shell with the
// language chosen in the shell (Cockpit's CockpitLang cookie); and the shell's menu finds and names the page
// in German. "English" is any message of po/de.po whose German differs, as a whole phrase (placeholders
// match anything), and PatternFly's own English labels; code (commands, YAML) is left out.

import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { launchBrowser } from "./browser";
import { englishIn, englishPatterns, seenTexts, t } from "./english";
import { BASE, PAGE, PEER, labClient, peerServer } from "./lab";

let browser: Browser;
const patterns = englishPatterns();
beforeAll(async () => {
    browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** Fails with every English phrase the page shows now; `seen` German proves the walk saw the view at all. */
async function noEnglish(page: Page | Frame, seen: string): Promise<void> {
    // the view is there (a dialog's code loads when it first opens)
    await page.getByText(seen).filter({ visible: true }).first().waitFor({ timeout: 20_000 });
    // and the walk sees it
    expect((await seenTexts(page)).some(x => x.text.includes(seen)), `the walk sees "${seen}"`).toBe(true);
    expect(await englishIn(page, patterns)).toEqual([]);
}

const fill = (template: string, ...args: string[]) => template.replace(/\$(\d+)/g, (_m, i: string) => args[Number(i)] ?? "");

describe("the page alone, for a browser that asks for German", () => {
    let page: Page;
    beforeAll(async () => {
        page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: "de-DE" });
        await page.goto(PAGE);
        await page.locator(".mptcp-tabs").waitFor({ timeout: 30_000 });
        // the readiness verdicts are in (not "checking")
        await page.locator(".mptcp-readiness [data-ready]").waitFor({ timeout: 20_000 });
    }, 60_000);
    afterAll(() => page?.close());
    // a view that failed leaves no dialog over the next one
    afterEach(async () => {
        for (let i = 0; i < 3 && await page.getByRole("dialog").count(); i++) await page.keyboard.press("Escape");
    });

    it("has a German title, and says the document is German", async () => {
        expect(t("MultiPath TCP (MPTCP)")).not.toBe("MultiPath TCP (MPTCP)");
        await expect(page.title()).resolves.toBe(t("MultiPath TCP (MPTCP)"));
        await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe("de");
    });

    it("shows the status, the readiness card and the table in German", async () => {
        await noEnglish(page, t("Configured MPTCP flags"));
        await noEnglish(page, t("Kernel support"));
    });

    it("walks the setup guide's steps and review in German", async () => {
        await page.getByRole("button", { name: t("Open the MPTCP setup guide") }).click();
        const guide = page.getByRole("dialog");
        for (const step of ["MPTCP switch", "Limits", "Reverse path filter", "Review"]) {
            await guide.getByRole("button", { name: t(step), exact: true }).first().click();
            await noEnglish(page, t(step));
        }
        await page.locator(".mptcp-guide-review").waitFor();
        await noEnglish(page, t("Runtime values"));
        await guide.getByRole("button", { name: t("Cancel"), exact: true }).click();
        await guide.waitFor({ state: "hidden" });
    });

    it("shows the editor, its advanced settings and its preview in German", async () => {
        await page.getByRole("button", { name: fill(t("Edit $0"), "eth1") }).click();
        const dialog = page.getByRole("dialog");
        await noEnglish(page, t("Address flags"));
        await dialog.getByRole("button", { name: t("Advanced") }).click();
        await noEnglish(page, t("Also without default route"));
        await dialog.getByRole("button", { name: t("Preview changes") }).click();
        await dialog.getByRole("button", { name: t("Back"), exact: true }).waitFor({ timeout: 20_000 });
        await noEnglish(page, t("Apply"));
        await dialog.getByRole("button", { name: t("Cancel"), exact: true }).click();
        await dialog.waitFor({ state: "hidden" });
    });

    it("shows the export dialog, both shapes, in German", async () => {
        await page.getByRole("button", { name: t("Show as nmstate YAML") }).click();
        const dialog = page.getByRole("dialog");
        await noEnglish(page, t("Desired state, for other hosts"));
        await dialog.getByRole("button", { name: t("This host's state, a report") }).click();
        await noEnglish(page, t("This host's state, a report"));
        await page.keyboard.press("Escape");
        await dialog.waitFor({ state: "hidden" });
    });

    it("shows the import dialog and its errors in German", async () => {
        await page.getByRole("button", { name: t("Import nmstate YAML") }).click();
        const dialog = page.getByRole("dialog");
        await noEnglish(page, t("Preview changes"));
        await dialog.locator("textarea").fill("interfaces:\n- name: eth1\n  mptcp:\n    address-flags: [signal, fullmesh, nonsense]\n- name: nosuch0\n  type: ethernet\n");
        await dialog.locator(".mptcp-import-errors").waitFor({ timeout: 10_000 });
        await noEnglish(page, t("Nothing can be applied"));
        await page.keyboard.press("Escape");
        await dialog.waitFor({ state: "hidden" });
    });

    it("shows the automation script, each tab, in German", async () => {
        await page.getByRole("button", { name: t("View automation script") }).click();
        const dialog = page.getByRole("dialog");
        for (const tab of ["Ansible", "kubernetes-nmstate", "Shell script"]) {
            await dialog.getByRole("tab", { name: t(tab) }).click();
            await noEnglish(page, t("What another host gets, as this host has it:"));
        }
        await page.keyboard.press("Escape");
        await dialog.waitFor({ state: "hidden" });
    });

    it("shows the Traffic tab, a live MPTCP connection and a self-test in German", async () => {
        await peerServer(7311, { seconds: 40 });
        labClient(7311, 30);
        await page.getByRole("tab", { name: t("Traffic") }).click();
        const connection = page.locator(`tr[data-connection]`).filter({ hasText: ":7311" }).first();
        await connection.waitFor({ timeout: 20_000 });
        // its subflows, where a row opens to show them
        const expand = connection.locator("button[aria-expanded=false]");
        if (await expand.count()) await expand.first().click();
        await noEnglish(page, t("Counters"));
        await page.locator("#mptcp-selftest-host").fill(PEER);
        await page.locator("#mptcp-selftest-port").fill("7311");
        await page.getByRole("button", { name: t("Test"), exact: true }).click();
        await page.locator(".mptcp-selftest-result").waitFor({ timeout: 20_000 });
        await noEnglish(page, t("Test MPTCP to a server"));
    });
});

describe("inside the shell, with German chosen in the shell", () => {
    let page: Page;
    beforeAll(async () => {
        // the browser asks for English: the shell's language setting (its cookie) is what makes it German
        const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: "en-US" });
        await context.addCookies([{ name: "CockpitLang", value: "de", url: BASE }]);
        page = await context.newPage();
        await page.goto(`${BASE}/mptcp`);
        await page.frameLocator('iframe[name="cockpit1:localhost/mptcp"]').locator(".mptcp-tabs").waitFor({ timeout: 30_000 });
    }, 60_000);
    afterAll(() => page?.context().close());

    it("serves the manifest's translations as po.manifest.de.js, from its .gz", async () => {
        const response = await fetch(`${BASE}/cockpit/@localhost/mptcp/po.manifest.de.js`, { headers: { "Accept-Encoding": "gzip" } });
        expect(response.headers.get("content-encoding")).toBe("gzip");
        const text = await response.text();
        expect(text).toContain(`"multipath": [null,${JSON.stringify(t("multipath"))}]`);
        expect(text).not.toContain(JSON.stringify(t("Interfaces")));
    });

    it("names the page in the menu and the window title with the manifest's German label", async () => {
        const label = t("MPTCP");
        await expect(page.locator('a[href="/mptcp"]').first().innerText()).resolves.toContain(label);
        await expect(page.title()).resolves.toMatch(new RegExp(`^${label} - `));
    });

    it("finds the page by its German keyword, which the English ones do not contain", async () => {
        const german = t("multipath");
        expect(german).not.toContain("multipath");
        const search = page.locator(".search input").first();
        // a part of the German keyword (the shell looks for substrings of at least 3 letters)
        await search.fill(german.slice(0, 6));
        const entry = page.locator('a[href="/mptcp"]').first();
        await entry.waitFor({ timeout: 10_000 });
        await expect(entry.innerText()).resolves.toContain(t("MPTCP"));
        // and only by the translation: an English part that no keyword has finds nothing
        await search.fill("zzqx");
        await entry.waitFor({ state: "detached", timeout: 10_000 });
        await search.fill("");
    });

    it("shows the page inside the shell in German", async () => {
        const frame = page.frame({ name: "cockpit1:localhost/mptcp" });
        if (!frame) throw new Error("no page frame");
        await frame.locator(".mptcp-readiness [data-ready]").waitFor({ timeout: 20_000 });
        await noEnglish(frame, t("Configured MPTCP flags"));
        await expect(frame.title()).resolves.toBe(t("MultiPath TCP (MPTCP)"));
    });
});
