// A host with a thousand extra interfaces, as a container host has: veth pairs with two IPv4 and two IPv6
// addresses each, most of them unmanaged by NetworkManager, a few managed (NetworkManager generates
// profiles for those, configured outside it). The table shows one page of them, finds one by filter, and
// follows an address added by hand. Timings go to the console: the speed goals live in the bench.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchBrowser } from "./browser";
import { PORT } from "./lab";
import { eventually, readTable } from "./page";

const UNMANAGED = 980;
const MANAGED = 20;
/** ve0..: unmanaged (a configuration snippet in the lab's /run says so, as udev does for container veths) */
const unmanaged = Array.from({ length: UNMANAGED }, (_, i) => `ve${i}`);
/** ethv0..: managed, as the lab manages eth* */
const managed = Array.from({ length: MANAGED }, (_, i) => `ethv${i}`);
const CONF = "/run/NetworkManager/conf.d/90-mptcp-scale-test.conf";

// A lab of its own: a thousand interfaces, and the work NetworkManager has with them, would weigh on every
// test after this one. Clear of the suite's lab (PORT, PORT + 1) and the install test's (PORT + 10).
const port = PORT + 20;
const labEnv = { ...process.env, MPTCP_LAB_STATE: `${process.env.MPTCP_TEST_STATE ?? "/tmp/mptcp-lab-test"}-scale`, MPTCP_LAB_PORT: String(port) };
const lab = (...args: string[]) => execFileSync(resolve(import.meta.dirname, "../lab/lab.sh"), args, { env: labEnv, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
const onLab = (...args: string[]) => lab("exec", ...args);
const onPeer = (...args: string[]) => lab("peer", ...args);
const PAGE = `http://127.0.0.1:${port}/cockpit/@localhost/mptcp/index.html`;

let dir: string;
let browser: Browser;
let page: Page;

const log = (what: string) => console.log(`scale: ${what}`);
const rows = () => page.evaluate(() => [...document.querySelectorAll<HTMLElement>("tr[data-interface]")].map(tr => tr.dataset.interface ?? ""));

/** One `ip -batch` file for the lab's side and one for the peer's: thousands of commands in two processes. */
function batches(): { lab: string; peer: string } {
    const lab: string[] = [];
    const peer: string[] = [];
    [...unmanaged, ...managed].forEach((name, i) => {
        lab.push(`link add ${name} type veth peer name vq${i} netns peer`);
        peer.push(`link set vq${i} up`);
    });
    [...unmanaged, ...managed].forEach((name, i) => {
        const [hi, lo, hex] = [i >> 8, i & 255, i.toString(16)];
        lab.push(`link set ${name} up`, `addr add 10.${hi}.${lo}.1/24 dev ${name}`, `addr add 10.${hi + 100}.${lo}.1/24 dev ${name}`,
            `addr add 2001:db8:100:${hex}::1/64 dev ${name} nodad`, `addr add 2001:db8:100:${hex}::2/64 dev ${name} nodad`);
    });
    writeFileSync(join(dir, "lab.batch"), lab.join("\n") + "\n");
    writeFileSync(join(dir, "peer.batch"), peer.join("\n") + "\n");
    return { lab: join(dir, "lab.batch"), peer: join(dir, "peer.batch") };
}

beforeAll(async () => {
    lab("stop");
    lab("start");
    dir = mkdtempSync(join(tmpdir(), "mptcp-scale-"));
    const files = batches();
    onLab("sh", "-c", `mkdir -p /run/NetworkManager/conf.d && printf '[device-mptcp-scale]\\nmatch-device=interface-name:ve*\\nmanaged=0\\n' > ${CONF} && nmcli general reload conf`);
    let t0 = Date.now();
    onLab("ip", "-batch", files.lab);
    onPeer("ip", "-batch", files.peer);
    log(`${UNMANAGED + MANAGED} veth pairs with 4 addresses each made in ${Date.now() - t0} ms`);

    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on("pageerror", e => errors.push(String(e)));
    t0 = Date.now();
    await page.goto(PAGE);
    await page.locator("tr[data-interface]").first().waitFor({ timeout: 100_000 });
    log(`the table shows ${(await rows()).length} rows after ${Date.now() - t0} ms`);
    if (errors.length) throw new Error(`page errors: ${errors.join("; ")}`);
}, 150_000);

afterAll(async () => {
    await browser?.close();
    // the interfaces, the configuration snippet and NetworkManager go with the lab
    lab("stop");
    if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe("a thousand extra interfaces", () => {
    it("the table renders one page of rows and counts them all", async () => {
        const shown = await rows();
        expect(shown.length).toBe(50);
        // the lab's own interfaces sort before ve*: eth1 is on the first page
        expect(shown).toContain("eth1");
        const kernel = onLab("sh", "-c", "ip -o link show | wc -l").trim();
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
        onLab("ip", "address", "add", "10.250.0.17/24", "dev", "ve17");
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
