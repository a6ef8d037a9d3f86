import { describe, expect, it } from "vitest";

import { COUNTER_GROUPS, GAUGES, counterRows, parseMptcpCounters, rebaseStart } from "../../src/model/counters";
import { fixture } from "./fixtures/snapshot";

const counters = (name: string) => parseMptcpCounters(fixture(`live/${name}`));
const ALL = COUNTER_GROUPS.flatMap(g => g.names);

describe("parseMptcpCounters", () => {
    it("reads kernel 6.18's MPTcpExt pair out of /proc/net/netstat", () => {
        const c = counters("netstat-6.18-client-after.txt");
        expect(c).not.toBeNull();
        expect(Object.keys(c ?? {})).toHaveLength(76);
        expect(c).toMatchObject({
            MPCapableSYNTX: 7, MPCapableSYNACKRX: 5, MPCapableFallbackSYNACK: 2, MPJoinSynTx: 8, MPJoinSynAckRx: 6,
            MPCurrEstab: 4, MPJoinRejected: 0,
        });
        expect(c?.SyncookiesSent).toBeUndefined(); // TcpExt is not ours
        expect(counters("netstat-6.18-server.txt")).toMatchObject({ MPCapableSYNRX: expect.any(Number), MPJoinSynRx: expect.any(Number) });
    });

    it("is null without MPTcpExt lines (a kernel without MPTCP)", () => {
        expect(counters("netstat-no-mptcp.txt")).toBeNull();
        expect(parseMptcpCounters("")).toBeNull();
    });

    it("reads an old kernel's shorter list, without a final newline", () => {
        const c = counters("netstat-5.6-names.txt");
        expect(c).toEqual({
            MPCapableSYNRX: 3, MPCapableACKRX: 3, MPCapableFallbackACK: 1, MPCapableFallbackSYNACK: 0, MPTCPRetrans: 0,
            MPJoinNoTokenFound: 0, MPJoinSynRx: 2, MPJoinSynAckRx: 0, MPJoinSynAckHMacFailure: 0, MPJoinAckRx: 2,
            MPJoinAckHMacFailure: 0, DSSNotMatching: 0, InfiniteMapRx: 0,
        });
    });

    it("tolerates a missing value line, short lines and bad values", () => {
        expect(parseMptcpCounters("MPTcpExt: A B\n")).toEqual({});
        expect(parseMptcpCounters("MPTcpExt: A B C D\nMPTcpExt: 1 x 3\n")).toEqual({ A: 1, C: 3 });
        expect(parseMptcpCounters("MPTcpExt:  A   B \r\nMPTcpExt: 1 2\r\n")).toEqual({ A: 1, B: 2 });
    });
});

describe("COUNTER_GROUPS", () => {
    it("names only counters kernel 6.18 has, each once", () => {
        const real = counters("netstat-6.18-client-after.txt") ?? {};
        for (const name of ALL) expect(real, name).toHaveProperty(name);
        expect(new Set(ALL).size).toBe(ALL.length);
        expect(COUNTER_GROUPS.map(g => g.id)).toEqual(["handshake", "join", "address", "failure"]);
        for (const name of ["MPCapableSYNTX", "MPJoinSynTx", "MPJoinRejected", "AddAddrDrop", "DSSCorruptionFallback", "MPCurrEstab"]) {
            expect(ALL).toContain(name);
        }
    });
});

describe("counterRows", () => {
    const before = { at: 10_000, values: counters("netstat-6.18-client-before.txt") ?? {} };
    const after = { at: 12_000, values: counters("netstat-6.18-client-after.txt") ?? {} };

    it("gives the deltas of the mixed scenario since the start and per second", () => {
        const rows = counterRows(before.values, before, after, ["MPJoinSynTx", "MPJoinSynAckRx", "MPCapableFallbackSYNACK", "MPRstRx"]);
        expect(rows).toEqual([
            { name: "MPJoinSynTx", total: 8, sinceStart: 4, perSecond: 2 },
            { name: "MPJoinSynAckRx", total: 6, sinceStart: 2, perSecond: 1 },
            { name: "MPCapableFallbackSYNACK", total: 2, sinceStart: 1, perSecond: 0.5 },
            { name: "MPRstRx", total: 3, sinceStart: 0, perSecond: 0 },
        ]);
    });

    it("treats MPCurrEstab as a gauge: a signed change, no rate", () => {
        expect(GAUGES.has("MPCurrEstab")).toBe(true);
        expect(counterRows(after.values, after, before, ["MPCurrEstab"])).toEqual([{ name: "MPCurrEstab", total: 0, sinceStart: -4, perSecond: null }]);
    });

    it("has no rate without a previous sample or when no time passed", () => {
        expect(counterRows(before.values, null, after, ["MPJoinSynTx"])[0].perSecond).toBeNull();
        expect(counterRows(before.values, { ...before, at: 12_000 }, after, ["MPJoinSynTx"])[0].perSecond).toBeNull();
    });

    it("gives no rows for names the kernel lacks (an old kernel)", () => {
        const old = counters("netstat-5.6-names.txt") ?? {};
        const rows = counterRows(old, null, { at: 0, values: old }, ALL);
        expect(rows.map(r => r.name)).toEqual(["MPCapableSYNRX", "MPCapableACKRX", "MPCapableFallbackSYNACK", "MPCapableFallbackACK",
            "MPJoinSynRx", "MPJoinSynAckRx", "MPJoinAckRx", "MPJoinNoTokenFound", "MPJoinSynAckHMacFailure", "MPJoinAckHMacFailure"]);
    });

    it("restarts a counter that went backwards from its new value", () => {
        const rows = counterRows({ A: 100 }, { at: 0, values: { A: 120 } }, { at: 1000, values: { A: 7 } }, ["A"]);
        expect(rows).toEqual([{ name: "A", total: 7, sinceStart: 7, perSecond: 7 }]);
        expect(counterRows({}, null, { at: 0, values: { A: 5 } }, ["A"])[0].sinceStart).toBe(5);
    });

    it("finds a name whose case differs", () => {
        expect(counterRows({ mpjoinsyntx: 1 }, null, { at: 0, values: { MPJOINSYNTX: 3 } }, ["MPJoinSynTx"])).toEqual(
            [{ name: "MPJoinSynTx", total: 3, sinceStart: 2, perSecond: null }]);
    });
});

describe("rebaseStart", () => {
    it("sets the start of reset counters to 0 and keeps the object when nothing reset", () => {
        const start = { A: 100, B: 5, MPCurrEstab: 9 };
        expect(rebaseStart(start, { A: 150, B: 5, MPCurrEstab: 1 })).toBe(start);
        const rebased = rebaseStart(start, { A: 7, B: 6, MPCurrEstab: 1 });
        expect(rebased).toEqual({ A: 0, B: 5, MPCurrEstab: 9 });
        expect(start.A).toBe(100);
        // after the rebase, the reset counter keeps counting from its restart
        expect(counterRows(rebased, null, { at: 0, values: { A: 130 } }, ["A"])[0].sinceStart).toBe(130);
    });
});
