// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import { nmTakesMptcp } from "../../src/model/eligibility";
import { buildInterfaceRows, interfaceRows } from "../../src/model/interfaces";
import { planFlagChange, NO_EDIT } from "../../src/model/plan";
import type { HostSnapshot } from "../../src/model/types";
import { App } from "../../src/ui/app";
import { InterfaceTable, notEditable } from "../../src/ui/interface-table";
import type { SnapshotSource } from "../../src/ui/host-port";
import { labSnapshot } from "./fixtures/snapshot";
import { fakeShell } from "./fixtures/shell";

afterEach(cleanup);

const rowEl = (container: HTMLElement, name: string) => {
    const el = container.querySelector<HTMLElement>(`tr[data-interface="${name}"]`);
    if (!el) throw new Error(`no row for ${name}`);
    return el;
};

/** A source the test pushes snapshots through, as the host source does on a change. */
function fakeSource() {
    let listener: ((s: HostSnapshot) => void) | null = null;
    const source: SnapshotSource = { subscribe: l => {
        listener = l;
        return () => {
            listener = null;
        };
    } };
    return { source, push: (s: HostSnapshot) => act(() => listener?.(s)), subscribed: () => listener !== null };
}

describe("InterfaceTable", () => {
    it("shows profile, configured flags and every address with its endpoint or reason", () => {
        const { container } = render(<InterfaceTable rows={buildInterfaceRows(labSnapshot())} />);
        const eth1 = within(rowEl(container, "eth1"));
        expect(eth1.getByText("lab-multi")).toBeTruthy();
        expect(eth1.getByText("signal, subflow")).toBeTruthy();
        expect(eth1.getByText("198.51.100.2/24")).toBeTruthy();
        expect(eth1.getByText("endpoint 4")).toBeTruthy();
        expect(eth1.getByText("IPv6 unique-local address (fc00::/7): never an endpoint")).toBeTruthy();

        const eth2 = within(rowEl(container, "eth2"));
        expect(eth2.getByText("No IPv4 default route on this device")).toBeTruthy();
        expect(within(rowEl(container, "eth3")).getByText("Disabled")).toBeTruthy();
        expect(within(rowEl(container, "eth4")).getByText("Not set: system default (subflow)")).toBeTruthy();
        expect(within(rowEl(container, "ext0")).getByText("Unmanaged")).toBeTruthy();
        expect(within(rowEl(container, "lo")).getByText("loopback")).toBeTruthy();
    });

    it("names each type: NetworkManager's, or the kernel's link type when NetworkManager does not know the device", () => {
        const typeOf = (container: HTMLElement, name: string) => rowEl(container, name).querySelector('td[data-label="Type"]')?.textContent;
        const snap = labSnapshot();
        const { container, rerender } = render(<InterfaceTable rows={buildInterfaceRows(snap)} />);
        expect(typeOf(container, "eth1")).toBe("veth");
        snap.nm = { running: false, message: null };
        rerender(<InterfaceTable rows={buildInterfaceRows(snap)} />);
        expect(typeOf(container, "lo")).toBe("Loopback");
        expect(typeOf(container, "eth1")).toBe("Ethernet");
        snap.ip.links = [{ ...snap.ip.links[1], name: "wg0", linkType: "none" }, { ...snap.ip.links[1], name: "ib0", linkType: "infiniband" },
            { ...snap.ip.links[1], name: "odd0", linkType: "strange" }, { ...snap.ip.links[1], name: "old0" }];
        delete snap.ip.links[3].linkType;
        rerender(<InterfaceTable rows={buildInterfaceRows(snap)} />);
        expect(typeOf(container, "wg0")).toBe("No link-layer header");
        expect(typeOf(container, "ib0")).toBe("InfiniBand");
        expect(typeOf(container, "odd0")).toBe("Kernel link type strange");
        expect(typeOf(container, "old0")).toBe("Not known to NetworkManager");
    });

    it("names each row's checkbox and Edit button after its interface, and says why an Edit is unavailable", () => {
        const editing = {
            admin: true, nmUsable: true, selected: new Set<string>(), onSelect: () => {}, onSelectAll: () => {},
            onEdit: () => {},
        };
        const { container } = render(<InterfaceTable rows={buildInterfaceRows(labSnapshot())} editing={editing} />);
        const eth1 = within(rowEl(container, "eth1"));
        expect(eth1.getByRole("checkbox", { name: "Select eth1" })).toBeTruthy();
        expect(eth1.getByRole("button", { name: "Edit eth1" }).getAttribute("aria-disabled")).toBeNull();
        const eth5 = within(rowEl(container, "eth5"));
        expect((eth5.getByRole("checkbox", { name: "Select eth5" }) as HTMLInputElement).disabled).toBe(true);
        const edit = eth5.getByRole("button", { name: "Edit eth5", description: "Cannot be changed: no active NetworkManager profile" });
        expect(edit.getAttribute("aria-disabled")).toBe("true");
        expect(screen.queryAllByRole("checkbox", { name: /^Select row/ })).toEqual([]);
    });

    it("puts the kernel's flags on the address, not the profile's", () => {
        const snap = labSnapshot();
        snap.ip.endpoints[0] = { ...snap.ip.endpoints[0], flags: ["backup"] };
        const { container } = render(<InterfaceTable rows={buildInterfaceRows(snap)} />);
        const li = rowEl(container, "eth1").querySelector('li[data-address="198.51.100.2"]');
        expect(li?.querySelector("[data-flags]")?.getAttribute("data-flags")).toBe("backup");
        expect(within(li as HTMLElement).getByText("differs from profile")).toBeTruthy();
    });
});

describe("App", () => {
    it("loads, then follows the snapshots its source delivers", () => {
        const { source, push, subscribed } = fakeSource();
        const { container, unmount } = render(<App host={{ snapshots: source }} />);
        expect(screen.getByText("Loading MPTCP state")).toBeTruthy();
        push(labSnapshot());
        expect(screen.getByText("MPTCP status")).toBeTruthy();
        expect(within(rowEl(container, "eth4")).queryByText("endpoint 6")).toBeTruthy();

        const changed = labSnapshot();
        changed.ip.endpoints = changed.ip.endpoints.filter(e => e.dev !== "eth4");
        changed.kernel.enabled = false;
        push(changed);
        expect(within(rowEl(container, "eth4")).queryByText("endpoint 6")).toBeNull();
        expect(within(rowEl(container, "eth4")).getByText("net.mptcp.enabled is 0")).toBeTruthy();
        expect(screen.getByText("MPTCP is switched off")).toBeTruthy();

        unmount();
        expect(subscribed()).toBe(false);
    });

    it("keeps the kernel's table when NetworkManager is not running", () => {
        const { source, push } = fakeSource();
        const { container } = render(<App host={{ snapshots: source }} />);
        const snap = labSnapshot();
        snap.nm = { running: false, message: null };
        push(snap);
        expect(screen.getByText("NetworkManager is not available")).toBeTruthy();
        expect(within(rowEl(container, "eth1")).getByText("endpoint 4")).toBeTruthy();
        expect(within(rowEl(container, "eth2")).getByText("NetworkManager is not running")).toBeTruthy();
    });
});

describe("App with actions", () => {
    const actions = { readRpFilter: async () => {
        throw new Error("not in this test");
    }, readGuards: async () => [], apply: async () => {} };

    it("is read-only without administrative access, and says so", () => {
        const { source, push } = fakeSource();
        const { container } = render(
            <App host={{ snapshots: source, flags: actions, shell: fakeShell({ admin: false }).shell }} />,
        );
        push(labSnapshot());
        expect(screen.getByText("Read-only: changes need administrative access")).toBeTruthy();
        const edit = within(rowEl(container, "eth1")).getByRole("button", { name: "Edit eth1", description: "Administrative access is required" });
        expect(edit.getAttribute("aria-disabled")).toBe("true");
    });

    it("with administrative access, offers Edit only where NetworkManager can apply it", () => {
        const { source, push } = fakeSource();
        const { container } = render(
            <App host={{ snapshots: source, flags: actions, shell: fakeShell({ admin: true }).shell }} />,
        );
        push(labSnapshot());
        expect(screen.queryByText("Read-only: changes need administrative access")).toBeNull();
        expect(within(rowEl(container, "eth1")).getByRole("button", { name: "Edit eth1" }).getAttribute("aria-disabled")).toBeNull();
        for (const name of ["eth5", "ext0", "lo"])
            expect(within(rowEl(container, name)).getByRole("button", { name: `Edit ${name}`, description: /^Cannot be changed: / })
                .getAttribute("aria-disabled"), name).toBe("true");
    });

    it("offers no Edit where NetworkManager is older than 1.40: the table's rule is the preview's", () => {
        const { source, push } = fakeSource();
        const { container } = render(
            <App host={{ snapshots: source, flags: actions, shell: fakeShell({ admin: true }).shell }} />,
        );
        const old = labSnapshot();
        if (old.nm.running) old.nm = { ...old.nm, version: "1.38.6" };
        push(old);
        const why = "Cannot be changed: NetworkManager is not running, or older than 1.40";
        const edit = within(rowEl(container, "eth1")).getByRole("button", { name: "Edit eth1", description: why });
        expect(edit.getAttribute("aria-disabled")).toBe("true");
        const check = within(rowEl(container, "eth1")).getByRole("checkbox", { name: "Select eth1" }) as HTMLInputElement;
        expect(check.disabled).toBe(true);
        // the plan refuses the same interface for the same reason
        const rows = interfaceRows(old);
        const eth1 = rows.find(r => r.name === "eth1");
        expect(planFlagChange(old, rows, ["eth1"], { edit: NO_EDIT }).refused).toEqual([{ name: "eth1", reason: "nm-unavailable" }]);
        expect(eth1 && notEditable(eth1, true, nmTakesMptcp(old.nm))).toBe(why);
        expect(eth1 && notEditable(eth1, true, true)).toBeNull();
        // NetworkManager upgraded: the same rows, now editable
        push(labSnapshot());
        expect(within(rowEl(container, "eth1")).getByRole("button", { name: "Edit eth1" }).getAttribute("aria-disabled"))
            .toBeNull();
    });
});
