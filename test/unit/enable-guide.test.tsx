// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { planSetup, type SetupPlan, type HostSettings, type UndoPlan, type UndoResult } from "../../src/model/setup-plan";
import type { HostSnapshot } from "../../src/model/types";
import { hostVerdicts, placed } from "../../src/model/verdicts";
import { App } from "../../src/ui/app";
import { SetupGuide } from "../../src/ui/guide/setup-guide";
import type { SetupPort } from "../../src/ui/host-port";
import { ReadinessCard } from "../../src/ui/readiness-card";
import { UndoDialog } from "../../src/ui/undo-dialog";
import type { SnapshotSource } from "../../src/ui/host-port";
import { labSnapshot } from "./fixtures/snapshot";
import { hostSettings, persistedBy } from "./fixtures/host-settings";
import { fakeShell } from "./fixtures/shell";

afterEach(cleanup);

const settings = hostSettings({
    enabled: false,
    limits: { subflows: 0, addAddrAccepted: 0 },
    rp: { all: 1, eth1: 0, eth4: 0 },
    sysctlFiles: [{ path: "/etc/sysctl.conf", text: "net.mptcp.enabled = 0\n" }],
});

const fakeActions = (host: HostSettings = settings) => ({
    read: vi.fn(async (_interfaces: string[]) => ({ settings: host, mptcpd: null })),
    apply: vi.fn(async (_plan: SetupPlan) => {}),
    undo: vi.fn(async (_plan: UndoPlan, _progress: (i: number, r: UndoResult) => void): Promise<UndoResult[]> => []),
});

/** The lab's host as at boot with MPTCP off: NetworkManager configured no endpoints. */
function offSnapshot(): HostSnapshot {
    const snap = labSnapshot();
    snap.kernel.enabled = false;
    snap.ip.endpoints = [];
    return snap;
}

/** With interfaces whose names the kernel accepts but a shell or sysctl.d would read as something else. */
function hostileSnapshot(): HostSnapshot {
    const snap = labSnapshot();
    const link = (name: string, i: number) => ({
        name, loopback: false, up: true, addresses: [{ address: `198.18.${20 + i}.2`, prefix: 24, family: 4 as const, temporary: false, tentative: false }],
    });
    snap.ip.links.push(...["$(id)", "*", "a.b"].map(link));
    return snap;
}

async function openReview(props: Partial<Parameters<typeof SetupGuide>[0]> = {}) {
    const actions = props.actions ?? fakeActions();
    render(<SetupGuide snapshot={labSnapshot()} admin start={null} actions={actions} onClose={() => {}} {...props} />);
    await waitFor(() => expect(screen.getByRole("button", { name: "Review" })).toBeTruthy());
    await act(async () => {
        fireEvent.click(screen.getByRole("button", { name: "Review" }));
    });
    return actions;
}

const commandsShown = () => document.querySelector(".mptcp-guide-commands")?.textContent ?? "";

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

describe("SetupGuide", () => {
    it("reviews runtime changes, files, overrides and commands, then applies the plan", async () => {
        const actions = fakeActions();
        render(<SetupGuide snapshot={labSnapshot()} admin start={"rp-filter"} actions={actions} onClose={() => {}} />);
        await waitFor(() => expect(screen.getByText("rp_filter", { selector: "h3" })).toBeTruthy());
        await act(async () => {
            fireEvent.click(screen.getByRole("button", { name: "Review" }));
        });
        expect(screen.getByText("net.mptcp.enabled: 0 → 1")).toBeTruthy();
        expect(screen.getByText(/\/etc\/sysctl.conf sets net.mptcp.enabled = 0 after our file/)).toBeTruthy();
        expect(screen.getByText(/sysctl -w -- net.mptcp.enabled=1/)).toBeTruthy();
        await act(async () => {
            fireEvent.click(screen.getByRole("button", { name: "Apply" }));
        });
        await waitFor(() => expect(screen.getByText("The settings are applied")).toBeTruthy());
        const plan = actions.apply.mock.calls[0][0];
        expect(plan.sysctls.map(s => s.key)).toContain("net.mptcp.enabled");
        expect(plan.files.map(f => f.path)).toEqual(["/etc/sysctl.d/99-zz-cockpit-mptcp.conf", "/etc/NetworkManager/dispatcher.d/90-cockpit-mptcp-limits"]);
    });

    it("without administrative access, shows the commands and cannot apply", async () => {
        const actions = fakeActions();
        render(<SetupGuide snapshot={labSnapshot()} admin={false} start={null} actions={actions} onClose={() => {}} />);
        await waitFor(() => expect(screen.getByRole("button", { name: "Review" })).toBeTruthy());
        await act(async () => {
            fireEvent.click(screen.getByRole("button", { name: "Review" }));
        });
        expect(screen.getByText(/Administrative access is required to apply these settings/)).toBeTruthy();
        expect((screen.getByRole("button", { name: "Apply" }) as HTMLButtonElement).disabled).toBe(true);
        expect(actions.apply).not.toHaveBeenCalled();
    });
});

describe("SetupGuide: the wizard in its modal", () => {
    it("has one close button, in the wizard's header, which names the dialog", async () => {
        const onClose = vi.fn();
        await openReview({ onClose });
        expect(screen.getAllByRole("button", { name: "Close" })).toHaveLength(1);
        expect(screen.getByRole("dialog", { name: "MPTCP setup guide" })).toBeTruthy();
        fireEvent.click(screen.getByRole("button", { name: "Close" }));
        expect(onClose).toHaveBeenCalled();
    });
});

describe("SetupGuide: what it predicts", () => {
    it("promises endpoints only where the table's rules give them: not on eth2, which has no default route", async () => {
        await openReview({ snapshot: offSnapshot() });
        const reapply = document.querySelector("[data-reapply]");
        expect(reapply?.getAttribute("data-reapply")).toBe("eth1 eth4");
        expect(commandsShown()).not.toMatch(/nmcli device modify eth2/);
    });

    it("off (0) while all is 1: the step's commands are the ones applied, and it says what changes host-wide", async () => {
        const actions = fakeActions({ ...settings, rp: { all: 1, eth1: 1, eth4: 0, eth2: 0, eth3: 0 } });
        render(<SetupGuide snapshot={labSnapshot()} admin start="rp-filter" actions={actions} onClose={() => {}} />);
        await waitFor(() => expect(screen.getByText("rp_filter", { selector: "h3" })).toBeTruthy());
        fireEvent.click(screen.getByLabelText("Off (0)"));
        const step = document.querySelector(".mptcp-step-commands")?.textContent ?? "";
        expect(step.split("\n")).toEqual(expect.arrayContaining(["sysctl -w -- net.ipv4.conf.all.rp_filter=0"]));
        const warning = document.querySelector(".mptcp-rp-all")?.textContent ?? "";
        expect(warning).toContain("net.ipv4.conf.all.rp_filter goes from 1 to 0");
        expect(warning).toContain("eth2 1 → 0, eth3 1 → 0");
        await act(async () => {
            fireEvent.click(screen.getByRole("button", { name: "Review" }));
        });
        expect(screen.getByText("net.ipv4.conf.all.rp_filter: 1 → 0")).toBeTruthy();
        expect(document.querySelector(".mptcp-rp-all")).toBeTruthy();
        for (const line of step.split("\n")) expect(commandsShown().split("\n")).toContain(line);
    });
});

describe("SetupGuide: hostile interface names", () => {
    const host = { ...settings, rp: { all: 1, eth1: 0, eth4: 0, "$(id)": 0, "*": 0, "a.b": 0 } };

    it("refuses an interface named * with a reason, and quotes the others in the commands", async () => {
        const actions = fakeActions(host);
        render(<SetupGuide snapshot={hostileSnapshot()} admin start="rp-filter" actions={actions} onClose={() => {}} />);
        await waitFor(() => expect(screen.getByText("rp_filter", { selector: "h3" })).toBeTruthy());
        const star = screen.getByLabelText("*") as HTMLInputElement;
        expect(star.disabled).toBe(true);
        expect(star.checked).toBe(false);
        expect(document.querySelector(".mptcp-rp-refused")?.textContent).toContain("read as a pattern");
        fireEvent.click(screen.getByLabelText("$(id)"));
        fireEvent.click(screen.getByLabelText("a.b"));
        await act(async () => {
            fireEvent.click(screen.getByRole("button", { name: "Review" }));
        });
        expect(commandsShown()).toContain("sysctl -w -- 'net.ipv4.conf.$(id).rp_filter=2'");
        expect(commandsShown()).toContain("sysctl -w -- net.ipv4.conf.a/b.rp_filter=2");
        expect(commandsShown()).not.toContain("conf.*.");
        await act(async () => {
            fireEvent.click(screen.getByRole("button", { name: "Apply" }));
        });
        const plan = actions.apply.mock.calls[0][0];
        expect(plan.sysctls.map(s => s.key)).not.toContain("net.ipv4.conf.*.rp_filter");
    });
});

describe("UndoDialog", () => {
    const first = planSetup({ ...settings, rp: { ...settings.rp, gone0: 0 } }, { enableSysctl: true, limits: { subflows: 2, addAddrAccepted: 2 }, rpFilter: { interfaces: ["eth1", "gone0"], value: 2 }, persist: true });
    const persisted = persistedBy(settings, first, {
        enabled: true, limits: { subflows: 2, addAddrAccepted: 2 }, rp: { all: 1, eth1: 2 },
        ourSysctl: `${first.files[0].after ?? ""}# was: net.ipv4.ip_forward = 1\n`,
    });

    it("asks first, saying what changes; runs every step, shows each outcome, and what failed", async () => {
        const actions = fakeActions(persisted);
        let finish: () => void = () => {};
        actions.undo.mockImplementation(async (plan, progress) => {
            const results: UndoResult[] = plan.steps.map(s =>
                s.kind === "sysctl" && s.iface === "gone0" ? { status: "gone" }
                    : s.kind === "limits" ? { status: "failed", message: "RTNETLINK answers: Invalid argument" } : { status: "done" });
            results.slice(0, 2).forEach((r, i) => progress(i, r));
            await new Promise<void>(r => {
                finish = r;
            });
            results.slice(2).forEach((r, i) => progress(i + 2, r));
            return results;
        });
        const onChanging = vi.fn();
        render(<UndoDialog snapshot={labSnapshot()} actions={actions} onChanging={onChanging} onClose={() => {}} />);
        await waitFor(() => expect(screen.getByRole("button", { name: "Undo" })).toBeTruthy());
        // nothing happens before confirming; the dialog lists the changes and what it will not restore
        expect(actions.undo).not.toHaveBeenCalled();
        expect(screen.getByText("net.mptcp.enabled: 1 → 0")).toBeTruthy();
        expect(screen.getByText("net.ipv4.conf.eth1.rp_filter: 2 → 0")).toBeTruthy();
        expect(screen.getByText("net.ipv4.ip_forward = 1")).toBeTruthy();
        expect(screen.getByText("Remove /etc/sysctl.d/99-zz-cockpit-mptcp.conf")).toBeTruthy();
        await act(async () => {
            fireEvent.click(screen.getByRole("button", { name: "Undo" }));
        });
        expect(onChanging).toHaveBeenCalledTimes(1);
        const plan = actions.undo.mock.calls[0][0];
        expect(plan.steps.map(s => s.kind)).toEqual(["sysctl", "sysctl", "sysctl", "limits", "remove", "remove"]);
        // in progress: two steps done, the third running, no way to close
        const statuses = () => [...document.querySelectorAll(".mptcp-undo-steps li")].map(li => li.getAttribute("data-status"));
        expect(statuses()).toEqual(["done", "done", "pending", "pending", "pending", "pending"]);
        expect(screen.getByRole("progressbar", { name: "Running" })).toBeTruthy();
        expect(screen.queryByRole("button", { name: "Close" })).toBeNull();
        await act(async () => {
            finish();
        });
        await waitFor(() => expect(statuses()).toEqual(["done", "done", "gone", "failed", "done", "done"]));
        expect(screen.getByText(/gone0 no longer exists: nothing to restore/)).toBeTruthy();
        expect(screen.getByText(/Failed: RTNETLINK answers: Invalid argument/)).toBeTruthy();
        expect(screen.getByText("1 step failed")).toBeTruthy();
        expect(onChanging).toHaveBeenCalledTimes(2);
        expect(screen.getAllByRole("button", { name: "Close" }).length).toBeGreaterThan(0);
    });

    it("cancel changes nothing", async () => {
        const actions = fakeActions(persisted);
        const onClose = vi.fn();
        render(<UndoDialog snapshot={labSnapshot()} actions={actions} onChanging={() => {}} onClose={onClose} />);
        await waitFor(() => expect(screen.getByRole("button", { name: "Undo" })).toBeTruthy());
        fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
        expect(onClose).toHaveBeenCalled();
        expect(actions.undo).not.toHaveBeenCalled();
    });
});

describe("App: the readiness card after undo", () => {
    it("never says ready from settings read before undo changed the host", async () => {
        // MPTCP on, limits fine: only rp_filter decides, and only the host's settings tell it
        const snap = () => {
            const s = labSnapshot();
            s.kernel.limits = { subflows: 4, addAddrAccepted: 2 };
            return s;
        };
        const first = planSetup({ ...settings, enabled: true, rp: { all: 1, eth1: 0, eth4: 0 } },
            { enableSysctl: false, limits: null, rpFilter: { interfaces: ["eth1", "eth4"], value: 2 }, persist: true });
        let host: HostSettings = {
            ...settings, enabled: true, limits: { subflows: 4, addAddrAccepted: 2 }, rp: { all: 1, eth1: 2, eth4: 2 },
            ourSysctl: first.files[0].after,
        };
        let listener: ((s: HostSnapshot) => void) | null = null;
        const source: SnapshotSource = { subscribe: l => {
            listener = l;
            return () => {
                listener = null;
            };
        } };
        const actions: SetupPort = {
            read: vi.fn(async () => ({ settings: host, mptcpd: null })),
            apply: vi.fn(async () => {}),
            undo: vi.fn(async (plan: UndoPlan) => {
                host = { ...host, rp: { all: 1, eth1: 0, eth4: 0 }, ourSysctl: null };
                act(() => listener?.(snap())); // the page refreshes its snapshot as undo ends
                return plan.steps.map(() => ({ status: "done" as const }));
            }),
        };
        render(<App host={{ snapshots: source, setup: actions, shell: fakeShell({ admin: true }).shell }} />);
        act(() => listener?.(snap()));
        const ready = () => document.querySelector(".mptcp-readiness [data-ready]")?.getAttribute("data-ready");
        await waitFor(() => expect(ready()).toBe("true"));
        fireEvent.click(screen.getByRole("button", { name: "Undo what this page persisted" }));
        await waitFor(() => expect(screen.getByRole("button", { name: "Undo" })).toBeTruthy());
        const seen: (string | null | undefined)[] = [];
        const observer = new MutationObserver(() => seen.push(ready()));
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
        await act(async () => {
            fireEvent.click(screen.getByRole("button", { name: "Undo" }));
        });
        await waitFor(() => expect(screen.getByText("Undone")).toBeTruthy());
        fireEvent.click(screen.getAllByRole("button", { name: "Close" }).at(-1) as HTMLElement);
        await waitFor(() => expect(ready()).toBe("false"));
        observer.disconnect();
        expect(seen).not.toContain("true");
        expect(screen.queryByRole("button", { name: "Undo what this page persisted" })).toBeNull();
    });

    it("says it is checking while the host's settings are read, not ready", () => {
        render(<ReadinessCard verdicts={null} admin onGuide={() => {}} onUndo={() => {}} persisted />);
        expect(screen.getByText("Checking…")).toBeTruthy();
        expect(screen.queryByText("Ready for MPTCP")).toBeNull();
        expect(screen.queryByRole("button", { name: "Undo what this page persisted" })).toBeNull();
    });
});
