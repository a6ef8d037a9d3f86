// The page on a host with a thousand extra interfaces (test/lab/scale-lab.ts), against the raw floor on the
// same host, in one run: time to the table (fresh contexts, interleaved); an address added from outside,
// from `ip address add` returning until it shows; what an idle page costs; and the JS heap over minutes of
// changes (npm run bench -- --heap-minutes N; 10 by default).

import { cpus, loadavg } from "node:os";

import type { Browser, Page } from "playwright-core";

import { startScaleLab, type ScaleLab } from "../lab/scale-lab";
import { writeFloor } from "./floor";
import { SUBJECTS, median, sample, verdict } from "./page-load";

const PORT = 9197; // and 9198: clear of the bench's main lab (9195, 9196)
const STATE = "/tmp/mptcp-lab-bench-scale";
/** on the table's first page (eth*, ethv*, lo, then ve0, ve1, ...): its rows are re-rendered on a change */
const DEVICE = "ve3";

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const loadLine = () => `${loadavg().map(n => n.toFixed(2)).join(", ")} (${cpus().length} cores)`;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Until NetworkManager has a device for every interface and the count holds still for 3 s. */
async function settle(lab: ScaleLab): Promise<number> {
    let last = -1, since = Date.now();
    for (;;) {
        const n = lab.onLab("nmcli", "-t", "-f", "DEVICE", "device").split("\n").filter(Boolean).length;
        if (n !== last) [last, since] = [n, Date.now()];
        if (n >= 1000 && Date.now() - since >= 3000) return n;
        await sleep(500);
    }
}

/** The time (ms since the epoch) of the first frame in which li[data-address=address] is in (or out of) the page.
 *  (A script as text: tsx would name the inner functions with a helper the page does not have.) */
function whenAddress(page: Page, address: string, present: boolean): Promise<number> {
    return page.evaluate(`new Promise(resolve => {
        const there = () => document.querySelector('li[data-address="${address}"]') !== null;
        const done = () => requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now()));
        if (there() === ${present}) return done();
        const observer = new MutationObserver(() => {
            if (there() !== ${present}) return;
            observer.disconnect();
            done();
        });
        observer.observe(document, { childList: true, subtree: true });
    })`);
}

async function metrics(page: Page): Promise<{ cdp: Awaited<ReturnType<ReturnType<Page["context"]>["newCDPSession"]>>; get: (name: string) => Promise<number> }> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    return { cdp, get: async name => (await cdp.send("Performance.getMetrics")).metrics.find(m => m.name === name)?.value ?? 0 };
}

export async function scaleBench(browser: Browser): Promise<void> {
    const heapArg = process.argv.indexOf("--heap-minutes");
    const heapMinutes = heapArg > 0 ? Number(process.argv[heapArg + 1]) : 10;
    const lab = startScaleLab(PORT, STATE, writeFloor);
    try {
        const devices = await settle(lab);
        console.log(`scale: 1,000 veth pairs (980 unmanaged, 20 managed) with 4 addresses each, made in ${lab.madeInMs} ms; NetworkManager has ${devices} devices`);
        console.log(`scale: load average at the start: ${loadLine()}`);
        const [ours, floor] = SUBJECTS;
        // one open of each first, as in the page-load part
        for (const s of [ours, floor]) await sample(browser, PORT, s, null);
        const times = { ours: [] as number[], floor: [] as number[], app: [] as number[] };
        for (let r = 0; r < 5; r++) {
            const a = await sample(browser, PORT, ours, null, { app: ".mptcp-tabs" });
            times.ours.push(a.ms);
            if (a.appMs !== undefined) times.app.push(a.appMs);
            times.floor.push((await sample(browser, PORT, floor, null)).ms);
        }
        const [o, f, app] = [median(times.ours), median(times.floor), median(times.app)];
        console.log(`scale: time to the table, median (min–max) of 5 fresh contexts each`);
        console.log(`  this page   ${sec(o)} (${sec(Math.min(...times.ours))}–${sec(Math.max(...times.ours))}): its first page of rows; the app in place ${sec(app)}`);
        console.log(`  floor       ${sec(f)} (${sec(Math.min(...times.floor))}–${sec(Math.max(...times.floor))}): every row at once`);
        verdict("scale: the table ≤ 1.5× the floor", `${(o / f).toFixed(2)}×`, o <= 1.5 * f);

        const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        await page.goto(lab.page);
        await page.locator(".mptcp-tabs").waitFor({ timeout: 120_000 });
        await page.locator(`tr[data-interface="${DEVICE}"]`).waitFor({ timeout: 60_000 });
        await sleep(2000);

        // an address added from outside: from `ip address add` returning until the frame that shows it
        const shows: number[] = [];
        for (let k = 1; k <= 9; k++) {
            const address = `10.250.${k}.3`;
            const shown = whenAddress(page, address, true);
            lab.onLab("ip", "address", "add", `${address}/24`, "dev", DEVICE);
            const added = Date.now();
            shows.push(await shown - added);
            const gone = whenAddress(page, address, false);
            lab.onLab("ip", "address", "del", `${address}/24`, "dev", DEVICE);
            await gone;
            await sleep(1000);
        }
        const show = median(shows);
        console.log(`scale: an address added with \`ip address add\` shows, median of ${shows.length}: ${show.toFixed(0)} ms (min ${Math.min(...shows).toFixed(0)}, max ${Math.max(...shows).toFixed(0)})`);
        verdict("scale: an added address shows ≤ 300 ms after the kernel reports it", `${show.toFixed(0)} ms`, show <= 300);

        // idle: nothing changes on the host for 10 s
        const m = await metrics(page);
        await sleep(2000);
        const [task0, t0] = [await m.get("TaskDuration"), Date.now()];
        await sleep(10_000);
        const idle = 100 * (await m.get("TaskDuration") - task0) * 1000 / (Date.now() - t0);
        console.log(`scale: an idle page for 10 s: its main thread busy ${idle.toFixed(2)} % of a core`);
        verdict("scale: an idle page costs < 2 % of a core", `${idle.toFixed(2)} %`, idle < 2);

        // the heap over minutes of changes: an address added or
        // removed every 2 s; after a garbage collection each minute
        const heap: number[] = [];
        const gcHeap = async () => {
            await m.cdp.send("HeapProfiler.collectGarbage");
            return m.get("JSHeapUsedSize");
        };
        heap.push(await gcHeap());
        let on = false;
        for (let minute = 1; minute <= heapMinutes; minute++) {
            for (let s = 0; s < 30; s++) {
                lab.onLab("ip", "address", on ? "del" : "add", "10.251.0.3/24", "dev", DEVICE);
                on = !on;
                await sleep(2000);
            }
            heap.push(await gcHeap());
        }
        const mb = (n: number) => (n / 1e6).toFixed(1);
        console.log(`scale: JS heap after garbage collection, each minute of ${heapMinutes} with a change every 2 s (MB): ${heap.map(mb).join(", ")}`);
        // bounded: the last minutes hold no more than the first ones, give or take 2 MB
        const first = Math.max(...heap.slice(1, 3)), last = Math.max(...heap.slice(-2));
        verdict(`scale: the JS heap stays bounded over ${heapMinutes} minutes`, `${mb(heap[1] ?? heap[0])} MB after the first minute, ${mb(heap.at(-1) ?? 0)} MB at the end`, last <= first + 2e6);
        await page.close();
    } finally {
        console.log(`scale: load average at the end: ${loadLine()}`);
        lab.stop();
    }
}
