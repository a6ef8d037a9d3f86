import { describe, expect, it } from "vitest";

import {
    allotEndpoints, deviceReason, endpointRank, nmDeviceRefusal, nmTakesMptcp, nmVersionSupportsMptcp, noEndpointReason,
    versionAtLeast, type EligibilityContext,
} from "../../src/model/eligibility";
import { mptcpEnabledValue, type IpAddress, type NmDevice } from "../../src/model/types";

const v4 = (address: string, extra: Partial<IpAddress> = {}): IpAddress =>
    ({ address, prefix: 24, family: 4, temporary: false, tentative: false, ...extra });
const v6 = (address: string, extra: Partial<IpAddress> = {}): IpAddress =>
    ({ address, prefix: 64, family: 6, temporary: false, tentative: false, ...extra });

const device = (mptcpFlags: number, extra: Partial<NmDevice> = {}): NmDevice => ({
    path: "/d/1", name: "eth1", type: 1, state: 100, managed: true,
    profile: { id: "p", uuid: "u", settingsPath: "/s/1", mptcpFlags, external: false },
    ...extra,
});

const ctx = (extra: Partial<EligibilityContext> = {}): EligibilityContext => ({
    kernelMptcp: true, sysctlEnabled: true, nmRunning: true, nmSupportsMptcp: true,
    device: device(0x30), hasDefaultRoute: true, ...extra,
});

describe("noEndpointReason", () => {
    it("a global address on an enabled profile with a default route should have an endpoint", () => {
        expect(noEndpointReason(v4("198.51.100.2"), ctx())).toBeNull();
        expect(noEndpointReason(v6("2001:db8::2"), ctx())).toBeNull();
    });

    it.each([
        ["127.0.0.1", "loopback"],
        ["169.254.1.1", "link-local"],
        ["224.0.0.1", "multicast"],
    ])("IPv4 %s: %s", (address, reason) => {
        expect(noEndpointReason(v4(address), ctx())).toBe(reason);
    });

    it.each([
        ["::1", "loopback"],
        ["fe80::1", "link-local"],
        ["ff02::1", "multicast"],
        ["fd00:1::2", "unique-local"],
    ])("IPv6 %s: %s", (address, reason) => {
        expect(noEndpointReason(v6(address), ctx())).toBe(reason);
    });

    it("IPv6 temporary (privacy) addresses never get one", () => {
        expect(noEndpointReason(v6("2001:db8::dead", { temporary: true }), ctx())).toBe("temporary");
    });

    it("address class wins over host problems an admin could fix", () => {
        expect(noEndpointReason(v6("fe80::1"), ctx({ nmRunning: false }))).toBe("link-local");
    });

    it("without kernel MPTCP nothing else matters", () => {
        expect(noEndpointReason(v6("fe80::1"), ctx({ kernelMptcp: false }))).toBe("no-kernel-mptcp");
    });

    it("NetworkManager not running, too old, unmanaged device, no device", () => {
        expect(noEndpointReason(v4("192.0.2.1"), ctx({ nmRunning: false }))).toBe("nm-not-running");
        expect(noEndpointReason(v4("192.0.2.1"), ctx({ nmSupportsMptcp: false }))).toBe("nm-too-old");
        expect(noEndpointReason(v4("192.0.2.1"), ctx({ device: device(0x30, { managed: false, profile: null }) }))).toBe("unmanaged");
        expect(noEndpointReason(v4("192.0.2.1"), ctx({ device: null }))).toBe("no-profile");
    });

    it("a device without an activated profile", () => {
        expect(noEndpointReason(v4("192.0.2.1"), ctx({ device: device(0x30, { profile: null, state: 30 }) }))).toBe("no-profile");
        expect(noEndpointReason(v4("192.0.2.1"), ctx({ device: device(0x30, { state: 70 }) }))).toBe("no-profile");
    });

    it("an external (generated) profile", () => {
        const dev = device(0);
        dev.profile = dev.profile && { ...dev.profile, external: true };
        expect(noEndpointReason(v4("192.0.2.1"), ctx({ device: dev }))).toBe("external");
    });

    it("MPTCP disabled in the profile", () => {
        expect(noEndpointReason(v4("192.0.2.1"), ctx({ device: device(0x1) }))).toBe("profile-disabled");
    });

    it("net.mptcp.enabled=0 stops NetworkManager unless also-without-sysctl", () => {
        expect(noEndpointReason(v4("192.0.2.1"), ctx({ sysctlEnabled: false }))).toBe("sysctl-disabled");
        expect(noEndpointReason(v4("192.0.2.1"), ctx({ sysctlEnabled: false, device: device(0x30 | 0x4) }))).toBeNull();
        // an unknown sysctl is no reason we could state
        expect(noEndpointReason(v4("192.0.2.1"), ctx({ sysctlEnabled: null }))).toBeNull();
    });

    it("NetworkManager's default-route rule, and also-without-default-route", () => {
        expect(noEndpointReason(v4("203.0.113.2"), ctx({ hasDefaultRoute: false, device: device(0x20) }))).toBe("no-default-route");
        expect(noEndpointReason(v4("203.0.113.2"), ctx({ hasDefaultRoute: false, device: device(0x20 | 0x8) }))).toBeNull();
    });

    it("flags 0 follow NetworkManager's default (enabled), so the usual rules apply", () => {
        expect(noEndpointReason(v4("198.18.4.2"), ctx({ device: device(0) }))).toBeNull();
        expect(noEndpointReason(v4("198.18.4.2"), ctx({ device: device(0), hasDefaultRoute: false }))).toBe("no-default-route");
    });

    it("tentative addresses wait for duplicate address detection", () => {
        expect(noEndpointReason(v6("2001:db8::2", { tentative: true }), ctx())).toBe("tentative");
    });
});

describe("versionAtLeast", () => {
    it.each([
        ["1.40.0", true], ["1.42.4", true], ["2.0", true], ["1.39.99", false], ["1.4.0", false], ["0.9", false], ["", false], ["garbage", false],
    ])("%s >= 1.40: %s", (version, ok) => {
        expect(versionAtLeast(version, 1, 40)).toBe(ok);
    });
});

describe("NetworkManager and MPTCP, one rule each", () => {
    it("supports MPTCP flags from 1.40, and takes them only while it runs", () => {
        expect(nmVersionSupportsMptcp("1.40.0")).toBe(true);
        expect(nmVersionSupportsMptcp("1.38.6")).toBe(false);
        expect(nmTakesMptcp({ running: true, version: "1.42.4", devices: [] })).toBe(true);
        expect(nmTakesMptcp({ running: true, version: "1.38.6", devices: [] })).toBe(false);
        expect(nmTakesMptcp({ running: false, message: null })).toBe(false);
    });

    it("acts on a managed device with an active profile it did not generate", () => {
        const external = { id: "p", uuid: "u", settingsPath: "/s/1", mptcpFlags: 0, external: true };
        expect(nmDeviceRefusal(device(0x30))).toBeNull();
        expect(nmDeviceRefusal(device(0x30, { managed: false }))).toBe("unmanaged");
        expect(nmDeviceRefusal(device(0x30, { profile: null }))).toBe("no-profile");
        expect(nmDeviceRefusal(device(0x30, { state: 30 }))).toBe("no-profile");
        expect(nmDeviceRefusal(device(0x30, { profile: external }))).toBe("external");
        // the endpoint rules give the same reasons
        for (const d of [
            device(0x30, { managed: false }), device(0x30, { state: 30 }), device(0x30, { profile: external }),
        ])
            expect(deviceReason(ctx({ device: d }))).toBe(nmDeviceRefusal(d));
    });

    it("shows net.mptcp.enabled as the sysctl writes it", () => {
        expect([true, false, null].map(mptcpEnabledValue)).toEqual(["1", "0", null]);
    });
});

describe("the kernel's cap of 8 endpoints", () => {
    const ranked = (...ranks: number[]) => ranks.map((rank, i) => ({ key: `a${i}`, rank }));
    const allots = (r: ReturnType<typeof allotEndpoints>) => [...r.of.values()];

    it("every address NetworkManager wants gets one while they fit", () => {
        const r = allotEndpoints(ranked(0, 0, 1, 2, 3, 4, 5, 6), 0);
        expect(allots(r)).toEqual(Array(8).fill("yes"));
        expect(r).toMatchObject({ capacity: 8, maybeSlots: 0 });
    });

    it("beyond 8, the first addresses of each interface first, then the second ones, ...", () => {
        // three interfaces' first addresses, then one interface's 2nd..8th
        const r = allotEndpoints(ranked(0, 0, 0, 1, 2, 3, 4, 5, 6, 7), 0);
        expect(allots(r)).toEqual(["yes", "yes", "yes", "yes", "yes", "yes", "yes", "yes", "no", "no"]);
    });

    it("where the endpoints run out among equal ranks, any of them may get one", () => {
        // 4 first addresses, 2 second ones, 3 third ones for the last 2 endpoints
        const r = allotEndpoints(ranked(0, 0, 0, 0, 1, 1, 2, 2, 2, 3), 0);
        expect(allots(r)).toEqual(["yes", "yes", "yes", "yes", "yes", "yes", "maybe", "maybe", "maybe", "no"]);
        expect(r.maybeSlots).toBe(2);
    });

    it("endpoints NetworkManager does not manage take their places first", () => {
        const r = allotEndpoints(ranked(0, 0, 1, 2, 3, 4, 5, 6, 7), 2);
        expect(r.capacity).toBe(6);
        // which of NetworkManager's first 8 fail to be added depends on what was there before
        expect(allots(r)).toEqual([...Array(8).fill("maybe"), "no"]);
        expect(r.maybeSlots).toBe(6);
        expect(allots(allotEndpoints(ranked(0, 1, 2), 2))).toEqual(["yes", "yes", "yes"]);
    });

    it("ranks stop at NetworkManager's lowest priority", () => {
        expect(endpointRank(0)).toBe(0);
        expect(endpointRank(200)).toBe(endpointRank(89));
    });

    it("deviceReason: NetworkManager's rules for a device, without the address's own", () => {
        expect(deviceReason(ctx())).toBeNull();
        expect(deviceReason(ctx({ device: device(0x1) }))).toBe("profile-disabled");
        expect(deviceReason(ctx({ hasDefaultRoute: false, device: device(0x20) }))).toBe("no-default-route");
    });
});
