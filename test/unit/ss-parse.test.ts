import { describe, expect, it } from "vitest";

import {
    type MptcpSocket, normalizeToken, parseMptcpSockets, parseSockAddr, parseTcpSubflows, subflowFilter,
} from "../../src/model/ss-parse";
import { fixture } from "./fixtures/snapshot";

const live = (name: string) => fixture(`live/${name}`);
const M = (name: string) => parseMptcpSockets(live(name));
const T = (name: string) => parseTcpSubflows(live(name));
const brief = (s: MptcpSocket) => (
    { state: s.state, local: s.local, remote: s.remote, token: s.token, subflows: s.subflows }
);

describe("ss -M: MPTCP connections", () => {
    it("reads a client's connection with 2 extra subflows", () => {
        expect(M("ss-M-client-2-subflows.txt")).toEqual([{
            state: "ESTAB", recvQ: 1344, sendQ: 0,
            local: { address: "198.51.100.2", port: 51360, dev: null },
            remote: { address: "198.51.100.1", port: 6000, dev: null },
            processes: [{ name: "python3", pid: 434, fd: 3 }],
            token: "ddfdd4d3", subflows: 2, subflowsMax: 2, addAddrSignal: 1, addAddrAccepted: 0,
            addAddrSignalMax: 2, addAddrAcceptedMax: null, fallback: false, remoteKey: true,
            bytesSent: null, bytesReceived: null, bytesAcked: null,
        }]);
    });

    it("reads the server side and its listener (no token, port * is null)", () => {
        const [conn, listener] = M("ss-M-server-2-subflows-listener.txt");
        expect(brief(conn)).toEqual({
            state: "ESTAB", local: { address: "198.51.100.1", port: 6000, dev: null },
            remote: { address: "198.51.100.2", port: 51360, dev: null }, token: "45b2451e", subflows: 2,
        });
        expect(conn.addAddrSignal).toBe(0);
        expect(conn.addAddrSignalMax).toBeNull();
        expect(listener).toMatchObject({
            state: "LISTEN", recvQ: 0, sendQ: 5, token: null, subflows: 0, remoteKey: false,
            local: { address: "0.0.0.0", port: 6000 }, remote: { address: "0.0.0.0", port: null },
            processes: [{ name: "python3", pid: 393, fd: 3 }],
        });
    });

    it("reads the same sockets with a header line, with -O, and from iproute2 5.15 and 7.1", () => {
        const client = M("ss-M-client-2-subflows.txt").map(brief);
        expect(M("ss-M-client-header.txt").map(brief)).toEqual(client);
        expect(M("ss-M-client-iproute2-7.1.txt").map(brief)).toEqual(client);
        const server = M("ss-M-server-2-subflows-listener.txt");
        expect(M("ss-M-server-oneline.txt")).toEqual(server);
        expect(M("ss-M-server-iproute2-5.15.txt").map(brief)).toEqual(server.map(brief));
    });

    it("reads the byte counters of iproute2 >= 6.5 and ignores the fields it does not know", () => {
        const [s] = M("ss-M-client-iproute2-7.1.txt");
        expect([s.bytesSent, s.bytesReceived, s.bytesAcked]).toEqual([41984, 20992, 41984]);
        expect([s.subflows, s.subflowsMax, s.addAddrSignal, s.addAddrSignalMax]).toEqual([2, 2, 1, 2]);
    });

    it("sees a subflow go away", () => {
        expect(M("ss-M-client-after-subflow-killed.txt")[0].subflows).toBe(1);
    });

    it("reads fallback, IPv6 and refused-join connections", () => {
        const byPort = new Map(M("ss-M-client-fallback-ipv6-refused.txt").map(s => [s.remote.port, s]));
        expect(byPort.get(6010)).toMatchObject({ token: "624e5a9c", fallback: true, remoteKey: false, subflows: 0, addAddrSignal: 0 });
        expect(byPort.get(6012)).toMatchObject({ token: "278b88e7", fallback: false, remoteKey: true, subflows: 0, addAddrSignal: 1 });
        const v6 = M("ss-M-client-fallback-ipv6-refused.txt").find(s => s.token === "8f5ca7d8");
        expect(v6?.local).toEqual({ address: "2001:db8:1::2", port: 51346, dev: null });
        expect(v6?.remote).toEqual({ address: "2001:db8:1::1", port: 6011, dev: null });
        const v71 = M("ss-M-client-fallback-ipv6-refused-iproute2-7.1.txt");
        expect(v71.map(s => [s.token, s.fallback, s.subflows, s.bytesAcked])).toEqual([
            ["92a5885f", false, 2, 49152], ["278b88e7", false, 0, 38912], ["624e5a9c", true, 0, 49153], ["8f5ca7d8", false, 0, 49152],
        ]);
    });

    it("reads v4-mapped addresses and a dual-stack listener", () => {
        const s = M("ss-M-server-mapped-ipv6-dualstack.txt");
        expect(s.map(x => [x.state, x.local.address, x.local.port, x.remote.address])).toEqual([
            ["ESTAB", "198.51.100.1", 6012, "198.51.100.2"],
            ["ESTAB", "::ffff:198.51.100.1", 6011, "::ffff:198.51.100.2"],
            ["ESTAB", "2001:db8:1::1", 6011, "2001:db8:1::2"],
            ["LISTEN", "*", 6011, "*"],
        ]);
        expect(s[2].processes).toEqual([{ name: "python3", pid: 510, fd: 5 }]);
    });

    it("gives nothing for empty output or a lone header", () => {
        expect(M("ss-M-empty.txt")).toEqual([]);
        expect(M("ss-M-header-only.txt")).toEqual([]);
        expect(parseMptcpSockets("\n\n")).toEqual([]);
    });

    it("keeps what was complete of truncated output", () => {
        const text = live("ss-M-truncated.txt");
        expect(text.endsWith("\n")).toBe(false);
        expect(M("ss-M-truncated.txt").map(s => s.token)).toEqual(["92a5885f"]);
        // cut right after a main line: that socket's detail line is missing, so it is left out
        const full = live("ss-M-client-fallback-ipv6-refused.txt");
        const cut = full.slice(0, full.indexOf("\n", full.indexOf("6012")) + 3);
        expect(parseMptcpSockets(cut).map(s => s.token)).toEqual(["92a5885f"]);
    });

    it("skips lines it cannot understand and ignores unknown fields", () => {
        const text = [
            "garbage",
            "ESTAB x 0 1.2.3.4:1 5.6.7.8:2",
            "mptcp ESTAB 0 0 192.0.2.1:443 198.51.100.9:40000 users:((\"my (odd) server\",pid=7,fd=9),(\"nginx\",pid=8,fd=10)) ino:123 sk:1",
            "\t subflows:3 new_thing:7 flag_we_do_not_know token:abc subflows_max:8 add_addr_accepted:2 add_addr_accepted_max:4 bytes_sent:x",
            "ESTAB 0 0 nonsense nonsense",
            "\t subflows:1",
        ].join("\n") + "\n";
        expect(parseMptcpSockets(text)).toEqual([{
            state: "ESTAB", recvQ: 0, sendQ: 0,
            local: { address: "192.0.2.1", port: 443, dev: null }, remote: { address: "198.51.100.9", port: 40000, dev: null },
            processes: [{ name: "my (odd) server", pid: 7, fd: 9 }, { name: "nginx", pid: 8, fd: 10 }],
            token: "00000abc", subflows: 3, subflowsMax: 8, addAddrSignal: 0, addAddrAccepted: 2,
            addAddrSignalMax: null, addAddrAcceptedMax: 4, fallback: false, remoteKey: false,
            bytesSent: null, bytesReceived: null, bytesAcked: null,
        }]);
    });

    it("never throws, whatever part of its input it gets", () => {
        const texts = ["ss-M-client-fallback-ipv6-refused.txt", "ss-M-server-oneline.txt", "ss-t-server-mixed.txt"].map(live);
        for (const text of texts) {
            for (let i = 0; i < text.length; i += 7) {
                expect(() => parseMptcpSockets(text.slice(i))).not.toThrow();
                expect(() => parseTcpSubflows(text.slice(0, i))).not.toThrow();
                expect(() => parseTcpSubflows(text.slice(i))).not.toThrow();
            }
        }
    });
});

describe("ss -t: MPTCP subflows", () => {
    it("reads a client's initial subflow and its two joins", () => {
        const sf = T("ss-t-client-2-subflows.txt");
        expect(sf[1]).toEqual({
            state: "ESTAB",
            local: { address: "198.18.4.2", port: 52771, dev: "eth4" },
            remote: { address: "198.51.100.1", port: 6000, dev: null },
            token: "ddfdd4d3", localId: 6, remoteId: 0, flags: "Jjec", backup: false,
            rttMs: 0.014, bytesSent: null, bytesReceived: null, bytesAcked: 1,
        });
        expect(sf.map(s => [
            s.local.port, s.token, s.localId, s.remoteId, s.flags, s.rttMs, s.bytesSent, s.bytesReceived, s.bytesAcked,
        ])).toEqual([
            [51360, "ddfdd4d3", 0, 0, "Mmec", 3.928, 40960, 20480, 40961],
            [52771, "ddfdd4d3", 6, 0, "Jjec", 0.014, null, null, 1],
            [49195, "ddfdd4d3", 7, 0, "Jjec", 0.018, null, null, 1],
        ]);
    });

    it("matches the connection of ss -M taken at the same moment: subflows + 1 sockets with its token", () => {
        const [conn] = M("ss-M-client-2-subflows.txt");
        expect(T("ss-t-client-2-subflows.txt").filter(s => s.token === conn.token)).toHaveLength(conn.subflows + 1);
    });

    it("reads the server side: the remote id is before the slash; the listener is skipped", () => {
        const sf = T("ss-t-server-filter-6000.txt");
        expect(sf.map(s => [s.remote.address, s.token, s.localId, s.remoteId, s.flags])).toEqual([
            ["198.18.7.2", "45b2451e", 0, 7, "Jec"],
            ["198.51.100.2", "45b2451e", 0, 0, "Mec"],
            ["198.18.4.2", "45b2451e", 0, 6, "Jec"],
        ]);
    });

    it("reads the same subflows with a header, with -O, and from iproute2 5.15 and 7.1", () => {
        const key = (name: string) => T(name).map(s => [s.local, s.remote, s.token, s.localId, s.remoteId, s.flags]);
        const base = key("ss-t-client-2-subflows.txt");
        expect(key("ss-t-client-header.txt")).toEqual(base);
        expect(key("ss-t-client-oneline.txt")).toEqual(base);
        expect(key("ss-t-client-iproute2-5.15.txt")).toEqual(base);
        expect(key("ss-t-client-iproute2-7.1.txt")).toEqual(base);
        expect(T("ss-t-client-oneline.txt")).toEqual(T("ss-t-client-2-subflows.txt"));
    });

    it("keeps a fallback connection's subflow, IPv6, and skips plain TCP and TIME-WAIT", () => {
        const sf = T("ss-t-client-mixed.txt");
        expect(sf).toHaveLength(6);
        expect(sf.find(s => s.token === "624e5a9c")).toMatchObject({ flags: "mc", remote: { port: 6010 }, localId: 0 });
        expect(sf.find(s => s.token === "8f5ca7d8")?.local).toEqual({ address: "2001:db8:1::2", port: 51346, dev: null });
        const tw = live("ss-t-client-time-wait.txt");
        expect(tw.match(/^TIME-WAIT/gm)).toHaveLength(25);
        const [conn] = M("ss-M-client-time-wait.txt");
        expect(T("ss-t-client-time-wait.txt").map(s => [s.state, s.token, s.localId])).toEqual([
            ["ESTAB", conn.token, 6], ["ESTAB", conn.token, 0], ["ESTAB", conn.token, 7],
        ]);
        const server = T("ss-t-server-mixed.txt");
        expect(server.map(s => s.token).sort()).toEqual(["6d88f1e3", "b30cb1dd", "bb18ecda", "bb18ecda", "bb18ecda"]);
        expect(server.some(s => s.local.port === 6010)).toBe(false);
        expect(server.find(s => s.remoteId === 6)?.remote.address).toBe("::ffff:198.18.4.2");
    });

    it("sees a destroyed subflow go away", () => {
        expect(T("ss-t-client-after-subflow-killed.txt").map(s => s.localId)).toEqual([0, 7]);
    });

    it("keeps what was complete of truncated output", () => {
        expect(T("ss-t-truncated.txt").map(s => s.local.port)).toEqual([51360]);
    });

    it("reads a Netid column and tolerates service names and stray lines", () => {
        expect(T("ss-K-netid-service-name.txt")).toEqual([]); // ss -K prints no detail
        const [main] = live("ss-K-netid-service-name.txt").split("\n").filter(l => l.startsWith("tcp"));
        const sf = parseTcpSubflows(`${main}\n\t cubic rtt:2/1 tcp-ulp-mptcp flags:Jjbec token:1(id:3)/5f04c(id:4)\n`);
        expect(sf).toEqual([{
            state: "ESTAB", local: { address: "198.18.4.2", port: 52771, dev: "eth4" },
            remote: { address: "198.51.100.1", port: null, dev: null },
            token: "0005f04c", localId: 4, remoteId: 3, flags: "Jjbec", backup: true,
            rttMs: 2, bytesSent: null, bytesReceived: null, bytesAcked: null,
        }]);
    });

    it("skips subflows without a token and sockets where tcp-ulp-mptcp is not a field", () => {
        const text = [
            "ESTAB 0 0 10.0.0.1:1 10.0.0.2:2",
            "\t cubic rtt:1/1 tcp-ulp-mptcp flags:Jc",
            "ESTAB 0 0 10.0.0.1:3 10.0.0.2:4 users:((\"tcp-ulp-mptcp\",pid=1,fd=2))",
            "\t cubic rtt:1/1 xtcp-ulp-mptcp token:0(id:0)/1(id:0)",
            "ESTAB 0 0 10.0.0.1:5 10.0.0.2:6",
            "\t cubic rtt:1/1 tcp-ulp-mptcp token:0(id:0)/1(id:0)",
        ].join("\n") + "\n";
        expect(parseTcpSubflows(text).map(s => [s.local.port, s.token, s.flags])).toEqual([[5, "00000001", ""]]);
    });
});

describe("addresses and tokens", () => {
    it.each([
        ["198.18.4.2%eth4:56387", { address: "198.18.4.2", port: 56387, dev: "eth4" }],
        ["[2001:db8::1]:80", { address: "2001:db8::1", port: 80, dev: null }],
        ["2001:db8::1:80", { address: "2001:db8::1", port: 80, dev: null }],
        [":::22", { address: "::", port: 22, dev: null }],
        ["*:5000", { address: "*", port: 5000, dev: null }],
        ["0.0.0.0:*", { address: "0.0.0.0", port: null, dev: null }],
        ["*:*", { address: "*", port: null, dev: null }],
        ["[::]:5000", { address: "::", port: 5000, dev: null }],
        ["[::ffff:1.2.3.4]:80", { address: "::ffff:1.2.3.4", port: 80, dev: null }],
        ["[fe80::1]%eth1:22", { address: "fe80::1", port: 22, dev: "eth1" }],
        ["198.51.100.1:x11", { address: "198.51.100.1", port: null, dev: null }],
    ])("%s", (text, want) => {
        expect(parseSockAddr(text)).toEqual(want);
    });

    it.each(["", "nocolon", ":80", "1.2.3.4:8x0", "[]:80"])("rejects %j", text => {
        expect(parseSockAddr(text)).toBeNull();
    });

    it("normalizes tokens to 8 lowercase hex digits", () => {
        expect(normalizeToken("5F04C")).toBe("0005f04c");
        expect(normalizeToken("0x1655f04c")).toBe("1655f04c");
        expect(normalizeToken("0000")).toBe("00000000");
        expect(normalizeToken("123456789")).toBeNull();
        expect(normalizeToken("xyz")).toBeNull();
    });
});

describe("subflowFilter", () => {
    const conns = (name: string) => M(name);

    it("on the client side filters on the remote (server) ports", () => {
        expect(subflowFilter(conns("ss-M-client-2-subflows.txt"), [])).toEqual(["(", "dport", "=", ":6000", ")"]);
        expect(subflowFilter(conns("ss-M-client-fallback-ipv6-refused.txt"), [])).toEqual(
            ["(", "dport", "=", ":6010", "or", "dport", "=", ":6011", "or", "dport", "=", ":6012", ")"]);
    });

    it("on the server side filters on the listening port; a connection whose listener closed on its remote port", () => {
        expect(subflowFilter(conns("ss-M-server-2-subflows-listener.txt"), [])).toEqual(["(", "sport", "=", ":6000", ")"]);
        expect(subflowFilter(conns("ss-M-server-mapped-ipv6-dualstack.txt"), [])).toEqual(
            ["(", "sport", "=", ":6011", "or", "dport", "=", ":59794", ")"]);
    });

    it("selects every subflow of the captured connections", () => {
        for (const [m, t] of [["ss-M-client-fallback-ipv6-refused.txt", "ss-t-client-mixed.txt"],
            ["ss-M-server-mapped-ipv6-dualstack.txt", "ss-t-server-mixed.txt"],
            ["ss-M-server-2-subflows-listener.txt", "ss-t-server-filter-6000.txt"]]) {
            const argv = subflowFilter(conns(m), []) ?? [];
            const sports = new Set<number>(), dports = new Set<number>();
            for (let i = 0; i < argv.length; i++) {
                if (argv[i] === "sport") sports.add(Number(argv[i + 2].slice(1)));
                if (argv[i] === "dport") dports.add(Number(argv[i + 2].slice(1)));
            }
            const subflows = T(t);
            expect(subflows.length).toBeGreaterThan(2);
            for (const s of subflows) expect(
                sports.has(s.local.port ?? -1) || dports.has(s.remote.port ?? -1)
            ).toBe(true);
        }
    });

    it("adds extra ports both ways, and the remote port of a server connection that accepted addresses", () => {
        const server = conns("ss-M-server-2-subflows-listener.txt");
        server[0] = { ...server[0], addAddrAccepted: 1 };
        expect(subflowFilter(server, [7000, 0, 70000])).toEqual([
            "(", "sport", "=", ":6000", "or", "sport", "=", ":7000", "or", "dport", "=", ":7000", "or", "dport", "=", ":51360", ")",
        ]);
    });

    it("is [] without connections, null beyond max ports or with an unknown port", () => {
        expect(subflowFilter([], [5000])).toEqual([]);
        const [, listener] = conns("ss-M-server-2-subflows-listener.txt");
        expect(subflowFilter([listener], [])).toEqual([]);
        const [c] = conns("ss-M-client-2-subflows.txt");
        const many = Array.from({ length: 65 }, (_, i) => ({ ...c, remote: { ...c.remote, port: 6000 + i } }));
        expect(subflowFilter(many, [])).toBeNull();
        expect(subflowFilter(many.slice(0, 64), [])).toHaveLength(64 * 4 - 1 + 2);
        expect(subflowFilter(many.slice(0, 10), [], 9)).toBeNull();
        expect(subflowFilter([{ ...c, remote: { ...c.remote, port: null } }], [])).toBeNull();
    });
});
