// The self-test script for real, in the lab: run on the lab host exactly as the page runs it (python3 -I -c
// SCRIPT -- HOST PORT), against servers on the peer, and read through the page's parser.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

import { joinedSubflows, parseSelfTest, selfTestArgv, type SelfTestResult } from "../../src/model/selftest";
import { DEFAULT, DOT1X, MULTI } from "../lab/facts";
import { ipJson, listening, onLab, PEER, peerServer, type KernelEndpoint } from "./lab";

const SCRIPT = readFileSync(resolve(import.meta.dirname, "../../src/host/mptcp-selftest.py"), "utf8");
/** the lab host's addresses with a subflow endpoint, on links other than the one to PEER */
const SUBFLOW_ADDRESSES = [DEFAULT.addr4, DOT1X.addr4];

function selfTest(port: number): SelfTestResult {
    const started = Date.now();
    const output = onLab(...selfTestArgv(SCRIPT, PEER, port));
    expect(Date.now() - started).toBeLessThan(10_000);
    return parseSelfTest(output);
}

describe("mptcp-selftest.py in the lab", () => {
    it("an MPTCP server: MPTCP, with subflows over the other links' endpoints", async () => {
        const endpoints = ipJson<KernelEndpoint[]>("mptcp", "endpoint", "show");
        for (const address of SUBFLOW_ADDRESSES)
            expect(endpoints.find(e => e.address === address)?.subflow, `subflow endpoint ${address}`).toBe(true);

        await peerServer(6150);
        const r = selfTest(6150);
        expect(r).toMatchObject({ outcome: "mptcp", detection: "mptcp-info", error: null, remote: { address: PEER, port: 6150 } });
        expect(r.info?.fallback).toBe(false);
        expect(r.subflows?.filter(s => s.initial)).toEqual([
            { local: r.local, remote: r.remote, initial: true, state: "established" }]);
        const joined = joinedSubflows(r);
        expect(joined.length).toBeGreaterThanOrEqual(1);
        for (const s of joined) {
            expect(SUBFLOW_ADDRESSES).toContain(s.local.address);
            expect(s.remote).toEqual({ address: PEER, port: 6150 });
            expect(s.state).toBe("established");
        }
        expect(r.counters?.MPJoinSynAckRx).toBeGreaterThanOrEqual(joined.length);
        expect(r.counters?.MPCapableFallbackSYNACK).toBeUndefined();
    });

    it("a plain TCP server: a fallback, and the kernel counted it", async () => {
        await peerServer(6151, { plain: true });
        const r = selfTest(6151);
        expect(r).toMatchObject({ outcome: "fallback", detection: "mptcp-info-refused", info: null, subflows: null, error: null });
        expect(r.local?.address).toBe(MULTI.addr4);
        expect(r.counters?.MPCapableFallbackSYNACK).toBeGreaterThanOrEqual(1);
    });

    it("a closed port: the connection is refused", () => {
        expect(listening(6159)).toBe(false);
        const r = selfTest(6159);
        expect(r).toMatchObject({ outcome: "connect-failed", errno: 111, local: null, info: null, subflows: null });
        expect(r.attempts).toEqual([{ remote: { address: PEER, port: 6159 }, error: r.error, errno: 111 }]);
    });
});
