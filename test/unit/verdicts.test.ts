import { describe, expect, it } from "vitest";

import { effectiveRpFilter, endpointInterfaces, recommendedLimits } from "../../src/model/readiness";
import { VERDICTS, hostVerdicts, placed, severityOf, type Verdict } from "../../src/model/verdicts";
import { labSnapshot } from "./fixtures/snapshot";

const ids = (vs: Verdict[]) => vs.map(v => v.id);
const noSettings = null;

describe("host verdicts: the header and the readiness card", () => {
    it("the lab: only the subflow note (3 subflow endpoints, limit 2), and accepted addresses 0", () => {
        const snap = labSnapshot();
        expect(hostVerdicts(snap, noSettings)).toEqual([{ id: "subflow-limit", subflows: 2, endpoints: 3 }, { id: "add-addr-limit" }]);
        expect(severityOf({ id: "subflow-limit", subflows: 2, endpoints: 3 })).toBe("info");
        expect(severityOf({ id: "subflow-limit", subflows: 0, endpoints: 3 })).toBe("warning");
    });

    it("the lab with enough limits and loose rp_filter is ready: nothing to say anywhere", () => {
        const snap = labSnapshot();
        snap.kernel.limits = { subflows: 4, addAddrAccepted: 2 };
        expect(hostVerdicts(snap, { rp: { all: 0, eth1: 2, eth4: 0 }, mptcpd: null })).toEqual([]);
    });

    it("RHEL 9 defaults: MPTCP off, add_addr_accepted 0, strict rp_filter", () => {
        const snap = labSnapshot();
        snap.kernel.enabled = false;
        snap.kernel.limits = { subflows: 2, addAddrAccepted: 0 };
        const verdicts = hostVerdicts(snap, { rp: { all: 1, eth1: 0, eth4: 0 }, mptcpd: null });
        expect(verdicts).toEqual([
            { id: "sysctl-disabled" },
            // three endpoints with the subflow flag (eth4's still to come), a limit of two
            { id: "subflow-limit", subflows: 2, endpoints: 3 },
            { id: "add-addr-limit" },
            { id: "rp-filter-strict", interfaces: ["eth1", "eth4"] },
        ]);
        expect(placed(verdicts, "readiness")).toEqual(verdicts);
        expect(placed(verdicts, "header")).toEqual([]);
        // every readiness verdict but the kernel's and the path manager's has its step in the guide
        expect(verdicts.map(v => VERDICTS[v.id].guide)).toEqual(["sysctl", "subflows", "add-addr", "rp-filter"]);
    });

    it("rp_filter is judged only once the settings are read, and only where IPv4 endpoints are", () => {
        expect(ids(hostVerdicts(labSnapshot(), noSettings))).not.toContain("rp-filter-strict");
        expect(ids(hostVerdicts(labSnapshot(), { rp: { all: 0, eth2: 1, eth3: 1 }, mptcpd: null }))).not.toContain("rp-filter-strict");
    });

    it("a userspace path manager is fine only with mptcpd running", () => {
        const snap = labSnapshot();
        snap.kernel.pathManager = "userspace";
        expect(ids(hostVerdicts(snap, { rp: {}, mptcpd: false }))).toContain("userspace-pm");
        expect(ids(hostVerdicts(snap, noSettings))).toContain("userspace-pm");
        expect(ids(hostVerdicts(snap, { rp: {}, mptcpd: true }))).not.toContain("userspace-pm");
    });

    it("no kernel MPTCP hides the checks that depend on it", () => {
        const snap = labSnapshot();
        snap.kernel = { mptcp: false, enabled: null, pathManager: null, limits: null, ipMptcp: false, errors: [] };
        expect(hostVerdicts(snap, { rp: { all: 1 }, mptcpd: null })).toEqual([{ id: "no-kernel-mptcp" }]);
        expect(severityOf({ id: "no-kernel-mptcp" })).toBe("danger");
    });

    it("sysctl off, userspace path manager, subflow limit 0, ip without mptcp", () => {
        const snap = labSnapshot();
        snap.kernel = { ...snap.kernel, enabled: false, pathManager: "userspace", limits: { subflows: 0, addAddrAccepted: 1 }, ipMptcp: false };
        const verdicts = hostVerdicts(snap, noSettings);
        expect(ids(verdicts)).toEqual(["no-ip-mptcp", "sysctl-disabled", "userspace-pm", "subflow-limit"]);
        expect(ids(placed(verdicts, "header"))).toEqual(["no-ip-mptcp"]);
    });

    it("NetworkManager missing or too old; read errors: the header's", () => {
        const gone = labSnapshot();
        gone.nm = { running: false, message: null };
        gone.kernel.limits = { subflows: 8, addAddrAccepted: 8 };
        expect(hostVerdicts(gone, noSettings)).toEqual([{ id: "nm-not-running", message: null }]);
        const old = labSnapshot();
        old.nm = { running: true, version: "1.36.6", devices: [] };
        old.kernel.errors = ["ip addr: not JSON"];
        const verdicts = hostVerdicts(old, noSettings);
        expect(placed(verdicts, "header")).toEqual([{ id: "nm-too-old", version: "1.36.6" }, { id: "read-error", message: "ip addr: not JSON" }]);
    });

    it("the subflow limit is one rule: below the endpoints, or 0", () => {
        const snap = labSnapshot();
        snap.kernel.limits = { subflows: 3, addAddrAccepted: 1 };
        expect(ids(hostVerdicts(snap, noSettings))).toEqual([]);
        snap.kernel.limits = { subflows: 0, addAddrAccepted: 1 };
        snap.ip.endpoints = [];
        snap.nm = { running: false, message: null };
        expect(hostVerdicts(snap, noSettings)).toContainEqual({ id: "subflow-limit", subflows: 0, endpoints: 0 });
    });
});

describe("setup helpers", () => {
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
