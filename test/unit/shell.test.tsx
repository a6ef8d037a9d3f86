// @vitest-environment jsdom
// The page's part in the shell: its addresses (the editor of an interface, the guide's steps, the Traffic
// view) and the back button, the menu's status, the jump to Networking, the table's select-all, and
// administrative access that is not known yet.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { HostSettings } from "../../src/model/setup-plan";
import { buildInterfaceRows } from "../../src/model/interfaces";
import { HOME, parseRoute, routePath, type Route } from "../../src/model/route";
import type { HostSnapshot } from "../../src/model/types";
import { menuWarnings, type Verdict } from "../../src/model/verdicts";
import { App } from "../../src/ui/app";
import type { SetupPort } from "../../src/ui/host-port";
import type { SnapshotSource } from "../../src/ui/host-port";
import { hostSettings } from "./fixtures/host-settings";
import { labSnapshot } from "./fixtures/snapshot";
import { fakeShell } from "./fixtures/shell";

afterEach(cleanup);
/** the guide and the editor load lazily: on a busy machine that takes a while */
const SLOW = { timeout: 10_000 };

const actions = { readRpFilter: async () => {
    throw new Error("not in this test");
}, readGuards: async () => [], apply: async () => {} };

function source(snap: HostSnapshot = labSnapshot()): SnapshotSource {
    return { subscribe: l => {
        l(snap);
        return () => {};
    }, snapshot: () => snap };
}

const settings = hostSettings({ limits: { subflows: 4, addAddrAccepted: 2 } });
const enablement = (host: HostSettings = settings): SetupPort => ({
    read: vi.fn(async () => ({ settings: host, mptcpd: null })),
    apply: vi.fn(async () => {}),
    undo: vi.fn(async () => []),
});

const editorTitle = () => document.querySelector(".pf-v6-c-modal-box__title")?.textContent ?? null;

describe("routes", () => {
    it("read back what they write, and anything unknown is the table", () => {
        const routes: Route[] = [HOME, { view: "interfaces", edit: "eth1" }, { view: "traffic" }, { view: "setup", step: null },
            { view: "setup", step: "limits" }, { view: "setup", step: "review" }];
        for (const r of routes) expect(parseRoute(routePath(r))).toEqual(r);
        expect(routePath({ view: "interfaces", edit: "a b" })).toEqual(["interface", "a b"]);
        for (const odd of [["interface"], ["traffic", "x"], ["setup", "nope"], ["nothing"], ["interface", "eth1", "more"]])
            expect(parseRoute(odd)).toEqual(odd[0] === "setup" ? { view: "setup", step: null } : HOME);
    });
});

describe("the page's addresses", () => {
    it("opens the editor of the interface its address names, and the back button closes it", async () => {
        const fake = fakeShell({ route: { view: "interfaces", edit: "eth1" } });
        render(<App host={{ snapshots: source(), flags: actions, shell: fake.shell }} />);
        await waitFor(() => expect(editorTitle()).toContain("eth1"), SLOW);
        fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
        await waitFor(() => expect(editorTitle()).toBeNull(), SLOW);
        expect(fake.history.at(-1)).toEqual(HOME);

        fireEvent.click(within(document.querySelector('tr[data-interface="eth1"]') as HTMLElement).getByRole("button", { name: "Edit eth1" }));
        expect(fake.history.at(-1)).toEqual({ view: "interfaces", edit: "eth1" });
        await waitFor(() => expect(editorTitle()).toContain("eth1"), SLOW);
        fake.back();
        await waitFor(() => expect(editorTitle()).toBeNull(), SLOW);
    });

    it("leaves an address of an interface that is not here, or not editable, for the table", async () => {
        for (const name of ["eth99", "lo"]) {
            const fake = fakeShell({ route: { view: "interfaces", edit: name } });
            const { unmount } = render(<App host={{ snapshots: source(), flags: actions, shell: fake.shell }} />);
            await waitFor(() => expect(fake.history).toEqual([HOME]), SLOW);
            expect(editorTitle()).toBeNull();
            unmount();
        }
    });

    it("waits for the session's access before it decides", async () => {
        const fake = fakeShell({ admin: null, route: { view: "interfaces", edit: "eth1" } });
        render(<App host={{ snapshots: source(), flags: actions, shell: fake.shell }} />);
        await act(async () => {});
        expect(fake.history.at(-1)).toEqual({ view: "interfaces", edit: "eth1" });
        fake.setAdmin(true);
        await waitFor(() => expect(editorTitle()).toContain("eth1"), SLOW);
    });

    it("shows the Traffic view at /traffic, and the tabs change the address", async () => {
        const fake = fakeShell({ route: { view: "traffic" } });
        const traffic = { subscribe: () => () => {}, reset: () => {}, selfTest: async () => {
            throw new Error("no");
        } };
        render(<App host={{ snapshots: source(), flags: actions, traffic: traffic, shell: fake.shell }} />);
        expect(screen.getByRole("tab", { name: "Traffic" }).getAttribute("aria-selected")).toBe("true");
        fireEvent.click(screen.getByRole("tab", { name: "Interfaces" }));
        expect(fake.history.at(-1)).toEqual(HOME);
        expect(screen.getByRole("tab", { name: "Interfaces" }).getAttribute("aria-selected")).toBe("true");
        fake.back();
        expect(screen.getByRole("tab", { name: "Traffic" }).getAttribute("aria-selected")).toBe("true");
    });

    it("opens the setup guide at the step its address names; its steps replace the address, closing goes back to the table", async () => {
        const fake = fakeShell({ route: { view: "setup", step: "limits" } });
        render(<App host={{ snapshots: source(), setup: enablement(), shell: fake.shell }} />);
        await waitFor(() => expect(screen.getByText("Subflow and accepted address limits")).toBeTruthy(), SLOW);
        fireEvent.click(screen.getByRole("button", { name: "Next" }));
        await waitFor(() => expect(fake.history).toEqual([{ view: "setup", step: "rp-filter" }]), SLOW);
        fireEvent.click(screen.getAllByRole("button", { name: "Close" })[0] as HTMLElement);
        expect(fake.history.at(-1)).toEqual(HOME);
        await waitFor(() => expect(screen.queryByText("MPTCP setup guide")).toBeNull(), SLOW);
    });

    it("the readiness card's way into the guide is an address of the guide's step", async () => {
        const fake = fakeShell();
        render(<App host={{ snapshots: source(), setup: enablement(), shell: fake.shell }} />);
        await waitFor(() => expect(document.querySelector(".mptcp-readiness [data-ready]")?.getAttribute("data-ready")).toBe("false"), SLOW);
        fireEvent.click(screen.getByRole("button", { name: "Open the MPTCP setup guide" }));
        expect(fake.history.at(-1)).toEqual({ view: "setup", step: null });
    });
});

describe("the shell's menu status", () => {
    it("warns while MPTCP is configured and the host is not ready, and clears when it is", async () => {
        const fake = fakeShell();
        const { unmount } = render(<App host={{ snapshots: source(), setup: enablement(), shell: fake.shell }} />);
        await waitFor(() => expect(fake.statuses.length).toBeGreaterThan(0), SLOW);
        expect(fake.statuses.at(-1)).toEqual({ type: "warning", title: expect.stringContaining("Strict reverse path filtering") });
        unmount();
        const ready = fakeShell();
        const readyHost = labSnapshot();
        readyHost.kernel.limits = { subflows: 8, addAddrAccepted: 8 };
        render(
            <App
                host={{
                    snapshots: source(readyHost), setup: enablement({ ...settings, rp: { all: 2 } }),
                    shell: ready.shell,
                }}
            />,
        );
        await waitFor(() => expect(ready.statuses.length).toBeGreaterThan(0), SLOW);
        expect(ready.statuses.at(-1)).toBeNull();
    });

    it("counts only where MPTCP is configured, and not what is only informational", () => {
        const snap = labSnapshot();
        const off: Verdict = { id: "sysctl-disabled" };
        expect(menuWarnings(snap, [off])).toEqual([off]);
        expect(menuWarnings(snap, [{ id: "subflow-limit", subflows: 2, endpoints: 4 }])).toEqual([]);
        const unused = labSnapshot();
        unused.ip.endpoints = [];
        unused.nm = { running: false, message: null };
        expect(menuWarnings(unused, [off])).toEqual([]);
    });
});

describe("administrative access", () => {
    it("shows no read-only notice while it is not known, and follows changes without a new page", async () => {
        const fake = fakeShell({ admin: null });
        render(<App host={{ snapshots: source(), flags: actions, shell: fake.shell }} />);
        const notice = () => screen.queryByText("Read-only: changes need administrative access");
        const edit = () => within(document.querySelector('tr[data-interface="eth1"]') as HTMLElement).getByRole("button", { name: "Edit eth1" });
        expect(notice()).toBeNull();
        expect(edit().getAttribute("aria-disabled")).toBe("true");
        fake.setAdmin(false);
        expect(notice()).not.toBeNull();
        fake.setAdmin(true);
        expect(notice()).toBeNull();
        expect(edit().getAttribute("aria-disabled")).toBeNull();
    });
});

describe("the table", () => {
    it("selects every editable interface the filter shows with its header's checkbox, and clears them again", () => {
        render(<App host={{ snapshots: source(), flags: actions, shell: fakeShell().shell }} />);
        const all = screen.getByRole("checkbox", { name: "Select all shown interfaces" }) as HTMLInputElement;
        fireEvent.click(all);
        const checked = [...document.querySelectorAll<HTMLInputElement>("tbody input[type=checkbox]")].filter(c => c.checked).map(c => c.id);
        const enabled = [...document.querySelectorAll<HTMLInputElement>("tbody input[type=checkbox]")].filter(c => !c.disabled).map(c => c.id);
        expect(checked).toEqual(enabled);
        expect(checked.length).toBeGreaterThan(1);
        expect(screen.getByRole("button", { name: `Edit ${checked.length} selected` })).toBeTruthy();
        fireEvent.click(screen.getByRole("checkbox", { name: "Clear the selection" }));
        expect([...document.querySelectorAll<HTMLInputElement>("tbody input[type=checkbox]")].some(c => c.checked)).toBe(false);
        // one of them: the header's checkbox is neither checked nor clear
        fireEvent.click(document.getElementById("mptcp-select-eth1") as HTMLElement);
        expect((screen.getByRole("checkbox", { name: "Select all shown interfaces" }) as HTMLInputElement).indeterminate).toBe(true);
    });

    it("links each interface NetworkManager knows to the Networking page", () => {
        const fake = fakeShell();
        const snap = labSnapshot();
        // a link NetworkManager does not know: Networking has no page for it
        snap.ip.links.push({ name: "kernel9", loopback: false, up: true, addresses: [] });
        render(<App host={{ snapshots: source(snap), flags: actions, shell: fake.shell }} />);
        fireEvent.click(screen.getByRole("button", { name: "Show eth2 on the Networking page" }));
        expect(fake.jumps).toEqual(["eth2"]);
        expect(buildInterfaceRows(snap).find(r => r.name === "kernel9")?.device).toBeNull();
        expect(document.querySelector('tr[data-interface="kernel9"]')).not.toBeNull();
        expect(screen.queryByRole("button", { name: "Show kernel9 on the Networking page" })).toBeNull();
    });
});
