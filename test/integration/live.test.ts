// Changes made outside the page, while it is open, show up without a reload.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ipJson, nm, onLab, type KernelEndpoint } from "./lab";
import { eventually, openPage, readTable } from "./page";

let browser: Browser;
let page: Page;

beforeAll(async () => {
    ({ browser, page } = await openPage());
});
afterAll(() => browser?.close());

const table = () => readTable(page);

describe("the page follows the host", () => {
    it("an endpoint added and removed with `ip mptcp endpoint`", async () => {
        expect((await table()).eth2.addresses["203.0.113.2"].reason).toBe("no-default-route");
        onLab("ip", "mptcp", "endpoint", "add", "203.0.113.2", "dev", "eth2", "backup");
        try {
            await eventually(table, t => expect(t.eth2.addresses["203.0.113.2"]).toMatchObject({ flags: "backup", reason: null }), 3000);
        } finally {
            const added = ipJson<KernelEndpoint[]>("mptcp", "endpoint", "show").find(e => e.address === "203.0.113.2");
            if (added) onLab("ip", "mptcp", "endpoint", "delete", "id", String(added.id));
        }
        await eventually(table, t => expect(t.eth2.addresses["203.0.113.2"].reason).toBe("no-default-route"), 3000);
    });

    it("a profile changed with nmcli and reapplied", async () => {
        onLab("nmcli", "connection", "modify", "lab-noroute", "connection.mptcp-flags", "subflow,also-without-default-route");
        onLab("nmcli", "device", "reapply", "eth2");
        try {
            await eventually(table, t => {
                expect(t.eth2.flags).toBe("subflow, also without default route");
                expect(t.eth2.addresses["203.0.113.2"].flags).toBe("subflow");
            }, 3000);
        } finally {
            onLab("nmcli", "connection", "modify", "lab-noroute", "connection.mptcp-flags", "subflow");
            onLab("nmcli", "device", "reapply", "eth2");
        }
        await eventually(table, t => {
            expect(t.eth2.flags).toBe("subflow");
            expect(t.eth2.addresses["203.0.113.2"].reason).toBe("no-default-route");
        }, 3000);
    });

    it("an address added by hand, and net.mptcp.enabled turned off", async () => {
        onLab("ip", "address", "add", "198.51.100.77/24", "dev", "eth5");
        onLab("sysctl", "-qw", "net.mptcp.enabled=0");
        try {
            // NetworkManager wraps a device configured by hand in a generated ("external") profile
            await eventually(table, t => {
                expect(t.eth5.addresses["198.51.100.77"]?.reason).toBe("external");
                expect(t.eth5.profile).toBe("eth5");
            }, 3000);
            await eventually(() => page.getByText("MPTCP is switched off").count(), n => expect(n).toBe(1), 3000);
        } finally {
            onLab("sysctl", "-qw", "net.mptcp.enabled=1");
            onLab("ip", "address", "delete", "198.51.100.77/24", "dev", "eth5");
        }
        await eventually(table, t => expect(t.eth5.addresses).toEqual({}), 3000);
        await eventually(() => page.getByText("MPTCP is switched off").count(), n => expect(n).toBe(0), 3000);
    });

    it("NetworkManager stopping and starting again", async () => {
        nm("stop");
        try {
            await eventually(() => page.getByText("NetworkManager is not available").count(), n => expect(n).toBe(1), 5000);
            // the kernel's side of the table stays
            const t = await table();
            expect(t.eth1.addresses["198.51.100.2"].flags).toBe("signal,subflow");
            expect(t.eth1.profile).toBe("None");
        } finally {
            nm("start");
        }
        await eventually(table, t => expect(t.eth1.profile).toBe("lab-multi"), 15_000);
        // the header's verdicts follow the table a render later
        await eventually(() => page.getByText("NetworkManager is not available").count(), n => expect(n).toBe(0), 3000);
    });
});
