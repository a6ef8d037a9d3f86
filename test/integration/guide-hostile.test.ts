// The guide's shell commands with interface names the kernel accepts but a shell, nmcli or sysctl.d would
// read as something else. The test copies the commands the page shows, runs them with bash inside the lab,
// and checks that they do exactly what the review says, the same as the page's own Apply, and nothing else
// (an injected command would leave a file behind). The interfaces are ifb links (this lab's kernel has no
// dummy driver), some of them managed by NetworkManager with a profile that asks for MPTCP.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { onLab } from "./lab";
import { eventually, openPage } from "./page";

const OUR_CONF = "/etc/sysctl.d/99-zz-cockpit-mptcp.conf";
const OUR_SCRIPT = "/etc/NetworkManager/dispatcher.d/90-cockpit-mptcp-limits";

/** Managed by NetworkManager, with a profile that asks for MPTCP: the guide nudges them with nmcli. */
const MANAGED = ["$(id)", "-dash", "ä€x", "a.b"];
/** Not managed: they only have an address, and an rp_filter the guide can set. */
const PLAIN = ["$(>pwn1)", "`>pwn2`", "abcdefghijklmno", "*"];
const HOSTILE = [...MANAGED, ...PLAIN];
const profileOf = (name: string) => `hostile-${HOSTILE.indexOf(name)}`;
const subnet = (name: string) => `198.18.${40 + HOSTILE.indexOf(name)}`;

let browser: Browser;
let page: Page;

const sysctl = (key: string) => onLab("sysctl", "-n", key).trim();

/** Every interface's own rp_filter, and all's and default's. */
const rpValues = (): Record<string, string> => JSON.parse(onLab("python3", "-c",
    "import json, os; b = '/proc/sys/net/ipv4/conf'; print(json.dumps({d: open(os.path.join(b, d, 'rp_filter')).read().strip() for d in os.listdir(b)}))")) as Record<string, string>;
const setAllRp = (value: string) => onLab("python3", "-c",
    "import os, sys; b = '/proc/sys/net/ipv4/conf'; [open(os.path.join(b, d, 'rp_filter'), 'w').write(sys.argv[1]) for d in os.listdir(b)]", value);
const readOr = (path: string) => onLab("sh", "-c", 'cat "$1" 2>/dev/null || echo "(absent)"', "-", path);

interface HostState {
    enabled: string;
    rp: Record<string, string>;
    endpoints: string[];
    limits: string;
    conf: string;
    script: string;
}

function hostState(): HostState {
    const endpoints = (JSON.parse(onLab("ip", "-j", "mptcp", "endpoint", "show") || "[]") as { address: string; dev?: string; subflow?: boolean; signal?: boolean }[])
        .map(e => `${e.address} ${e.dev ?? ""} ${e.subflow ? "subflow" : ""}${e.signal ? " signal" : ""}`).sort();
    return {
        enabled: sysctl("net.mptcp.enabled"), rp: rpValues(), endpoints, limits: onLab("ip", "mptcp", "limits", "show").trim(),
        conf: readOr(OUR_CONF), script: readOr(OUR_SCRIPT),
    };
}

/**
 * As at boot with MPTCP off: strict filtering everywhere, no
 * files, profiles activated while off (so without endpoints).
 */
function offHost() {
    onLab("rm", "-f", OUR_CONF, OUR_SCRIPT);
    onLab("sysctl", "-qw", "net.mptcp.enabled=0");
    onLab("ip", "mptcp", "limits", "set", "subflows", "0", "add_addr_accepted", "0");
    onLab("ip", "mptcp", "endpoint", "flush");
    setAllRp("1");
    for (const profile of ["lab-multi", "lab-default", ...MANAGED.map(profileOf)]) onLab("nmcli", "--wait", "20", "connection", "up", profile);
    expect(hostState().endpoints).toEqual([]);
}

beforeAll(async () => {
    // at most 8 endpoints in the kernel: the 802.1X link sits this one out
    onLab("nmcli", "connection", "down", "lab-8021x");
    for (const name of HOSTILE) {
        onLab("ip", "link", "add", name, "type", "ifb");
        onLab("ip", "link", "set", name, "up");
        if (PLAIN.includes(name)) onLab("ip", "addr", "add", `${subnet(name)}.2/24`, "dev", name);
    }
    for (const name of MANAGED) {
        onLab("nmcli", "device", "set", "ifname", name, "managed", "yes");
        onLab("nmcli", "connection", "add", "type", "generic", "ifname", name, "con-name", profileOf(name), "autoconnect", "no",
            "ipv4.method", "manual", "ipv4.addresses", `${subnet(name)}.2/24`, "ipv4.gateway", `${subnet(name)}.1`,
            "ipv4.route-metric", String(700 + HOSTILE.indexOf(name)), "ipv6.method", "disabled", "connection.mptcp-flags", "subflow");
    }
    ({ browser, page } = await openPage());
}, 120_000);

afterAll(async () => {
    await browser?.close();
    for (const name of MANAGED) onLab("sh", "-c", 'nmcli connection delete "$1" >/dev/null 2>&1 || true', "-", profileOf(name));
    for (const name of HOSTILE) onLab("sh", "-c", 'ip link del "$1" 2>/dev/null || true', "-", name);
    onLab("rm", "-f", OUR_CONF, OUR_SCRIPT);
    onLab("sysctl", "-qw", "net.mptcp.enabled=1", "net.ipv4.conf.all.rp_filter=0");
    onLab("ip", "mptcp", "limits", "set", "subflows", "2", "add_addr_accepted", "0");
    onLab("nmcli", "--wait", "20", "connection", "up", "lab-8021x");
    for (const profile of ["lab-multi", "lab-default"]) onLab("nmcli", "--wait", "20", "connection", "up", profile);
});

/** Opens the guide on the review, with every hostile interface ticked for rp_filter that the guide offers. */
async function review(): Promise<{ commands: string; runtime: string[]; reapply: string[] }> {
    await page.reload();
    await page.locator('tr[data-interface="eth1"]').waitFor({ timeout: 20_000 });
    await page.locator(".mptcp-tabs").waitFor({ timeout: 20_000 });
    // the limits the guide recommends count the endpoints to come: wait until the page has every address
    for (const name of HOSTILE) await page.locator(`li[data-address="${subnet(name)}.2"]`).waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Open the MPTCP setup guide" }).click();
    const dialog = page.getByRole("dialog", { name: "MPTCP setup guide" });
    // the recommended limits count the endpoints the page has seen so far: choose them, so that both runs agree
    await dialog.getByRole("button", { name: "Limits" }).click();
    await dialog.getByLabel("subflows", { exact: true }).fill("8");
    await dialog.getByLabel("add_addr_accepted", { exact: true }).fill("2");
    await dialog.getByRole("button", { name: "Reverse path filter" }).click();
    for (const name of HOSTILE) {
        const box = dialog.getByRole("checkbox", { name, exact: true });
        if (name === "*") {
            // refused, and says why
            await expect(box.isDisabled()).resolves.toBe(true);
            expect(await dialog.locator(".mptcp-rp-refused").innerText()).toContain("read as a pattern");
        } else {
            await box.check();
        }
    }
    await dialog.getByRole("button", { name: "Review" }).click();
    await page.locator(".mptcp-guide-review").waitFor();
    return {
        commands: (await page.locator(".mptcp-guide-commands").textContent()) ?? "",
        runtime: await page.locator(".mptcp-runtime-changes li:not([data-reapply])").allInnerTexts(),
        reapply: ((await page.locator("[data-reapply]").getAttribute("data-reapply")) ?? "").split(" "),
    };
}

describe("the guide's commands with hostile interface names", () => {
    it("run in bash, they do exactly what the review says and what Apply does, and nothing else", async () => {
        offHost();
        const before = hostState();
        const shown = await review();
        await page.getByRole("button", { name: "Cancel" }).click();
        // the nudge reaches every managed interface NetworkManager gives endpoints (and a name nmcli would
        // read as an option is re-activated by its profile's UUID instead)
        for (const name of MANAGED) expect(shown.reapply).toContain(name);
        expect(shown.commands).toContain("sysctl -w -- 'net.ipv4.conf.$(id).rp_filter=2'");
        expect(shown.commands).toContain("sysctl -w -- net.ipv4.conf.a/b.rp_filter=2");
        expect(shown.commands).toMatch(/^nmcli connection up uuid [0-9a-f-]+$/m);
        expect(shown.commands).not.toMatch(/nmcli device \w+ -dash/);

        // copy and paste: in an empty directory, where an injected "> pwn" would leave a file
        const out = onLab("sh", "-c", 'dir=$(mktemp -d) && cd "$dir" && bash -e -c "$1" && echo "files: $(ls -A)" && rmdir "$dir"', "-", shown.commands);
        expect(out).toMatch(/files: $/m);
        expect(out).not.toMatch(/uid=/);
        // NetworkManager configured the endpoints it had left out
        for (const name of MANAGED) await eventuallyEndpoint(name);
        const byCommands = await settledState();

        // the runtime values: exactly the changes the review lists
        const changed = Object.keys(byCommands.rp).filter(i => byCommands.rp[i] !== before.rp[i])
            .map(i => `net.ipv4.conf.${i.replace(/\./g, "/")}.rp_filter: ${before.rp[i]} → ${byCommands.rp[i]}`);
        if (byCommands.enabled !== before.enabled) changed.push(`net.mptcp.enabled: ${before.enabled} → ${byCommands.enabled}`);
        expect(changed.sort()).toEqual(shown.runtime.filter(t => !t.startsWith("ip mptcp limits")).sort());
        expect(byCommands.rp["*"]).toBe("1");
        expect([byCommands.rp.all, byCommands.rp.default]).toEqual([before.rp.all, before.rp.default]);

        // the page's own Apply, from the same start, leaves the host the same
        offHost();
        await review();
        await page.getByRole("button", { name: "Apply" }).click();
        await page.getByText("The settings are applied").waitFor({ timeout: 30_000 });
        await page.getByRole("button", { name: "Close" }).last().click();
        for (const name of MANAGED) await eventuallyEndpoint(name);
        // NetworkManager adds the other links' endpoints in its own time
        await eventually(async () => hostState(), state => expect(state).toEqual(byCommands), 10_000);
    });

    it("at boot, systemd-sysctl and sysctl -p set exactly the interfaces in our file, none through a pattern", () => {
        const conf = onLab("cat", OUR_CONF);
        expect(conf).not.toContain("conf.*.");
        for (const tool of [["/lib/systemd/systemd-sysctl", OUR_CONF], ["sysctl", "-q", "-p", OUR_CONF]]) {
            setAllRp("1");
            onLab(...tool);
            const rp = rpValues();
            const set = Object.keys(rp).filter(i => rp[i] !== "1").sort();
            expect(set, tool[0]).toEqual(["$(>pwn1)", "$(id)", "-dash", "`>pwn2`", "a.b", "abcdefghijklmno", "eth1", "eth4", "ä€x"].sort());
        }
    });
});

/** The host's state once NetworkManager has stopped adding endpoints: the same twice, half a second apart. */
async function settledState(): Promise<HostState> {
    let last = hostState();
    for (let i = 0; i < 20; i++) {
        await new Promise(r => setTimeout(r, 500));
        const now = hostState();
        if (JSON.stringify(now) === JSON.stringify(last)) return now;
        last = now;
    }
    return last;
}

async function eventuallyEndpoint(name: string) {
    for (let i = 0; i < 100; i++) {
        if (hostState().endpoints.some(e => e.startsWith(`${subnet(name)}.2 ${name} `))) return;
        await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`no endpoint on ${name}: ${hostState().endpoints.join(", ")}`);
}
