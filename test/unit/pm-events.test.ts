import { describe, expect, it } from "vitest";

import { addEvents, type PmEvent, parseMonitorChunk, parseMonitorLine, type TimedEvent } from "../../src/model/pm-events";
import { fixture } from "./fixtures/snapshot";

const live = (name: string) => fixture(`live/${name}`);
const events = (name: string) => live(name).split("\n").map(parseMonitorLine).filter((e): e is PmEvent => e !== null);
const types = (name: string) => events(name).map(e => e.type);

describe("ip mptcp monitor", () => {
    it("reads the client's events of a connection with 2 subflows, one destroyed", () => {
        const ev = events("monitor-client-6.1.txt");
        expect(ev.map(e => e.type)).toEqual(["created", "established", "sf-established", "sf-established", "sf-closed", "closed"]);
        expect(ev[2]).toEqual({
            type: "sf-established", raw: "SF_ESTABLISHED", token: "ddfdd4d3", localId: 6, remoteId: 0,
            saddr: "198.18.4.2", daddr: "198.51.100.1", sport: 52771, dport: 6000, backup: false, ifindex: 5, error: null,
        });
        expect(ev[4]).toMatchObject({ raw: "SF_CLOSED", localId: 6, error: 103, ifindex: 5 });
        expect(ev[5]).toEqual({
            type: "closed", raw: "CLOSED", token: "ddfdd4d3", localId: null, remoteId: null, saddr: null, daddr: null,
            sport: null, dport: null, backup: null, ifindex: null, error: null,
        });
    });

    it("names the listener events iproute2 6.1 prints as UNKNOWN 15/16, and reads the server's side", () => {
        const ev = events("monitor-server-6.1.txt");
        expect(ev.map(e => e.type)).toEqual(["listener-created", "created", "established", "announced",
            "sf-established", "sf-established", "sf-closed", "listener-closed"]);
        expect(ev[0]).toMatchObject({ raw: "UNKNOWN 15", token: null });
        expect(ev[7].raw).toBe("UNKNOWN 16");
        expect(ev[1]).toMatchObject({ token: "45b2451e", saddr: "198.51.100.1", sport: 6000, dport: 51360 });
        expect(ev[3]).toMatchObject({ type: "announced", remoteId: 5, daddr: "2001:db8:1::2", dport: 51360, saddr: null, localId: null });
        expect(ev[4]).toMatchObject({ remoteId: 6, localId: 0, daddr: "198.18.4.2", ifindex: null });
        expect(ev[6]).toMatchObject({ type: "sf-closed", remoteId: 6, error: 104 });
    });

    it("reads iproute2 7.1's wider names, LISTENER_* events and extra words the same way", () => {
        expect(events("monitor-client-7.1.txt")).toEqual(events("monitor-client-6.1.txt"));
        const server = events("monitor-server-7.1.txt");
        expect(server[0]).toMatchObject({ type: "listener-created", raw: "LISTENER_CREATED", saddr: "0.0.0.0", sport: 6000, token: null });
        expect(server[1]).toMatchObject({ type: "created", token: "45b2451e", sport: 6000 });
        const old = events("monitor-server-6.1.txt");
        const strip = (e: PmEvent) => ({ ...e, raw: "" });
        expect(server.slice(1, 7).map(strip)).toEqual(old.slice(1, 7).map(strip));
        expect(server[7]).toMatchObject({ type: "listener-closed", saddr: "0.0.0.0", sport: 6000 });
    });

    it("sees refused joins, a fallback connection and v4-mapped addresses", () => {
        const client = events("monitor-mixed-client-6.1.txt");
        const refused = client.filter(e => e.type === "sf-closed");
        expect(refused.map(e => [e.token, e.localId, e.error])).toEqual([["278b88e7", 6, 111], ["278b88e7", 7, 111]]);
        // a connection that fell back to TCP reports nothing but its end
        expect(client.filter(e => e.token === "624e5a9c").map(e => e.type)).toEqual(["closed"]);
        expect(client.find(e => e.token === "8f5ca7d8")).toMatchObject({ saddr: "2001:db8:1::2", daddr: "2001:db8:1::1" });
        const server = events("monitor-mixed-server-6.1.txt");
        expect(server.find(e => e.type === "sf-established")).toMatchObject({ saddr: "::ffff:198.51.100.1", daddr: "::ffff:198.18.4.2" });
        expect(server.find(e => e.type === "announced" && e.token === "6d88f1e3")).toMatchObject({ daddr: "198.51.100.2", remoteId: 4 });
        expect(types("monitor-mixed-server-7.1.txt").filter(t => t.startsWith("listener"))).toEqual(
            ["listener-created", "listener-created", "listener-closed", "listener-closed"]);
    });

    it("reads the output of ip -ts and skips the Timestamp lines of ip -t", () => {
        const ts = events("monitor-timestamp-short-6.1.txt");
        expect(ts.map(e => e.type)).toEqual(["created", "established", "sf-established", "sf-established", "closed"]);
        expect(ts[0]).toMatchObject({ raw: "CREATED", token: "41054fdb", sport: 50486 });
        expect(events("monitor-timestamp-6.1.txt")).toEqual(ts);
    });

    it("reads SF_PRIO and REMOVED, names unknown numbers unknown, and gives null for garbage", () => {
        const lines = live("monitor-handwritten.txt").split("\n");
        const ev = lines.map(parseMonitorLine);
        const ok = ev.filter((e): e is PmEvent => e !== null);
        expect(ok.map(e => [e.type, e.raw])).toEqual([
            ["sf-priority", "SF_PRIO"], ["sf-priority", "SF_PRIO"], ["removed", "REMOVED"], ["removed", "REMOVED"], ["unknown", "UNKNOWN 42"],
        ]);
        expect(ok[0]).toMatchObject({ backup: true, localId: 6, token: "1655f04c" });
        expect(ok[2]).toMatchObject({ token: "750c0a5d", remoteId: 5 });
        expect(ev.filter(e => e === null)).toHaveLength(lines.length - 5);
    });

    it.each([
        "", "   ", "garbage", "[", "[]", "[  ]", "SF_CLOSED token=1", "[SF_ESTABLISHED token=1", "[created] token=1",
        "[2026-11-26T06:37:06.627598]", "Timestamp: Thu Nov 26 06:37:06 2026 627581 usec",
    ])("gives null for %j", line => {
        expect(parseMonitorLine(line)).toBeNull();
    });

    it("gives no event for ip -j's JSON (it comes all at once, at exit)", () => {
        expect(events("monitor-client-json-7.1.txt")).toEqual([]);
    });

    it("ignores malformed values and unknown fields", () => {
        expect(parseMonitorLine("[SF_CLOSED] token=zz remid=-1 locid=x sport= dport=99999999999 backup=2 error=111 what=ever server_side")).toMatchObject({
            type: "sf-closed", token: null, remoteId: null, localId: null, sport: null, dport: null, backup: true, error: 111,
        });
    });
});

describe("parseMonitorChunk", () => {
    it("gives the same events however the stream is cut", () => {
        const text = live("monitor-mixed-server-6.1.txt");
        const whole = events("monitor-mixed-server-6.1.txt");
        expect(whole).toHaveLength(15);
        for (let cut = 0; cut <= text.length; cut += 5) {
            const a = parseMonitorChunk("", text.slice(0, cut));
            const b = parseMonitorChunk(a.rest, text.slice(cut));
            expect([...a.events, ...b.events]).toEqual(whole);
            expect(b.rest).toBe("");
        }
    });

    it("keeps an unfinished line, and reads CRLF lines", () => {
        expect(parseMonitorChunk("", "[CLOSED] token=1")).toEqual({ events: [], rest: "[CLOSED] token=1" });
        const r = parseMonitorChunk("[CLOSED] tok", "en=1\r\n[CREATED] token=2\r\n[CLO");
        expect(r.events.map(e => [e.type, e.token])).toEqual([["closed", "00000001"], ["created", "00000002"]]);
        expect(r.rest).toBe("[CLO");
    });
});

describe("addEvents", () => {
    const ev = (token: string): PmEvent => parseMonitorLine(`[CLOSED] token=${token}`) as PmEvent;

    it("puts the newest first with increasing seq and the given time, without changing the old log", () => {
        const log = addEvents([], [ev("1"), ev("2")], 1000, 0);
        expect(log.map(e => [e.token, e.seq, e.time])).toEqual([["00000002", 1, 1000], ["00000001", 0, 1000]]);
        const frozen: readonly TimedEvent[] = Object.freeze([...log]);
        const next = addEvents(frozen, [ev("3")], 2000, 2);
        expect(next.map(e => e.seq)).toEqual([2, 1, 0]);
        expect(frozen).toHaveLength(2);
        expect(next).not.toBe(frozen);
    });

    it("keeps at most max entries, the newest", () => {
        const log = addEvents([], Array.from({ length: 5 }, (_, i) => ev(String(i))), 1, 10, 3);
        expect(log.map(e => e.seq)).toEqual([14, 13, 12]);
        expect(addEvents(log, [ev("a")], 2, 15, 3).map(e => e.seq)).toEqual([15, 14, 13]);
        expect(addEvents(log, [], 2, 15, 2).map(e => e.seq)).toEqual([14, 13]);
        expect(addEvents(log, [ev("a")], 2, 15, 0)).toEqual([]);
    });
});
