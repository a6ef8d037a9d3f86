import { describe, expect, it } from "vitest";

import {
    OUR_LIMITS_SCRIPT, parseLimitsScript, parseWas, planEnablement, renderLimitsScript, type HostSettings,
} from "../../src/model/enablement";
import { OUR_SYSCTL_FILE, parseSysctlConf } from "../../src/model/sysctl-conf";

const rhel: HostSettings = {
    enabled: false,
    limits: { subflows: 2, addAddrAccepted: 0 },
    rp: { all: 1, eth1: 1, eth2: 0 },
    ourSysctl: null,
    ourLimits: null,
    sysctlFiles: [{ path: "/usr/lib/sysctl.d/50-default.conf", text: "net.ipv4.conf.all.rp_filter = 1\n" }],
};

const all = { enableSysctl: true, limits: { subflows: 4, addAddrAccepted: 2 }, rpFilter: { interfaces: ["eth1", "eth2"], value: 2 as const }, persist: true };

describe("planEnablement", () => {
    it("from RHEL 9 defaults: runtime changes, files and commands", () => {
        const p = planEnablement(rhel, all);
        expect(p.problems).toEqual([]);
        expect(p.sysctls).toEqual([
            { key: "net.mptcp.enabled", from: "0", to: "1" },
            { key: "net.ipv4.conf.eth1.rp_filter", from: "1", to: "2" },
            { key: "net.ipv4.conf.eth2.rp_filter", from: "0", to: "2" },
        ]);
        expect(p.limits).toEqual({ from: { subflows: 2, addAddrAccepted: 0 }, to: { subflows: 4, addAddrAccepted: 2 } });
        expect(p.files.map(f => f.path)).toEqual([OUR_SYSCTL_FILE, OUR_LIMITS_SCRIPT]);
        const conf = p.files[0].after ?? "";
        expect([...parseSysctlConf(conf)]).toEqual([
            ["net.ipv4.conf.eth1.rp_filter", "2"], ["net.ipv4.conf.eth2.rp_filter", "2"], ["net.mptcp.enabled", "1"],
        ]);
        expect(parseWas(conf).get("net.mptcp.enabled")).toBe("0");
        expect(p.commands).toContain("sysctl -w net.mptcp.enabled=1");
        expect(p.commands).toContain("ip mptcp limits set subflows 4 add_addr_accepted 2");
        expect(p.overrides).toEqual([]);
    });

    it("loose (2) beats a strict all; 0 needs all lowered too", () => {
        expect(planEnablement(rhel, all).sysctls.map(s => s.key)).not.toContain("net.ipv4.conf.all.rp_filter");
        const zero = planEnablement(rhel, { ...all, rpFilter: { interfaces: ["eth1"], value: 0 } });
        expect(zero.sysctls).toContainEqual({ key: "net.ipv4.conf.all.rp_filter", from: "1", to: "0" });
    });

    it("runtime only: no files", () => {
        const p = planEnablement(rhel, { ...all, persist: false });
        expect(p.files).toEqual([]);
        expect(p.sysctls).toHaveLength(3);
    });

    it("refuses limits the kernel does not accept", () => {
        expect(planEnablement(rhel, { ...all, limits: { subflows: 9, addAddrAccepted: 0 } }).problems).toEqual(["limit-range"]);
        expect(planEnablement(rhel, { ...all, limits: { subflows: -1, addAddrAccepted: 0 } }).problems).toEqual(["limit-range"]);
    });

    it("reports a later file that would undo ours at boot", () => {
        const host = { ...rhel, sysctlFiles: [...rhel.sysctlFiles, { path: "/etc/sysctl.conf", text: "net.mptcp.enabled=0\n" }] };
        expect(planEnablement(host, all).overrides).toEqual([{ key: "net.mptcp.enabled", path: "/etc/sysctl.conf", value: "0" }]);
    });

    it("a second run keeps the first run's previous values for undo, and nothing to do when done", () => {
        const first = planEnablement(rhel, all);
        const after: HostSettings = {
            ...rhel, enabled: true, limits: all.limits, rp: { all: 1, eth1: 2, eth2: 2 },
            ourSysctl: first.files[0].after, ourLimits: first.files[1].after,
        };
        const again = planEnablement(after, all);
        expect(again.sysctls).toEqual([]);
        expect(again.limits).toBeNull();
        expect(again.files).toEqual([]);
        expect(parseLimitsScript(after.ourLimits ?? "").was).toEqual({ subflows: 2, addAddrAccepted: 0 });
    });
});

describe("limits script", () => {
    it("round-trips", () => {
        const text = renderLimitsScript({ subflows: 3, addAddrAccepted: 1 }, { subflows: 2, addAddrAccepted: 0 });
        expect(text.startsWith("#!/bin/sh\n")).toBe(true);
        expect(parseLimitsScript(text)).toEqual({ limits: { subflows: 3, addAddrAccepted: 1 }, was: { subflows: 2, addAddrAccepted: 0 } });
    });
});

describe("endpoints after switching MPTCP on", () => {
    const devices = [
        { name: "eth1", path: "/d/1", flags: 0x30 },
        { name: "eth3", path: "/d/3", flags: 0x1 },
        { name: "eth4", path: "/d/4", flags: 0 },
    ];
    it("nudges every profile that asks for MPTCP, and says how from a shell", () => {
        const p = planEnablement(rhel, all, devices);
        expect(p.reapply.map(d => d.name)).toEqual(["eth1", "eth4"]);
        expect(p.commands).toContain("nmcli device modify eth4 connection.mptcp-flags enabled,also-without-sysctl,subflow && nmcli device reapply eth4");
    });
    it("not when MPTCP was on already", () => {
        expect(planEnablement({ ...rhel, enabled: true }, all, devices).reapply).toEqual([]);
    });
});
