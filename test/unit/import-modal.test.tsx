// @vitest-environment jsdom
// Importing nmstate YAML through the editor: bad input says what is wrong where, and nothing is asked of
// the host; good input previews one change per interface with the editor's preview, and applies it.

import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { buildInterfaceRows } from "../../src/model/interfaces";
import { loadYaml } from "../../src/model/nmstate";
import { planFlagChange, type ChangeRequest } from "../../src/model/plan";
import { EditorModal } from "../../src/ui/editor-modal";
import { labSnapshot } from "./fixtures/snapshot";

beforeAll(loadYaml);
afterEach(cleanup);

const snap = labSnapshot();
const rows = buildInterfaceRows(snap);

function fakeActions() {
    const prepare = vi.fn(async (names: string[], change: ChangeRequest) => ({
        plan: planFlagChange(snap, rows, names, change), guards: [],
    }));
    return { prepare, apply: vi.fn(async () => {}) };
}

const type = (text: string) => act(async () => {
    fireEvent.change(screen.getByRole("textbox", { name: "nmstate YAML" }), { target: { value: text } });
});
const preview = () => screen.getByRole("button", { name: "Preview changes" }) as HTMLButtonElement;

describe("importing nmstate YAML", () => {
    it("says what is wrong, where, and asks nothing of the host", async () => {
        const actions = fakeActions();
        render(
            <EditorModal rows={rows} names={[]} actions={actions} importing={{ nmUsable: true }} onClose={() => {}} />,
        );
        expect(screen.getByText("Import nmstate YAML")).toBeTruthy();
        expect(preview().disabled).toBe(true);
        await type("interfaces:\n- name: eth1\n  mptcp:\n    address-flags: [signal, fast]\n- name: eth9\n  mptcp: {address-flags: []}\n");
        const errors = document.querySelector(".mptcp-import-errors")?.textContent ?? "";
        expect(errors).toContain("line 4, column 29: eth1: fast is not an MPTCP address flag");
        expect(errors).toContain("line 5, column 9: This host has no interface eth9.");
        expect(preview().disabled).toBe(true);
        fireEvent.click(preview());
        expect(actions.prepare).not.toHaveBeenCalled();
    });

    it("previews one change per interface, lists what it does not apply, and applies", async () => {
        const actions = fakeActions();
        render(
            <EditorModal rows={rows} names={[]} actions={actions} importing={{ nmUsable: true }} onClose={() => {}} />,
        );
        await type("interfaces:\n- name: eth1\n  mtu: 9000\n  mptcp:\n    address-flags: [subflow]\n- name: eth3\n  mptcp:\n    address-flags: [signal]\n");
        expect(document.querySelector(".mptcp-import-not-applied")?.textContent).toContain("line 3, column 3: interfaces[eth1].mtu");
        expect(preview().disabled).toBe(false);
        await act(async () => {
            fireEvent.click(preview());
        });
        expect(actions.prepare).toHaveBeenCalledWith(["eth1", "eth3"], { edits: expect.objectContaining({ eth1: expect.anything(), eth3: expect.anything() }) });
        const plan = (await actions.prepare.mock.results[0]?.value as { plan: ReturnType<typeof planFlagChange> }).plan;
        expect(plan.items.map(i => [i.name, i.newRaw])).toEqual([["eth1", 0x20], ["eth3", 0x10]]);
        await act(async () => {
            fireEvent.click(screen.getByRole("button", { name: "Apply" }));
        });
        expect(actions.apply).toHaveBeenCalledTimes(1);
        expect(screen.getByText(/Applied and verified/)).toBeTruthy();
    });

    it("goes back from the preview to the text as it was", async () => {
        render(
            <EditorModal
                rows={rows} names={[]} actions={fakeActions()} importing={{ nmUsable: true }} onClose={() => {}}
            />,
        );
        const yaml = "interfaces:\n- name: eth1\n  mptcp:\n    address-flags: [subflow]\n";
        await type(yaml);
        await act(async () => {
            fireEvent.click(preview());
        });
        await act(async () => {
            fireEvent.click(screen.getByRole("button", { name: "Back" }));
        });
        expect((screen.getByRole("textbox", { name: "nmstate YAML" }) as HTMLTextAreaElement).value).toBe(yaml);
    });
});
