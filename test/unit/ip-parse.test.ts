import { describe, expect, it } from "vitest";

import { ParseError, monitorChange, parseAddrShow, parseDefaultRoutes, parseEndpoints, parseLimits, parsePathManager } from "../../src/model/ip-parse";
import { fixture } from "./fixtures/snapshot";

describe("ip -j address show", () => {
    const links = parseAddrShow(fixture("ip-address.json"));
    it("reads every link of the lab with its addresses", () => {
        expect(links.map(l => l.name)).toEqual(["lo", "eth1", "eth2", "eth3", "eth4", "eth5", "ext0"]);
        const eth1 = links.find(l => l.name === "eth1");
        expect(eth1?.addresses.map(a => `${a.address}/${a.prefix}`)).toEqual(
            expect.arrayContaining(["198.51.100.2/24", "2001:db8:1::2/64", "fd00:1::2/64"]));
        expect(eth1?.addresses.find(a => a.address === "198.51.100.2")?.family).toBe(4);
        expect(links.find(l => l.name === "lo")?.loopback).toBe(true);
        expect(links.find(l => l.name === "eth5")?.addresses).toEqual([]);
    });
    it("reads the kernel's link type (link_type)", () => {
        expect(Object.fromEntries(links.map(l => [l.name, l.linkType]))).toEqual({
            lo: "loopback", eth1: "ether", eth2: "ether", eth3: "ether", eth4: "ether", eth5: "ether", ext0: "ether",
        });
        const text = JSON.stringify([{ ifname: "wg0", flags: ["UP"], link_type: "none", addr_info: [] }, { ifname: "old", addr_info: [] }]);
        expect(parseAddrShow(text).map(l => l.linkType)).toEqual(["none", undefined]);
    });
    it("reads temporary and tentative addresses", () => {
        const text = JSON.stringify([{ ifname: "wlan0", flags: ["UP"], addr_info: [
            { family: "inet6", local: "2001:db8::abcd", prefixlen: 64, temporary: true },
            { family: "inet6", local: "2001:db8::1", prefixlen: 64, tentative: true },
        ] }]);
        const [link] = parseAddrShow(text);
        expect(link.addresses.map(a => [a.temporary, a.tentative])).toEqual([[true, false], [false, true]]);
    });
    it("skips entries it cannot understand instead of guessing", () => {
        const text = JSON.stringify([{ ifname: "x", addr_info: [{ local: "nonsense", prefixlen: 1 }, { local: "192.0.2.1" }] }, { nope: 1 }, 7]);
        expect(parseAddrShow(text)).toEqual([{ name: "x", loopback: false, up: false, addresses: [] }]);
    });
    it("throws a ParseError for text that is not a JSON array", () => {
        expect(() => parseAddrShow("Error: something")).toThrow(ParseError);
        expect(() => parseAddrShow("{}")).toThrow(/not a JSON array/);
    });
});

describe("ip -j mptcp endpoint show", () => {
    it("reads flags, ids and devices", () => {
        expect(parseEndpoints(fixture("ip-endpoints.json"))).toEqual([
            { id: 4, address: "198.51.100.2", dev: "eth1", flags: ["signal", "subflow"], port: null },
            { id: 5, address: "2001:db8:1::2", dev: "eth1", flags: ["signal", "subflow"], port: null },
            { id: 6, address: "198.18.4.2", dev: "eth4", flags: ["subflow"], port: null },
        ]);
    });
    it("reads backup, fullmesh, a port and no device", () => {
        const text = '[{"address":"192.0.2.9","id":9,"port":8080,"signal":true,"backup":true},{"address":"192.0.2.8","id":8,"subflow":true,"fullmesh":true,"dev":"eth9"}]';
        expect(parseEndpoints(text)).toEqual([
            { id: 9, address: "192.0.2.9", dev: null, flags: ["signal", "backup"], port: 8080 },
            { id: 8, address: "192.0.2.8", dev: "eth9", flags: ["subflow", "fullmesh"], port: null },
        ]);
    });
    it("treats empty output as no endpoints", () => {
        expect(parseEndpoints("")).toEqual([]);
        expect(parseEndpoints("[]\n")).toEqual([]);
    });
});

describe("default routes", () => {
    it("lists the devices with a unicast default route", () => {
        expect(parseDefaultRoutes(fixture("ip-route4.json"))).toEqual(["eth1", "eth3", "eth4"]);
        expect(parseDefaultRoutes(fixture("ip-route6.json"))).toEqual(["eth1"]);
    });
    it("ignores unreachable and blackhole defaults, reads multipath next hops", () => {
        const text = JSON.stringify([
            { dst: "default", type: "unreachable", dev: "lo" },
            { dst: "default", type: "blackhole" },
            { dst: "default", nexthops: [{ dev: "eth1" }, { dev: "eth2" }] },
            { dst: "192.0.2.0/24", dev: "eth7" },
        ]);
        expect(parseDefaultRoutes(text)).toEqual(["eth1", "eth2"]);
    });
});

describe("limits", () => {
    it("reads iproute2 6.1's text output", () => {
        expect(parseLimits("add_addr_accepted 0 subflows 2 \n")).toEqual({ subflows: 2, addAddrAccepted: 0 });
    });
    it("reads newer JSON output", () => {
        expect(parseLimits('{"add_addr_accepted":8,"subflows":4}')).toEqual({ subflows: 4, addAddrAccepted: 8 });
    });
    it("refuses anything else", () => {
        expect(() => parseLimits("subflows two")).toThrow(ParseError);
        expect(() => parseLimits("{bad json")).toThrow(ParseError);
        expect(() => parseLimits("")).toThrow(ParseError);
    });
});

describe("path manager", () => {
    it("reads pm_type and path_manager", () => {
        expect(parsePathManager("0\n")).toBe("kernel");
        expect(parsePathManager("1")).toBe("userspace");
        expect(parsePathManager("kernel\n")).toBe("kernel");
        expect(parsePathManager("userspace")).toBe("userspace");
        expect(parsePathManager("")).toBeNull();
    });
});

describe("errorMessage", () => {
    it("reads Errors, Cockpit failures and anything else", async () => {
        const { errorMessage } = await import("../../src/model/error-message");
        expect(errorMessage(new ParseError("ip route: not JSON"))).toBe("ip route: not JSON");
        expect(errorMessage({ problem: "not-found", message: "No such file" })).toBe("No such file");
        expect(errorMessage({ problem: "access-denied" })).toBe("access-denied");
        expect(errorMessage("plain")).toBe("plain");
    });
});

describe("ip monitor link address route", () => {
    const lines = fixture("ip-monitor.txt").split("\n").slice(2);
    const changes = lines.map(monitorChange);

    it("names the interface of each address event, added or deleted, IPv4 or IPv6", () => {
        const devs = changes.flatMap(c => (c.kind === "address" ? [c.dev] : []));
        // 10.9.9.1 and 2001:db8:9::1 added to d0; 10.9.9.1, 2001:db8:9::1 and two link-local addresses deleted
        expect(devs).toEqual(["d0", "d0", "d0", "d0", "d0", "d1"]);
    });

    it("asks for the routes on a default route only, and for everything on a link event", () => {
        expect(changes.filter(c => c.kind === "default-route")).toHaveLength(1);
        const links = lines.filter((_l, i) => changes[i]?.kind === "all");
        expect(links.length).toBe(10);
        for (const l of links) expect(l).toMatch(/^(Deleted )?\d+: d[01]@\S+: </);
    });

    it("needs no read for detail lines and other routes; a line it does not know reads everything", () => {
        for (const l of ["    link/ether be:12:5a:9d:dc:09 brd ff:ff:ff:ff:ff:ff", "       valid_lft forever preferred_lft forever", "",
            "multicast ff00::/8 dev d1 table local proto kernel metric 256 pref medium", "fe80::/64 dev d1 proto kernel metric 256 pref medium",
            "Deleted broadcast 10.9.9.255 dev d0 table local proto kernel scope link src 10.9.9.1 ", "10.9.9.0/24 dev d0 proto kernel scope link src 10.9.9.1 "])
            expect(monitorChange(l), l).toEqual({ kind: "none" });
        expect(monitorChange("Deleted default via 10.9.9.254 dev d0 ")).toEqual({ kind: "default-route" });
        expect(monitorChange("something new in iproute2 8.0")).toEqual({ kind: "all" });
        expect(monitorChange("blackhole default")).toEqual({ kind: "all" });
        // a name that looks like a route still reads as an address event
        expect(monitorChange("7: fe80    inet 10.1.1.1/24 scope global fe80")).toEqual({ kind: "address", dev: "fe80" });
    });
});
