// The page as a Cockpit user reaches it: in the shell's menu at /mptcp, and in their language.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchBrowser } from "./browser";
import { BASE } from "./lab";
import { openPage, readTable } from "./page";

let browser: Browser;
beforeAll(async () => {
    browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("inside the Cockpit shell", () => {
    it("has a menu entry next to the system pages and shows the page at /mptcp", async () => {
        const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        await page.goto(`${BASE}/mptcp`);
        const frame = page.frameLocator('iframe[name="cockpit1:localhost/mptcp"]');
        await frame.locator('tr[data-interface="eth1"]').waitFor({ timeout: 20_000 });
        await frame.locator(".mptcp-tabs").waitFor({ timeout: 20_000 });
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

/** The page inside the shell (its iframe), as a user sees it at this width and in this language. */
async function shellPage(width: number, locale: string) {
    const page = await browser.newPage({ viewport: { width, height: 900 }, locale });
    await page.goto(`${BASE}/mptcp`);
    await page.frameLocator('iframe[name="cockpit1:localhost/mptcp"]').locator('tr[data-interface="eth1"] li[data-address]').first()
        .waitFor({ timeout: 20_000 });
    await page.frameLocator('iframe[name="cockpit1:localhost/mptcp"]').locator(".mptcp-tabs").waitFor({ timeout: 20_000 });
    const frame = page.frame({ name: "cockpit1:localhost/mptcp" });
    if (!frame) throw new Error("no page frame");
    return { page, frame };
}

describe("the interface table's layout in the shell", () => {
    for (const locale of ["en-US", "de-DE"]) {
        it(`cuts no column header short at 1440 px (${locale})`, async () => {
            const { page, frame } = await shellPage(1440, locale);
            try {
                const headers = await frame.evaluate(() =>
                    [...document.querySelectorAll<HTMLElement>("table.mptcp-interfaces thead th")]
                        .filter(th => th.innerText.trim() !== "")
                        .map(th => {
                            // the header's text, in a PatternFly text wrapper where there is one
                            const text = th.querySelector<HTMLElement>(".pf-v6-c-table__text, .pf-v6-c-table__button-content") ?? th;
                            return { text: th.innerText.trim(), scroll: text.scrollWidth, client: text.clientWidth };
                        }));
                expect(headers.length).toBeGreaterThanOrEqual(6);
                for (const h of headers) expect(h.scroll, `${h.text}: ${h.scroll} > ${h.client}`).toBeLessThanOrEqual(h.client);
                // what was cut short before: "Configured M…", "Schnittste…"
                expect(headers.map(h => h.text)).toContain(locale === "de-DE" ? "Schnittstelle" : "Configured MPTCP flags");
            } finally {
                await page.close();
            }
        });
    }

    it("at 400 px, breaks no address with its prefix across lines, and fits each in its cell", async () => {
        const { page, frame } = await shellPage(400, "en-US");
        try {
            const addresses = await frame.evaluate(() =>
                [...document.querySelectorAll<HTMLElement>("table.mptcp-interfaces .mptcp-address")].map(el => {
                    const range = document.createRange();
                    range.selectNodeContents(el);
                    // one line box per line the text occupies
                    const lines = new Set(
                        [...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))
                    );
                    const cell = el.closest("td")?.getBoundingClientRect();
                    const text = range.getBoundingClientRect();
                    return { address: el.textContent ?? "", lines: lines.size, inside: !!cell && text.left >= cell.left - 1 && text.right <= cell.right + 1 };
                }));
            expect(addresses.map(a => a.address)).toContain("198.51.100.2/24");
            expect(addresses.some(a => a.address.startsWith("fe80:"))).toBe(true);
            for (const a of addresses) expect(a, a.address).toMatchObject({ lines: 1, inside: true });
            // the narrow layout: each cell under its label, not a table 400 px wide
            expect(await frame.locator("table.mptcp-interfaces thead").isVisible()).toBe(false);
        } finally {
            await page.close();
        }
    });
});
