// The page as a Cockpit user reaches it: in the shell's menu at /mptcp, and in their language.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchBrowser } from "./browser";
import { BASE } from "./lab";
import { openPage, readTable } from "./page";

let browser: Browser;
beforeAll(async () => { browser = await launchBrowser() });
afterAll(() => browser?.close());

describe("inside the Cockpit shell", () => {
    it("has a menu entry next to the system pages and shows the page at /mptcp", async () => {
        const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        await page.goto(`${BASE}/mptcp`);
        const frame = page.frameLocator('iframe[name="cockpit1:localhost/mptcp"]');
        await frame.locator('tr[data-interface="eth1"]').waitFor({ timeout: 20_000 });
        await expect(page.locator('a[href="/mptcp"]').first().innerText()).resolves.toContain("MPTCP");
        const inner = page.frame({ name: "cockpit1:localhost/mptcp" });
        if (!inner) throw new Error("no page frame");
        const seen = await readTable(inner);
        expect(seen.eth1.profile).toBe("lab-multi");
    });
});

describe("translations", () => {
    it("shows the page in German when the browser asks for it", async () => {
        const { browser: de, page } = await openPage("de-DE");
        try {
            await expect(page.getByRole("tab", { name: "Schnittstellen" }).count()).resolves.toBe(1);
            const seen = await readTable(page);
            expect(seen.eth2.addresses["203.0.113.2"].text).toContain("Keine IPv4-Standardroute auf diesem Gerät");
        } finally {
            await de.close();
        }
    });
});
