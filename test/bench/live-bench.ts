// The live parsers on a busy host: `ss -tnaiHp` with 10,000 TCP sockets (2,000 of them subflows of 1,000
// MPTCP connections, 6,000 plain connections, 2,000 TIME-WAIT) and `ss -MnaiHp` with those 1,000
// connections, built from lines captured in the lab (test/unit/fixtures/live/) with their ports and
// tokens altered. The page parses both once a second.

import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

import { parseMptcpSockets, parseTcpSubflows } from "../../src/model/ss-parse";

const live = (name: string) => readFileSync(new URL(`../unit/fixtures/live/${name}`, import.meta.url), "utf8");
/** a listing's records: a main line and the detail lines after it */
const records = (text: string) => text.split(/\n(?=\S)/).map(r => (r.endsWith("\n") ? r : `${r}\n`));
const pick = (text: string, has: string) => {
    const r = records(text).find(x => x.includes(has));
    if (!r) throw new Error(`no record with ${has}`);
    return r;
};

export function liveTexts(): { tcp: string; mptcp: string } {
    const client = live("ss-t-client-2-subflows.txt");
    const initial = pick(client, ":51360 "); // the initial subflow, flags Mmec
    const join = pick(client, ":52771 "); // a join, flags Jjec, ADDR%eth4
    const plain = pick(live("ss-t-server-mixed.txt"), ":55608 "); // a plain TCP connection
    const timeWait = pick(live("ss-t-client-time-wait.txt"), "TIME-WAIT");
    const conn = pick(live("ss-M-client-2-subflows.txt"), "token:ddfdd4d3");

    const token = (i: number) => (0x10000000 + i * 7919).toString(16);
    const tcp: string[] = [];
    const mptcp: string[] = [];
    let c = 0, other = 0;
    for (let i = 0; i < 10_000; i++) {
        if (i % 5 === 0) { // 2,000 subflows: every connection's initial subflow and one join
            const n = c++ >> 1;
            const t = (c & 1 ? initial.replace(":51360 ", `:${20_000 + n} `) : join.replace(":52771 ", `:${40_000 + n} `));
            tcp.push(t.replaceAll("ddfdd4d3", token(n)));
        } else {
            const port = 10_000 + (other % 50_000);
            tcp.push(other++ % 4 === 3 ? timeWait.replace(/:\d+ /, `:${port} `) : plain.replace(":55608 ", `:${port} `));
        }
    }
    for (let n = 0; n < 1_000; n++) {
        mptcp.push(conn.replace(":51360 ", `:${20_000 + n} `).replace("subflows:2 ", "subflows:1 ").replace("ddfdd4d3", token(n)));
    }
    return { tcp: tcp.join(""), mptcp: mptcp.join("") };
}

function median(fn: () => void, runs: number): number {
    for (let i = 0; i < 3; i++) fn(); // warm up
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
        const t0 = performance.now();
        fn();
        times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(runs / 2)];
}

export function liveParseBench(): void {
    const { tcp, mptcp } = liveTexts();
    const subflows = parseTcpSubflows(tcp).length;
    const conns = parseMptcpSockets(mptcp).length;
    if (subflows !== 2_000 || conns !== 1_000) throw new Error(`live bench: parsed ${subflows} subflows, ${conns} connections`);
    const kib = (s: string) => `${(s.length / 1024).toFixed(0)} KiB`;
    const t = median(() => parseTcpSubflows(tcp), 11);
    const m = median(() => parseMptcpSockets(mptcp), 11);
    console.log(`model: parseTcpSubflows, ss -tnaiHp of 10,000 sockets (${kib(tcp)}, 2,000 subflows): median ${t.toFixed(2)} ms`);
    console.log(`model: parseMptcpSockets, ss -MnaiHp of 1,000 connections (${kib(mptcp)}): median ${m.toFixed(2)} ms`);
}

/** One update of the Traffic tab on that host: parse both listings, join and sort the connections, diagnose,
 *  and render the tab (20 connections a page) to HTML. Also what the subflow filter saves. */
export async function liveUpdateBench(): Promise<void> {
    // PatternFly's CommonJS build requires its CSS files: nothing to render on a server, so they load as nothing
    const { createRequire } = await import("node:module");
    const extensions = (createRequire(import.meta.url)("node:module") as { _extensions: Record<string, (m: { exports: unknown }) => void> })._extensions;
    extensions[".css"] = m => {
        m.exports = {};
    };
    const { renderToString } = await import("react-dom/server");
    const { createElement } = await import("react");
    const { subflowFilter } = await import("../../src/model/ss-parse");
    const { addSample, emptyTraffic } = await import("../../src/model/traffic");
    const { trafficVerdicts } = await import("../../src/model/verdicts");
    const { TrafficContent } = await import("../../src/ui/traffic-view");
    const { labSnapshot } = await import("../unit/fixtures/snapshot");
    (globalThis as Record<string, unknown>).cockpit ??= {
        gettext: (m: string) => m,
        ngettext: (s: string, p: string, n: number) => (n === 1 ? s : p),
        format: (t: string, ...a: unknown[]) => t.replace(/\$(\d+)/g, (_m, i: string) => String(a[Number(i)])),
    };
    const { tcp, mptcp } = liveTexts();
    const snapshot = labSnapshot();
    const counters = { MPJoinSynTx: 2000, MPJoinSynAckRx: 2000, MPCapableSYNTX: 1000, MPCapableSYNRX: 0 };
    let state = emptyTraffic(0);
    const update = (at: number) => {
        state = addSample(state, {
            at, links: snapshot.ip.links, sockets: parseMptcpSockets(mptcp), subflows: parseTcpSubflows(tcp), counters,
        });
        return trafficVerdicts(state, snapshot.kernel, snapshot.ip.endpoints);
    };
    let at = 0;
    const model = median(() => update(at += 1000), 11);
    const actions = { subscribe: () => () => {}, reset: () => {}, selfTest: () => Promise.reject(new Error("no")) };
    const html = () => renderToString(createElement(TrafficContent, {
        actions, snapshot, fixes: { admin: true }, view: { state, problem: null, eventsProblem: null },
    }));
    const render = median(html, 11);
    console.log(`traffic: one update with 1,000 connections and 10,000 TCP sockets: parse, join, sort, diagnose median ${model.toFixed(1)} ms; render the tab median ${render.toFixed(1)} ms (${(html().length / 1024).toFixed(0)} KiB of HTML)`);
    const filter = subflowFilter(parseMptcpSockets(mptcp), []);
    console.log(`traffic: the subflow filter for those connections: ${filter === null ? "none (too many ports)" : `${filter.length} argv words`}`);
}
