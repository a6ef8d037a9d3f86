// npm run bench: the numbers we track. Bundle sizes; the model's speed on a large host; and, as root, in
// the lab: the time from opening the page until the interface table is shown, and from Apply to verified.
//   npm run bench -- --no-lab     skip the lab part

import { readFileSync, readdirSync, statSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";

import { buildInterfaceRows } from "../../src/model/interfaces";
import { liveParseBench, liveUpdateBench } from "./live-bench";
import type { HostSnapshot, IpLink, NmDevice } from "../../src/model/types";

const dist = join(import.meta.dirname, "../../dist");
const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

function bundle(): void {
    console.log("bundle (dist/):");
    let raw = 0, gz = 0;
    // *.gz are the copies the bridge serves compressed: counted in the gzip column already
    for (const f of readdirSync(dist).sort().filter(f => !f.endsWith(".gz"))) {
        const data = readFileSync(join(dist, f));
        raw += statSync(join(dist, f)).size;
        const z = gzipSync(data).length;
        gz += z;
        if (/\.(js|css|html)$/.test(f)) console.log(`  ${f.padEnd(16)} ${kb(data.length).padStart(11)} raw ${kb(z).padStart(10)} gzip`);
    }
    console.log(`  ${"all but *.gz".padEnd(16)} ${kb(raw).padStart(11)} raw ${kb(gz).padStart(10)} gzip`);
}

/** A host with n interfaces of eight addresses each, half with endpoints. */
function bigHost(n: number): HostSnapshot {
    const links: IpLink[] = [];
    const devices: NmDevice[] = [];
    const endpoints: HostSnapshot["ip"]["endpoints"] = [];
    for (let i = 0; i < n; i++) {
        const name = `eth${i}`;
        const addresses = Array.from({ length: 8 }, (_, j) => j < 4
            ? { address: `10.${i >> 8}.${i & 255}.${j + 1}`, prefix: 24, family: 4 as const, temporary: false, tentative: false }
            : { address: `2001:db8:${i.toString(16)}::${j}`, prefix: 64, family: 6 as const, temporary: j === 7, tentative: false });
        links.push({ name, loopback: false, up: true, addresses });
        addresses.slice(0, 4).forEach((a, j) => endpoints.push({ id: i * 8 + j, address: a.address, dev: name, flags: ["subflow"], port: null }));
        devices.push({ path: `/d/${i}`, name, type: 1, state: 100, managed: true, profile: { id: name, uuid: `u${i}`, settingsPath: `/s/${i}`, mptcpFlags: 0x20, external: false } });
    }
    return {
        nm: { running: true, version: "1.42.4", devices },
        ip: { links, endpoints, defaultRoutes: { 4: links.map(l => l.name), 6: [] } },
        kernel: { mptcp: true, enabled: true, pathManager: "kernel", limits: { subflows: 8, addAddrAccepted: 8 }, ipMptcp: true, errors: [] },
    };
}

function model(): void {
    for (const n of [10, 1000]) {
        const snap = bigHost(n);
        const times: number[] = [];
        for (let r = 0; r < 30; r++) {
            const t0 = performance.now();
            buildInterfaceRows(snap);
            times.push(performance.now() - t0);
        }
        times.sort((a, b) => a - b);
        console.log(`model: buildInterfaceRows, ${n} interfaces x 8 addresses: median ${times[15].toFixed(2)} ms`);
    }
}

async function page(): Promise<void> {
    if (process.getuid?.() !== 0) {
        console.log("page: skipped (the lab needs root)");
        return;
    }
    process.env.MPTCP_TEST_PORT ??= "9195"; // and 9196: clear of the test lab (9192, 9193) and the manual one (9091, 9092)
    process.env.MPTCP_TEST_STATE ??= "/tmp/mptcp-lab-bench";
    const { startLab, stopLab, PAGE } = await import("../integration/lab");
    const { launchBrowser } = await import("../integration/browser");
    stopLab();
    startLab();
    const browser = await launchBrowser();
    try {
        const wall: number[] = [];
        const nav: number[] = [];
        for (let r = 0; r < 6; r++) {
            const context = await browser.newContext();
            const p = await context.newPage();
            const t0 = performance.now();
            await p.goto(PAGE);
            await p.locator('tr[data-interface="eth1"] li[data-address]').first().waitFor();
            wall.push(performance.now() - t0);
            nav.push(await p.evaluate(() => performance.now()));
            await context.close();
        }
        // the first open also starts Cockpit's bridge: report it apart
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
        console.log(`page: table shown ${wall[0].toFixed(0)} ms after opening (first, cold bridge)`);
        console.log(`page: table shown, median of ${wall.length - 1} more: ${median(wall.slice(1)).toFixed(0)} ms wall, ${median(nav.slice(1)).toFixed(0)} ms after navigation start`);

        // an apply, from the click on Apply until the kernel's endpoints are verified; alternating flags
        const p = await browser.newPage();
        await p.goto(PAGE);
        const applies: number[] = [];
        for (const flags of [["subflow"], ["signal", "subflow"], ["subflow"], ["signal", "subflow"], ["subflow"], ["signal", "subflow"]]) {
            await p.getByRole("button", { name: "Edit eth1", exact: true }).click();
            await p.locator("#mptcp-mode-enabled").check();
            for (const f of ["signal", "subflow", "backup", "fullmesh"]) await p.locator(`#mptcp-flag-${f}`).setChecked(flags.includes(f));
            await p.getByRole("button", { name: "Preview changes" }).click();
            const t0 = performance.now();
            await p.getByRole("button", { name: "Apply", exact: true }).click();
            await p.getByText("Applied and verified").waitFor({ timeout: 30_000 });
            applies.push(performance.now() - t0);
            await p.locator(".pf-v6-c-modal-box__footer").getByRole("button", { name: "Close" }).click();
        }
        console.log(`apply: click to verified, median of ${applies.length}: ${median(applies).toFixed(0)} ms (min ${Math.min(...applies).toFixed(0)}, max ${Math.max(...applies).toFixed(0)})`);
    } finally {
        await browser.close();
        stopLab();
    }
}

console.log(`load average: ${loadavg().map(n => n.toFixed(2)).join(", ")} (${cpus().length} cores)`);
bundle();
model();
liveParseBench();
await liveUpdateBench();
if (!process.argv.includes("--no-lab")) await page();
