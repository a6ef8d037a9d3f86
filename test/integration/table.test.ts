// The page, opened in a real Cockpit, against the lab's kernel and NetworkManager.

import { spawnSync } from "node:child_process";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { endpointFlags, ipJson, nm, onLab, type KernelEndpoint, type KernelLink } from "./lab";
import { eventually, openPage, readTable, type SeenTable } from "./page";

let browser: Browser;
let page: Page;
let seen: SeenTable;

beforeAll(async () => {
    ({ browser, page } = await openPage());
    seen = await readTable(page);
});
afterAll(() => browser?.close());

describe("the interface table", () => {
    it("has a row for every kernel interface and every NetworkManager device", () => {
        const kernel = ipJson<KernelLink[]>("address", "show").map(l => l.ifname);
        const nmDevices = onLab("nmcli", "-g", "DEVICE", "device").trim().split("\n");
        expect(Object.keys(seen).sort()).toEqual([...new Set([...kernel, ...nmDevices])].sort());
    });

    it("shows every address with exactly the kernel's endpoint flags, or a reason", () => {
        const endpoints = new Map(ipJson<KernelEndpoint[]>("mptcp", "endpoint", "show").map(e => [e.address, e]));
        expect(endpoints.size).toBeGreaterThan(0);
        for (const link of ipJson<KernelLink[]>("address", "show")) {
            const row = seen[link.ifname];
            expect(Object.keys(row.addresses).sort(), link.ifname).toEqual(link.addr_info.map(a => a.local).sort());
            for (const { local } of link.addr_info) {
                const shown = row.addresses[local];
                const ep = endpoints.get(local);
                if (ep) expect(shown, local).toMatchObject({ flags: endpointFlags(ep), reason: null });
                else expect(shown.flags, local).toBeNull();
                if (!ep) expect(shown.reason, local).not.toBeNull();
            }
        }
    });

    it("explains each lab case with NetworkManager's rule", () => {
        expect(seen.eth1.addresses["fd00:1::2"].reason).toBe("unique-local");
        const linkLocal = Object.entries(seen.eth1.addresses).find(([a]) => a.startsWith("fe80:"));
        expect(linkLocal?.[1].reason).toBe("link-local");
        expect(seen.eth2.addresses["203.0.113.2"]).toMatchObject({ reason: "no-default-route", text: expect.stringContaining("No IPv4 default route") });
        expect(seen.eth3.addresses["192.0.2.2"].reason).toBe("profile-disabled");
        expect(seen.ext0.addresses["198.18.6.2"].reason).toBe("unmanaged");
        expect(seen.lo.addresses["127.0.0.1"].reason).toBe("loopback");
    });

    it("shows each device's active profile and its configured flags as NetworkManager has them", () => {
        for (const line of onLab("nmcli", "-t", "-f", "DEVICE,CONNECTION", "device").trim().split("\n")) {
            const [dev, con] = line.split(":");
            if (!con || dev === "lo") {
                if (!con) expect(seen[dev].profile, dev).toBe("None");
                continue;
            }
            expect(seen[dev].profile, dev).toBe(con);
            // nmcli -g prints the raw value ("0x30"); the page says it in words
            const raw = Number(onLab("nmcli", "-g", "connection.mptcp-flags", "connection", "show", con).trim());
            const words = [[0x10, "signal"], [0x20, "subflow"], [0x40, "backup"], [0x80, "fullmesh"]]
                .filter(([bit]) => (raw & Number(bit)) !== 0).map(([, name]) => name).join(", ");
            const expected = raw === 0 ? "Not set: system default (subflow)" : raw === 1 ? "Disabled" : words;
            expect(seen[dev].flags, `${dev} ${raw}`).toBe(expected);
        }
    });

    it("the status header agrees with the host", async () => {
        const header = await page.getByLabel("MPTCP status").innerText();
        const version = onLab("nmcli", "-g", "VERSION", "general").trim();
        expect(header).toContain(`Version ${version}`);
        const limits = onLab("ip", "mptcp", "limits", "show");
        const subflows = /subflows (\d+)/.exec(limits)?.[1];
        expect(header).toMatch(new RegExp(`Subflow limit\\s+${subflows}`));
        expect(header).toMatch(/net\.mptcp\.enabled\s+1/);
        expect(header).toMatch(/Path manager\s+In-kernel/);
    });
});

/** What the Type column says for each row. */
const typeColumn = () => page.evaluate(() => Object.fromEntries([...document.querySelectorAll<HTMLElement>("tr[data-interface]")]
    .map(tr => [tr.dataset.interface ?? "", tr.querySelector('td[data-label="Type"]')?.textContent ?? ""])));

describe("accessible names", () => {
    it("names each row's checkbox and Edit button after its interface, and says why an Edit is unavailable", async () => {
        const row = (name: string) => page.locator(`tr[data-interface="${name}"]`);
        await expect(row("eth1").getByRole("checkbox", { name: "Select eth1", exact: true }).count()).resolves.toBe(1);
        await expect(page.getByRole("checkbox", { name: /^Select row/ }).count()).resolves.toBe(0);
        await expect(row("eth1").getByRole("button", { name: "Edit eth1", exact: true }).isEnabled()).resolves.toBe(true);
        // ext0 is unmanaged in the lab's NetworkManager configuration
        const edit = row("ext0").getByRole("button", { name: "Edit ext0", exact: true });
        expect(await edit.getAttribute("aria-disabled")).toBe("true");
        const description = await edit.evaluate(b => (b.getAttribute("aria-describedby") ?? "").split(/\s+/)
            .map(id => document.getElementById(id)?.textContent ?? "").join(" "));
        expect(description).toBe("Cannot be changed: not managed by NetworkManager");
    });
});

describe("without NetworkManager", () => {
    it("names each interface's type after the kernel's link type", async () => {
        expect((await typeColumn()).eth1).toBe("veth");
        nm("stop");
        try {
            await eventually(typeColumn, types => {
                expect(types.lo).toBe("Loopback");
                expect(types.eth1).toBe("Ethernet");
                expect(Object.values(types)).not.toContain("Not known to NetworkManager");
            }, 10_000);
        } finally {
            nm("start");
        }
        await eventually(() => readTable(page), t => expect(t.eth1.profile).toBe("lab-multi"), 15_000);
    });
});

/** A python3 with PyYAML on this machine (Debian's python3-yaml), or null. */
const python = ["python3", "/usr/bin/python3"].find(p => spawnSync(p, ["-c", "import yaml"], { stdio: "ignore" }).status === 0) ?? null;

describe("the nmstate export, for YAML 1.1 readers", () => {
    // interface names that YAML 1.1 reads as booleans, an integer and an octal number: two veth pairs
    // (the lab's kernel may lack the dummy module)
    const PAIRS = [["on", "1_0"], ["012", "off"]];
    const TRICKY = PAIRS.flat();

    it.skipIf(python === null)("writes names that PyYAML reads back as the same strings", async () => {
        try {
            for (const [name, peer] of PAIRS) onLab("ip", "link", "add", name, "type", "veth", "peer", "name", peer);
            await eventually(
                () => readTable(page), t => expect(Object.keys(t)).toEqual(expect.arrayContaining(TRICKY)), 5000
            );
            await page.getByRole("button", { name: "Show as nmstate YAML" }).click();
            // the report has every interface (the desired state only those NetworkManager manages)
            await page.getByRole("button", { name: "This host's state, a report" }).click();
            await page.locator('.mptcp-export[data-shape="report"]').waitFor();
            const yaml = await page.locator(".mptcp-export").innerText();
            await page.keyboard.press("Escape");
            const program = "import json, sys, yaml\nprint(json.dumps([[type(i['name']).__name__, str(i['name'])] for i in yaml.safe_load(sys.stdin)['interfaces']]))";
            const r = spawnSync(python ?? "python3", ["-c", program], { input: yaml, encoding: "utf8" });
            expect(r.stderr).toBe("");
            const names = JSON.parse(r.stdout) as [string, string][];
            for (const name of TRICKY) expect(names, name).toContainEqual(["str", name]);
            expect(names).toContainEqual(["str", "eth1"]);
        } finally {
            // deleting one end of a pair deletes both; one that was never made is no error here
            for (const [name] of PAIRS) onLab("sh", "-c", 'ip link delete "$1" 2>/dev/null || true', "-", name);
        }
        await eventually(() => readTable(page), t => expect(Object.keys(t)).not.toContain("on"), 5000);
    });
});
