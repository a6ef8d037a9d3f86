import { describe, expect, it } from "vitest";

import { hostProblems, severityOf } from "../../src/model/host-status";
import { labSnapshot } from "./fixtures/snapshot";

const kinds = (snap = labSnapshot()) => hostProblems(snap).map(p => p.kind);

describe("hostProblems", () => {
    it("the lab: only the subflow note (3 subflow endpoints, limit 2)", () => {
        expect(hostProblems(labSnapshot())).toEqual([{ kind: "subflows-below-endpoints", subflows: 2, endpoints: 3 }]);
    });
    it("a host ready for MPTCP has nothing to say", () => {
        const snap = labSnapshot();
        snap.kernel.limits = { subflows: 4, addAddrAccepted: 4 };
        expect(kinds(snap)).toEqual([]);
    });
    it("no kernel MPTCP hides the checks that depend on it", () => {
        const snap = labSnapshot();
        snap.kernel = { mptcp: false, enabled: null, pathManager: null, limits: null, ipMptcp: false, errors: [] };
        expect(kinds(snap)).toEqual(["no-kernel-mptcp"]);
        expect(severityOf({ kind: "no-kernel-mptcp" })).toBe("danger");
    });
    it("sysctl off, userspace path manager, subflow limit 0, ip without mptcp", () => {
        const snap = labSnapshot();
        snap.kernel = { ...snap.kernel, enabled: false, pathManager: "userspace", limits: { subflows: 0, addAddrAccepted: 0 }, ipMptcp: false };
        expect(kinds(snap)).toEqual(["no-ip-mptcp", "sysctl-disabled", "userspace-pm", "no-subflows"]);
    });
    it("NetworkManager missing or too old; read errors", () => {
        const gone = labSnapshot();
        gone.nm = { running: false, message: null };
        gone.kernel.limits = { subflows: 8, addAddrAccepted: 8 };
        expect(kinds(gone)).toEqual(["nm-not-running"]);
        const old = labSnapshot();
        old.nm = { running: true, version: "1.36.6", devices: [] };
        old.kernel.errors = ["ip addr: not JSON"];
        expect(hostProblems(old)).toContainEqual({ kind: "nm-too-old", version: "1.36.6" });
        expect(hostProblems(old)).toContainEqual({ kind: "read-error", message: "ip addr: not JSON" });
    });
});
