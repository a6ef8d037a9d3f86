// @vitest-environment jsdom
// The interface table on a host with a thousand interfaces: one page of rows, a filter, sorting, selection
// across pages, and a change to one interface re-rendering only its row.
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { buildInterfaceRows } from "../../src/model/interfaces";
import type { HostSnapshot, IpLink } from "../../src/model/types";
import { App } from "../../src/ui/app";
import { InterfaceTable } from "../../src/ui/interface-table";
import { hostSettingsKey } from "../../src/ui/use-host-settings";
import type { SnapshotSource } from "../../src/ui/host-port";
import { labSnapshot } from "./fixtures/snapshot";
import { fakeShell } from "./fixtures/shell";

// counts each interface's address list renders: a row that React skips does not render its addresses
const renders = new Map<string, number>();
vi.mock("../../src/ui/address-list", async importOriginal => {
    const real = await importOriginal<typeof import("../../src/ui/address-list")>();
    return {
        AddressList: (props: Parameters<typeof real.AddressList>[0]) => {
            const key = props.addresses[0]?.address ?? "none";
            renders.set(key, (renders.get(key) ?? 0) + 1);
            return real.AddressList(props);
        },
    };
});

afterEach(cleanup);
beforeEach(() => renders.clear());

/** The lab's interfaces and `n` unmanaged veths ve0..ve(n-1), each with 2 IPv4 and 2 IPv6 addresses. */
function bigSnapshot(n = 1000): HostSnapshot {
    const snap = labSnapshot();
    const extra: IpLink[] = Array.from({ length: n }, (_, i) => ({
        name: `ve${i}`, loopback: false, up: true, linkType: "ether",
        addresses: [
            { address: `10.${i >> 8}.${i & 255}.1`, prefix: 24, family: 4, temporary: false, tentative: false },
            { address: `10.${(i >> 8) + 100}.${i & 255}.1`, prefix: 24, family: 4, temporary: false, tentative: false },
            { address: `2001:db8:${i.toString(16)}::1`, prefix: 64, family: 6, temporary: false, tentative: false },
            { address: `2001:db8:${i.toString(16)}::2`, prefix: 64, family: 6, temporary: false, tentative: false },
        ],
    }));
    snap.ip.links = [...snap.ip.links, ...extra];
    return snap;
}

const names = (container: HTMLElement) => [...container.querySelectorAll<HTMLElement>("tr[data-interface]")].map(tr => tr.dataset.interface);

function fakeSource() {
    let listener: ((s: HostSnapshot) => void) | null = null;
    const source: SnapshotSource = { subscribe: l => {
        listener = l;
        return () => {
            listener = null;
        };
    } };
    return { source, push: (s: HostSnapshot) => act(() => listener?.(s)) };
}

describe("InterfaceTable on a large host", () => {
    it("shows every lab interface on the first page, and one page of a thousand", () => {
        const { container, rerender } = render(<InterfaceTable rows={buildInterfaceRows(labSnapshot())} />);
        expect(names(container)).toEqual(["eth1", "eth2", "eth3", "eth4", "eth5", "ext0", "lo"]);
        rerender(<InterfaceTable rows={buildInterfaceRows(bigSnapshot())} />);
        expect(names(container)).toHaveLength(50);
        expect(names(container).slice(0, 7)).toEqual(["eth1", "eth2", "eth3", "eth4", "eth5", "ext0", "ve0"]);
        fireEvent.click(screen.getAllByRole("button", { name: "Go to next page" })[0]);
        expect(names(container)[0]).toBe("ve44");
    });

    it("filters by name or address, and says when nothing matches", () => {
        const { container } = render(<InterfaceTable rows={buildInterfaceRows(bigSnapshot())} />);
        const filter = screen.getByRole("textbox", { name: "Filter by interface name or address" });
        fireEvent.change(filter, { target: { value: "ve17" } });
        expect(names(container)).toEqual(["ve17", ...Array.from({ length: 10 }, (_, i) => `ve${170 + i}`)]);
        fireEvent.change(filter, { target: { value: "2001:db8:3e7::2" } });
        expect(names(container)).toEqual(["ve999"]);
        fireEvent.change(filter, { target: { value: "nothing-like-this" } });
        expect(names(container)).toEqual([]);
        expect(screen.getByText("No interface matches the filter")).toBeTruthy();
        fireEvent.click(screen.getByRole("button", { name: "Clear the filter" }));
        expect(names(container)).toHaveLength(50);
    });

    it("sorts by name both ways, and by type", () => {
        const { container } = render(<InterfaceTable rows={buildInterfaceRows(bigSnapshot(30))} />);
        const header = (name: string) => within(screen.getByRole("columnheader", { name })).getByRole("button");
        fireEvent.click(header("Interface"));
        expect(names(container)[0]).toBe("lo");
        expect(names(container).slice(1, 4)).toEqual(["ve29", "ve28", "ve27"]);
        fireEvent.click(header("Type"));
        // "Ethernet" (the kernel's ether) before "veth" (NetworkManager's)
        expect(names(container).indexOf("ve0")).toBeLessThan(names(container).indexOf("eth1"));
    });
});

describe("App on a large host", () => {
    const actions = { readRpFilter: async () => {
        throw new Error("not in this test");
    }, readGuards: async () => [], apply: async () => {} };

    it("keeps the selection across pages", () => {
        const { source, push } = fakeSource();
        const { container } = render(
            <App host={{ snapshots: source, flags: actions, shell: fakeShell({ admin: true }).shell }} />,
        );
        push(bigSnapshot());
        fireEvent.click(screen.getByRole("checkbox", { name: "Select eth1" }));
        expect(screen.getByRole("button", { name: "Edit 1 selected" })).toBeTruthy();
        fireEvent.click(screen.getAllByRole("button", { name: "Go to next page" })[0]);
        expect(names(container)).not.toContain("eth1");
        expect(screen.getByRole("button", { name: "Edit 1 selected" })).toBeTruthy();
        fireEvent.click(screen.getAllByRole("button", { name: "Go to previous page" })[0]);
        expect((screen.getByRole("checkbox", { name: "Select eth1" }) as HTMLInputElement).checked).toBe(true);
    });

    it("re-renders only the row whose interface changed", () => {
        const { source, push } = fakeSource();
        render(<App host={{ snapshots: source, flags: actions, shell: fakeShell({ admin: true }).shell }} />);
        const first = bigSnapshot();
        push(first);
        expect(renders.get("10.0.3.1")).toBe(1);
        const before = new Map(renders);
        // the same host read again (new objects throughout), with an address added to ve5
        const changed = structuredClone(first);
        const ve5 = changed.ip.links.find(l => l.name === "ve5");
        ve5?.addresses.push({ address: "10.200.0.5", prefix: 24, family: 4, temporary: false, tentative: false });
        push(changed);
        const again = [...renders].filter(([k, n]) => n !== before.get(k)).map(([k]) => k);
        expect(again).toEqual(["10.0.5.1"]);
    });
});

describe("the readiness card's settings", () => {
    it("are read again for a change to an interface with endpoints, not for one without", () => {
        const key = hostSettingsKey(labSnapshot());
        expect(key.names).toEqual(["eth1", "eth4"]);
        const other = labSnapshot();
        other.ip.links.find(l => l.name === "ext0")?.addresses.push({ address: "198.18.6.9", prefix: 24, family: 4, temporary: false, tentative: false });
        expect(hostSettingsKey(other).key).toBe(key.key);
        const off = labSnapshot();
        off.ip.endpoints = off.ip.endpoints.filter(e => e.dev !== "eth4");
        expect(hostSettingsKey(off).key).not.toBe(key.key);
    });
});
