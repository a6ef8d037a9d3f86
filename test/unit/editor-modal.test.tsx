// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { buildInterfaceRows } from "../../src/model/interfaces";
import { planFlagChange, type ApplyFailure, type ChangeRequest } from "../../src/model/plan";
import type { Actions } from "../../src/ui/actions";
import { EditorModal } from "../../src/ui/editor-modal";
import { crowdedSnapshot, extraAddress } from "./fixtures/crowded";
import { labSnapshot } from "./fixtures/snapshot";

afterEach(cleanup);

const snap = labSnapshot();
const rows = buildInterfaceRows(snap);

/** Actions that plan with the real model and apply as the test says. */
function fakeActions(apply: Actions["apply"] = async (_p, progress) => {
    progress("check");
    progress("verify");
}, host = snap) {
    const prepare = vi.fn(async (names: string[], change: ChangeRequest) => ({
        plan: planFlagChange(host, buildInterfaceRows(host), names, change), guards: [],
    }));
    return { prepare, apply: vi.fn(apply) };
}

const click = (name: string | RegExp) => act(async () => {
    fireEvent.click(screen.getByRole("button", { name }));
});

describe("EditorModal", () => {
    it("starts from the profile's setting and refuses signal with fullmesh", async () => {
        const actions = fakeActions();
        render(<EditorModal rows={rows} names={["eth1"]} actions={actions} onClose={() => {}} />);
        expect((screen.getByLabelText("signal") as HTMLInputElement).checked).toBe(true);
        expect((screen.getByLabelText("subflow") as HTMLInputElement).checked).toBe(true);
        await act(async () => {
            fireEvent.click(screen.getByLabelText("fullmesh"));
        });
        expect(screen.getByText(/fullmesh cannot be combined with signal/)).toBeTruthy();
        expect((screen.getByRole("button", { name: "Preview changes" }) as HTMLButtonElement).disabled).toBe(true);
        expect(actions.prepare).not.toHaveBeenCalled();
    });

    it("previews the diff, predictions and operations, then applies", async () => {
        const actions = fakeActions();
        render(<EditorModal rows={rows} names={["eth1"]} actions={actions} onClose={() => {}} />);
        await act(async () => {
            fireEvent.click(screen.getByLabelText("signal"));
        });
        await click("Preview changes");
        expect(actions.prepare).toHaveBeenCalledWith(["eth1"], { edit: { mode: null, flags: { signal: false }, alsoWithoutSysctl: null, alsoWithoutDefaultRoute: null } });
        expect((await actions.prepare.mock.results[0].value).plan.items[0].newRaw).toBe(0x20);
        const diff = screen.getByLabelText("Changes as nmstate YAML").textContent ?? "";
        expect(diff).toMatch(/-\s+- signal/);
        expect(screen.getByText(/change connection.mptcp-flags from signal,subflow to subflow, saved to disk/)).toBeTruthy();
        await click("Apply");
        await waitFor(() => expect(screen.getByText(/Applied and verified/)).toBeTruthy());
        expect(actions.apply).toHaveBeenCalledTimes(1);
    });

    it("a conflict prepares a fresh preview and says nothing was changed", async () => {
        const conflict: ApplyFailure = { kind: "conflict", message: "eth1", rolledBack: false, rollbackFailed: false };
        const actions = fakeActions(async () => {
            throw conflict;
        });
        render(<EditorModal rows={rows} names={["eth1"]} actions={actions} onClose={() => {}} />);
        await act(async () => {
            fireEvent.click(screen.getByLabelText("backup"));
        });
        await click("Preview changes");
        await click("Apply");
        await waitFor(() => expect(screen.getByText(/eth1 changed outside this page since the preview. Nothing was changed./)).toBeTruthy());
        expect(actions.prepare).toHaveBeenCalledTimes(2);
        expect(screen.getByRole("button", { name: "Apply" })).toBeTruthy();
    });

    it("a failure says that the previous state is back", async () => {
        const failed: ApplyFailure = { kind: "failed", message: "verification timed out", rolledBack: true, rollbackFailed: false };
        const actions = fakeActions(async (_p, progress) => {
            progress("verify");
            progress("rollback");
            throw failed;
        });
        render(<EditorModal rows={rows} names={["eth1"]} actions={actions} onClose={() => {}} />);
        await act(async () => {
            fireEvent.click(screen.getByLabelText("backup"));
        });
        await click("Preview changes");
        await click("Apply");
        await waitFor(() => expect(screen.getByText("The change failed and was rolled back")).toBeTruthy());
        expect(screen.getByText("verification timed out")).toBeTruthy();
        expect(screen.getByText("The previous state is back.")).toBeTruthy();
        expect(screen.getByText("Rolling back to the checkpoint")).toBeTruthy();
    });

    it("cancel closes without preparing or applying anything", async () => {
        const actions = fakeActions();
        const onClose = vi.fn();
        render(<EditorModal rows={rows} names={["eth2"]} actions={actions} onClose={onClose} />);
        await click("Cancel");
        expect(onClose).toHaveBeenCalled();
        expect(actions.prepare).not.toHaveBeenCalled();
        expect(actions.apply).not.toHaveBeenCalled();
    });
});

const checkbox = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

describe("EditorModal with several interfaces", () => {
    it("shows where they differ and changes only what the user touches", async () => {
        // eth1: signal, subflow; eth2: subflow
        const actions = fakeActions();
        render(<EditorModal rows={rows} names={["eth1", "eth2"]} actions={actions} onClose={() => {}} />);
        expect(screen.getByText("The selected interfaces differ")).toBeTruthy();
        expect(checkbox("signal").indeterminate).toBe(true);
        expect(checkbox("subflow")).toMatchObject({ checked: true, indeterminate: false });
        expect(checkbox("backup")).toMatchObject({ checked: false, indeterminate: false });
        expect((document.getElementById("mptcp-mode-enabled") as HTMLInputElement).checked).toBe(true);
        await act(async () => {
            fireEvent.click(checkbox("backup"));
        });
        await click("Preview changes");
        const { plan } = await actions.prepare.mock.results[0].value;
        expect(plan.items.map((i: { name: string; newRaw: number }) => [i.name, i.newRaw])).toEqual([["eth1", 0x70], ["eth2", 0x60]]);
    });

    it("a mode the interfaces do not share is shown as mixed, and a flag can still be set on the enabled ones", async () => {
        // eth1 enabled, eth4 the system default
        const actions = fakeActions();
        render(<EditorModal rows={rows} names={["eth1", "eth4"]} actions={actions} onClose={() => {}} />);
        for (const mode of ["default", "disabled", "enabled"]) expect((document.getElementById(`mptcp-mode-${mode}`) as HTMLInputElement).checked).toBe(false);
        expect(screen.getByText(/Mixed: each interface keeps its own/)).toBeTruthy();
        expect(checkbox("signal")).toMatchObject({ checked: true, disabled: false });
        await act(async () => {
            fireEvent.click(checkbox("signal"));
        });
        await click("Preview changes");
        const { plan } = await actions.prepare.mock.results[0].value;
        expect(plan.items.map((i: { name: string; newRaw: number }) => [i.name, i.newRaw])).toEqual([["eth1", 0x20]]);
        expect(plan.unchanged).toEqual(["eth4"]);
    });

    it("signal with fullmesh is refused for the interface that would get both", async () => {
        render(<EditorModal rows={rows} names={["eth1", "eth2"]} actions={fakeActions()} onClose={() => {}} />);
        await act(async () => {
            fireEvent.click(checkbox("fullmesh"));
        });
        expect(screen.getByText(/fullmesh cannot be combined with signal.*\(eth1\)/)).toBeTruthy();
    });
});

describe("EditorModal when the apply goes wrong", () => {
    const start = async (actions: ReturnType<typeof fakeActions>) => {
        render(<EditorModal rows={rows} names={["eth1"]} actions={actions} onClose={() => {}} />);
        await act(async () => {
            fireEvent.click(screen.getByLabelText("signal"));
        });
        await click("Preview changes");
        await click("Apply");
    };

    it("NetworkManager restarted: no promise of a rollback, where the profile stands, and the old flags put back as a new change", async () => {
        const lost: ApplyFailure = {
            kind: "failed", message: "NetworkManager left the system bus during the change.", rolledBack: false, rollbackFailed: true,
            lost: { running: true, profiles: [{ name: "eth1", profile: "lab-multi", oldRaw: 0x30, newRaw: 0x20, nowRaw: 0x20, updated: true, inMemory: false }] },
        };
        let applies = 0;
        const host = labSnapshot();
        const actions = fakeActions(async (_p, progress) => {
            progress("verify");
            if (applies++ > 0) return;
            // the new flags are in the profile
            const eth1 = host.nm.running ? host.nm.devices.find(d => d.name === "eth1") : undefined;
            if (eth1?.profile) eth1.profile.mptcpFlags = 0x20;
            progress("nm-gone");
            throw lost;
        }, host);
        await start(actions);
        await waitFor(() => expect(screen.getByText("NetworkManager restarted during the change")).toBeTruthy());
        expect(screen.queryByText(/restores the checkpoint by itself/)).toBeNull();
        expect(screen.queryByText("The previous state is back.")).toBeNull();
        expect(screen.getByText(/Its checkpoint went with it: nothing was rolled back/)).toBeTruthy();
        expect(screen.getByText("lab-multi (eth1): has the new flags subflow, saved to disk.")).toBeTruthy();
        await click("Put the old flags back");
        expect(actions.prepare).toHaveBeenLastCalledWith(["eth1"], { restore: { eth1: 0x30 } });
        expect(screen.getByText("This puts back the flags the profiles had before the change.")).toBeTruthy();
        // the restore's own preview: eth1 from subflow back to signal,subflow
        expect(screen.getByText(/change connection.mptcp-flags from subflow to signal,subflow, saved to disk/)).toBeTruthy();
        await click("Apply");
        await waitFor(() => expect(screen.getByText(/Applied and verified/)).toBeTruthy());
    });

    it("NetworkManager stopped: says so, and what it will use when it starts", async () => {
        const lost: ApplyFailure = {
            kind: "failed", message: "NetworkManager left the system bus during the change.", rolledBack: false, rollbackFailed: true,
            lost: { running: false, profiles: [{ name: "eth1", profile: "lab-multi", oldRaw: 0x30, newRaw: 0x20, nowRaw: null, updated: true, inMemory: true }] },
        };
        await start(fakeActions(async () => {
            throw lost;
        }));
        await waitFor(() => expect(screen.getByText("NetworkManager stopped during the change")).toBeTruthy());
        expect(screen.getByText("lab-multi (eth1): the new flags subflow are kept in memory; NetworkManager uses them when it starts again.")).toBeTruthy();
        expect(screen.getByRole("button", { name: "Put the old flags back" })).toBeTruthy();
    });

    it("a rollback that NetworkManager reports as failed for a device is not called a success", async () => {
        const partly: ApplyFailure = { kind: "failed", message: "verification timed out", rolledBack: false, rollbackFailed: true, notRestored: ["eth1"] };
        await start(fakeActions(async () => {
            throw partly;
        }));
        await waitFor(() => expect(screen.getByText("The change failed, and the rollback did not restore everything")).toBeTruthy());
        expect(screen.getByText(/could not restore eth1/)).toBeTruthy();
        expect(screen.queryByText("The previous state is back.")).toBeNull();
    });

    it("a failed rollback promises NetworkManager's own only while it holds the checkpoint", async () => {
        const held: ApplyFailure = { kind: "failed", message: "timed out", rolledBack: false, rollbackFailed: true, autoRollbackAt: Date.now() + 50_000 };
        await start(fakeActions(async () => {
            throw held;
        }));
        await waitFor(() => expect(screen.getByText(/NetworkManager still holds the checkpoint: it restores the previous state by itself at/)).toBeTruthy());
        cleanup();
        const gone: ApplyFailure = { kind: "failed", message: "timed out", rolledBack: false, rollbackFailed: true };
        await start(fakeActions(async () => {
            throw gone;
        }));
        await waitFor(() => expect(screen.getByText(/holds no checkpoint any more/)).toBeTruthy());
        expect(screen.queryByText(/by itself/)).toBeNull();
    });
});

describe("EditorModal's preview", () => {
    it("says which addresses the kernel's cap of 8 endpoints leaves without one", async () => {
        const host = crowdedSnapshot();
        const actions = fakeActions(undefined, host);
        render(<EditorModal rows={buildInterfaceRows(host)} names={["eth1"]} actions={actions} onClose={() => {}} />);
        await act(async () => {
            fireEvent.click(screen.getByLabelText("signal"));
        });
        await click("Preview changes");
        const over = document.querySelector(`.mptcp-predicted li[data-address="${extraAddress(5)}"]`);
        expect(over?.getAttribute("data-flags")).toBe("");
        expect(over?.textContent).toMatch(/Over the kernel's limit of 8 MPTCP endpoints/);
        expect(document.querySelector(`.mptcp-predicted li[data-address="${extraAddress(4)}"]`)?.getAttribute("data-flags")).toBe("subflow");
        expect(screen.getByText("10 addresses want an MPTCP endpoint, but only 8 fit")).toBeTruthy();
    });

    it("a profile kept in memory is updated in memory", async () => {
        const host = labSnapshot();
        if (host.nm.running) {
            const eth1 = host.nm.devices.find(d => d.name === "eth1");
            if (eth1?.profile) eth1.profile.inMemory = true;
        }
        render(<EditorModal rows={buildInterfaceRows(host)} names={["eth1"]} actions={fakeActions(undefined, host)} onClose={() => {}} />);
        await act(async () => {
            fireEvent.click(screen.getByLabelText("signal"));
        });
        await click("Preview changes");
        expect(screen.getByText(/from signal,subflow to subflow, kept in memory only as the profile is now \(not saved to disk\)/)).toBeTruthy();
    });
});
