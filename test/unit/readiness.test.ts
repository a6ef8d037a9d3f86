import { describe, expect, it } from "vitest";

import { effectiveRpFilter, endpointInterfaces, isReady, readiness, recommendedLimits } from "../../src/model/readiness";
import { labSnapshot } from "./fixtures/snapshot";

const byId = (checks: ReturnType<typeof readiness>) => Object.fromEntries(checks.map(c => [c.id, c]));

describe("readiness", () => {
    it("the lab with enough limits and loose rp_filter is ready", () => {
        const snap = labSnapshot();
        snap.kernel.limits = { subflows: 4, addAddrAccepted: 2 };
        const checks = readiness(snap, { all: 0, eth1: 2, eth4: 0 }, null);
        expect(checks.filter(c => !c.ok)).toEqual([]);
        expect(isReady(checks)).toBe(true);
    });

    it("RHEL 9 defaults: MPTCP off, add_addr_accepted 0, strict rp_filter", () => {
        const snap = labSnapshot();
        snap.kernel.enabled = false;
        snap.kernel.limits = { subflows: 2, addAddrAccepted: 0 };
        const checks = byId(readiness(snap, { all: 1, eth1: 0, eth4: 0 }, null));
        expect(checks.sysctl).toMatchObject({ ok: false, current: "0", recommended: "1" });
        // three endpoints with the subflow flag, a limit of two
        expect(checks.subflows).toMatchObject({ ok: false, current: "2", recommended: "3" });
        expect(checks["add-addr"]).toMatchObject({ ok: false, current: "0", recommended: "2" });
        expect(checks["rp-filter"]).toMatchObject({ ok: false, interfaces: ["eth1", "eth4"] });
    });

    it("the kernel uses the larger of all and the interface's value", () => {
        expect(effectiveRpFilter({ all: 1, eth1: 2 }, "eth1")).toBe(2);
        expect(effectiveRpFilter({ all: 1, eth1: 0 }, "eth1")).toBe(1);
        expect(effectiveRpFilter({ all: 0, eth1: 1 }, "eth1")).toBe(1);
        expect(effectiveRpFilter({}, "eth1")).toBe(0);
    });

    it("rp_filter matters only where IPv4 endpoints are", () => {
        expect(endpointInterfaces(labSnapshot())).toEqual(["eth1", "eth4"]);
        // eth4's endpoint, left out while MPTCP was off, is still counted
        const off = labSnapshot();
        off.kernel.enabled = false;
        off.ip.endpoints = off.ip.endpoints.filter(e => e.dev !== "eth4");
        expect(endpointInterfaces(off)).toEqual(["eth1", "eth4"]);
        const checks = byId(readiness(labSnapshot(), { all: 0, eth2: 1, eth3: 1 }, null));
        expect(checks["rp-filter"].ok).toBe(true);
    });

    it("a userspace path manager is fine only with mptcpd running", () => {
        const snap = labSnapshot();
        snap.kernel.pathManager = "userspace";
        expect(byId(readiness(snap, {}, false))["path-manager"].ok).toBe(false);
        expect(byId(readiness(snap, {}, true))["path-manager"].ok).toBe(true);
    });

    it("without kernel MPTCP there is only that to say", () => {
        const snap = labSnapshot();
        snap.kernel.mptcp = false;
        expect(readiness(snap, {}, null)).toEqual([{ id: "kernel", ok: false, current: "no", recommended: "yes" }]);
    });

    it("counts the subflow endpoints NetworkManager will add once MPTCP is on", () => {
        const snap = labSnapshot();
        snap.kernel.enabled = false;
        snap.ip.endpoints = snap.ip.endpoints.filter(e => e.dev !== "eth4");
        // eth1's two, and eth4's that NetworkManager left out while the sysctl was off
        expect(recommendedLimits(snap).subflows).toBe(3);
    });

    it("recommends limits within what the kernel accepts, never lower than now", () => {
        const snap = labSnapshot();
        snap.kernel.limits = { subflows: 8, addAddrAccepted: 5 };
        expect(recommendedLimits(snap)).toEqual({ subflows: 8, addAddrAccepted: 5 });
        snap.ip.endpoints = Array.from({ length: 12 }, (_, i) => ({ id: i, address: `192.0.2.${i}`, dev: null, flags: ["subflow"], port: null }));
        expect(recommendedLimits(snap).subflows).toBe(8);
    });
});
