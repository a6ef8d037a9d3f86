import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

import { ParseError } from "../../src/model/ip-parse";
import { joinedSubflows, parseSelfTest, selfTestArgv, targetProblems } from "../../src/model/selftest";

const SCRIPT = readFileSync(resolve(import.meta.dirname, "../../src/host/mptcp-selftest.py"), "utf8");

describe("targetProblems", () => {
    it("accepts IP addresses and DNS names", () => {
        for (const host of ["198.51.100.1", "0.0.0.0", "2001:db8::1", "::1", "::ffff:192.0.2.1", "fe80::1",
            "example.com", "example.com.", "localhost", "mptcp-server-1.example.org", "a", "xn--bcher-kva.example",
            "1e100.net", "0x1.example", "3com.com"])
            expect(targetProblems(host, "443"), host).toEqual([]);
    });

    it("refuses shell, option and URL syntax", () => {
        for (const host of ["; rm -rf /", "$(x)", "`id`", "-oProxyCommand", "--help", "host name", " example.com",
            "example.com ", "a..b", ".example.com", "a|b", "a&b", "a>b", "a\nb", "a\u0000b", "http://example.com",
            "example.com:443", "user@example.com", "-1.example", "a-.example", "ex_ample.com", "bücher.example",
            "fe80::1%eth0", "2001:db8::1::2", "2001:db8:::1", "1.2.3.4.5", "256.1.1.1", "*", "..", "."])
            expect(targetProblems(host, "443"), JSON.stringify(host)).toEqual(["host-invalid"]);
    });

    it("refuses what the resolver would read as a number other than the one shown", () => {
        // inet_aton: "010" is octal 8, "127.1" is 127.0.0.1, "0x7f000001" is 127.0.0.1
        for (const host of ["010.0.0.1", "127.1", "1.2.3", "0x7f000001", "0x7f.1", "4294967295", "example.123"])
            expect(targetProblems(host, "443"), host).toEqual(["host-invalid"]);
    });

    it("says when an IPv6 address has brackets", () => {
        // the port has its own field: "[::1]" is URL syntax, and the resolver does not take it
        expect(targetProblems("[::1]", "443")).toEqual(["host-bracketed"]);
        expect(targetProblems("[2001:db8::1]", "443")).toEqual(["host-bracketed"]);
        expect(targetProblems("[example.com]", "443")).toEqual(["host-invalid"]);
    });

    it("checks the length", () => {
        const label = "a".repeat(63);
        const long = [label, label, label, "a".repeat(61)].join("."); // 253
        expect(targetProblems(long, "1")).toEqual([]);
        expect(targetProblems(`${long}.`, "1")).toEqual([]);
        expect(targetProblems(`${long}a`, "1")).toEqual(["host-too-long"]);
        expect(targetProblems(`${"a".repeat(64)}.example`, "1")).toEqual(["host-invalid"]);
        expect(targetProblems("", "1")).toEqual(["host-empty"]);
    });

    it("checks the port", () => {
        expect(targetProblems("example.com", "1")).toEqual([]);
        expect(targetProblems("example.com", "65535")).toEqual([]);
        expect(targetProblems("example.com", "")).toEqual(["port-empty"]);
        expect(targetProblems("example.com", "0")).toEqual(["port-out-of-range"]);
        expect(targetProblems("example.com", "65536")).toEqual(["port-out-of-range"]);
        expect(targetProblems("example.com", "99999999999999999999")).toEqual(["port-out-of-range"]);
        for (const port of ["-1", "80a", " 80", "8 0", "1e3", "0x50", "80.0", "$(x)"])
            expect(targetProblems("example.com", port), port).toEqual(["port-invalid"]);
        expect(targetProblems("", "")).toEqual(["host-empty", "port-empty"]);
    });
});

describe("selfTestArgv", () => {
    it("passes the host and port as data after --", () => {
        expect(selfTestArgv("SCRIPT", "2001:db8::1", 443)).toEqual(["python3", "-I", "-c", "SCRIPT", "--", "2001:db8::1", "443"]);
    });

    it("refuses targets that are not valid", () => {
        expect(() => selfTestArgv("SCRIPT", "-oProxyCommand=x", 22)).toThrow(/host-invalid/);
        expect(() => selfTestArgv("SCRIPT", "example.com", 0)).toThrow(/port-out-of-range/);
        expect(() => selfTestArgv("SCRIPT", "example.com", 1.5)).toThrow(/port-invalid/);
    });

    it("reaches the script as sys.argv after the --, which the script drops", () => {
        // python3 -c keeps "--" in sys.argv[1]; bad usage exits 2 before anything connects
        const [cmd, ...args] = selfTestArgv(SCRIPT, "example.com", 443);
        const run = (extra: string[]) => {
            try {
                execFileSync(cmd, [...args.slice(0, -2), ...extra], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
                return 0;
            } catch (e) {
                return { status: (e as { status: number }).status, stderr: String((e as { stderr: string }).stderr) };
            }
        };
        expect(run(["a;b", "443"])).toMatchObject({ status: 2, stderr: expect.stringMatching(/HOST must be/) });
        expect(run(["-x", "443"])).toMatchObject({ status: 2, stderr: expect.stringMatching(/HOST must be/) });
        expect(run(["example.com", "0"])).toMatchObject({ status: 2, stderr: expect.stringMatching(/PORT must be/) });
        expect(run(["example.com"])).toMatchObject({ status: 2, stderr: expect.stringMatching(/expected HOST PORT/) });
    });
});

// Real answers of the script in the lab (kernel 6.18): an MPTCP server on the peer, a plain TCP one, none.
const MPTCP = {
    v: 1, outcome: "mptcp", error: null, errno: null, host: "198.51.100.1", port: 6101,
    attempts: [{ errno: null, error: null, remote: { address: "198.51.100.1", port: 6101 } }],
    counters: { AddAddrTx: 1, EchoAdd: 1, MPCapableSYNACKRX: 1, MPCapableSYNTX: 1, MPJoinSynAckRx: 2, MPJoinSynTx: 2 },
    detection: "mptcp-info", elapsed_ms: 762,
    info: {
        add_addr_accepted: 0, add_addr_accepted_max: 0, add_addr_signal: 1, add_addr_signal_max: 2, bytes_acked: 16384,
        bytes_received: 0, bytes_retrans: 0, bytes_sent: 16384, csum_enabled: 0, flags: 2, last_ack_recv: 4,
        last_data_recv: 756, last_data_sent: 4, length: 96, local_addr_max: 4, local_addr_used: 3, retransmits: 0,
        subflows: 2, subflows_max: 2, subflows_total: 3, token: "7fd73b39",
    },
    local: { address: "198.51.100.2", port: 60902 }, remote: { address: "198.51.100.1", port: 6101 },
    send_error: null, sent: 16384,
    subflows: [
        { initial: true, local: { address: "198.51.100.2", port: 60902 }, remote: { address: "198.51.100.1", port: 6101 }, state: "established" },
        { initial: false, local: { address: "198.18.4.2", port: 57429 }, remote: { address: "198.51.100.1", port: 6101 }, state: "established" },
        { initial: false, local: { address: "198.18.7.2", port: 50799 }, remote: { address: "198.51.100.1", port: 6101 }, state: "syn-sent" },
    ],
};
const FALLBACK = {
    v: 1, outcome: "fallback", error: null, errno: null, host: "198.51.100.1", port: 6102,
    attempts: [{ errno: null, error: null, remote: { address: "198.51.100.1", port: 6102 } }],
    counters: { MPCapableFallbackSYNACK: 1, MPCapableSYNTX: 1 }, detection: "mptcp-info-refused", elapsed_ms: 754,
    info: null, local: { address: "198.51.100.2", port: 39226 }, remote: { address: "198.51.100.1", port: 6102 },
    send_error: null, sent: 16384, subflows: null,
};
const REFUSED = {
    v: 1, outcome: "connect-failed", error: "Connection refused", errno: 111, host: "198.51.100.1", port: 6103,
    attempts: [{ errno: 111, error: "Connection refused", remote: { address: "198.51.100.1", port: 6103 } }],
    counters: { MPCapableSYNTX: 1 }, detection: null, elapsed_ms: 1, info: null, local: null,
    remote: { address: "198.51.100.1", port: 6103 }, send_error: null, sent: 0, subflows: null,
};
const text = (o: unknown) => JSON.stringify(o) + "\n";
const without = (o: Record<string, unknown>, key: string) => Object.fromEntries(
    Object.entries(o).filter(([k]) => k !== key)
);

describe("parseSelfTest", () => {
    it("reads an MPTCP connection with its subflows", () => {
        const r = parseSelfTest(text(MPTCP));
        expect(r).toMatchObject({ outcome: "mptcp", detection: "mptcp-info", local: { address: "198.51.100.2", port: 60902 }, sent: 16384, sendError: null, elapsedMs: 762 });
        expect(r.info).toMatchObject({ subflows: 2, subflowsMax: 2, addAddrSignal: 1, fallback: false, remoteKeyReceived: true, token: "7fd73b39", csumEnabled: false, bytesSent: 16384, length: 96 });
        expect(r.subflows?.map(s => [s.local.address, s.initial, s.state])).toEqual([
            ["198.51.100.2", true, "established"], ["198.18.4.2", false, "established"], ["198.18.7.2", false, "syn-sent"]]);
        expect(joinedSubflows(r).map(s => s.local.address)).toEqual(["198.18.4.2"]);
        expect(r.counters).toEqual(
            { AddAddrTx: 1, EchoAdd: 1, MPCapableSYNACKRX: 1, MPCapableSYNTX: 1, MPJoinSynAckRx: 2, MPJoinSynTx: 2 }
        );
    });

    it("reads a fallback and a refused connection", () => {
        expect(parseSelfTest(text(FALLBACK))).toMatchObject({ outcome: "fallback", detection: "mptcp-info-refused", info: null, subflows: null, counters: { MPCapableFallbackSYNACK: 1 } });
        expect(parseSelfTest(text(REFUSED))).toMatchObject({ outcome: "connect-failed", error: "Connection refused", errno: 111, local: null, attempts: [{ errno: 111 }] });
    });

    it("reads a shorter mptcp_info (older kernels) and unknown subflows", () => {
        const shortInfo = {
            ...MPTCP.info, length: 48, csum_enabled: null, retransmits: null, bytes_retrans: null, bytes_sent: null,
            bytes_received: null, bytes_acked: null, subflows_total: null, last_data_sent: null, last_data_recv: null,
            last_ack_recv: null,
        };
        const r = parseSelfTest(text({ ...MPTCP, info: shortInfo, subflows: null, detection: "passthrough", counters: null }));
        expect(r.info).toMatchObject({ length: 48, bytesSent: null, csumEnabled: null, subflows: 2 });
        expect(r.subflows).toBeNull();
        expect(joinedSubflows(r)).toEqual([]);
        expect(r.counters).toBeNull();
        // an old kernel's MPTCP_INFO on a fallback: the flag
        expect(parseSelfTest(text({ ...FALLBACK, detection: "mptcp-info", info: { ...MPTCP.info, flags: 1 } })).info?.fallback).toBe(true);
    });

    it("reads the other outcomes", () => {
        const failed = { ...REFUSED, local: null, remote: null, attempts: [], errno: null, counters: {} };
        for (const outcome of ["no-mptcp-socket", "resolve-failed", "timeout"])
            expect(parseSelfTest(text({ ...failed, outcome })).outcome).toBe(outcome);
    });

    it("refuses output that is not the script's", () => {
        for (const bad of ["", "garbage", "Traceback (most recent call last):", "[]", "null", "1", text(MPTCP) + text(MPTCP)])
            expect(() => parseSelfTest(bad), bad).toThrow(ParseError);
    });

    it("refuses other versions", () => {
        expect(() => parseSelfTest(text({ ...MPTCP, v: 2 }))).toThrow(/unsupported output version 2/);
        expect(() => parseSelfTest(text(without(MPTCP, "v")))).toThrow(/unsupported output version null/);
        expect(() => parseSelfTest(text({ ...MPTCP, v: "1" }))).toThrow(ParseError);
    });

    it("refuses missing or mistyped fields, naming them", () => {
        for (const key of Object.keys(MPTCP).filter(k => k !== "v"))
            expect(() => parseSelfTest(text(without(MPTCP, key))), key).toThrow(new RegExp(`${key} is missing`));
        const cases: [Record<string, unknown>, RegExp][] = [
            [{ outcome: "maybe" }, /outcome is not one of/],
            [{ errno: -1 }, /errno is not an integer/],
            [{ errno: "111" }, /errno is not an integer/],
            [{ port: 0 }, /port is not an integer/],
            [{ local: { address: "198.51.100.2; rm -rf /", port: 1 } }, /not an IP address/],
            [{ local: { address: "198.51.100.2", port: 70000 } }, /local.port is not/],
            [{ remote: "198.51.100.1" }, /remote is not an object/],
            [{ attempts: {} }, /attempts is not an array/],
            [{ attempts: [null] }, /attempts\[0\] is not an object/],
            [{ detection: "guess" }, /detection is not one of/],
            [{ info: { ...MPTCP.info, subflows: 256 } }, /info.subflows is not/],
            [{ info: { ...MPTCP.info, token: 1 } }, /info.token is not a string/],
            [{ info: { ...MPTCP.info, token: "<b>" } }, /not 8 hex digits/],
            [{ info: without(MPTCP.info, "bytes_sent") }, /info.bytes_sent is missing/],
            [{ subflows: [{ ...MPTCP.subflows[0], state: "dancing" }] }, /subflows\[0\].state is not one of/],
            [{ subflows: [{ ...MPTCP.subflows[0], initial: 1 }] }, /subflows\[0\].initial is not true or false/],
            [{ counters: JSON.parse('{"__proto__": 1}') as unknown }, /not a counter name/],
            [{ counters: { MPJoinSynTx: 1.5 } }, /counter MPJoinSynTx is not an integer/],
            [{ counters: [] }, /counters is not an object/],
            [{ sent: -1 }, /sent is not/],
            [{ local: null }, /without its addresses/],
        ];
        for (const [patch, message] of cases)
            expect(() => parseSelfTest(text({ ...MPTCP, ...patch })), JSON.stringify(patch)).toThrow(message);
        expect(() => parseSelfTest(text({ ...REFUSED, info: MPTCP.info }))).toThrow(/with connection details/);
    });
});
