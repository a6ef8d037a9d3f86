// npm run bench: the numbers we track. Bundle sizes; the model's speed on a large host; and, as root, in
// the lab (one run, compared only within it, with the load average at its start and end):
// - the time from opening the page until the interface table shows, against a raw floor (floor.ts) and
//   Cockpit's own Networking page, each in fresh browser contexts, on loopback and through an emulated
//   remote link (remote-link.ts: 100 ms RTT, 5 Mbit/s, WebSocket frames delayed too), with the bytes on the
//   wire until then (page-load.ts);
// - from Apply to verified, and the setup guide from Apply to "Ready for MPTCP".
//   npm run bench -- --no-lab     skip the lab part
//   npm run bench -- --load-only  only the page loads (no apply, guide or scale)
//   npm run bench -- --scale-only  of the lab parts, only the 1,000 interfaces
//   npm run bench -- --heap-minutes N  the scale part's heap watch (10 by default)
// The lab's port and state: MPTCP_TEST_PORT, MPTCP_TEST_STATE; the build it serves: MPTCP_LAB_DIST.

import { readFileSync, readdirSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { gunzipSync } from "node:zlib";

import { buildInterfaceRows } from "../../src/model/interfaces";
import { liveParseBench, liveUpdateBench } from "./live-bench";
import { scaleBench } from "./scale-bench";
import type { HostSnapshot, IpLink, NmDevice } from "../../src/model/types";

const dist = join(import.meta.dirname, "../../dist");
const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

function bundle(): void {
    console.log("bundle (dist/, as installed: the bridge sends FILE.gz compressed, and the plain files as they are):");
    let raw = 0, sent = 0;
    for (const f of readdirSync(dist).sort()) {
        const data = readFileSync(join(dist, f));
        const plain = f.endsWith(".gz") ? gunzipSync(data).length : data.length;
        raw += plain;
        sent += data.length;
        if (/\.(js|css|html)(\.gz)?$/.test(f)) console.log(`  ${f.replace(/\.gz$/, "").padEnd(16)} ${kb(plain).padStart(11)} raw ${kb(data.length).padStart(10)} sent`);
    }
    console.log(`  ${"all".padEnd(16)} ${kb(raw).padStart(11)} raw ${kb(sent).padStart(10)} sent`);
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

const loadLine = () => `${loadavg().map(n => n.toFixed(2)).join(", ")} (${cpus().length} cores)`;

async function page(): Promise<void> {
    if (process.getuid?.() !== 0) {
        console.log("page: skipped (the lab needs root)");
        return;
    }
    process.env.MPTCP_TEST_PORT ??= "9195"; // and 9196: clear of the test lab (9192, 9193) and the manual one (9091, 9092)
    process.env.MPTCP_TEST_STATE ??= "/tmp/mptcp-lab-bench";
    const { startLab, stopLab, onLab, PAGE, PORT } = await import("../integration/lab");
    const { launchBrowser } = await import("../integration/browser");
    const { writeFloor } = await import("./floor");
    const { RemoteLink } = await import("./remote-link");
    const { SUBJECTS, measure, median, report, sample, verdict } = await import("./page-load");
    stopLab();
    // the floor package beside ours, where the lab's bridge finds packages
    writeFloor(join(process.env.MPTCP_TEST_STATE, "data/cockpit"));
    startLab();
    console.log(`lab: load average at the start: ${loadLine()}`);
    const link = await RemoteLink.start(PORT, { rttMs: 100, bitsPerSecond: 5_000_000 });
    const browser = await launchBrowser();
    try {
        // one open of each page first: the bridge's first look at each package is not what we measure
        for (const s of SUBJECTS) await sample(browser, PORT, s, null);
        const local = report("loopback", await measure(browser, PORT, null, 7), false);
        const remote = report("emulated remote link (100 ms RTT, 5 Mbit/s each way, WebSocket frames delayed too)",
            await measure(browser, link.port, link, 7), true);
        const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
        console.log("page load: goals (medians of this run only)");
        for (const [label, m] of [["loopback", local], ["remote", remote]] as const) {
            verdict(`${label}: this page ≤ 1.5× the floor`, x(m.ours, m.floor), m.ours <= 1.5 * m.floor);
            verdict(`${label}: this page ≤ 0.5× Networking`, x(m.ours, m.networking), m.ours <= 0.5 * m.networking);
        }
        verdict("bytes on the wire until the table shows ≤ 250 kB (TCP payload both ways, remote link)",
            `${(remote.bytes / 1000).toFixed(0)} kB`, remote.bytes <= 250_000);

        if (process.argv.includes("--load-only")) return;
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
        const applyMedian = median(applies);
        console.log(`apply: click to verified, median of ${applies.length}: ${applyMedian.toFixed(0)} ms (min ${Math.min(...applies).toFixed(0)}, max ${Math.max(...applies).toFixed(0)})`);
        verdict("apply: click to verified ≤ 1 s", `${applyMedian.toFixed(0)} ms`, applyMedian <= 1000);

        // the setup guide, from a host as RHEL 9 ships it (MPTCP off, no limits, strict rp_filter): from the click
        // on the guide's Apply until the readiness card says "Ready for MPTCP"
        const guides: number[] = [];
        const ready = p.locator(".mptcp-readiness [data-ready]");
        for (let r = 0; r < 3; r++) {
            onLab("rm", "-f", "/etc/sysctl.d/99-zz-cockpit-mptcp.conf", "/etc/NetworkManager/dispatcher.d/90-cockpit-mptcp-limits");
            onLab("sysctl", "-qw", "net.mptcp.enabled=0", "net.ipv4.conf.all.rp_filter=1",
                ...["eth1", "eth2", "eth3", "eth4", "eth5", "eth6"].map(i => `net.ipv4.conf.${i}.rp_filter=1`));
            onLab("ip", "mptcp", "limits", "set", "subflows", "0", "add_addr_accepted", "0");
            await p.reload();
            await p.locator('.mptcp-readiness [data-ready="false"]').waitFor({ timeout: 20_000 });
            await p.getByRole("button", { name: "Open the MPTCP setup guide" }).click();
            await p.getByRole("button", { name: "Review" }).click();
            await p.locator(".mptcp-guide-review").waitFor();
            const t0 = performance.now();
            await p.getByRole("button", { name: "Apply" }).click();
            await p.locator('.mptcp-readiness [data-ready="true"]').waitFor({ timeout: 30_000 });
            guides.push(performance.now() - t0);
            await p.getByRole("button", { name: "Close" }).last().click();
            if (await ready.getAttribute("data-ready") !== "true") throw new Error("guide: readiness changed after the guide closed");
        }
        const guideMedian = median(guides);
        console.log(`guide: Apply to "Ready for MPTCP", median of ${guides.length}: ${guideMedian.toFixed(0)} ms (min ${Math.min(...guides).toFixed(0)}, max ${Math.max(...guides).toFixed(0)})`);
        verdict("guide: Apply to ready ≤ 2 s", `${guideMedian.toFixed(0)} ms`, guideMedian <= 2000);
    } finally {
        console.log(`lab: load average at the end: ${loadLine()}`);
        await browser.close();
        await link.close();
        stopLab();
    }
}

/** The 1,000-interface lab, on its own once the main lab has stopped. */
async function scale(): Promise<void> {
    const { launchBrowser } = await import("../integration/browser");
    const browser = await launchBrowser();
    try {
        await scaleBench(browser);
    } finally {
        await browser.close();
    }
}

console.log(`load average: ${loadavg().map(n => n.toFixed(2)).join(", ")} (${cpus().length} cores)`);
bundle();
model();
liveParseBench();
await liveUpdateBench();
if (!process.argv.includes("--no-lab")) {
    if (!process.argv.includes("--scale-only")) await page();
    if (!process.argv.includes("--load-only") && process.getuid?.() === 0) await scale();
}
