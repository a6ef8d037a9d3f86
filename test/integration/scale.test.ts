// A host with a thousand extra interfaces, as a container host has: veth pairs with two IPv4 and two IPv6
// addresses each, most of them unmanaged by NetworkManager, a few managed (NetworkManager generates
// profiles for those, configured outside it). The table shows one page of them, finds one by filter, and
// follows an address added by hand. Timings go to the console: the speed goals live in the bench.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { MANAGED, UNMANAGED, startScaleLab, type ScaleLab } from "../lab/scale-lab";
import { launchBrowser } from "./browser";
import { PORT } from "./lab";
import { eventually, readTable } from "./page";

// Clear of the suite's lab (PORT, PORT + 1) and the install test's (PORT + 10).
const port = PORT + 20;
const state = `${process.env.MPTCP_TEST_STATE ?? "/tmp/mptcp-lab-test"}-scale`;

let lab: ScaleLab;
let browser: Browser;
let page: Page;

const log = (what: string) => console.log(`scale: ${what}`);
const rows = () => page.evaluate(() => [...document.querySelectorAll<HTMLElement>("tr[data-interface]")].map(tr => tr.dataset.interface ?? ""));

beforeAll(async () => {
    lab = startScaleLab(port, state);
    log(`${UNMANAGED + MANAGED} veth pairs with 4 addresses each made in ${lab.madeInMs} ms`);

    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on("pageerror", e => errors.push(String(e)));
    const t0 = Date.now();
    await page.goto(lab.page);
    await page.locator("tr[data-interface]").first().waitFor({ timeout: 100_000 });
    log(`the table shows ${(await rows()).length} rows after ${Date.now() - t0} ms`);
    await page.locator(".mptcp-tabs").waitFor({ timeout: 100_000 });
    log(`the app replaced the first view after ${Date.now() - t0} ms`);
    if (errors.length) throw new Error(`page errors: ${errors.join("; ")}`);
}, 150_000);

afterAll(async () => {
    await browser?.close();
    lab?.stop();
}, 60_000);

describe("a thousand extra interfaces", () => {
    it("the table renders one page of rows and counts them all", async () => {
        const shown = await rows();
        expect(shown.length).toBe(50);
        // the lab's own interfaces sort before ve*: eth1 is on the first page
        expect(shown).toContain("eth1");
        const kernel = lab.onLab("sh", "-c", "ip -o link show | wc -l").trim();
        await eventually(() => page.locator(".pf-v6-c-pagination").first().innerText(), text => expect(text).toContain(kernel), 30_000);
    });

    it("filtering for one name shows it", async () => {
        const t0 = Date.now();
        await page.getByRole("textbox", { name: "Filter by interface name or address" }).fill("ve17");
        await eventually(rows, shown => expect(shown.sort()).toEqual(["ve17", ...Array.from({ length: 10 }, (_, i) => `ve${170 + i}`)].sort()), 10_000);
        log(`filter to ve17: ${Date.now() - t0} ms`);
        const t = await readTable(page);
        // and the kernel's link-local address, since the link is up
        expect(Object.keys(t.ve17.addresses).filter(a => !a.startsWith("fe80:")).sort()).toEqual(["10.0.17.1", "10.100.17.1", "2001:db8:100:11::1", "2001:db8:100:11::2"]);
        expect(t.ve17.addresses["10.0.17.1"].reason).toBe("unmanaged");
    });

    it("an address added with `ip addr add` shows", async () => {
        const t0 = Date.now();
        lab.onLab("ip", "address", "add", "10.250.0.17/24", "dev", "ve17");
        const t1 = Date.now();
        await eventually(() => readTable(page), t => expect(t.ve17.addresses["10.250.0.17"]?.reason).toBe("unmanaged"), 10_000);
        log(`an address added by hand shows ${Date.now() - t1} ms after \`ip\` returned (${Date.now() - t0} ms after it started)`);
    });

    it("a managed interface shows its generated profile", async () => {
        await page.getByRole("textbox", { name: "Filter by interface name or address" }).fill("ethv3");
        await eventually(() => readTable(page), t => expect(t.ethv3?.profile).toBe("ethv3"), 15_000);
        const i = UNMANAGED + 3;
        expect((await readTable(page)).ethv3.addresses[`10.${i >> 8}.${i & 255}.1`]?.reason).toBe("external");
    });

    it("costs little while nothing changes", async () => {
        const cdp = await page.context().newCDPSession(page);
        await cdp.send("Performance.enable");
        const metric = async (name: string) => ((await cdp.send("Performance.getMetrics")).metrics.find(m => m.name === name)?.value ?? 0);
        const [task0, t0] = [await metric("TaskDuration"), Date.now()];
        await page.waitForTimeout(5000);
        const busy = (await metric("TaskDuration")) - task0;
        const heap = await metric("JSHeapUsedSize");
        log(`idle for 5 s: the page's main thread busy ${(busy * 1000).toFixed(0)} ms (${(100 * busy * 1000 / (Date.now() - t0)).toFixed(1)} % of a core); JS heap ${(heap / 1e6).toFixed(1)} MB`);
        expect(heap).toBeGreaterThan(0);
    });
});
