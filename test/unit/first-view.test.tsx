// @vitest-environment jsdom
// The first view (plain DOM, drawn before React loads) against the table it makes way for: the same rows,
// cells, words and data attributes; names from the host as text, never markup; one page of a large host.

import { cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import { buildInterfaceRows } from "../../src/model/interfaces";
import { PER_PAGE, renderFirstView, renderLoading } from "../../src/ui/first-view";
import { InterfaceTable } from "../../src/ui/interface-table";
import { StatusHeader } from "../../src/ui/status-header";
import { crowdedSnapshot } from "./fixtures/crowded";
import { labSnapshot } from "./fixtures/snapshot";

afterEach(cleanup);

/** The lab, and 120 more interfaces NetworkManager does not know (no device, no profile) */
function largeSnapshot() {
    const snapshot = labSnapshot();
    for (let i = 0; i < 120; i++)
        snapshot.ip.links.push({ name: `ve${i}`, loopback: false, up: true, addresses: [{ address: `10.9.${i}.1`, prefix: 24, family: 4, temporary: false, tentative: false }] });
    return snapshot;
}

const squash = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, "");

/** What a reader of the table sees, row by row: every cell's text, and each address's data attributes. */
function seen(root: HTMLElement) {
    return [...root.querySelectorAll<HTMLElement>("tr[data-interface]")].map(tr => ({
        name: tr.dataset.interface,
        loopback: tr.classList.contains("mptcp-loopback"),
        cells: Object.fromEntries([...tr.querySelectorAll<HTMLElement>("td[data-label]")].map(td => [td.dataset.label, squash(td.textContent)])),
        addresses: [...tr.querySelectorAll<HTMLElement>("li[data-address]")].map(li => ({
            address: li.dataset.address,
            flags: li.querySelector<HTMLElement>("[data-flags]")?.dataset.flags ?? null,
            reason: li.querySelector<HTMLElement>("[data-reason]")?.dataset.reason ?? null,
            text: squash(li.textContent),
        })),
    }));
}

function firstView(rows: ReturnType<typeof buildInterfaceRows>, snapshot = labSnapshot()): HTMLElement {
    const container = document.createElement("div");
    container.textContent = "loading";
    renderFirstView(container, snapshot, rows);
    return container;
}

describe("the first view", () => {
    it("shows every row as the interface table does", () => {
        for (const snapshot of [labSnapshot(), crowdedSnapshot(), largeSnapshot()]) {
            const rows = buildInterfaceRows(snapshot);
            const table = render(<InterfaceTable rows={rows} />).container;
            const first = firstView(rows);
            // one page: both show the same first rows
            expect(seen(first).length).toBe(Math.min(rows.length, PER_PAGE));
            expect(seen(first)).toEqual(seen(table));
            // the same column titles, in the same order
            const titles = (root: HTMLElement) => [...root.querySelectorAll("thead th")].map(th => squash(th.textContent)).filter(Boolean);
            expect(titles(first)).toEqual(titles(table));
            cleanup();
        }
    });

    it("shows the host's status above the table as the status header does, and the readiness card checking", () => {
        const snapshot = labSnapshot();
        const header = render(<StatusHeader snapshot={snapshot} verdicts={[]} />).container;
        const first = firstView(buildInterfaceRows(snapshot), snapshot);
        const terms = (root: Element | null | undefined) => [...(root?.querySelectorAll("dt, dd") ?? [])].map(e => squash(e.textContent));
        expect(terms(first.querySelector('[aria-label="MPTCP status"]'))).toEqual(terms(header));
        expect(terms(header)).toContain("Version1.42.4");
        expect(squash(first.querySelector('[aria-label="Readiness"]')?.textContent)).toBe("ReadinessChecking…");
    });

    it("replaces what the container held, and says it is not complete yet", () => {
        const first = firstView(buildInterfaceRows(labSnapshot()));
        expect(first.textContent).not.toContain("loading");
        expect(first.querySelector(".mptcp-first-view")?.getAttribute("aria-busy")).toBe("true");
        expect(first.querySelector("table")?.getAttribute("aria-label")).toBe("Interfaces");
    });

    it("puts names and profiles in as text, never as markup", () => {
        const snapshot = labSnapshot();
        const hostile = "<img src=x onerror=alert(1)>";
        const eth1 = snapshot.nm.running ? snapshot.nm.devices.find(d => d.name === "eth1") : undefined;
        if (!eth1?.profile) throw new Error("the lab snapshot has eth1 with a profile");
        eth1.profile.id = hostile;
        snapshot.ip.links[0].name = `${hostile}"'`;
        const first = firstView(buildInterfaceRows(snapshot));
        expect(first.querySelector("img")).toBeNull();
        expect(first.textContent).toContain(hostile);
        expect([...first.querySelectorAll<HTMLElement>("tr[data-interface]")].map(tr => tr.dataset.interface)).toContain(`${hostile}"'`);
    });

    it("shows the table's first page of a large host, and how many there are", () => {
        const rows = buildInterfaceRows(largeSnapshot());
        expect(rows.length).toBeGreaterThan(PER_PAGE);
        const first = firstView(rows);
        expect(seen(first).map(r => r.name)).toEqual(rows.slice(0, PER_PAGE).map(r => r.name));
        expect(first.textContent).toContain(`${PER_PAGE} of ${rows.length} interfaces`);
    });
});

describe("before the first snapshot", () => {
    it("shows a spinner that says what it waits for, without text to draw", () => {
        const container = document.createElement("div");
        renderLoading(container);
        expect(container.querySelector('[role="progressbar"]')?.getAttribute("aria-label")).toBe("Loading MPTCP state");
        expect(container.textContent).toBe("");
    });
});
