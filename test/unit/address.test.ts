import { describe, expect, it } from "vitest";

import { classifyAddress, familyOf, parseIPv4, parseIPv6 } from "../../src/model/address";

describe("parseIPv4", () => {
    it("reads dotted quads and rejects anything else", () => {
        expect(parseIPv4("192.0.2.1")).toEqual([192, 0, 2, 1]);
        for (const bad of ["256.0.0.1", "1.2.3", "1.2.3.4.5", "a.b.c.d", "1.2.3.4 ", "", "01234.1.1.1"])
            expect(parseIPv4(bad), bad).toBeNull();
    });
});

describe("parseIPv6", () => {
    it("expands :: anywhere", () => {
        expect(parseIPv6("::1")).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
        expect(parseIPv6("::")).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
        expect(parseIPv6("fe80::")).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 0]);
        expect(parseIPv6("2001:db8:1::2")).toEqual([0x2001, 0xdb8, 1, 0, 0, 0, 0, 2]);
        expect(parseIPv6("1:2:3:4:5:6:7:8")).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });
    it("reads a trailing dotted quad", () => {
        expect(parseIPv6("::ffff:192.0.2.1")).toEqual([0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201]);
    });
    it("rejects malformed text", () => {
        for (const bad of ["1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::1", "::1 ", "1:2:3:4:5:6:7::8", ":::", "::ffff:300.1.1.1", "eth0"])
            expect(parseIPv6(bad), bad).toBeNull();
    });
});

describe("classifyAddress", () => {
    it.each([
        ["198.51.100.2", "global"],
        ["127.0.0.1", "loopback"],
        ["127.255.0.9", "loopback"],
        ["169.254.10.1", "link-local"],
        ["224.0.0.251", "multicast"],
        ["239.255.255.250", "multicast"],
        ["240.0.0.1", "global"],
        ["10.0.0.1", "global"],
        ["2001:db8:1::2", "global"],
        ["::1", "loopback"],
        ["fe80::1", "link-local"],
        ["febf:ffff::1", "link-local"],
        ["fec0::1", "global"],
        ["ff02::1", "multicast"],
        ["fd00:1::2", "unique-local"],
        ["fc00::5", "unique-local"],
        ["fe00::1", "global"],
    ])("%s is %s", (address, cls) => {
        expect(classifyAddress(address)).toBe(cls);
    });
    it("says null for text that is no address", () => {
        expect(classifyAddress("eth0")).toBeNull();
        expect(familyOf("eth0")).toBeNull();
        expect(familyOf("::1")).toBe(6);
        expect(familyOf("127.0.0.1")).toBe(4);
    });
});
