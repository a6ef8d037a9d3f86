// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { buildInterfaceRows } from "../../src/model/interfaces";
import { buildPlan, type ApplyFailure } from "../../src/model/plan";
import type { MptcpSetting } from "../../src/model/setting";
import type { Actions } from "../../src/ui/actions";
import { EditorModal } from "../../src/ui/editor-modal";
import { labSnapshot } from "./fixtures/snapshot";

afterEach(cleanup);

const snap = labSnapshot();
const rows = buildInterfaceRows(snap);

/** Actions that plan with the real model and apply as the test says. */
function fakeActions(apply: Actions["apply"] = async (_p, progress) => { progress("check"); progress("verify") }) {
    const prepare = vi.fn(async (names: string[], setting: MptcpSetting) => ({ plan: buildPlan(snap, rows, names, setting) }));
    return { prepare, apply: vi.fn(apply) };
}

const click = (name: string | RegExp) => act(async () => { fireEvent.click(screen.getByRole("button", { name })) });

describe("EditorModal", () => {
    it("starts from the profile's setting and refuses signal with fullmesh", async () => {
        const actions = fakeActions();
        render(<EditorModal rows={rows} names={["eth1"]} actions={actions} onClose={() => {}} />);
        expect((screen.getByLabelText("signal") as HTMLInputElement).checked).toBe(true);
        expect((screen.getByLabelText("subflow") as HTMLInputElement).checked).toBe(true);
        await act(async () => { fireEvent.click(screen.getByLabelText("fullmesh")) });
        expect(screen.getByText(/fullmesh cannot be combined with signal/)).toBeTruthy();
        expect((screen.getByRole("button", { name: "Preview changes" }) as HTMLButtonElement).disabled).toBe(true);
        expect(actions.prepare).not.toHaveBeenCalled();
    });

    it("previews the diff, predictions and operations, then applies", async () => {
        const actions = fakeActions();
        render(<EditorModal rows={rows} names={["eth1"]} actions={actions} onClose={() => {}} />);
        await act(async () => { fireEvent.click(screen.getByLabelText("signal")) });
        await click("Preview changes");
        expect(actions.prepare).toHaveBeenCalledWith(["eth1"], { mode: "enabled", flags: ["subflow"], alsoWithoutSysctl: false, alsoWithoutDefaultRoute: false });
        const diff = screen.getByLabelText("Changes as nmstate YAML").textContent ?? "";
        expect(diff).toMatch(/-\s+- signal/);
        expect(screen.getByText(/change connection.mptcp-flags from signal,subflow to subflow, saved to disk/)).toBeTruthy();
        await click("Apply");
        await waitFor(() => expect(screen.getByText(/Applied and verified/)).toBeTruthy());
        expect(actions.apply).toHaveBeenCalledTimes(1);
    });

    it("a conflict prepares a fresh preview and says nothing was changed", async () => {
        const conflict: ApplyFailure = { kind: "conflict", message: "eth1", rolledBack: false, rollbackFailed: false };
        const actions = fakeActions(async () => { throw conflict });
        render(<EditorModal rows={rows} names={["eth1"]} actions={actions} onClose={() => {}} />);
        await act(async () => { fireEvent.click(screen.getByLabelText("backup")) });
        await click("Preview changes");
        await click("Apply");
        await waitFor(() => expect(screen.getByText(/eth1 changed outside this page since the preview. Nothing was changed./)).toBeTruthy());
        expect(actions.prepare).toHaveBeenCalledTimes(2);
        expect(screen.getByRole("button", { name: "Apply" })).toBeTruthy();
    });

    it("a failure says that the previous state is back", async () => {
        const failed: ApplyFailure = { kind: "failed", message: "verification timed out", rolledBack: true, rollbackFailed: false };
        const actions = fakeActions(async (_p, progress) => { progress("verify"); progress("rollback"); throw failed });
        render(<EditorModal rows={rows} names={["eth1"]} actions={actions} onClose={() => {}} />);
        await act(async () => { fireEvent.click(screen.getByLabelText("backup")) });
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
