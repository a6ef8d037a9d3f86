// The page, opened in a real Cockpit, against the lab's kernel and NetworkManager.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { endpointFlags, ipJson, onLab, type KernelEndpoint, type KernelLink } from "./lab";
import { openPage, readTable, type SeenTable } from "./page";

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
