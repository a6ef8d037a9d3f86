// Changing MPTCP flags from the page, in the lab: preview, apply, verify, roll back, refuse.

import type { Browser, Page } from "playwright-core";
import { parse } from "yaml";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { DEFAULT, DOT1X, MULTI, NOROUTE } from "../lab/facts";
import { endpointFlags, ipJson, nm, onLab, type KernelEndpoint, type KernelLink } from "./lab";
import { eventually, openPage, readTable } from "./page";

let browser: Browser;
let page: Page;
/** address -> endpoint flags, as the lab starts */
let labEndpoints: Record<string, string>;

/** The kernel's endpoints as address -> flags (ids change with every re-add, so they are left out). */
const endpointMap = () => Object.fromEntries(ipJson<KernelEndpoint[]>("mptcp", "endpoint", "show").map(e => [e.address, endpointFlags(e)]));

beforeAll(async () => {
    labEndpoints = endpointMap();
    ({ browser, page } = await openPage());
});
afterAll(() => browser?.close());

/** device: [profile, connection.mptcp-flags as nmcli prints it], as the lab makes them (the profiles tests change) */
const ORIGINAL: Record<string, [string, string]> =
    Object.fromEntries([MULTI, NOROUTE, DEFAULT, DOT1X].map(p => [p.dev, [p.profile, p.flags.nmcli]]));

/** Puts every profile a test touched back as the lab made it (only those: a reapply re-authenticates 802.1X). */
afterEach(async () => {
    onLab("sysctl", "-qw", "net.mptcp.enabled=1");
    for (const [dev, [con, flags]] of Object.entries(ORIGINAL)) {
        const now = onLab("nmcli", "-g", "connection.mptcp-flags,connection.autoconnect-priority", "connection", "show", con).trim().split("\n");
        if (now[0] === flags && now[1] === "0") continue;
        onLab("nmcli", "connection", "modify", con, "connection.mptcp-flags", flags, "connection.autoconnect-priority", "0");
        onLab("nmcli", "device", "reapply", dev);
    }
    // NetworkManager replaces endpoints after a reapply returns: wait until the kernel is as the lab began
    await eventually(async () => endpointMap(), now => expect(now).toEqual(labEndpoints), 15_000);
    if (await page.locator(".pf-v6-c-modal-box").count()) await page.keyboard.press("Escape");
    await page.reload();
    await page.locator('tr[data-interface="eth1"] li[data-address]').first().waitFor();
    await page.locator(".mptcp-tabs").waitFor();
});

/** A profile as NetworkManager lists it, secrets included, without the fields a change may touch. */
function profileListing(con: string): Record<string, string> {
    const lines = onLab("nmcli", "--show-secrets", "-t", "connection", "show", con).trim().split("\n");
    return Object.fromEntries(lines
        .map(l => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1)])
        // settings are lower case ("802-1x.password"); run-time state is upper case ("GENERAL.STATE")
        .filter(([k]) => /^[a-z0-9-]+\./.test(k) && k !== "connection.timestamp"));
}

/** The profile's keyfile, as NetworkManager wrote it to (the lab's tmpfs) disk. */
const keyfile = (con: string) => onLab("cat", `/etc/NetworkManager/system-connections/${con}.nmconnection`);

const kernelFlagsOn = (dev: string) => {
    const endpoints = new Map(ipJson<KernelEndpoint[]>("mptcp", "endpoint", "show").map(e => [e.address, endpointFlags(e)]));
    const link = ipJson<KernelLink[]>("address", "show", "dev", dev)[0];
    return Object.fromEntries(link.addr_info.map(a => [a.local, endpoints.get(a.local) ?? null]));
};

const modal = () => page.locator(".pf-v6-c-modal-box");

async function openEditor(dev: string) {
    await page.getByRole("button", { name: `Edit ${dev}`, exact: true }).click();
    await modal().waitFor();
}

async function setFlags(flags: string[], advanced: { withoutDefaultRoute?: boolean } = {}) {
    await page.locator("#mptcp-mode-enabled").check();
    for (const f of ["signal", "subflow", "backup", "fullmesh"]) {
        const box = page.locator(`#mptcp-flag-${f}`);
        // several interfaces that differ: a mixed box is neither; one click sets it on all of them
        if (await box.evaluate(e => (e as HTMLInputElement).indeterminate)) await box.click();
        await box.setChecked(flags.includes(f));
    }
    if (advanced.withoutDefaultRoute !== undefined) {
        await page.getByRole("button", { name: "Advanced" }).click();
        await page.locator("#mptcp-also-without-default-route").setChecked(advanced.withoutDefaultRoute);
    }
}

async function preview() {
    await page.getByRole("button", { name: "Preview changes" }).click();
    await page.locator(".mptcp-operations").waitFor();
}

/** The page's prediction: address -> flags ("" for none) */
const predicted = () => page.locator(".mptcp-predicted li").evaluateAll(items =>
    Object.fromEntries(items.map(li => [(li as HTMLElement).dataset.address, (li as HTMLElement).dataset.flags])));

async function applyAndWait(): Promise<number> {
    const t0 = Date.now();
    await page.getByRole("button", { name: "Apply", exact: true }).click();
    await modal().getByText(/Applied and verified|failed/).first().waitFor({ timeout: 30_000 });
    return Date.now() - t0;
}

describe("editing MPTCP flags", () => {
    it("enabling signal on a link without default route, with also-without-default-route", async () => {
        await openEditor("eth2");
        await setFlags(["signal", "subflow"], { withoutDefaultRoute: true });
        await preview();
        const diff = await page.locator(".mptcp-diff").innerText();
        expect(diff).toMatch(/^\+\s+- signal$/m);
        const prediction = await predicted();
        expect(prediction["203.0.113.2"]).toBe("signal,subflow");
        await applyAndWait();
        await expect(modal().getByText("Applied and verified").count()).resolves.toBe(1);

        // exactly the predicted addresses have endpoints, with the predicted flags
        const kernel = kernelFlagsOn("eth2");
        for (const [address, flags] of Object.entries(prediction)) expect(kernel[address ?? ""], address).toBe(flags || null);
        expect(onLab("nmcli", "-g", "connection.mptcp-flags", "connection", "show", "lab-noroute").trim()).toBe("0x38");
        await modal().locator(".pf-v6-c-modal-box__footer").getByRole("button", { name: "Close" }).click();
        await eventually(() => readTable(page), t => expect(t.eth2.addresses["203.0.113.2"].flags).toBe("signal,subflow"));
    });

    it("changing the flags of an 802.1X profile keeps its password and every other setting", async () => {
        // (see below: wait out a secret request that an earlier re-authentication may have started)
        const before = await eventually(async () => profileListing("lab-8021x"),
            p => expect(p["802-1x.password"]).toBe("lab-secret-8021x"), 20_000);
        const keyfileBefore = keyfile("lab-8021x");
        expect(keyfileBefore).toContain("password=lab-secret-8021x");
        await openEditor("eth6");
        await setFlags(["signal", "backup"]);
        await preview();
        const ms = await applyAndWait();
        console.log(`apply, click to verified: ${ms} ms`);
        await expect(modal().getByText("Applied and verified").count()).resolves.toBe(1);
        expect(kernelFlagsOn("eth6")["198.18.7.2"]).toBe("signal,backup");

        // on disk: the same profile, but for the one value we changed (and NetworkManager's last-used time)
        const withoutFlags = (text: string) => text.split("\n").filter(l => !/^(mptcp-flags|timestamp)=/.test(l));
        const keyfileAfter = keyfile("lab-8021x");
        expect(keyfileAfter).toMatch(/^mptcp-flags=80$/m); // signal (0x10) | backup (0x40)
        expect(withoutFlags(keyfileAfter)).toEqual(withoutFlags(keyfileBefore));
        // in NetworkManager: the same, secrets included. The lab has no 802.1X authenticator, so a reapply
        // fails authentication and NetworkManager hides the secret while it asks agents for a new one;
        // it is back once that request ends.
        await eventually(async () => profileListing("lab-8021x"), after => {
            expect(after["connection.mptcp-flags"]).toBe("0x50");
            expect({ ...after, "connection.mptcp-flags": "" }).toEqual({ ...before, "connection.mptcp-flags": "" });
        }, 20_000);
    });

    it("disabling MPTCP removes NetworkManager's endpoint", async () => {
        expect(kernelFlagsOn("eth4")["198.18.4.2"]).toBe("subflow");
        await openEditor("eth4");
        await page.locator("#mptcp-mode-disabled").check();
        await preview();
        expect((await predicted())["198.18.4.2"]).toBe("");
        await applyAndWait();
        await expect(modal().getByText("Applied and verified").count()).resolves.toBe(1);
        expect(kernelFlagsOn("eth4")["198.18.4.2"]).toBeNull();
        expect(onLab("nmcli", "-g", "connection.mptcp-flags", "connection", "show", "lab-default").trim()).toBe("0x1");
    });

    it("several interfaces in one change set", async () => {
        await page.locator('tr[data-interface="eth1"] input[type="checkbox"]').check();
        await page.locator('tr[data-interface="eth4"] input[type="checkbox"]').check();
        await page.getByRole("button", { name: "Edit 2 selected" }).click();
        await setFlags(["subflow", "backup"]);
        await preview();
        expect(await page.locator(".mptcp-operations li").first().innerText()).toContain("eth1, eth4");
        await applyAndWait();
        await expect(modal().getByText("Applied and verified").count()).resolves.toBe(1);
        expect(kernelFlagsOn("eth1")["198.51.100.2"]).toBe("subflow,backup");
        expect(kernelFlagsOn("eth1")["2001:db8:1::2"]).toBe("subflow,backup");
        expect(kernelFlagsOn("eth4")["198.18.4.2"]).toBe("subflow,backup");
    });

    it("refuses an invalid combination", async () => {
        const before = profileListing("lab-multi");
        await openEditor("eth1");
        await setFlags(["signal", "fullmesh"]);
        await expect(page.getByText("fullmesh cannot be combined with signal").count()).resolves.toBe(1);
        await expect(page.getByRole("button", { name: "Preview changes" }).isDisabled()).resolves.toBe(true);
        await page.getByRole("button", { name: "Cancel" }).click();
        expect(profileListing("lab-multi")).toEqual(before);
    });

    it("cancel after the preview changes nothing", async () => {
        const before = profileListing("lab-multi");
        const endpoints = endpointMap();
        await openEditor("eth1");
        await setFlags(["subflow"]);
        await preview();
        await page.getByRole("button", { name: "Cancel" }).click();
        await expect(modal().count()).resolves.toBe(0);
        expect(profileListing("lab-multi")).toEqual(before);
        expect(endpointMap()).toEqual(endpoints);
    });

    it("refuses to apply when the profile changed outside since the preview, and shows a fresh one", async () => {
        await openEditor("eth1");
        await setFlags(["subflow"]);
        await preview();
        onLab("nmcli", "connection", "modify", "lab-multi", "connection.autoconnect-priority", "5");
        await page.getByRole("button", { name: "Apply", exact: true }).click();
        await modal().getByText(/changed outside this page/).waitFor();
        // nothing changed: the outside change is there, our flags are not
        const now = profileListing("lab-multi");
        expect(now["connection.autoconnect-priority"]).toBe("5");
        expect(now["connection.mptcp-flags"]).toBe("0x30");
        // the fresh preview can be applied
        await applyAndWait();
        await expect(modal().getByText("Applied and verified").count()).resolves.toBe(1);
        expect(profileListing("lab-multi")["connection.mptcp-flags"]).toBe("0x20");
        expect(profileListing("lab-multi")["connection.autoconnect-priority"]).toBe("5");
    });

    it("a change set that cannot be verified is rolled back, all of it", async () => {
        const before = { multi: profileListing("lab-multi"), noroute: profileListing("lab-noroute") };
        const endpoints = { eth1: kernelFlagsOn("eth1"), eth2: kernelFlagsOn("eth2") };
        await page.locator('tr[data-interface="eth1"] input[type="checkbox"]').check();
        await page.locator('tr[data-interface="eth2"] input[type="checkbox"]').check();
        await page.getByRole("button", { name: "Edit 2 selected" }).click();
        await setFlags(["subflow"], { withoutDefaultRoute: true });
        await preview();
        const prediction = await predicted();
        expect(prediction["203.0.113.2"]).toBe("subflow");
        expect(prediction["198.51.100.2"]).toBe("subflow");
        // after the preview, MPTCP is switched off host-wide: NetworkManager will configure no endpoint
        onLab("sysctl", "-qw", "net.mptcp.enabled=0");
        await applyAndWait();
        await expect(modal().getByText("The change failed and was rolled back").count()).resolves.toBe(1);
        await expect(modal().getByText("The previous state is back.").count()).resolves.toBe(1);
        onLab("sysctl", "-qw", "net.mptcp.enabled=1");
        // both profiles as they were
        expect(profileListing("lab-multi")).toEqual(before.multi);
        expect(profileListing("lab-noroute")).toEqual(before.noroute);
        // the kernel's endpoints too, once NetworkManager configures them again: it removed them while the
        // sysctl was off and does not watch the sysctl, so re-activate (as an admin would)
        onLab("nmcli", "--wait", "20", "connection", "up", "lab-multi");
        await eventually(async () => ({ eth1: kernelFlagsOn("eth1"), eth2: kernelFlagsOn("eth2") }), now => expect(now).toEqual(endpoints));
    });
});

/**
 * The addresses NetworkManager configures on a profile's device,
 * set with nmcli and reapplied; waits for the kernel's endpoints.
 */
async function setAddresses(con: string, dev: string, v4: string[], v6: string[] | null, endpoints: number) {
    onLab("nmcli", "connection", "modify", con, "ipv4.addresses", v4.join(","), ...(v6 ? ["ipv6.addresses", v6.join(",")] : []));
    onLab("nmcli", "device", "reapply", dev);
    await eventually(async () => ipJson<KernelEndpoint[]>("mptcp", "endpoint", "show"), e => expect(e).toHaveLength(endpoints), 15_000);
}

const LAB_MULTI = { v4: ["198.51.100.2/24"], v6: ["2001:db8:1::2/64", "fd00:1::2/64"] };

describe("the kernel's cap of 8 endpoints", () => {
    // 11 addresses want one: eth1's 198.51.100.2 and 2001:db8:1::2, eth4's and eth6's first, then eth1's
    // second to fifth IPv4 (.11 to .14) fill the 8; .15 to .17 get none
    const extra = ["198.51.100.11", "198.51.100.12", "198.51.100.13", "198.51.100.14", "198.51.100.15", "198.51.100.16", "198.51.100.17"];
    const over = extra.slice(4);

    it("the table says which addresses are over it, the preview predicts the 8, and the apply verifies", async () => {
        try {
            await setAddresses("lab-multi", "eth1", [...LAB_MULTI.v4, ...extra.map(a => `${a}/24`)], null, 8);
            // the page reads the endpoints once a second
            const table = await eventually(() => readTable(page), t => {
                for (const a of over) expect(t.eth1.addresses[a]?.reason, a).toBe("endpoint-limit");
                for (const a of extra.slice(0, 4)) expect(t.eth1.addresses[a]?.flags, a).toBe("signal,subflow");
            });
            expect(table.eth1.addresses[over[0]].text).toContain("Over the kernel's limit of 8 MPTCP endpoints");

            await openEditor("eth1");
            await setFlags(["subflow"]);
            await preview();
            const prediction = await predicted();
            for (const a of extra.slice(0, 4)) expect(prediction[a], a).toBe("subflow");
            for (const a of over) expect(prediction[a], a).toBe("");
            await expect(modal().locator('[data-verdict="endpoint-limit"]').innerText()).resolves.toContain(`No endpoint for: ${over.map(a => `eth1 ${a}`).join(", ")}.`);
            await applyAndWait();
            await expect(modal().getByText("Applied and verified").count()).resolves.toBe(1);
            const kernel = kernelFlagsOn("eth1");
            for (const [address, flags] of Object.entries(prediction)) expect(kernel[address ?? ""], address).toBe(flags || null);
            expect(ipJson<KernelEndpoint[]>("mptcp", "endpoint", "show")).toHaveLength(8);
        } finally {
            await setAddresses("lab-multi", "eth1", LAB_MULTI.v4, LAB_MULTI.v6, 4);
        }
    });

    it("where equal addresses compete for the last endpoint, either is accepted", async () => {
        // first addresses: 4; second ones: eth1's .11 and ::11, eth4's .3; third ones, for the last endpoint:
        // eth1's .12 and ::12. Which one NetworkManager keeps depends on the order it first saw them.
        try {
            await setAddresses("lab-default", "eth4", ["198.18.4.2/24", "198.18.4.3/24"], null, 5);
            await setAddresses("lab-multi", "eth1", ["198.51.100.2/24", "198.51.100.11/24", "198.51.100.12/24"],
                ["2001:db8:1::2/64", "2001:db8:1::11/64", "2001:db8:1::12/64", "fd00:1::2/64"], 8);
            // once duplicate address detection is done for the new IPv6 addresses
            await eventually(() => readTable(page), t => {
                expect(t.eth1.addresses["2001:db8:1::12"]?.flags ?? t.eth1.addresses["2001:db8:1::12"]?.reason).not.toBe("tentative");
                expect(Object.values(t.eth1.addresses).filter(a => a.flags !== null)).toHaveLength(5);
            }, 10_000);
            await openEditor("eth1");
            await setFlags(["subflow"]);
            await preview();
            const maybe = await page.locator(".mptcp-predicted li[data-maybe]").evaluateAll(items => items.map(li => (li as HTMLElement).dataset.address));
            expect(maybe.sort()).toEqual(["198.51.100.12", "2001:db8:1::12"]);
            await expect(modal().locator('[data-verdict="endpoint-limit"]').innerText()).resolves.toMatch(/1 of eth1 198\.51\.100\.12, eth1 2001:db8:1::12 gets the last endpoint/);
            await applyAndWait();
            await expect(modal().getByText("Applied and verified").count()).resolves.toBe(1);
            const kernel = kernelFlagsOn("eth1");
            expect([kernel["198.51.100.12"], kernel["2001:db8:1::12"]].filter(f => f !== null)).toEqual(["subflow"]);
        } finally {
            await setAddresses("lab-default", "eth4", ["198.18.4.2/24"], null, 8);
            await setAddresses("lab-multi", "eth1", LAB_MULTI.v4, LAB_MULTI.v6, 4);
        }
    });
});

describe("NetworkManager going away during an apply", () => {
    /**
     * Starts a change of eth1 to subflow that cannot be verified (MPTCP
     * switched off after the preview) and waits until it verifies.
     */
    async function applyUntilVerifying() {
        await openEditor("eth1");
        await setFlags(["subflow"]);
        await preview();
        // NetworkManager now configures no endpoint: verification
        // waits its full time, long enough to stop NetworkManager
        onLab("sysctl", "-qw", "net.mptcp.enabled=0");
        await page.getByRole("button", { name: "Apply", exact: true }).click();
        await modal().getByText("Verifying the kernel's endpoints").waitFor({ timeout: 10_000 });
    }

    /** "Put the old flags back": a fresh preview of the old flags, applied and verified like any change. */
    async function putBack() {
        onLab("sysctl", "-qw", "net.mptcp.enabled=1");
        // the page reads the sysctl once a second; after a NetworkManager restart the device is activated and its
        // default route back only a little later: wait until NetworkManager's rules give the address an endpoint
        await eventually(() => readTable(page), t => expect([null, "missing"]).toContain(t.eth1.addresses["198.51.100.2"].reason), 20_000);
        await modal().getByRole("button", { name: "Put the old flags back" }).click();
        await modal().locator(".mptcp-predicted").waitFor();
        await modal().getByText("This puts back the flags the profiles had before the change.").waitFor();
        expect((await predicted())["198.51.100.2"]).toBe("signal,subflow");
        await applyAndWait();
        await expect(modal().getByText("Applied and verified").count()).resolves.toBe(1);
        expect(onLab("nmcli", "-g", "connection.mptcp-flags", "connection", "show", "lab-multi").trim()).toBe("0x30");
        expect(kernelFlagsOn("eth1")["198.51.100.2"]).toBe("signal,subflow");
    }

    it("restarted: the page says its checkpoint is gone and where the profile stands, and puts the old flags back", async () => {
        await applyUntilVerifying();
        nm("stop");
        nm("start");
        await modal().getByText("NetworkManager restarted during the change").waitFor({ timeout: 30_000 });
        await expect(modal().getByText(/restores the checkpoint by itself|The previous state is back/).count()).resolves.toBe(0);
        // what NetworkManager read from disk when it started: our new flags
        expect(onLab("nmcli", "-g", "connection.mptcp-flags", "connection", "show", "lab-multi").trim()).toBe("0x20");
        await expect(modal().locator(".mptcp-profiles-after").innerText()).resolves
            .toContain("lab-multi (eth1): has the new flags subflow, saved to disk.");
        await putBack();
    });

    it("stopped: the page says what NetworkManager will use when it starts, and puts the old flags back once it runs", async () => {
        await applyUntilVerifying();
        nm("stop");
        try {
            await modal().getByText("NetworkManager stopped during the change").waitFor({ timeout: 30_000 });
            await expect(modal().locator(".mptcp-profiles-after").innerText()).resolves
                .toContain("lab-multi (eth1): the new flags subflow are saved to disk; NetworkManager uses them when it starts again.");
        } finally {
            nm("start");
        }
        // the page follows NetworkManager back (its profile in the table) before a new preview is asked of it
        await eventually(() => readTable(page), t => expect(t.eth1.profile).toBe("lab-multi"), 20_000);
        await putBack();
    });
});

describe("a profile NetworkManager keeps in memory", () => {
    it("stays in memory: the apply changes the copy in /run and leaves the file on disk alone", async () => {
        const run = "/run/NetworkManager/system-connections/lab-default.nmconnection";
        const withoutTimestamp = (text: string) => text.split("\n").filter(l => !/^timestamp=/.test(l));
        const disk = keyfile("lab-default");
        onLab("nmcli", "connection", "modify", "--temporary", "lab-default", "ipv4.dns", "192.0.2.53");
        try {
            await page.reload();
            await page.locator('tr[data-interface="eth4"] li[data-address]').first().waitFor();
            await page.locator(".mptcp-tabs").waitFor();
            await openEditor("eth4");
            await setFlags(["signal"]);
            await preview();
            await expect(page.locator(".mptcp-operations").first().innerText()).resolves.toContain("kept in memory only as the profile is now (not saved to disk)");
            await applyAndWait();
            await expect(modal().getByText("Applied and verified").count()).resolves.toBe(1);
            expect(kernelFlagsOn("eth4")["198.18.4.2"]).toBe("signal");
            // on disk: as before; in memory: the new flags beside the earlier in-memory change
            expect(withoutTimestamp(keyfile("lab-default"))).toEqual(withoutTimestamp(disk));
            const inMemory = onLab("cat", run);
            expect(inMemory).toMatch(/^mptcp-flags=16$/m);
            expect(inMemory).toMatch(/^dns=192\.0\.2\.53;$/m);
            expect(onLab("nmcli", "-g", "connection.mptcp-flags,ipv4.dns", "connection", "show", "lab-default").trim().split("\n")).toEqual(["0x10", "192.0.2.53"]);
        } finally {
            // written to disk again as the lab made it (the copy in /run goes)
            onLab("nmcli", "connection", "modify", "lab-default", "ipv4.dns", "", "connection.mptcp-flags", "0x0");
            onLab("nmcli", "device", "reapply", "eth4");
        }
    });
});

describe("import", () => {
    async function openImport(yaml: string) {
        await page.getByRole("button", { name: "Import nmstate YAML" }).click();
        await modal().waitFor();
        await page.getByRole("textbox", { name: "nmstate YAML" }).fill(yaml);
    }

    it("applies a policy's flags to each interface it names, and the kernel has the endpoints the preview predicted", async () => {
        const before = { eth1: kernelFlagsOn("eth1"), eth2: kernelFlagsOn("eth2") };
        await openImport(`apiVersion: nmstate.io/v1
kind: NodeNetworkConfigurationPolicy
metadata:
  name: mptcp
spec:
  desiredState:
    interfaces:
    - name: eth1
      type: veth
      state: up
      mptcp:
        address-flags: [subflow, backup]
      ipv4:
        address:
        - ip: 198.51.100.2
          prefix-length: 24
          mptcp-flags: [signal]
    - name: eth2
      mptcp:
        address-flags: []
`);
        await modal().locator(".mptcp-import-warnings").getByText("per-address mptcp-flags of 198.51.100.2 are ignored", { exact: false }).waitFor();
        await expect(modal().locator(".mptcp-import-not-applied").innerText()).resolves.toContain("interfaces[eth1].ipv4.address");
        await preview();
        const expected = await predicted();
        await applyAndWait();
        await modal().getByText("Applied and verified").waitFor();
        expect(onLab("nmcli", "-g", "connection.mptcp-flags", "connection", "show", "lab-multi").trim()).toBe("0x60");
        expect(onLab("nmcli", "-g", "connection.mptcp-flags", "connection", "show", "lab-noroute").trim()).toBe("0x1");
        // the kernel, per address, as predicted: eth1's with subflow and backup, eth2's none
        const now = { ...kernelFlagsOn("eth1"), ...kernelFlagsOn("eth2") };
        for (const [address, flags] of Object.entries(expected)) expect(now[address] ?? "", address).toBe(flags);
        expect(Object.values(kernelFlagsOn("eth2")).every(f => f === null)).toBe(true);
        expect(before.eth1["198.51.100.2"]).toBe("signal,subflow");
        await page.locator(".pf-v6-c-modal-box__footer").getByRole("button", { name: "Close" }).click();
    });

    it("changes nothing for an invalid import: says where, and offers no preview", async () => {
        const profiles = () => ["lab-multi", "lab-noroute"].map(c => onLab("nmcli", "-g", "connection.mptcp-flags", "connection", "show", c).trim());
        const [flagsBefore, endpointsBefore] = [profiles(), endpointMap()];
        await openImport("interfaces:\n- name: eth1\n  mptcp:\n    address-flags: [signal, fullmesh]\n- name: eth2\n  mptcp:\n    address-flags: [subflow]\n");
        await expect(modal().locator(".mptcp-import-errors").innerText()).resolves.toContain("line 4, column 5: eth1: signal and fullmesh cannot be set together");
        await expect(page.getByRole("button", { name: "Preview changes" }).isDisabled()).resolves.toBe(true);
        await page.keyboard.press("Escape");
        expect(profiles()).toEqual(flagsBefore);
        expect(endpointMap()).toEqual(endpointsBefore);
    });
});

describe("export", () => {
    it("offers a desired state for other hosts: each active profile's flags as NetworkManager has them, and nothing else", async () => {
        await page.getByRole("button", { name: "Show as nmstate YAML" }).click();
        const text = await page.locator('.mptcp-export[data-shape="desired"]').innerText();
        type Desired = { name: string; type: string; state: string; mptcp: { "address-flags": string[] } };
        const ifaces = (parse(text) as { interfaces: Desired[] }).interfaces;
        // NetworkManager's own words for each profile's flags, against the exported list
        const words: Record<string, string> = { "0x1": "disabled", "0x10": "signal", "0x20": "subflow", "0x30": "signal,subflow" };
        for (const i of ifaces) {
            expect(Object.keys(i).sort(), i.name).toEqual(["mptcp", "name", "state", "type"]);
            const con = onLab("nmcli", "-g", "GENERAL.CONNECTION", "device", "show", i.name).trim();
            const raw = onLab("nmcli", "-g", "connection.mptcp-flags", "connection", "show", con).trim();
            expect(i.mptcp["address-flags"].join(",") || "disabled", `${i.name} (${con}, ${raw})`).toBe(words[raw]);
        }
        expect(ifaces.map(i => i.name)).toEqual(expect.arrayContaining(["eth1", "eth2", "eth3"]));
        // left out, and said: the system default (nmstate has no word for it), and eth5 (no active profile of
        // its own: none, or one NetworkManager generated, after earlier tests gave it an address)
        const leftOut = await page.locator('[data-note="left-out"]').allInnerTexts();
        expect(leftOut).toContain("eth4 is left out: its profile uses the system default, which nmstate cannot write");
        expect(leftOut.some(n => /^eth5 is left out: (no active profile|configured outside NetworkManager)$/.test(n)), leftOut.join("; ")).toBe(true);
        // downloaded, it is the same text
        const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download mptcp-desired-state.yml" }).click()]);
        expect(file.suggestedFilename()).toBe("mptcp-desired-state.yml");
        const stream = await file.createReadStream();
        const chunks: Buffer[] = [];
        for await (const c of stream) chunks.push(c as Buffer);
        expect(Buffer.concat(chunks).toString("utf8").trim()).toBe(text.trim());
        await page.keyboard.press("Escape");
    });

    it("shows every interface as nmstate YAML that matches NetworkManager and the kernel", async () => {
        await page.getByRole("button", { name: "Show as nmstate YAML" }).click();
        await page.getByRole("button", { name: "This host's state, a report" }).click();
        const text = await page.locator('.mptcp-export[data-shape="report"]').innerText();
        type Address = { ip: string; "mptcp-flags"?: string[] };
        type Iface = { name: string; mptcp?: { "address-flags": string[] }; ipv4: { address: Address[] }; ipv6: { address: Address[] } };
        const byName: Record<string, Iface> = Object.fromEntries(
            (parse(text) as { interfaces: Iface[] }).interfaces.map(i => [i.name, i])
        );
        expect(onLab("nmcli", "-g", "connection.mptcp-flags", "connection", "show", "lab-multi").trim()).toBe("0x30");
        expect(byName.eth1.mptcp?.["address-flags"]).toEqual(["signal", "subflow"]);
        for (const dev of ["eth1", "eth2", "eth4", "eth6"]) {
            const kernel = kernelFlagsOn(dev);
            for (const a of [...byName[dev].ipv4.address, ...byName[dev].ipv6.address])
                expect(a["mptcp-flags"]?.join(",") ?? null, `${dev} ${a.ip}`).toBe(kernel[a.ip]);
        }
        await page.keyboard.press("Escape");
    });
});
