// Time to the table, and the bytes on the wire until then, of three pages in the same lab: this page, the
// raw floor (floor.ts) and Cockpit's own Networking page; on loopback and through an emulated remote link
// (remote-link.ts). Every sample opens the page in a fresh browser context (empty cache, new connections).

import type { Browser, Locator, Page } from "playwright-core";
import { performance } from "node:perf_hooks";

import { FLOOR_PACKAGE } from "./floor";
import type { RemoteLink } from "./remote-link";

export interface Subject {
    name: string;
    /** path under /cockpit/@localhost/ */
    path: string;
    /** what is visible once the interface table shows eth1 with its addresses */
    shown: (p: Page) => Locator;
}

export const SUBJECTS: Subject[] = [
    { name: "this page", path: "mptcp/index.html", shown: p => p.locator('tr[data-interface="eth1"] li[data-address]').first() },
    { name: "floor", path: `${FLOOR_PACKAGE}/index.html`, shown: p => p.locator("#floor-done") },
    // Cockpit 287's Networking page: a row per interface, the addresses in its second column
    { name: "Networking", path: "network/index.html", shown: p => p.locator('#networking-interfaces tr[data-interface="eth1"]', { hasText: "198.51.100.2" }) },
];

export interface Sample {
    ms: number;
    /** TCP payload both ways through the remote link until the table shows (0 on loopback), and of it: */
    bytes: number;
    down: number;
    /** the WebSocket's (Cockpit's bridge channel) */
    ws: number;
    /** the browser's own account of what it fetched by then (transferSize: headers and encoded body), by kind */
    kinds: Record<string, number>;
}

/** The bytes each kind of resource took, as the page's Resource Timing says (same origin: sizes are exposed). */
function fetched(p: Page): Promise<Record<string, number>> {
    return p.evaluate(() => {
        const kinds: Record<string, number> = {};
        for (const e of [...window.performance.getEntriesByType("navigation"), ...window.performance.getEntriesByType("resource")] as PerformanceResourceTiming[]) {
            const ext = /\.(js|css|html|woff2|json)(\?|$)/.exec(new URL(e.name).pathname)?.[1];
            const kind = ext === "woff2" ? "fonts" : ext === "json" ? "other" : ext ?? (e.entryType === "navigation" ? "html" : "other");
            kinds[kind] = (kinds[kind] ?? 0) + e.transferSize;
        }
        return kinds;
    });
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Opens one page in a fresh context through port, and returns the time and the bytes until the table shows. */
export async function sample(browser: Browser, port: number, subject: Subject, link: RemoteLink | null): Promise<Sample> {
    const context = await browser.newContext();
    try {
        const p = await context.newPage();
        link?.reset();
        const t0 = performance.now();
        await p.goto(`http://127.0.0.1:${port}/cockpit/@localhost/${subject.path}`, { waitUntil: "commit", timeout: 60_000 });
        await subject.shown(p).waitFor({ timeout: 60_000 });
        const ms = performance.now() - t0;
        const [bytes, down, ws] = link ? [link.down + link.up, link.down, link.wsDown + link.wsUp] : [0, 0, 0];
        return { ms, bytes, down, ws, kinds: await fetched(p) };
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

export function report(label: string, series: Series[], withBytes: boolean): { ours: number; floor: number; networking: number; bytes: number } {
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
