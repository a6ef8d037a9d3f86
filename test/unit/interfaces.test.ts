import { describe, expect, it } from "vitest";

import { addressKey, buildInterfaceRows, compareNames, interfaceRows, orphanEndpoints } from "../../src/model/interfaces";
import { rowsWithMptcpOn } from "../../src/model/readiness";
import { crowdedSnapshot, extraAddress } from "./fixtures/crowded";
import { labSnapshot } from "./fixtures/snapshot";

const rowOf = (name: string, snap = labSnapshot()) => {
    const row = buildInterfaceRows(snap).find(r => r.name === name);
    if (!row) throw new Error(`no row ${name}`);
    return row;
};
const addr = (name: string, address: string, snap = labSnapshot()) => {
    const a = rowOf(name, snap).addresses.find(x => x.address === address);
    if (!a) throw new Error(`no ${address} on ${name}`);
    return a;
};

describe("buildInterfaceRows on the lab", () => {
    it("has every interface, loopback last", () => {
        expect(buildInterfaceRows(labSnapshot()).map(r => r.name)).toEqual(["eth1", "eth2", "eth3", "eth4", "eth5", "ext0", "lo"]);
        expect(rowOf("lo").loopback).toBe(true);
    });

    it("eth1: kernel endpoints on the global addresses, reasons on the others", () => {
        expect(addr("eth1", "198.51.100.2").endpoint?.flags).toEqual(["signal", "subflow"]);
        expect(addr("eth1", "2001:db8:1::2").endpoint?.id).toBe(5);
        expect(addr("eth1", "fd00:1::2").reason).toBe("unique-local");
        const linkLocal = rowOf("eth1").addresses.find(a => a.address.startsWith("fe80:"));
        expect(linkLocal?.reason).toBe("link-local");
        expect(rowOf("eth1").profile?.id).toBe("lab-multi");
        expect(rowOf("eth1").profileMptcp?.endpointFlags).toEqual(["signal", "subflow"]);
        expect(addr("eth1", "198.51.100.2").flagsDiffer).toBe(false);
    });

    it("eth2: no default route; eth3: disabled; eth4: default flags give subflow", () => {
        expect(addr("eth2", "203.0.113.2").reason).toBe("no-default-route");
        expect(addr("eth3", "192.0.2.2").reason).toBe("profile-disabled");
        expect(addr("eth4", "198.18.4.2").endpoint?.flags).toEqual(["subflow"]);
        expect(rowOf("eth4").profileMptcp?.systemDefault).toBe(true);
    });

    it("ext0 is unmanaged, eth5 has no profile, lo's profile is external", () => {
        expect(addr("ext0", "198.18.6.2").reason).toBe("unmanaged");
        expect(rowOf("eth5").profile).toBeNull();
        expect(rowOf("eth5").addresses).toEqual([]);
        expect(addr("lo", "127.0.0.1").reason).toBe("loopback");
    });

    it("an eligible address without endpoint is 'missing'; flags that differ are marked", () => {
        const snap = labSnapshot();
        snap.ip.endpoints = snap.ip.endpoints.filter(e => e.address !== "198.51.100.2");
        snap.ip.endpoints[0] = { ...snap.ip.endpoints[0], flags: ["subflow"] };
        expect(addr("eth1", "198.51.100.2", snap).reason).toBe("missing");
        expect(addr("eth1", "2001:db8:1::2", snap).flagsDiffer).toBe(true);
    });

    it("an endpoint added by hand on an ineligible address is shown as the kernel has it", () => {
        const snap = labSnapshot();
        snap.ip.endpoints.push({ id: 9, address: "192.0.2.2", dev: "eth3", flags: ["backup"], port: null });
        const a = addr("eth3", "192.0.2.2", snap);
        expect(a.endpoint?.flags).toEqual(["backup"]);
        expect(a.reason).toBeNull();
        // the profile says disabled: nothing to compare with
        expect(a.flagsDiffer).toBe(false);
    });

    it("net.mptcp.enabled=0 explains the eligible addresses without endpoints", () => {
        const snap = labSnapshot();
        snap.kernel.enabled = false;
        snap.ip.endpoints = [];
        expect(addr("eth1", "198.51.100.2", snap).reason).toBe("sysctl-disabled");
        expect(addr("eth1", "fd00:1::2", snap).reason).toBe("unique-local");
    });

    it("with NetworkManager gone, the kernel's interfaces stay, with the reason", () => {
        const snap = labSnapshot();
        snap.nm = { running: false, message: null };
        const rows = buildInterfaceRows(snap);
        expect(rows).toHaveLength(7);
        expect(rows.every(r => r.device === null)).toBe(true);
        expect(addr("eth2", "203.0.113.2", snap).reason).toBe("nm-not-running");
        // the kernel's endpoints are still the kernel's
        expect(addr("eth1", "198.51.100.2", snap).endpoint?.id).toBe(4);
    });

    it("a device NetworkManager knows but the kernel does not is listed and marked", () => {
        const snap = labSnapshot();
        if (snap.nm.running) snap.nm.devices.push({ path: "/d/x", name: "wlan0", type: 2, state: 20, managed: true, profile: null });
        const row = rowOf("wlan0", snap);
        expect(row.inKernel).toBe(false);
    });
});

describe("addresses", () => {
    it("compares IPv6 addresses however they are written", () => {
        expect(addressKey("2001:db8:0:0::2")).toBe(addressKey("2001:DB8::2"));
        expect(addressKey("192.0.2.1")).toBe("192.0.2.1");
    });
    it("lists endpoints whose address is on no interface", () => {
        const snap = labSnapshot();
        snap.ip.endpoints.push({ id: 12, address: "192.0.2.200", dev: null, flags: ["signal"], port: null });
        expect(orphanEndpoints(snap).map(e => e.id)).toEqual([12]);
    });
});

describe("compareNames", () => {
    it("sorts interface names naturally", () => {
        expect(["eth10", "eth2", "bond0", "eth1.100", "eth1.20", "eth1", "wlp3s0"].sort(compareNames))
            .toEqual(["bond0", "eth1", "eth1.20", "eth1.100", "eth2", "eth10", "wlp3s0"]);
    });
});

describe("the kernel's cap of 8 endpoints", () => {
    it("addresses beyond the 8 endpoints are over the limit, not missing", () => {
        // eth1: 198.51.100.2 and 7 more IPv4, one IPv6; eth4: one. Ten addresses, eight endpoints.
        const snap = crowdedSnapshot();
        expect(snap.ip.endpoints).toHaveLength(8);
        expect(addr("eth1", extraAddress(4), snap).endpoint).not.toBeNull();
        expect(addr("eth1", extraAddress(5), snap).reason).toBe("endpoint-limit");
        expect(addr("eth1", extraAddress(6), snap).reason).toBe("endpoint-limit");
    });

    it("NetworkManager's order decides even before the kernel is full", () => {
        // NetworkManager asks for the first 8 only: the 9th and 10th never get one
        const snap = crowdedSnapshot(7, 3);
        expect(addr("eth1", extraAddress(3), snap).reason).toBe("missing");
        expect(addr("eth1", extraAddress(5), snap).reason).toBe("endpoint-limit");
    });

    it("a kernel full of endpoints added by hand leaves the rest over the limit", () => {
        const snap = labSnapshot();
        snap.ip.endpoints = snap.ip.endpoints.filter(e => e.address !== "198.18.4.2");
        for (let i = 0; i < 6; i++) snap.ip.endpoints.push({ id: 20 + i, address: `192.0.2.${100 + i}`, dev: null, flags: ["signal"], port: 1000 + i });
        expect(addr("eth4", "198.18.4.2", snap).reason).toBe("endpoint-limit");
    });

    it("a few addresses short of the cap are still 'missing' when they have none", () => {
        const snap = crowdedSnapshot(2, 1);
        expect(addr("eth1", extraAddress(1), snap).reason).toBe("missing");
    });
});

describe("endpoints that could not be read", () => {
    it("are unknown, not absent", () => {
        const snap = labSnapshot();
        snap.ip.endpoints = [];
        snap.kernel.endpointsUnknown = true;
        snap.kernel.errors = ["ip: Operation not permitted"];
        expect(addr("eth1", "198.51.100.2", snap)).toMatchObject({ endpoint: null, reason: "unknown" });
        expect(addr("eth4", "198.18.4.2", snap).reason).toBe("unknown");
        // the rules' own reasons still hold
        expect(addr("eth1", "fd00:1::2", snap).reason).toBe("unique-local");
        expect(addr("eth2", "203.0.113.2", snap).reason).toBe("no-default-route");
    });
});

describe("rows built once per snapshot", () => {
    it("gives the same rows for the same snapshot, and new ones for another", () => {
        const snap = labSnapshot();
        const rows = interfaceRows(snap);
        expect(interfaceRows(snap)).toBe(rows);
        expect(rows).toEqual(buildInterfaceRows(snap));
        const next = { ...snap, ip: { ...snap.ip, endpoints: [] } };
        expect(interfaceRows(next)).not.toBe(rows);
        expect(interfaceRows(next).find(r => r.name === "eth1")?.addresses.find(a => a.address === "198.51.100.2"))
            .toMatchObject({ endpoint: null, reason: "missing" });
    });

    it("builds anew when a part of the snapshot is replaced in place", () => {
        const snap = labSnapshot();
        const rows = interfaceRows(snap);
        snap.ip.endpoints = [];
        const after = interfaceRows(snap);
        expect(after).not.toBe(rows);
        const eth1 = (rs: typeof rows) => rs.find(r => r.name === "eth1")?.addresses.find(a => a.address === "198.51.100.2");
        expect(eth1(after)).toMatchObject({ endpoint: null, reason: "missing" });
        snap.kernel.enabled = false;
        expect(eth1(interfaceRows(snap))).toMatchObject({ endpoint: null, reason: "sysctl-disabled" });
    });

    it("shares the snapshot's rows with MPTCP switched on where it is on, and keeps its own where it is off", () => {
        const on = labSnapshot();
        on.kernel.enabled = true;
        expect(rowsWithMptcpOn(on)).toBe(interfaceRows(on));
        const off = labSnapshot();
        off.kernel.enabled = false;
        const onRows = rowsWithMptcpOn(off);
        expect(rowsWithMptcpOn(off)).toBe(onRows);
        expect(onRows).not.toBe(interfaceRows(off));
        expect(onRows).toEqual(buildInterfaceRows({ ...off, kernel: { ...off.kernel, enabled: true } }));
    });
});
