// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { EnablementPlan, HostSettings } from "../../src/model/enablement";
import { hostVerdicts, placed } from "../../src/model/verdicts";
import { EnableGuide } from "../../src/ui/enable-guide";
import { ReadinessCard } from "../../src/ui/readiness-card";
import { labSnapshot } from "./fixtures/snapshot";

afterEach(cleanup);

const settings: HostSettings = {
    enabled: false,
    limits: { subflows: 0, addAddrAccepted: 0 },
    rp: { all: 1, eth1: 0, eth4: 0 },
    ourSysctl: null,
    ourLimits: null,
    sysctlFiles: [{ path: "/etc/sysctl.conf", text: "net.mptcp.enabled = 0\n" }],
};

const fakeActions = () => ({
    read: vi.fn(async () => ({ settings, mptcpd: null })),
    apply: vi.fn(async (_plan: EnablementPlan) => {}),
    undo: vi.fn(async () => {}),
});

describe("ReadinessCard", () => {
    it("lists what blocks MPTCP, each with a way into the guide", () => {
        const snap = labSnapshot();
        snap.kernel.enabled = false;
        const onGuide = vi.fn();
        render(<ReadinessCard verdicts={placed(hostVerdicts(snap, { rp: settings.rp, mptcpd: null }), "readiness")} admin onGuide={onGuide} onUndo={null} persisted={false} />);
        expect(screen.getByText("Not ready")).toBeTruthy();
        fireEvent.click(screen.getAllByRole("button", { name: "Fix in the setup guide" })[0]);
        expect(onGuide).toHaveBeenCalledWith("sysctl");
    });
    it("says ready when nothing blocks", () => {
        const snap = labSnapshot();
        snap.kernel.limits = { subflows: 4, addAddrAccepted: 2 };
        render(<ReadinessCard verdicts={placed(hostVerdicts(snap, { rp: {}, mptcpd: null }), "readiness")} admin={false} onGuide={() => {}} onUndo={null} persisted={false} />);
        expect(screen.getByText("Ready for MPTCP")).toBeTruthy();
    });
});

describe("EnableGuide", () => {
    it("reviews runtime changes, files, overrides and commands, then applies the plan", async () => {
        const actions = fakeActions();
        render(<EnableGuide snapshot={labSnapshot()} admin start={"rp-filter"} actions={actions} onClose={() => {}} />);
        await waitFor(() => expect(screen.getByText("rp_filter", { selector: "h3" })).toBeTruthy());
        await act(async () => { fireEvent.click(screen.getByRole("button", { name: "Review" })) });
        expect(screen.getByText("net.mptcp.enabled: 0 → 1")).toBeTruthy();
        expect(screen.getByText(/\/etc\/sysctl.conf sets net.mptcp.enabled = 0 after our file/)).toBeTruthy();
        expect(screen.getByText(/sysctl -w net.mptcp.enabled=1/)).toBeTruthy();
        await act(async () => { fireEvent.click(screen.getByRole("button", { name: "Apply" })) });
        await waitFor(() => expect(screen.getByText("The settings are applied")).toBeTruthy());
        const plan = actions.apply.mock.calls[0][0];
        expect(plan.sysctls.map(s => s.key)).toContain("net.mptcp.enabled");
        expect(plan.files.map(f => f.path)).toEqual(["/etc/sysctl.d/99-zz-cockpit-mptcp.conf", "/etc/NetworkManager/dispatcher.d/90-cockpit-mptcp-limits"]);
    });

    it("without administrative access, shows the commands and cannot apply", async () => {
        const actions = fakeActions();
        render(<EnableGuide snapshot={labSnapshot()} admin={false} start={null} actions={actions} onClose={() => {}} />);
        await waitFor(() => expect(screen.getByRole("button", { name: "Review" })).toBeTruthy());
        await act(async () => { fireEvent.click(screen.getByRole("button", { name: "Review" })) });
        expect(screen.getByText(/Administrative access is required to apply these settings/)).toBeTruthy();
        expect((screen.getByRole("button", { name: "Apply" }) as HTMLButtonElement).disabled).toBe(true);
        expect(actions.apply).not.toHaveBeenCalled();
    });
});
