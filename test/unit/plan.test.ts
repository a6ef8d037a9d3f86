import { parse } from "yaml";
import { describe, expect, it } from "vitest";

import { buildInterfaceRows } from "../../src/model/interfaces";
import { applyEdit, planFlagChange, editedRaw, rawText, verifyEndpoints, NO_EDIT, type ChangeRequest } from "../../src/model/plan";
import type { MptcpSetting } from "../../src/model/setting";
import { crowdedSnapshot, extraAddress } from "./fixtures/crowded";
import { labSnapshot } from "./fixtures/snapshot";

const enabled = (flags: MptcpSetting["flags"], extra: Partial<MptcpSetting> = {}): MptcpSetting =>
    ({ mode: "enabled", flags, alsoWithoutSysctl: false, alsoWithoutDefaultRoute: false, ...extra });
const plan = (names: string[], setting: MptcpSetting | ChangeRequest, snap = labSnapshot(), rp = {}) =>
    planFlagChange(snap, buildInterfaceRows(snap), names, setting, rp);

describe("planFlagChange", () => {
    it("changing eth1 to subflow,backup: predicted endpoints on the eligible addresses only", () => {
        const p = plan(["eth1"], enabled(["subflow", "backup"]));
        expect(p.items).toHaveLength(1);
        const [item] = p.items;
        expect(item).toMatchObject({ name: "eth1", oldRaw: 0x30, newRaw: 0x60, profile: { id: "lab-multi" } });
        const byAddr = Object.fromEntries(item.predicted.map(x => [x.address, x]));
        expect(byAddr["198.51.100.2"].flags).toEqual(["subflow", "backup"]);
        expect(byAddr["2001:db8:1::2"].flags).toEqual(["subflow", "backup"]);
        expect(byAddr["fd00:1::2"]).toMatchObject({ flags: null, reason: "unique-local" });
        // the same rule as the readiness card's: eth1's two subflow endpoints and eth4's, a limit of two
        expect(p.warnings).toEqual([{ id: "subflow-limit", subflows: 2, endpoints: 3 }]);
        const lower = plan(["eth1"], enabled(["signal"]));
        expect(lower.warnings).toEqual([]);
        expect(p.operations).toEqual([
            { kind: "checkpoint", devices: ["eth1"] },
            { kind: "update", profile: "lab-multi", property: "connection.mptcp-flags", from: "signal,subflow", to: "subflow,backup", storage: "disk" },
            { kind: "reapply", device: "eth1" },
            { kind: "verify" },
        ]);
    });

    it("YAML before and after in nmstate's query shape", () => {
        const p = plan(["eth1"], enabled(["subflow", "backup"]));
        const before = parse(p.beforeYaml).interfaces[0];
        const after = parse(p.afterYaml).interfaces[0];
        expect(before.mptcp["address-flags"]).toEqual(["signal", "subflow"]);
        expect(after.mptcp["address-flags"]).toEqual(["subflow", "backup"]);
        expect(before.ipv4.address[0]).toEqual({ ip: "198.51.100.2", "prefix-length": 24, "mptcp-flags": ["signal", "subflow"] });
        expect(after.ipv4.address[0]["mptcp-flags"]).toEqual(["subflow", "backup"]);
        const ula = after.ipv6.address.find((a: { ip: string }) => a.ip === "fd00:1::2");
        expect(ula).toEqual({ ip: "fd00:1::2", "prefix-length": 64 });
        expect(after).toMatchObject({ name: "eth1", type: "veth", state: "up" });
        // each address writes its flags out: no anchors or aliases for nmstatectl to trip over
        expect(p.afterYaml).not.toMatch(/[&*]a\d/);
        expect(after.ipv6.address[0]["mptcp-flags"]).toEqual(["subflow", "backup"]);
    });

    it("warns about the default-route rule, and lifts the warning with also-without-default-route", () => {
        const roomy = labSnapshot();
        roomy.kernel.limits = { subflows: 8, addAddrAccepted: 8 };
        const p = plan(["eth2"], enabled(["subflow", "signal"]), roomy);
        expect(p.warnings).toEqual([{ id: "no-default-route", name: "eth2", family: 4 }]);
        expect(p.items[0].predicted.find(a => a.address === "203.0.113.2")?.reason).toBe("no-default-route");
        const q = plan(["eth2"], enabled(["subflow"], { alsoWithoutDefaultRoute: true }), roomy);
        expect(q.warnings).toEqual([]);
        // with the lab's limit of two, eth2's endpoint makes four subflow endpoints
        expect(plan(["eth2"], enabled(["subflow"], { alsoWithoutDefaultRoute: true })).warnings)
            .toEqual([{ id: "subflow-limit", subflows: 2, endpoints: 4 }]);
        expect(q.items[0].predicted.find(a => a.address === "203.0.113.2")?.flags).toEqual(["subflow"]);
    });

    it("host warnings: sysctl off, userspace path manager, no subflows, strict rp_filter", () => {
        const snap = labSnapshot();
        snap.kernel = { ...snap.kernel, enabled: false, pathManager: "userspace", limits: { subflows: 0, addAddrAccepted: 0 } };
        const p = plan(["eth4"], enabled(["signal"]), snap, { all: 0, eth4: 1 });
        expect(p.warnings).toEqual([{ id: "sysctl-disabled" }, { id: "rp-filter-strict", interfaces: ["eth4"] }, { id: "userspace-pm" },
            { id: "subflow-limit", subflows: 0, endpoints: 2 }]);
        expect(p.items[0].predicted[0].reason).toBe("sysctl-disabled");
        const q = plan(["eth4"], enabled(["signal"], { alsoWithoutSysctl: true }), snap, { all: 2, eth4: 1 });
        expect(q.warnings.map(w => w.id)).not.toContain("sysctl-disabled");
        expect(q.warnings.map(w => w.id)).not.toContain("rp-filter-strict");
    });

    it("several interfaces, refusals and unchanged ones", () => {
        const p = plan(["eth1", "eth2", "eth4", "eth5", "ext0", "lo", "nope"], enabled(["subflow"]));
        expect(p.items.map(i => i.name)).toEqual(["eth1", "eth4"]);
        expect(p.unchanged).toEqual(["eth2"]);
        expect(p.refused).toEqual([
            { name: "eth5", reason: "no-profile" }, { name: "ext0", reason: "unmanaged" },
            { name: "lo", reason: "external" }, { name: "nope", reason: "not-found" },
        ]);
        expect(p.operations[0]).toEqual({ kind: "checkpoint", devices: ["eth1", "eth4"] });
        const same = plan(["eth1"], enabled(["signal", "subflow"]));
        expect(same.items).toEqual([]);
        expect(same.unchanged).toEqual(["eth1"]);
        expect(same.operations).toEqual([]);
    });

    it("nothing can be changed without a NetworkManager that knows MPTCP", () => {
        const snap = labSnapshot();
        snap.nm = { running: true, version: "1.38.0", devices: snap.nm.running ? snap.nm.devices : [] };
        expect(plan(["eth1"], enabled(["subflow"]), snap).refused).toEqual([{ name: "eth1", reason: "nm-unavailable" }]);
    });

    it("reports invalid combinations", () => {
        expect(plan(["eth1"], enabled(["signal", "fullmesh"])).problems).toEqual(["signal-fullmesh"]);
    });

    it("names raw values as nmcli does", () => {
        expect(rawText(0)).toBe("0 (default)");
        expect(rawText(0x28)).toBe("also-without-default-route,subflow");
        expect(rawText(1)).toBe("disabled");
    });
});

describe("verifyEndpoints", () => {
    it("passes when the kernel has exactly the predicted flags, and says what differs", () => {
        const p = plan(["eth1"], enabled(["subflow", "backup"]));
        const ok = [
            { id: 1, address: "198.51.100.2", dev: "eth1", flags: ["backup", "subflow"] as const, port: null },
            { id: 2, address: "2001:db8:1:0::2", dev: "eth1", flags: ["subflow", "backup"] as const, port: null },
        ].map(e => ({ ...e, flags: [...e.flags] }));
        expect(verifyEndpoints(p, ok)).toEqual([]);
        const stale = labSnapshot().ip.endpoints;
        expect(verifyEndpoints(p, stale).map(m => m.address)).toEqual(["198.51.100.2", "2001:db8:1::2"]);
    });
    it("disabling: NetworkManager's endpoints must be gone", () => {
        const p = plan(["eth1"], { mode: "disabled", flags: [], alsoWithoutSysctl: false, alsoWithoutDefaultRoute: false });
        expect(verifyEndpoints(p, labSnapshot().ip.endpoints)).toHaveLength(2);
        expect(verifyEndpoints(p, [])).toEqual([]);
    });
});

describe("the kernel's cap of 8 endpoints", () => {
    it("predicts which addresses get the 8, and verification expects exactly that", () => {
        // eth1 has 198.51.100.2, .11 to .17 and 2001:db8:1::2; eth4 one: ten addresses want an endpoint
        const snap = crowdedSnapshot();
        const p = plan(["eth1"], enabled(["subflow"]), snap);
        const byAddr = Object.fromEntries(p.items[0].predicted.map(x => [x.address, x]));
        expect(byAddr[extraAddress(4)]).toMatchObject({ flags: ["subflow"], maybe: false });
        expect(byAddr[extraAddress(5)]).toMatchObject({ flags: null, reason: "endpoint-limit" });
        expect(byAddr[extraAddress(6)]).toMatchObject({ flags: null, reason: "endpoint-limit" });
        expect(p.endpointLimit).toEqual({ capacity: 8, wanted: 10, maybeSlots: 0 });
        expect(p.warnings).toContainEqual({
            id: "endpoint-limit", capacity: 8, wanted: 10, none: [`eth1 ${extraAddress(5)}`, `eth1 ${extraAddress(6)}`], maybe: [], maybeSlots: 0,
        });
        // what NetworkManager does: the 8 with the new flags
        const after = snap.ip.endpoints.map(e => (e.dev === "eth1" ? { ...e, flags: ["subflow" as const] } : e));
        expect(verifyEndpoints(p, after)).toEqual([]);
        // an endpoint beyond the cap would be a surprise
        const nine = [...after, { id: 30, address: extraAddress(5), dev: "eth1", flags: ["subflow" as const], port: null }];
        expect(verifyEndpoints(p, nine).map(m => m.address)).toEqual([extraAddress(5)]);
    });

    it("a change elsewhere that takes an endpoint from eth1 says so, and verification expects it gone", () => {
        const snap = crowdedSnapshot();
        // eth2's first address outranks eth1's sixth
        const p = plan(["eth2"], enabled(["subflow"], { alsoWithoutDefaultRoute: true }), snap);
        expect(p.items[0].predicted.find(a => a.address === "203.0.113.2")).toMatchObject({ flags: ["subflow"], maybe: false });
        expect(p.capped.filter(c => c.allot === "no").map(c => c.address)).toEqual([extraAddress(4), extraAddress(5), extraAddress(6)]);
        expect(p.warnings.find(w => w.id === "endpoint-limit")).toMatchObject({ none: [`eth1 ${extraAddress(4)}`, `eth1 ${extraAddress(5)}`, `eth1 ${extraAddress(6)}`] });
        const after = [...snap.ip.endpoints.filter(e => e.address !== extraAddress(4)), { id: 40, address: "203.0.113.2", dev: "eth2", flags: ["subflow" as const], port: null }];
        expect(verifyEndpoints(p, after)).toEqual([]);
        const kept = [...snap.ip.endpoints, { id: 40, address: "203.0.113.2", dev: "eth2", flags: ["subflow" as const], port: null }];
        expect(verifyEndpoints(p, kept).map(m => m.address)).toEqual([extraAddress(4)]);
    });

    it("where equals compete for the last endpoints, any of them is accepted, but only as many as there are", () => {
        // eth1: 198.51.100.2, .11, .12, .13 and 2001:db8:1::2, ::3, ::4, ::5; eth4 one. Nine addresses: the
        // first three, then eth1's second IPv4 and IPv6, third ones, and one of the fourth ones (.13 or ::5)
        const snap = crowdedSnapshot(3, 0);
        const eth1 = snap.ip.links.find(l => l.name === "eth1");
        const v6 = ["2001:db8:1::3", "2001:db8:1::4", "2001:db8:1::5"];
        eth1?.addresses.splice(
            5, 0,
            ...v6.map(address => ({ address, prefix: 64, family: 6 as const, temporary: false, tentative: false })),
        );
        const q = plan(["eth1"], enabled(["subflow"]), snap);
        const byAddr = Object.fromEntries(q.items[0].predicted.map(x => [x.address, x]));
        expect(byAddr[extraAddress(1)]).toMatchObject({ flags: ["subflow"], maybe: false });
        expect(byAddr[extraAddress(2)]).toMatchObject({ flags: ["subflow"], maybe: true });
        expect(byAddr["2001:db8:1::5"]).toMatchObject({ flags: ["subflow"], maybe: true });
        expect(q.endpointLimit).toEqual({ capacity: 8, wanted: 9, maybeSlots: 1 });
        expect(q.warnings.find(w => w.id === "endpoint-limit")).toMatchObject({ none: [], maybe: [`eth1 ${extraAddress(2)}`, "eth1 2001:db8:1::5"], maybeSlots: 1 });
        const endpoint = (address: string, i: number) => ({ id: 20 + i, address, dev: address === "198.18.4.2" ? "eth4" : "eth1", flags: ["subflow" as const], port: null });
        const sure = ["198.51.100.2", "2001:db8:1::2", "198.18.4.2", extraAddress(0), "2001:db8:1::3", extraAddress(1), "2001:db8:1::4"];
        const kernel = (...extra: string[]) => [...sure, ...extra].map(endpoint);
        expect(verifyEndpoints(q, kernel(extraAddress(2)))).toEqual([]);
        expect(verifyEndpoints(q, kernel("2001:db8:1::5"))).toEqual([]);
        expect(verifyEndpoints(q, kernel(extraAddress(2), "2001:db8:1::5"))[0]).toMatchObject({ count: { expected: 1, actual: 2 } });
        expect(verifyEndpoints(q, kernel())[0]).toMatchObject({ count: { expected: 1, actual: 0 } });
    });
});

describe("several interfaces: only what the user touched changes", () => {
    it("ticking backup adds it to each interface's own flags and leaves the rest", () => {
        const p = plan(["eth1", "eth2", "eth4"], { edit: { ...NO_EDIT, flags: { backup: true } } });
        expect(p.items.map(i => [i.name, rawText(i.oldRaw), rawText(i.newRaw)])).toEqual([
            ["eth1", "signal,subflow", "signal,subflow,backup"],
            ["eth2", "subflow", "subflow,backup"],
        ]);
        // eth4 follows the system default: no flags of its own to add to
        expect(p.unchanged).toEqual(["eth4"]);
    });

    it("nothing touched changes nothing, even a value nmcli would write differently", () => {
        const snap = labSnapshot();
        if (snap.nm.running) {
            const eth1 = snap.nm.devices.find(d => d.name === "eth1");
            if (eth1?.profile) eth1.profile.mptcpFlags = 0x32; // enabled,signal,subflow
        }
        expect(plan(["eth1", "eth4"], { edit: NO_EDIT }, snap).unchanged).toEqual(["eth1", "eth4"]);
        expect(editedRaw(0x32, { ...NO_EDIT, flags: { backup: true } })).toBe(0x70);
    });

    it("a mode chosen for all keeps each interface's flags where it has them", () => {
        expect(applyEdit({ mode: "enabled", flags: ["signal"], alsoWithoutSysctl: true, alsoWithoutDefaultRoute: false }, { ...NO_EDIT, mode: "enabled" }))
            .toEqual({ mode: "enabled", flags: ["signal"], alsoWithoutSysctl: true, alsoWithoutDefaultRoute: false });
        expect(applyEdit({ mode: "default", flags: [], alsoWithoutSysctl: false, alsoWithoutDefaultRoute: false }, { ...NO_EDIT, mode: "enabled", flags: { subflow: true } }))
            .toEqual({ mode: "enabled", flags: ["subflow"], alsoWithoutSysctl: false, alsoWithoutDefaultRoute: false });
    });

    it("putting old values back, one per interface", () => {
        const p = plan(["eth1", "eth4"], { restore: { eth1: 0x20, eth4: 0x1 } });
        expect(p.items.map(i => [i.name, i.newRaw])).toEqual([["eth1", 0x20], ["eth4", 0x1]]);
    });
});

describe("where the profile is kept", () => {
    it("a profile kept in memory stays in memory: the operation says so", () => {
        const snap = labSnapshot();
        if (snap.nm.running) {
            const eth4 = snap.nm.devices.find(d => d.name === "eth4");
            if (eth4?.profile) eth4.profile.inMemory = true;
        }
        const p = plan(["eth1", "eth4"], enabled(["subflow", "backup"]), snap);
        expect(p.operations.filter(o => o.kind === "update").map(o => o.kind === "update" && [o.profile, o.storage]))
            .toEqual([["lab-multi", "disk"], ["lab-default", "memory"]]);
        expect(p.items.map(i => i.profile.inMemory)).toEqual([false, true]);
    });
});

describe("an address in duplicate address detection", () => {
    it("gets its endpoint at once: NetworkManager does not wait for the detection", () => {
        const snap = labSnapshot();
        const eth1 = snap.ip.links.find(l => l.name === "eth1");
        eth1?.addresses.splice(2, 0, { address: "2001:db8:1::77", prefix: 64, family: 6, temporary: false, tentative: true });
        const p = plan(["eth1"], enabled(["subflow"]), snap);
        expect(p.items[0].predicted.find(a => a.address === "2001:db8:1::77")).toMatchObject({ flags: ["subflow"], reason: null });
    });
});
