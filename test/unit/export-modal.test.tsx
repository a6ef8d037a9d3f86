// @vitest-environment jsdom
// The export dialog: a desired state for other hosts by default, with what it leaves out; this host's state
// as a report on request; either one downloaded as the file it shows.

import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { parse } from "yaml";
import { afterEach, describe, expect, it, vi } from "vitest";

import { buildInterfaceRows } from "../../src/model/interfaces";
import { loadYaml } from "../../src/model/nmstate";
import { ExportModal } from "../../src/ui/export-modal";
import { labSnapshot } from "./fixtures/snapshot";

afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
});

const shown = (container: HTMLElement) => container.ownerDocument.querySelector(".mptcp-export")?.textContent ?? "";

describe("ExportModal", () => {
    it("offers the desired state first, says what it leaves out, and switches to the report", async () => {
        await loadYaml();
        render(<ExportModal title="All interfaces as nmstate YAML" rows={buildInterfaceRows(labSnapshot())} onClose={() => {}} />);
        const desired = parse(shown(document.body)) as { interfaces: { name: string }[] };
        expect(desired.interfaces.map(i => i.name)).toEqual(["eth1", "eth2", "eth3"]);
        expect(shown(document.body)).not.toContain("ipv4");
        const notes = [...document.querySelectorAll("[data-note]")].map(n => n.textContent);
        expect(notes).toContain("eth5 is left out: no active profile");
        expect(notes).toContain("eth1: nmstate also sets also-without-default-route, which this profile does not have");

        fireEvent.click(screen.getByRole("button", { name: "This host's state, a report" }));
        const report = parse(shown(document.body)) as { interfaces: { name: string; ipv4?: unknown }[] };
        expect(report.interfaces.map(i => i.name)).toContain("ext0");
        expect(report.interfaces.find(i => i.name === "eth1")?.ipv4).toBeTruthy();
        expect(document.querySelectorAll("[data-note]")).toHaveLength(0);
    });

    it("downloads the file it shows, under a name that says which shape it is", async () => {
        await loadYaml();
        const blobs: Blob[] = [];
        const names: string[] = [];
        vi.spyOn(URL, "createObjectURL").mockImplementation(b => {
            blobs.push(b as Blob);
            return "blob:x";
        });
        vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => {});
        vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
            names.push(this.download);
        });
        render(<ExportModal title="t" rows={buildInterfaceRows(labSnapshot())} onClose={() => {}} />);
        fireEvent.click(screen.getByRole("button", { name: "Download mptcp-desired-state.yml" }));
        expect(names).toEqual(["mptcp-desired-state.yml"]);
        // jsdom's Blob has no text(): read it as a browser's FileReader would
        const text = await new Promise<string>(resolve => {
            const reader = new FileReader();
            reader.onload = () => resolve(String(reader.result));
            reader.readAsText(blobs[0] as Blob);
        });
        expect(text).toBe(shown(document.body));
        expect(blobs[0]?.type).toBe("application/yaml");
    });
});
