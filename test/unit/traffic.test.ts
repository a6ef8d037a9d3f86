import { readFileSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { parseMptcpCounters } from "../../src/model/counters";
import { parseMonitorChunk } from "../../src/model/pm-events";
import { parseSelfTest } from "../../src/model/selftest";
import { parseMptcpSockets, parseTcpSubflows } from "../../src/model/ss-parse";
import { addPmEvents, addSample, buildConnections, emptyTraffic, resetTraffic, sinceStart, trafficCounters, withBaseline, type TrafficState } from "../../src/model/traffic";
import type { KernelState } from "../../src/model/types";
import { VERDICTS, selfTestVerdicts, trafficVerdicts, type Verdict } from "../../src/model/verdicts";
import { verdictText } from "../../src/ui/verdict-texts";
import { labSnapshot } from "./fixtures/snapshot";

const live = (name: string) => readFileSync(join(import.meta.dirname, "fixtures/live", name), "utf8");
const links = labSnapshot().ip.links;
const kernel = (): KernelState => ({ ...labSnapshot().kernel, limits: { subflows: 2, addAddrAccepted: 0 } });
const endpoints = labSnapshot().ip.endpoints;
const ids = (vs: Verdict[]) => vs.map(v => v.id);

/** The lab's client with two additional subflows, as `ss` listed it; the kernel's counters before, and after one
 *  MPTCP handshake with two joins answered. */
function clientState(): TrafficState {
    const before = parseMptcpCounters(live("netstat-6.18-client-before.txt")) ?? {};
    const grew: Record<string, number> = { MPCapableSYNTX: 1, MPCapableSYNACKRX: 1, MPJoinSynTx: 2, MPJoinSynAckRx: 2 };
    const after = Object.fromEntries(Object.entries(before).map(([k, v]) => [k, v + (grew[k] ?? 0)]));
    const sample = (at: number, counters: Record<string, number>) => ({
        at, links, counters,
        sockets: parseMptcpSockets(live("ss-M-client-2-subflows.txt")),
        subflows: parseTcpSubflows(live("ss-t-client-2-subflows.txt")),
    });
    return addSample(addSample(emptyTraffic(0), sample(1000, before)), sample(2000, after));
}

describe("connections and their subflows", () => {
    it("joins the lab client's connection with its three subflows, each with its interface", () => {
        const { connections, listeners } = buildConnections(parseMptcpSockets(live("ss-M-client-2-subflows.txt")),
            parseTcpSubflows(live("ss-t-client-2-subflows.txt")), links);
        expect(listeners).toBe(0);
        expect(connections).toHaveLength(1);
        const [c] = connections;
        expect(c).toMatchObject({ token: "ddfdd4d3", role: "client", fallback: null, extraSubflows: 2, subflowsMax: 2 });
        expect(c.subflows.map(s => [s.iface, s.initial])).toEqual([["eth1", true], ["eth4", false], ["eth6", false]]);
        expect(c.processes).toEqual([{ name: "python3", pid: 434, fd: 3 }]);
        expect(c.bytes).toBeGreaterThan(0);
    });

    it("the server's side: accepted by a listener, so the server", () => {
        const sockets = parseMptcpSockets(live("ss-M-server-2-subflows-listener.txt"));
        const { connections, listeners } = buildConnections(sockets, [], links);
        expect(listeners).toBe(1);
        expect(connections.map(c => c.role)).toEqual(["server"]);
        // without the subflow listing, no subflow rows: never invented
        expect(connections[0].subflows).toEqual([]);
    });

    it("a fallback in the handshake: no peer key", () => {
        const { connections } = buildConnections(parseMptcpSockets(live("ss-M-client-fallback-ipv6-refused.txt")), [], links);
        // four connections, one to a plain TCP server; three with the peer's key, one of them over IPv6
        expect(connections.map(c => [c.token, c.fallback])).toContainEqual(["624e5a9c", "handshake"]);
        expect(connections.filter(c => c.fallback !== null)).toHaveLength(1);
    });

    it("busiest first", () => {
        const sockets = parseMptcpSockets(live("ss-M-client-2-subflows.txt"));
        const quiet = { ...sockets[0], token: "00000001", local: { ...sockets[0].local, port: 1 } };
        const { connections } = buildConnections([quiet, ...sockets], parseTcpSubflows(live("ss-t-client-2-subflows.txt")), links);
        expect(connections.map(c => c.token)).toEqual(["ddfdd4d3", "00000001"]);
    });
});

describe("the traffic state", () => {
    it("counts from the baseline, per second from the sample before", () => {
        const t = clientState();
        expect(sinceStart(t, "MPJoinSynTx")).toBe(2);
        expect(sinceStart(t, "NoSuchCounter")).toBe(0);
        const join = trafficCounters(t).find(g => g.group === "join")?.rows.find(r => r.name === "MPJoinSynTx");
        expect(join?.perSecond).toBe(join?.sinceStart);
    });

    it("the baseline read as the page opened wins over the first sample", () => {
        const before = parseMptcpCounters(live("netstat-6.18-client-before.txt")) ?? {};
        let t = withBaseline(emptyTraffic(0), before, 500);
        t = addSample(t, { at: 2000, links, sockets: [], subflows: [], counters: parseMptcpCounters(live("netstat-6.18-client-after.txt")) });
        expect(t.startedAt).toBe(500);
        expect(sinceStart(t, "MPJoinSynTx")).toBeGreaterThanOrEqual(2);
        const reset = resetTraffic(t, 3000);
        expect(sinceStart(reset, "MPJoinSynTx")).toBe(0);
        expect(reset.startedAt).toBe(3000);
    });

    it("keeps the newest events first, bounded", () => {
        const { events } = parseMonitorChunk("", live("monitor-client-6.1.txt"));
        let t = emptyTraffic(0);
        for (let i = 0; i < 200; i++) t = addPmEvents(t, events, i);
        expect(t.events.length).toBe(500);
        expect(t.events[0].seq).toBeGreaterThan(t.events[1].seq);
    });
});

describe("the diagnosis", () => {
    it("a healthy client: nothing to say", () => {
        expect(trafficVerdicts(clientState(), kernel(), endpoints)).toEqual([]);
    });

    it("no connection, MPTCP on, no handshake counted since boot: no application uses MPTCP", () => {
        let t = emptyTraffic(0);
        t = addSample(
            t, { at: 1, links, sockets: [], subflows: [], counters: { MPCapableSYNTX: 0, MPCapableSYNRX: 0 } }
        );
        expect(trafficVerdicts(t, kernel(), endpoints)).toEqual([{ id: "no-mptcp-sockets", everSinceBoot: true, listeners: 0 }]);
        const handshakesOnce = addSample(
            emptyTraffic(0),
            { at: 1, links, sockets: [], subflows: [], counters: { MPCapableSYNTX: 3, MPCapableSYNRX: 0 } },
        );
        expect(trafficVerdicts(handshakesOnce, kernel(), endpoints)).toEqual([{ id: "no-mptcp-sockets", everSinceBoot: false, listeners: 0 }]);
        // switched off: the readiness card says so, the diagnosis does not repeat it
        expect(trafficVerdicts(t, { ...kernel(), enabled: false }, endpoints)).toEqual([]);
    });

    const withCounters = (grew: Record<string, number>, state = clientState()): TrafficState => {
        const base = state.baseline ?? {};
        const now = Object.fromEntries(Object.entries(base).map(([k, v]) => [k, v + (grew[k] ?? 0)]));
        return { ...state, last: { at: 3000, values: now } };
    };

    it("fallbacks: open connections, and the counters of either side", () => {
        const v = trafficVerdicts(
            withCounters({ MPCapableFallbackSYNACK: 2, MPCapableFallbackACK: 1 }), kernel(), endpoints
        );
        expect(v).toContainEqual({ id: "fallback", connections: 3, asClient: 2, asServer: 1 });
    });

    it("joins sent but not answered", () => {
        const v = trafficVerdicts(withCounters({ MPJoinSynTx: 3, MPJoinSynAckRx: 1 }), kernel(), endpoints);
        expect(v).toContainEqual({ id: "joins-unanswered", sent: expect.any(Number), answered: expect.any(Number), closed: 0 });
        const j = v.find(x => x.id === "joins-unanswered");
        expect(j && j.id === "joins-unanswered" && j.sent - j.answered).toBe(2);
    });

    it("joins answered, then refused: subflows that close while their connection goes on", () => {
        let t = clientState();
        const { events } = parseMonitorChunk("", `[     SF_CLOSED] token=ddfdd4d3 remid=0 locid=6 saddr4=198.18.4.2 daddr4=198.51.100.1 sport=49067 dport=6000 backup=0 ifindex=5\n`);
        t = addPmEvents(t, events, 2500);
        expect(trafficVerdicts(t, kernel(), endpoints)).toContainEqual(expect.objectContaining({ id: "joins-unanswered", closed: 1 }));
        // closed by an address removal: not a refusal
        expect(ids(trafficVerdicts(withCounters({ RmSubflow: 1 }, t), kernel(), endpoints))).not.toContain("joins-unanswered");
    });

    it("announcements ignored with add_addr_accepted 0, or more announced than accepted", () => {
        expect(trafficVerdicts(withCounters({ AddAddr: 2 }), kernel(), endpoints)).toContainEqual({ id: "announcements-ignored", received: 2, accepted: 0 });
        const accepting = { ...kernel(), limits: { subflows: 2, addAddrAccepted: 1 } };
        const { events } = parseMonitorChunk("", [1, 2, 3].map(i => `[     ANNOUNCED] token=ddfdd4d3 remid=${i} daddr4=203.0.113.${i} dport=6000\n`).join(""));
        const t = addPmEvents(clientState(), events, 2500);
        expect(trafficVerdicts(t, accepting, endpoints)).toContainEqual({ id: "announcements-ignored", received: 3, accepted: 1 });
        expect(ids(trafficVerdicts(clientState(), accepting, endpoints))).not.toContain("announcements-ignored");
    });

    it("this host's limits: joins rejected, or clients at their limit with endpoints to spare", () => {
        // the lab client from eth1: 2 of at most 2 subflows, with 1
        // other IPv4 subflow endpoint (and an IPv6 one it cannot use)
        expect(ids(trafficVerdicts(clientState(), kernel(), endpoints))).not.toContain("joins-limited");
        const more = [9, 10].map(i => ({ id: 90 + i, address: `192.0.2.${i}`, dev: null, flags: ["subflow" as const], port: null }));
        expect(trafficVerdicts(clientState(), kernel(), [...endpoints, ...more]))
            .toContainEqual({ id: "joins-limited", rejected: 0, atLimit: 1, subflows: 2 });
        expect(trafficVerdicts(withCounters({ MPJoinRejected: 4 }), kernel(), endpoints)).toContainEqual(expect.objectContaining({ id: "joins-limited", rejected: 4 }));
    });

    it("settled MPTCP connections without any join: which flag is missing", () => {
        const sockets = parseMptcpSockets(live("ss-M-client-2-subflows.txt")).map(s => ({ ...s, subflows: 0 }));
        const sample = { at: 1, links, sockets, subflows: [], counters: { MPJoinSynTx: 0, MPJoinSynRx: 0 } };
        const first = addSample(emptyTraffic(0), sample);
        // one sample: the path manager may still be at work
        expect(ids(trafficVerdicts(first, kernel(), endpoints))).not.toContain("subflows-unused");
        const settled = addSample(first, { ...sample, at: 2 });
        const signalOnly = endpoints.map(e => ({ ...e, flags: ["signal" as const] }));
        expect(trafficVerdicts(settled, kernel(), signalOnly)).toContainEqual({ id: "subflows-unused", endpoints: signalOnly.length, missing: ["subflow"] });
        expect(trafficVerdicts(settled, kernel(), [])).toContainEqual({ id: "subflows-unused", endpoints: 0, missing: ["subflow", "signal"] });
    });
});

describe("the self-test's diagnosis: the same rules on its one connection", () => {
    const result = (over: object) => parseSelfTest(JSON.stringify({
        v: 1, outcome: "mptcp", error: null, errno: null, host: "198.51.100.1", port: 6000,
        remote: { address: "198.51.100.1", port: 6000 }, local: { address: "198.51.100.2", port: 40000 }, attempts: [],
        detection: "mptcp-info", info: null, subflows: null, sent: 16384, send_error: null, counters: {}, elapsed_ms: 700, ...over,
    }));

    it("a fallback", () => {
        const r = result({ outcome: "fallback", detection: "mptcp-info-refused", counters: { MPCapableFallbackSYNACK: 1 } });
        expect(selfTestVerdicts(r, kernel(), endpoints)).toEqual([{ id: "fallback", connections: 1, asClient: 1, asServer: 0 }]);
    });

    it("joins answered but gone by the end: refused", () => {
        const subflows = [{ local: { address: "198.51.100.2", port: 40000 }, remote: { address: "198.51.100.1", port: 6000 }, initial: true, state: "established" }];
        const info = {
            subflows: 0, add_addr_signal: 0, add_addr_accepted: 0, subflows_max: 2, add_addr_signal_max: 2,
            add_addr_accepted_max: 0, flags: 2, token: "0a0b0c0d", local_addr_used: null, local_addr_max: null,
            csum_enabled: null, retransmits: null, bytes_retrans: null, bytes_sent: null, bytes_received: null,
            bytes_acked: null, subflows_total: null, last_data_sent: null, last_data_recv: null, last_ack_recv: null,
            length: 24,
        };
        const r = result({ info, subflows, counters: { MPJoinSynTx: 2, MPJoinSynAckRx: 2 } });
        expect(selfTestVerdicts(r, kernel(), endpoints)).toContainEqual({ id: "joins-unanswered", sent: 2, answered: 2, closed: 2 });
    });

    it("nothing to diagnose when it did not connect", () => {
        expect(selfTestVerdicts(result({ outcome: "connect-failed", local: null, detection: null, error: "Connection refused", errno: 111 }), kernel(), endpoints)).toEqual([]);
    });
});

describe("the one table of words", () => {
    const samples: Verdict[] = [
        { id: "no-ip-mptcp" }, { id: "nm-not-running", message: null }, { id: "nm-too-old", version: "1.36" }, { id: "read-error", message: "ip addr: not JSON" },
        { id: "no-kernel-mptcp" }, { id: "sysctl-disabled" }, { id: "userspace-pm" }, { id: "subflow-limit", subflows: 0, endpoints: 1 },
        { id: "add-addr-limit" }, { id: "rp-filter-strict", interfaces: ["eth1"] }, { id: "no-default-route", name: "eth2", family: 4 },
        { id: "endpoint-limit", capacity: 8, wanted: 9, none: ["eth1 192.0.2.9"], maybe: [], maybeSlots: 0 },
        { id: "fallback", connections: 1, asClient: 1, asServer: 0 }, { id: "joins-unanswered", sent: 2, answered: 0, closed: 0 },
        { id: "announcements-ignored", received: 1, accepted: 0 }, { id: "joins-limited", rejected: 1, atLimit: 0, subflows: 2 },
        { id: "subflows-unused", endpoints: 2, missing: ["subflow"] }, { id: "no-mptcp-sockets", everSinceBoot: true, listeners: 0 },
    ];
    it("has a title and a body for every verdict in the list", () => {
        expect(new Set(samples.map(v => v.id))).toEqual(new Set(Object.keys(VERDICTS)));
        for (const v of samples) {
            const { title, body } = verdictText(v);
            expect(title.length, v.id).toBeGreaterThan(5);
            expect(body.length, v.id).toBeGreaterThan(10);
        }
    });
});
