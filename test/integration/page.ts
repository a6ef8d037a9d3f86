// Opening the page and reading what a user sees, as data to compare with the host's own answers.

import type { Browser, Frame, Page } from "playwright-core";

import { launchBrowser } from "./browser";
import { PAGE } from "./lab";

export interface SeenAddress { flags: string | null; reason: string | null; text: string }
export type SeenTable = Record<string, { profile: string; flags: string; addresses: Record<string, SeenAddress> }>;

export async function openPage(locale = "en-US"): Promise<{ browser: Browser; page: Page }> {
    const browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale });
    const errors: string[] = [];
    page.on("pageerror", e => errors.push(String(e)));
    await page.goto(PAGE);
    await page.locator('tr[data-interface="eth1"]').waitFor({ timeout: 20_000 });
    // the first view shows the table before the app has loaded: wait for the app, which replaces it
    await page.locator(".mptcp-tabs").waitFor({ timeout: 20_000 });
    if (errors.length) throw new Error(`page errors: ${errors.join("; ")}`);
    return { browser, page };
}

/** Every row of the interface table, read in one go. */
export function readTable(page: Page | Frame): Promise<SeenTable> {
    return page.evaluate(() => {
        const table: SeenTable = {};
        for (const tr of document.querySelectorAll<HTMLElement>("tr[data-interface]")) {
            const addresses: SeenTable[string]["addresses"] = {};
            for (const li of tr.querySelectorAll<HTMLElement>("li[data-address]")) {
                addresses[li.dataset.address ?? ""] = {
                    flags: li.querySelector<HTMLElement>("[data-flags]")?.dataset.flags ?? null,
                    reason: li.querySelector<HTMLElement>("[data-reason]")?.dataset.reason ?? null,
                    text: li.textContent ?? "",
                };
            }
            table[tr.dataset.interface ?? ""] = {
                profile: tr.querySelector(".mptcp-profile")?.textContent ?? "",
                flags: tr.querySelector(".mptcp-flags")?.textContent ?? "",
                addresses,
            };
        }
        return table;
    });
}

/** Polls the page until check passes (the page follows host changes on its own), or fails with the last error. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => void, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await read();
        try {
            check(value);
            return value;
        } catch (e) {
            if (Date.now() > deadline) throw e;
        }
        await new Promise(r => setTimeout(r, 100));
    }
}
