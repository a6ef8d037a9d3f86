import { describe, expect, it } from "vitest";

import {
    OUR_LIMITS_SCRIPT, devicesToNudge, nmcliMisreads, parseLimitsScript, parseWas, planSetup, planUndo,
    renderLimitsScript, restorable,
} from "../../src/model/setup-plan";
import { OUR_SYSCTL_FILE, parseSysctlConf } from "../../src/model/sysctl-conf";
import { hostSettings, persistedBy } from "./fixtures/host-settings";
import { labSnapshot } from "./fixtures/snapshot";

/** as RHEL 9 comes: MPTCP off, the kernel's default limits, rp_filter strict, a distribution file setting it */
const rhel = hostSettings({
    enabled: false,
    rp: { all: 1, eth1: 1, eth2: 0 },
    sysctlFiles: [{ path: "/usr/lib/sysctl.d/50-default.conf", text: "net.ipv4.conf.all.rp_filter = 1\n" }],
});

const all = { enableSysctl: true, limits: { subflows: 4, addAddrAccepted: 2 }, rpFilter: { interfaces: ["eth1", "eth2"], value: 2 as const }, persist: true };

describe("planSetup", () => {
    it("from RHEL 9 defaults: runtime changes, files and commands", () => {
        const p = planSetup(rhel, all);
        expect(p.problems).toEqual([]);
        expect(p.sysctls).toEqual([
            { key: "net.mptcp.enabled", from: "0", to: "1" },
            { key: "net.ipv4.conf.eth1.rp_filter", from: "1", to: "2" },
            { key: "net.ipv4.conf.eth2.rp_filter", from: "0", to: "2" },
        ]);
        expect(p.limits).toEqual(
            { from: { subflows: 2, addAddrAccepted: 0 }, to: { subflows: 4, addAddrAccepted: 2 } }
        );
        expect(p.files.map(f => f.path)).toEqual([OUR_SYSCTL_FILE, OUR_LIMITS_SCRIPT]);
        const conf = p.files[0].after ?? "";
        expect([...parseSysctlConf(conf)]).toEqual([
            ["net.ipv4.conf.eth1.rp_filter", "2"], ["net.ipv4.conf.eth2.rp_filter", "2"], ["net.mptcp.enabled", "1"],
        ]);
        expect(parseWas(conf).get("net.mptcp.enabled")).toBe("0");
        expect(p.commands).toContain("sysctl -w -- net.mptcp.enabled=1");
        expect(p.commands).toContain("ip mptcp limits set subflows 4 add_addr_accepted 2");
        expect(p.overrides).toEqual([]);
    });

    it("loose (2) beats a strict all; 0 needs all lowered too", () => {
        expect(planSetup(rhel, all).sysctls.map(s => s.key)).not.toContain("net.ipv4.conf.all.rp_filter");
        const zero = planSetup(rhel, { ...all, rpFilter: { interfaces: ["eth1"], value: 0 } });
        expect(zero.sysctls).toContainEqual({ key: "net.ipv4.conf.all.rp_filter", from: "1", to: "0" });
    });

    it("runtime only: no files", () => {
        const p = planSetup(rhel, { ...all, persist: false });
        expect(p.files).toEqual([]);
        expect(p.sysctls).toHaveLength(3);
    });

    it("refuses limits the kernel does not accept", () => {
        expect(planSetup(rhel, { ...all, limits: { subflows: 9, addAddrAccepted: 0 } }).problems).toEqual(["limit-range"]);
        expect(planSetup(rhel, { ...all, limits: { subflows: -1, addAddrAccepted: 0 } }).problems).toEqual(["limit-range"]);
    });

    it("reports a later file that would undo ours at boot", () => {
        const host = { ...rhel, sysctlFiles: [...rhel.sysctlFiles, { path: "/etc/sysctl.conf", text: "net.mptcp.enabled=0\n" }] };
        expect(planSetup(host, all).overrides).toEqual([{ key: "net.mptcp.enabled", path: "/etc/sysctl.conf", value: "0" }]);
    });

    it("a second run keeps the first run's previous values for undo, and nothing to do when done", () => {
        const first = planSetup(rhel, all);
        const after = persistedBy(rhel, first, { enabled: true, limits: all.limits, rp: { all: 1, eth1: 2, eth2: 2 } });
        const again = planSetup(after, all);
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
        expect(parseLimitsScript(text)).toEqual(
            { limits: { subflows: 3, addAddrAccepted: 1 }, was: { subflows: 2, addAddrAccepted: 0 } }
        );
    });
});

describe("endpoints after switching MPTCP on", () => {
    const devices = [
        { name: "eth1", path: "/d/1", flags: 0x30, uuid: "u1" },
        { name: "eth3", path: "/d/3", flags: 0x1, uuid: "u3" },
        { name: "eth4", path: "/d/4", flags: 0, uuid: "u4" },
    ];
    it("nudges every profile that asks for MPTCP, and says how from a shell", () => {
        const p = planSetup(rhel, all, devices);
        expect(p.reapply.map(d => d.name)).toEqual(["eth1", "eth4"]);
        expect(p.commands).toContain("nmcli device modify eth4 connection.mptcp-flags enabled,also-without-sysctl,subflow && nmcli device reapply eth4");
    });
    it("not when MPTCP was on already", () => {
        expect(planSetup({ ...rhel, enabled: true }, all, devices).reapply).toEqual([]);
    });
});

/** The lab's host as at boot with MPTCP off: NetworkManager configured no endpoints. */
function offSnapshot() {
    const snap = labSnapshot();
    snap.kernel.enabled = false;
    snap.ip.endpoints = [];
    return snap;
}

describe("the devices NetworkManager will give endpoints once MPTCP is on", () => {
    it("by the table's rules: not eth2 (no default route), eth3 (MPTCP disabled) or ext0 (unmanaged)", () => {
        expect(devicesToNudge(offSnapshot()).map(d => d.name)).toEqual(["eth1", "eth4"]);
        const p = planSetup(rhel, all, devicesToNudge(offSnapshot()));
        expect(p.reapply.map(d => d.name)).toEqual(["eth1", "eth4"]);
        expect(p.commands.filter(c => c.startsWith("nmcli")).join("\n")).not.toContain("eth2");
    });
    it("none that already have their endpoints", () => {
        expect(devicesToNudge(labSnapshot())).toEqual([]);
    });
});

describe("rp_filter off (0) while all is 1", () => {
    const p = planSetup(rhel, { ...all, rpFilter: { interfaces: ["eth1"], value: 0 } });
    it("lowers all, says so, and names the other interfaces that it reaches", () => {
        expect(p.allLowered).toEqual({ from: 1, to: 0, affected: [{ name: "eth2", from: 1, to: 0 }] });
        expect(p.commands).toContain("sysctl -w -- net.ipv4.conf.all.rp_filter=0");
        expect(p.commands).toContain("sysctl -w -- net.ipv4.conf.eth1.rp_filter=0");
        expect(parseSysctlConf(p.files[0].after ?? "").get("net.ipv4.conf.all.rp_filter")).toBe("0");
    });
    it("loose (2) changes no other interface", () => {
        expect(planSetup(rhel, all).allLowered).toBeNull();
    });
});

describe("hostile interface names", () => {
    const rp = (interfaces: string[]) => planSetup(
        { ...rhel, rp: { all: 1, ...Object.fromEntries(interfaces.map(i => [i, 1])) } },
        { ...all, rpFilter: { interfaces, value: 2 } });

    it("quotes every value in the commands", () => {
        const p = rp(["$(id)", "ä€x", "abcdefghijklmno"]);
        expect(p.commands).toContain("sysctl -w -- 'net.ipv4.conf.$(id).rp_filter=2'");
        expect(p.commands).toContain("sysctl -w -- 'net.ipv4.conf.ä€x.rp_filter=2'");
        expect(p.commands).toContain("sysctl -w -- net.ipv4.conf.abcdefghijklmno.rp_filter=2");
    });
    it("writes a dot in a name as a slash, in the file and the commands", () => {
        const p = rp(["eth0.10"]);
        expect(p.commands).toContain("sysctl -w -- net.ipv4.conf.eth0/10.rp_filter=2");
        expect(p.files[0].after).toMatch(/^net\.ipv4\.conf\.eth0\/10\.rp_filter = 2$/m);
    });
    it("refuses a name that sysctl.d would read as a pattern: no key for every interface", () => {
        const p = rp(["*", "eth1", "a=b"]);
        expect(p.refused).toEqual(["*", "a=b"]);
        expect(p.problems).toContain("unwritable-name");
        const text = `${p.files[0].after ?? ""}\n${p.commands.join("\n")}`;
        expect(text).not.toContain("*");
        expect(text).not.toContain("a=b");
        expect(p.sysctls.map(s => s.key)).toEqual(["net.mptcp.enabled", "net.ipv4.conf.eth1.rp_filter"]);
    });
    it("nmcli is never given a name it would read as an option: the profile is re-activated instead", () => {
        for (const n of ["-dash", "--ask", "-a", "h", "help", "--help"]) expect(nmcliMisreads(n), n).toBe(true);
        for (const n of ["eth0", "$(id)", "hx", "a-b"]) expect(nmcliMisreads(n), n).toBe(false);
        const p = planSetup(rhel, all, [{ name: "-dash", path: "/d/9", flags: 0x20, uuid: "0b5e-$(id)" }, { name: "$(id)", path: "/d/8", flags: 0, uuid: "u8" }]);
        expect(p.commands).toContain("nmcli connection up uuid '0b5e-$(id)'");
        expect(p.commands).toContain("nmcli device modify '$(id)' connection.mptcp-flags enabled,also-without-sysctl,subflow && nmcli device reapply '$(id)'");
        expect(p.reactivate).toEqual(["-dash"]);
    });
});

describe("rewriting our files", () => {
    const mine = [
        "# Written by Cockpit's MPTCP page. Changes made here are kept, but the page rewrites the keys it manages.",
        "# was: net.mptcp.enabled = 0",
        "net.mptcp.enabled = 1",
        "# keep the VPN's tunnel loose",
        "net.ipv4.conf.tun0.rp_filter = 2",
        "",
    ].join("\n");

    it("keeps the administrator's comments and lines", () => {
        const p = planSetup({ ...rhel, enabled: true, ourSysctl: mine }, all);
        const after = p.files[0].after ?? "";
        expect(after).toContain("# keep the VPN's tunnel loose\nnet.ipv4.conf.tun0.rp_filter = 2\n");
        expect(after).toMatch(/^net\.ipv4\.conf\.eth1\.rp_filter = 2$/m);
        expect(parseWas(after).get("net.mptcp.enabled")).toBe("0");
        expect(parseWas(after).get("net.ipv4.conf.eth1.rp_filter")).toBe("1");
    });
    it("a key of ours whose \"# was:\" line is gone: not ours recorded as the value before, and the review says so", () => {
        const noWas = mine.replace("# was: net.mptcp.enabled = 0\n", "");
        const p = planSetup({ ...rhel, enabled: true, ourSysctl: noWas }, { ...all, enableSysctl: true });
        expect(parseWas(p.files[0].after).has("net.mptcp.enabled")).toBe(false);
        expect(p.unknownWas).toContain("net.mptcp.enabled");
    });
    it("a limits script whose \"# was:\" line is gone: the limits before stay unknown, and the review says so", () => {
        const script = renderLimitsScript({ subflows: 4, addAddrAccepted: 2 }, { subflows: 2, addAddrAccepted: 0 }).replace(/^# was: .*\n/m, "");
        const p = planSetup(
            { ...rhel, limits: { subflows: 4, addAddrAccepted: 2 }, ourLimits: script },
            { ...all, limits: { subflows: 5, addAddrAccepted: 2 } },
        );
        expect(p.unknownWas).toContain("limits");
        const written = p.files.find(f => f.path === OUR_LIMITS_SCRIPT)?.after ?? "";
        expect(parseLimitsScript(written).was).toBeNull();
    });
    it("keeps the earliest known limits", () => {
        const script = renderLimitsScript({ subflows: 4, addAddrAccepted: 2 }, { subflows: 2, addAddrAccepted: 0 });
        const p = planSetup(
            { ...rhel, limits: { subflows: 4, addAddrAccepted: 2 }, ourLimits: script },
            { ...all, limits: { subflows: 6, addAddrAccepted: 3 } },
        );
        expect(parseLimitsScript(p.files.find(f => f.path === OUR_LIMITS_SCRIPT)?.after ?? "").was).toEqual({ subflows: 2, addAddrAccepted: 0 });
        expect(p.unknownWas).toEqual([]);
    });
});

describe("undo", () => {
    const first = planSetup(rhel, all);
    const persisted = persistedBy(rhel, first, { enabled: true, limits: all.limits, rp: { all: 1, eth1: 2, eth2: 2 } });

    it("restores the values from before, then removes both files", () => {
        const u = planUndo(persisted);
        expect(u.steps).toEqual([
            { kind: "sysctl", key: "net.mptcp.enabled", iface: null, to: "0", now: "1" },
            { kind: "sysctl", key: "net.ipv4.conf.eth1.rp_filter", iface: "eth1", to: "1", now: "2" },
            { kind: "sysctl", key: "net.ipv4.conf.eth2.rp_filter", iface: "eth2", to: "0", now: "2" },
            { kind: "limits", to: { subflows: 2, addAddrAccepted: 0 }, now: { subflows: 4, addAddrAccepted: 2 } },
            { kind: "remove", path: OUR_SYSCTL_FILE },
            { kind: "remove", path: OUR_LIMITS_SCRIPT },
        ]);
        expect(u.ignored).toEqual([]);
    });
    it("restores only the keys this page manages, with values those keys take", () => {
        const edited = `${persisted.ourSysctl ?? ""}# was: net.ipv4.ip_forward = 1\n# was: net.ipv4.conf.eth3.rp_filter = -a\n` +
            "# was: net.ipv4.conf.*.rp_filter = 1\n# was: net.ipv4.conf.a=b.rp_filter = 1\n# was: kernel.modprobe = /tmp/x\n# was: net.ipv4.conf.eth4.rp_filter = 2\n";
        const u = planUndo({ ...persisted, ourSysctl: edited });
        expect(u.steps.filter(s => s.kind === "sysctl").map(s => s.kind === "sysctl" && s.key)).toEqual([
            "net.mptcp.enabled", "net.ipv4.conf.eth1.rp_filter", "net.ipv4.conf.eth2.rp_filter", "net.ipv4.conf.eth4.rp_filter",
        ]);
        expect(u.ignored.map(x => x.key)).toEqual([
            "net.ipv4.ip_forward", "net.ipv4.conf.eth3.rp_filter", "net.ipv4.conf.*.rp_filter", "net.ipv4.conf.a=b.rp_filter", "kernel.modprobe",
        ]);
        for (const [k, v] of [["net.mptcp.enabled", "2"], ["net.mptcp.enabled", "1 "], ["net.ipv4.conf.eth0.rp_filter", "3"], ["net.ipv4.conf.../x.rp_filter", "1"]])
            expect(restorable(k, v), `${k}=${v}`).toBe(false);
        expect(restorable("net.ipv4.conf.all.rp_filter", "1")).toBe(true);
    });
    it("says what it cannot restore", () => {
        const u = planUndo({ ...persisted, ourSysctl: `${persisted.ourSysctl ?? ""}net.ipv4.conf.tun0.rp_filter = 2\n`, ourLimits: "#!/bin/sh\nexec ip mptcp limits set subflows 4 add_addr_accepted 2\n" });
        expect(u.unknown).toEqual(["net.ipv4.conf.tun0.rp_filter"]);
        expect(u.limitsUnknown).toBe(true);
        expect(u.steps.some(s => s.kind === "limits")).toBe(false);
        expect(u.steps.filter(s => s.kind === "remove")).toHaveLength(2);
    });
    it("nothing persisted: nothing to do", () => {
        expect(planUndo(rhel)).toEqual({ steps: [], ignored: [], unknown: [], limitsUnknown: false });
    });
});
