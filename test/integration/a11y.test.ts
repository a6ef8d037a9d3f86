// Accessibility in the lab: axe-core on each view of the real page (the table, the editor and its preview,
// the setup guide's steps and review, the export, import and automation dialogs, the Traffic view with a real
// MPTCP connection, the read-only page), in Cockpit's light and dark theme: no serious or critical violation.
// Then the page by keyboard alone, from its start: where the focus lands, and that it can be seen.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import {
    axeCheck, axeViolations, describeViolations, focused, setDark, visibleIndicator, type AxeViolation, type Focused,
} from "./a11y";
import { launchBrowser } from "./browser";
import { BASE, endpointFlags, ipJson, labClient, onLab, PAGE, PEER, peerServer, PORT, type KernelEndpoint } from "./lab";
import { eventually, openPage } from "./page";

let browser: Browser;
let page: Page;

/** address -> endpoint flags, as the lab starts */
let labEndpoints: Record<string, string>;
const endpointMap = () => Object.fromEntries(ipJson<KernelEndpoint[]>("mptcp", "endpoint", "show").map(e => [e.address, endpointFlags(e)]));

const dialog = () => page.getByRole("dialog");
const OUR_CONF = "/etc/sysctl.d/99-zz-cockpit-mptcp.conf";

/**
 * The page as it first shows, at its own address (a reload would keep a dialog's: the editor's, the guide's),
 * with the readiness card's verdict in (the app has replaced the first view).
 */
async function fresh(p: Page = page) {
    await p.goto("about:blank");
    await p.goto(PAGE);
    await p.locator(".mptcp-tabs").waitFor({ timeout: 20_000 });
    await p.locator('.mptcp-readiness [data-ready]:not([data-ready="checking"])').waitFor({ timeout: 20_000 });
}

/**
 * axe-core on what the page shows now, in the light and the dark theme; fails with every serious or critical violation.
 */
async function checkView(view: string, p: Page = page) {
    const serious: AxeViolation[] = [];
    for (const dark of [false, true]) {
        await setDark(p, dark);
        serious.push(...await axeCheck(p, `${view} (${dark ? "dark" : "light"})`));
    }
    await setDark(p, false);
    expect(serious, `${view}:\n${describeViolations(serious)}`).toEqual([]);
}

beforeAll(async () => {
    labEndpoints = endpointMap();
    onLab("sysctl", "-qw", "net.mptcp.enabled=1");
    onLab("ip", "mptcp", "limits", "set", "subflows", "2", "add_addr_accepted", "0");
    ({ browser, page } = await openPage());
});

afterAll(async () => {
    await browser?.close();
    // the keyboard's change, undone as the lab made it (a reapply keeps the link up)
    if (onLab("nmcli", "-g", "connection.mptcp-flags", "connection", "show", "lab-default").trim() !== "0x0") {
        onLab("nmcli", "connection", "modify", "lab-default", "connection.mptcp-flags", "0x0");
        onLab("nmcli", "device", "reapply", "eth4");
    }
    await eventually(async () => endpointMap(), now => expect(now).toEqual(labEndpoints), 15_000);
});

describe("axe-core finds no serious or critical violation", () => {
    beforeEach(() => fresh());

    it("finds what it should: text below the contrast minimum, and a field without a name", async () => {
        // the check itself, on this page and theme: planted faults are reported, and gone once removed
        for (const dark of [false, true]) {
            await setDark(page, dark);
            await page.evaluate(() => {
                const planted = document.createElement("div");
                planted.id = "mptcp-planted";
                // (styled through the CSSOM: Cockpit's Content-Security-Policy drops style attributes in markup)
                const faint = document.createElement("p");
                faint.id = "mptcp-planted-faint";
                faint.textContent = "faint";
                faint.style.color = "#777";
                faint.style.background = "#888";
                const field = document.createElement("input");
                field.id = "mptcp-planted-field";
                planted.append(faint, field);
                // at the top, in view: axe leaves the contrast of text out of view undecided
                document.querySelector("main")?.prepend(planted);
            });
            const ids = (await axeViolations(page)).filter(v => v.nodes.some(n => n.target.join(" ").includes("mptcp-planted"))).map(v => v.id);
            expect(ids).toContain("color-contrast");
            expect(ids).toContain("label");
            await page.evaluate(() => document.getElementById("mptcp-planted")?.remove());
        }
        await setDark(page, false);
        expect(await axeCheck(page, "the table, after the planted faults")).toEqual([]);
    });

    it("the status, the readiness card and the interface table", async () => {
        await checkView("the table");
        // with an interface selected, and filtered down to nothing
        await page.locator("#mptcp-select-eth1").check();
        await checkView("the table, one interface selected");
        await page.getByRole("textbox", { name: "Filter by interface name or address" }).fill("no-such-interface");
        await page.getByText("No interface matches the filter").waitFor();
        await checkView("the table, filtered to nothing");
    });

    it("the editor, its advanced options and its preview", async () => {
        await page.getByRole("button", { name: "Edit eth1", exact: true }).click();
        await dialog().waitFor();
        await checkView("the editor");
        await page.locator("#mptcp-flag-backup").check();
        await page.getByRole("button", { name: "Advanced" }).click();
        await checkView("the editor, advanced");
        await page.locator("#mptcp-flag-fullmesh").check();
        await page.getByText("fullmesh cannot be combined with signal").waitFor();
        await checkView("the editor, refusing signal with fullmesh");
        await page.locator("#mptcp-flag-fullmesh").uncheck();
        await page.getByRole("button", { name: "Preview changes" }).click();
        await page.locator(".mptcp-operations").waitFor();
        await checkView("the preview");
        await page.getByRole("button", { name: "Cancel" }).click();
        // several interfaces that differ: the mixed state
        await page.locator("#mptcp-select-eth1").check();
        await page.locator("#mptcp-select-eth3").check();
        await page.getByRole("button", { name: "Edit 2 selected" }).click();
        await dialog().locator(".mptcp-mixed").waitFor();
        await checkView("the editor, two interfaces that differ");
    });

    it("the setup guide: each step and the review", async () => {
        await page.getByRole("button", { name: "Open the MPTCP setup guide" }).click();
        for (const step of ["MPTCP switch", "Limits", "Reverse path filter", "Review"]) {
            await dialog().getByRole("button", { name: step, exact: true }).click();
            await eventually(() => dialog().locator(".pf-v6-c-wizard__nav-link.pf-m-current").innerText(), t => expect(t).toBe(step));
            await checkView(`the guide, ${step}`);
        }
        await dialog().locator(".mptcp-guide-review").waitFor();
    });

    it("the export dialog, in both shapes", async () => {
        await page.getByRole("button", { name: "Show as nmstate YAML" }).click();
        await page.locator('.mptcp-export[data-shape="desired"]').waitFor();
        await checkView("the export, desired state");
        await page.locator("#mptcp-export-report").click();
        await page.locator('.mptcp-export[data-shape="report"]').waitFor();
        await checkView("the export, report");
    });

    it("the import dialog, empty and with what it found", async () => {
        await page.getByRole("button", { name: "Import nmstate YAML" }).click();
        await dialog().waitFor();
        await checkView("the import");
        await page.getByRole("textbox", { name: "nmstate YAML" }).fill(
            "interfaces:\n- name: eth1\n  type: veth\n  mptcp:\n    address-flags: [subflow]\n  ipv4:\n    address:\n    - ip: 198.51.100.2\n      prefix-length: 24\n      mptcp-flags: [signal]\n- name: nosuch\n  mptcp: {address-flags: [signal]}\n");
        await dialog().locator(".mptcp-import-errors").waitFor();
        await dialog().locator(".mptcp-import-warnings").waitFor();
        await checkView("the import, with errors, warnings and what is not applied");
    });

    it("the automation dialog, each tab", async () => {
        await page.getByRole("button", { name: "View automation script" }).click();
        for (const [tab, kind] of [["Ansible", "ansible"], ["kubernetes-nmstate", "policy"], ["Shell script", "shell"]]) {
            await dialog().getByRole("tab", { name: tab }).click();
            await dialog().locator(`.mptcp-automation[data-kind="${kind}"]`).waitFor();
            await checkView(`the automation, ${tab}`);
        }
    });

    it("the undo dialog, for a file this page persisted", async () => {
        // our sysctl.d file as the guide writes it, with a "# was:" line for a key this page does not manage
        // (/etc/sysctl.d is a tmpfs of the lab)
        onLab("sh", "-c", 'printf "%s\\n" "# was: net.mptcp.enabled = 1" "# was: net.core.somaxconn = 5" "net.mptcp.enabled = 1" > "$1"', "-", OUR_CONF);
        try {
            await fresh();
            await page.getByRole("button", { name: "Undo what this page persisted" }).click();
            await dialog().locator(".mptcp-undo-steps").waitFor();
            await dialog().locator(".mptcp-undo-ignored").waitFor();
            await checkView("the undo dialog");
            await page.keyboard.press("Escape");
        } finally {
            onLab("rm", "-f", OUR_CONF);
        }
    });

    it("the Traffic view, with a real MPTCP connection and its subflows", async () => {
        // the tab first: the path manager's events are followed from when it opens
        await page.getByRole("tab", { name: "Traffic" }).click();
        await page.locator(".mptcp-traffic").waitFor();
        await peerServer(7601, { seconds: 40 });
        labClient(7601, 30);
        const row = page.locator("tr[data-connection]").filter({ hasText: `${PEER}:7601` });
        await row.waitFor({ timeout: 10_000 });
        await row.getByRole("button").first().click();
        await page.locator("tr[data-subflow]").first().waitFor();
        await page.locator("tr[data-event]").first().waitFor({ timeout: 10_000 });
        await checkView("the Traffic view");
    });

    it("the page without administrative access", async () => {
        const limited = await launchBrowser();
        try {
            const p = await limited.newPage({ viewport: { width: 1400, height: 1000 } });
            await p.goto(`${BASE.replace(String(PORT), String(PORT + 1))}/cockpit/@localhost/mptcp/index.html`);
            await p.locator(".mptcp-tabs").waitFor({ timeout: 20_000 });
            await p.getByText("Read-only: changes need administrative access").waitFor();
            await checkView("the read-only table", p);
            // the guide, which shows the commands for a root shell
            await p.getByRole("button", { name: "Open the MPTCP setup guide" }).click();
            await p.getByRole("dialog").getByRole("button", { name: "Review", exact: true }).click();
            await p.locator(".mptcp-guide-review").waitFor();
            await p.getByText("Administrative access is required to apply these settings", { exact: false }).waitFor();
            await checkView("the read-only guide's review", p);
            await p.keyboard.press("Escape");
            await p.locator(".mptcp-guide").waitFor({ state: "detached" });
            await p.getByRole("tab", { name: "Traffic" }).click();
            await p.locator(".mptcp-traffic").waitFor();
            await checkView("the read-only Traffic view", p);
        } finally {
            await limited.close();
        }
    });
});

/** Where the focus is after the keys so far; it must show. */
async function focus(): Promise<Focused> {
    const f = await focused(page);
    expect(f, "something has the focus").not.toBeNull();
    if (!f) throw new Error("no focus");
    expect(visibleIndicator(f), `a visible focus indicator on ${f.tag} "${f.name}": ${JSON.stringify(f.indicator)}`).toBe(true);
    return f;
}

/**
 * Presses Tab (or Shift+Tab) until the focus is on what `is` accepts, and returns it. Every element the focus
 * passes on the way must show that it has it.
 */
async function tabTo(
    is: (f: Focused) => boolean | Promise<boolean>, what: string, { back = false, max = 60 } = {}
): Promise<Focused> {
    const passed: string[] = [];
    for (let i = 0; i < max; i++) {
        await page.keyboard.press(back ? "Shift+Tab" : "Tab");
        const f = await focused(page);
        if (!f) continue; // out of the page, between its last stop and its first
        passed.push(`${f.tag} "${f.name}"`);
        expect(visibleIndicator(f), `a visible focus indicator on ${f.tag} "${f.name}": ${JSON.stringify(f.indicator)}`).toBe(true);
        if (await is(f)) return f;
    }
    throw new Error(`${back ? "Shift+Tab" : "Tab"} never reached ${what}; it passed ${passed.join(", ")}`);
}
const named = (name: string) => (f: Focused) => f.name === name;
const tabToNamed = (name: string, options: { back?: boolean; max?: number } = {}) => tabTo(named(name), name, options);

/** The element that has the focus is the one `selector` finds. */
const focusIs = (selector: string) => page.evaluate(
    s => document.activeElement === document.querySelector(s), selector
);

describe("by keyboard alone, from the page's start", () => {
    beforeEach(async () => {
        await fresh();
        expect(await focused(page)).toBeNull();
    });

    it("opens an interface's editor, changes a flag, previews, goes back, applies, and returns to the table", async () => {
        const opener = await tabToNamed("Edit eth4");
        expect(opener.inDialog).toBe(false);
        await page.keyboard.press("Enter");
        await dialog().waitFor();
        expect((await focus()).inDialog).toBe(true);

        // the mode's radio group: Tab reaches the chosen one, the arrows choose another
        await tabTo(f => f.id.startsWith("mptcp-mode-"), "the MPTCP mode");
        expect(await focusIs("#mptcp-mode-default")).toBe(true);
        await page.keyboard.press("ArrowDown");
        await page.keyboard.press("ArrowDown");
        expect(await focusIs("#mptcp-mode-enabled")).toBe(true);
        expect(await page.locator("#mptcp-mode-enabled").isChecked()).toBe(true);
        await focus();

        // a flag, by Space
        await tabTo(f => f.id === "mptcp-flag-backup", "the backup flag");
        const backup = await page.locator("#mptcp-flag-backup").isChecked();
        await page.keyboard.press("Space");
        expect(await page.locator("#mptcp-flag-backup").isChecked()).toBe(!backup);

        // the preview: the focus moves to it (the button that led there is gone)
        await tabToNamed("Preview changes");
        await page.keyboard.press("Enter");
        await dialog().locator(".mptcp-operations").waitFor();
        expect(await focusIs(".mptcp-stage")).toBe(true);
        await focus();
        // the diff scrolls, so it takes the focus
        await tabTo(f => f.tag === "pre", "the diff");
        expect(await dialog().locator(".mptcp-predicted li[data-address=\"198.18.4.2\"]").getAttribute("data-flags")).toContain("backup");

        // back to the form, by Shift+Tab: the flag is as it was set
        await tabToNamed("Back", { back: true });
        await page.keyboard.press("Enter");
        await dialog().locator("#mptcp-flag-backup").waitFor();
        expect(await focusIs(".mptcp-stage")).toBe(true);
        expect(await page.locator("#mptcp-flag-backup").isChecked()).toBe(!backup);

        // preview again, and apply
        await tabToNamed("Preview changes");
        await page.keyboard.press("Enter");
        await dialog().locator(".mptcp-operations").waitFor();
        await tabToNamed("Apply");
        await page.keyboard.press("Enter");
        await dialog().getByText("Applied and verified").waitFor({ timeout: 30_000 });
        expect(await focusIs(".mptcp-stage")).toBe(true);
        expect(endpointMap()["198.18.4.2"]?.split(",")).toContain("backup");
        await checkView("the editor, applied and verified");
        await page.locator(".mptcp-stage").focus();
        await tabToNamed("Close", { max: 5 });
        expect(await focusIs(".pf-v6-c-modal-box__footer button")).toBe(true);
        await page.keyboard.press("Enter");
        await dialog().waitFor({ state: "detached" });
        // back where it started
        expect((await focus()).name).toBe("Edit eth4");
    });

    it("cancels the editor with Escape, and the focus returns to its Edit button", async () => {
        await tabToNamed("Edit eth1");
        await page.keyboard.press("Enter");
        await dialog().waitFor();
        await tabTo(f => f.id === "mptcp-flag-subflow", "the subflow flag");
        await page.keyboard.press("Space");
        await page.keyboard.press("Escape");
        await dialog().waitFor({ state: "detached" });
        expect((await focus()).name).toBe("Edit eth1");
    });

    it("goes through the setup guide's steps to the review, and back to its opener", async () => {
        await tabToNamed("Open the MPTCP setup guide");
        await page.keyboard.press("Enter");
        await page.locator(".mptcp-guide").waitFor();
        expect((await focus()).inDialog).toBe(true);
        const current = () => dialog().locator(".pf-v6-c-wizard__nav-link.pf-m-current").innerText();
        expect(await current()).toBe("MPTCP switch");
        await tabTo(f => f.id === "mptcp-guide-enable", "Enable MPTCP");
        for (const next of ["Limits", "Reverse path filter", "Review"]) {
            await tabToNamed("Next");
            await page.keyboard.press("Enter");
            await eventually(current, t => expect(t).toBe(next));
            // the focus stays in the guide, and shows
            expect((await focus()).inDialog).toBe(true);
            if (next === "Limits") {
                // a limit, typed
                await tabTo(f => f.tag === "input" && f.name === "subflows", "the subflows limit");
                await page.keyboard.press("ArrowRight");
                await page.keyboard.press("Backspace");
                await page.keyboard.type("3");
                await eventually(() => dialog().locator(".mptcp-step-commands").innerText(), t => expect(t).toContain("subflows 3"));
            }
        }
        await dialog().locator(".mptcp-guide-review").waitFor();
        expect(await dialog().locator(".mptcp-runtime-changes").innerText()).toMatch(/subflows \d+ → 3/);
        // its Apply is there to reach; Back goes to the previous step
        await tabToNamed("Apply");
        await tabToNamed("Back");
        await page.keyboard.press("Enter");
        await eventually(current, t => expect(t).toBe("Reverse path filter"));
        await page.keyboard.press("Escape");
        await page.locator(".mptcp-guide").waitFor({ state: "detached" });
        expect((await focus()).name).toBe("Open the MPTCP setup guide");
    });

    for (const dark of [false, true]) {
        it(`opens and closes each dialog; Escape returns the focus to its opener (${dark ? "dark" : "light"})`, async () => {
            await setDark(page, dark);
            try {
                // the export: the shape, by Space on the other toggle
                await tabToNamed("Show as nmstate YAML");
                await page.keyboard.press("Enter");
                await page.locator('.mptcp-export[data-shape="desired"]').waitFor();
                expect((await focus()).inDialog).toBe(true);
                await tabToNamed("This host's state, a report");
                await page.keyboard.press("Space");
                await page.locator('.mptcp-export[data-shape="report"]').waitFor();
                await tabTo(f => f.name.startsWith("Download"), "the download button");
                await page.keyboard.press("Escape");
                await dialog().waitFor({ state: "detached" });
                expect((await focus()).name).toBe("Show as nmstate YAML");

                // the import: YAML typed into its field
                await tabToNamed("Import nmstate YAML");
                await page.keyboard.press("Enter");
                await dialog().waitFor();
                expect((await focus()).inDialog).toBe(true);
                await tabTo(f => f.tag === "textarea", "the YAML field");
                await page.keyboard.type("interfaces:\n- name: nosuch\n");
                await dialog().locator(".mptcp-import-errors").getByText("This host has no interface nosuch").waitFor();
                await page.keyboard.press("Escape");
                await dialog().waitFor({ state: "detached" });
                expect((await focus()).name).toBe("Import nmstate YAML");

                // the automation: its tabs, by Enter
                await tabToNamed("View automation script");
                await page.keyboard.press("Enter");
                await dialog().waitFor();
                expect((await focus()).inDialog).toBe(true);
                await tabTo(f => f.role === "tab" && f.name === "Shell script", "the shell script's tab");
                await page.keyboard.press("Enter");
                await dialog().locator('.mptcp-automation[data-kind="shell"]').waitFor();
                await page.keyboard.press("Escape");
                await dialog().waitFor({ state: "detached" });
                expect((await focus()).name).toBe("View automation script");
            } finally {
                await setDark(page, false);
            }
        });
    }

    it("switches to the Traffic tab and opens a connection's subflows", async () => {
        await peerServer(7602, { seconds: 40 });
        labClient(7602, 30);
        await tabTo(f => f.role === "tab" && f.name === "Traffic", "the Traffic tab");
        await page.keyboard.press("Enter");
        await page.locator(".mptcp-traffic").waitFor();
        expect((await focus()).name).toBe("Traffic");
        expect(await page.getByRole("tab", { name: "Traffic" }).getAttribute("aria-selected")).toBe("true");
        const row = page.locator("tr[data-connection]").filter({ hasText: `${PEER}:7602` });
        await row.waitFor({ timeout: 10_000 });
        // the connection's toggle, then Enter: its subflows show
        const toggle = row.getByRole("button").first();
        await tabTo(() => toggle.evaluate(e => e === document.activeElement), "the connection's subflow toggle");
        await page.keyboard.press("Enter");
        await eventually(() => toggle.getAttribute("aria-expanded"), e => expect(e).toBe("true"));
        await expect(row.locator("xpath=ancestor::tbody").locator("tr[data-subflow]").count()).resolves.toBeGreaterThan(0);
        await focus();
        // and back to the interfaces, by Shift+Tab and Enter
        await tabTo(f => f.role === "tab" && f.name === "Interfaces", "the Interfaces tab", { back: true });
        await page.keyboard.press("Enter");
        await page.locator('tr[data-interface="eth1"]').waitFor();
    });
});
