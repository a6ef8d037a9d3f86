import { parse } from "yaml";
import { describe, expect, it } from "vitest";

import { buildInterfaceRows } from "../../src/model/interfaces";
import { exportYaml } from "../../src/model/nmstate";
import { buildPlan, rawText, verifyEndpoints } from "../../src/model/plan";
import type { MptcpSetting } from "../../src/model/setting";
import { labSnapshot } from "./fixtures/snapshot";

const enabled = (flags: MptcpSetting["flags"], extra: Partial<MptcpSetting> = {}): MptcpSetting =>
    ({ mode: "enabled", flags, alsoWithoutSysctl: false, alsoWithoutDefaultRoute: false, ...extra });
const plan = (names: string[], setting: MptcpSetting, snap = labSnapshot(), rp = {}) =>
    buildPlan(snap, buildInterfaceRows(snap), names, setting, rp);

describe("buildPlan", () => {
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
            { kind: "update", profile: "lab-multi", property: "connection.mptcp-flags", from: "signal,subflow", to: "subflow,backup" },
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

describe("exportYaml", () => {
    it("exports every interface as nmstate's query would", () => {
        const snap = labSnapshot();
        const doc = parse(exportYaml(buildInterfaceRows(snap)));
        const byName = Object.fromEntries(doc.interfaces.map((i: { name: string }) => [i.name, i]));
        expect(byName.eth1.mptcp).toEqual({ "address-flags": ["signal", "subflow"] });
        expect(byName.eth3.mptcp).toEqual({ "address-flags": [] });
        expect(byName.eth4.mptcp).toBeUndefined();
        expect(byName.eth4.ipv4.address[0]["mptcp-flags"]).toEqual(["subflow"]);
        expect(byName.ext0.state).toBe("ignore");
        expect(byName.eth5.ipv4.enabled).toBe(false);
    });
});
