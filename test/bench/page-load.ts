// Time to the table, and the bytes on the wire until then, of three pages in the same lab: this page, the
// raw floor (floor.ts) and Cockpit's own Networking page; on loopback and through an emulated remote link
// (remote-link.ts). Every sample opens the page in a fresh browser context (empty cache, new connections).

import type { Browser, Locator, Page } from "playwright-core";

import { FLOOR_PACKAGE } from "./floor";
import type { RemoteLink } from "./remote-link";

export interface Subject {
    name: string;
    /** path under /cockpit/@localhost/ */
    path: string;
    /** what is there once the interface table shows eth1 with its addresses: an element, and a text it holds */
    shown: { selector: string; text?: string };
}

export const SUBJECTS: Subject[] = [
    { name: "this page", path: "mptcp/index.html", shown: { selector: 'tr[data-interface="eth1"] li[data-address]' } },
    { name: "floor", path: `${FLOOR_PACKAGE}/index.html`, shown: { selector: "#floor-done" } },
    // Cockpit 287's Networking page: a row per interface, the addresses in its second column
    { name: "Networking", path: "network/index.html", shown: { selector: '#networking-interfaces tr[data-interface="eth1"]', text: "198.51.100.2" } },
];

const shownLocator = (p: Page, { selector, text }: Subject["shown"]): Locator =>
    p.locator(selector, text ? { hasText: text } : {}).first();

/**
 * Runs in the page before its own scripts: notes the time (ms since the epoch) of the first frame after the
 * table is in the document. Playwright notices an element by polling, at growing intervals (up to 500 ms
 * apart), which would add a page-dependent delay; the page itself knows to the frame.
 */
const noteShown = ({ selector, text }: Subject["shown"], app: string | null) => `(() => {
    const selector = ${JSON.stringify(selector)}, text = ${JSON.stringify(text ?? "")}, app = ${JSON.stringify(app)};
    const there = () => [...document.querySelectorAll(selector)].some(e => e.textContent.includes(text));
    const now = () => performance.timeOrigin + performance.now();
    const observer = new MutationObserver(() => {
        if (!window.__tableShown && there()) {
            window.__tableShown = true;
            requestAnimationFrame(() => { window.__tableShownAt = now() });
        }
        if (app && !window.__appShown && document.querySelector(app)) {
            window.__appShown = true;
            requestAnimationFrame(() => { window.__appShownAt = now() });
        }
        if (window.__tableShown && (!app || window.__appShown)) observer.disconnect();
    });
    observer.observe(document, { childList: true, subtree: true, characterData: true });
})();`;

export interface Sample {
    ms: number;
    /** until the element asked for as `app` was there (this page: the app in place of its first view) */
    appMs?: number;
    /** TCP payload both ways through the remote link until the table shows (0 on loopback), and of it: */
    bytes: number;
    down: number;
    /** the WebSocket's (Cockpit's bridge channel) */
    ws: number;
    /** the browser's own account of what it fetched by then (transferSize: headers and encoded body), by kind */
    kinds: Record<string, number>;
}

/** The bytes each kind of resource took, of those complete by a moment (ms since the epoch), as the page's
 *  Resource Timing says (same origin: sizes are exposed). */
function fetched(p: Page, by: number): Promise<Record<string, number>> {
    return p.evaluate(by => {
        const kinds: Record<string, number> = {};
        const entries = [...window.performance.getEntriesByType("navigation"), ...window.performance.getEntriesByType("resource")] as PerformanceResourceTiming[];
        for (const e of entries.filter(e => window.performance.timeOrigin + e.responseEnd <= by)) {
            const ext = /\.(js|css|html|woff2|json)(\?|$)/.exec(new URL(e.name).pathname)?.[1];
            const kind = ext === "woff2" ? "fonts" : ext === "json" ? "other" : ext ?? (e.entryType === "navigation" ? "html" : "other");
            kinds[kind] = (kinds[kind] ?? 0) + e.transferSize;
        }
        return kinds;
    }, by);
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Opens one page in a fresh context through port, and returns the time and the bytes until the table shows. */
export async function sample(
    browser: Browser, port: number, subject: Subject, link: RemoteLink | null, { app }: { app?: string } = {}
): Promise<Sample> {
    const context = await browser.newContext();
    try {
        const p = await context.newPage();
        await p.addInitScript({ content: noteShown(subject.shown, app ?? null) });
        link?.reset();
        const t0 = Date.now();
        await p.goto(`http://127.0.0.1:${port}/cockpit/@localhost/${subject.path}`, { waitUntil: "commit", timeout: 60_000 });
        await shownLocator(p, subject.shown).waitFor({ timeout: 60_000 });
        const shownAt = await p.evaluate(
            () => (window as unknown as { __tableShownAt?: number }).__tableShownAt ?? null
        );
        if (shownAt === null) throw new Error(`${subject.name}: the page did not note when its table showed`);
        const ms = shownAt - t0;
        const at = link?.countsAt(shownAt);
        const [bytes, down, ws] = at ? [at.down + at.up, at.down, at.ws] : [0, 0, 0];
        let appMs: number | undefined;
        if (app) {
            await p.locator(app).waitFor({ timeout: 120_000 });
            await p.waitForFunction(() => (window as unknown as { __appShownAt?: number }).__appShownAt !== undefined);
            appMs = await p.evaluate(() => (window as unknown as { __appShownAt: number }).__appShownAt) - t0;
        }
        return { ms, bytes, down, ws, ...(appMs !== undefined ? { appMs } : {}), kinds: await fetched(p, shownAt) };
    } finally {
        await context.close();
        // let the closed connections' last frames pass before the next sample's counters start
        await sleep(300);
    }
}

export const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export interface Series { subject: Subject; samples: Sample[] }

/** n rounds, each opening every subject once (interleaved, so drift in the machine's load hits all alike). */
export async function measure(browser: Browser, port: number, link: RemoteLink | null, n: number): Promise<Series[]> {
    const series = SUBJECTS.map(subject => ({ subject, samples: [] as Sample[] }));
    for (let r = 0; r < n; r++) {
        for (const s of series) s.samples.push(await sample(browser, port, s.subject, link));
    }
    return series;
}

const kB = (n: number) => `${(n / 1000).toFixed(0)} kB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function report(label: string, series: Series[], withBytes: boolean): {
    ours: number; floor: number; networking: number; bytes: number
} {
    console.log(`page load, ${label}: time to the table, median (min–max) of ${series[0].samples.length} fresh contexts${withBytes ? "; bytes on the wire until then (both ways; down)" : ""}`);
    for (const { subject, samples } of series) {
        const ms = samples.map(s => s.ms);
        const bytes = withBytes ? `   ${kB(median(samples.map(s => s.bytes))).padStart(7)} (${kB(median(samples.map(s => s.down)))} down)` : "";
        console.log(`  ${subject.name.padEnd(11)} ${sec(median(ms)).padStart(7)} (${sec(Math.min(...ms))}–${sec(Math.max(...ms))})${bytes}`);
    }
    if (withBytes) {
        console.log("  of which (median): WebSocket as counted by the link; HTTP as the browser counts it (transferSize)");
        for (const { subject, samples } of series) {
            const kinds = [...new Set(samples.flatMap(s => Object.keys(s.kinds)))].sort();
            const parts = kinds.map(k => `${k} ${kB(median(samples.map(s => s.kinds[k] ?? 0)))}`);
            console.log(`  ${subject.name.padEnd(11)} WebSocket ${kB(median(samples.map(s => s.ws)))}; ${parts.join(", ")}`);
        }
    }
    const [ours, floor, networking] = series.map(s => median(s.samples.map(x => x.ms)));
    return { ours, floor, networking, bytes: median(series[0].samples.map(s => s.bytes)) };
}

export function verdict(what: string, value: string, ok: boolean): void {
    console.log(`  ${ok ? "PASS" : "FAIL"}  ${what}: ${value}`);
}
