// Is MPTCP working? The Traffic tab in the lab, with real MPTCP connections between the lab host and its
// peer: connections and their subflows as `ss` has them, the path manager's events, the counters, the
// diagnosis, and the self-test.

import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { launchBrowser } from "./browser";
import { BASE, labClient, onLab, onPeer, PEER, peerServer, PORT } from "./lab";
import { eventually, openPage } from "./page";


let browser: Browser;
let page: Page;
let port = 7400;

/** A server on the peer (MPTCP, or plain TCP) on a port of its own. */
async function server(plain = false): Promise<number> {
    await peerServer(++port, { plain });
    return port;
}

interface SeenConnection {
    token: string; fallback: string; local: string; remote: string; subflows: { local: string; iface: string }[]
}

function readConnections(): Promise<SeenConnection[]> {
    return page.evaluate(() => [...document.querySelectorAll<HTMLTableRowElement>("tr[data-connection]")].map(tr => {
        const detail = tr.closest("tbody");
        return {
            token: tr.dataset.connection ?? "",
            fallback: tr.dataset.fallback ?? "",
            local: tr.cells[1]?.textContent ?? "",
            remote: tr.cells[2]?.textContent ?? "",
            subflows: [...(detail?.querySelectorAll<HTMLElement>("tr[data-subflow]") ?? [])]
                .map(s => ({ local: s.dataset.subflow ?? "", iface: s.dataset.iface ?? "" })),
        };
    }));
}

const verdicts = (where: string) => page.locator(`${where} [data-verdict]`).evaluateAll(els => els.map(e => (e as HTMLElement).dataset.verdict));
const counter = async (name: string) => Number(await page.locator(`tr[data-counter="${name}"]`).getAttribute("data-since") ?? "0");
const countFromNow = () => page.getByRole("button", { name: "Count from now" }).click();

/** The connection to `serverPort` as the page shows it, once it has at least `subflows` subflows. */
const connectionTo = (serverPort: number, subflows = 1) => eventually(readConnections, cs => {
    const c = cs.find(x => x.remote.endsWith(`:${serverPort}`));
    expect(c, `a connection to port ${serverPort}`).toBeTruthy();
    expect(c?.subflows.length).toBeGreaterThanOrEqual(subflows);
}, 10_000).then(cs => cs.find(x => x.remote.endsWith(`:${serverPort}`)) as SeenConnection);

/** What `ss` says on the lab host: the local addresses of the subflows (TCP sockets) to a port. */
function ssSubflowLocals(serverPort: number): string[] {
    return onLab("ss", "-tnH", "state", "established", "dport", "=", `:${serverPort}`).trim().split("\n").filter(Boolean)
        .map(line => line.trim().split(/\s+/)[2].replace(/%[^:]+/, ""));
}

beforeAll(async () => {
    onLab("sysctl", "-qw", "net.mptcp.enabled=1");
    onLab("ip", "mptcp", "limits", "set", "subflows", "2", "add_addr_accepted", "0");
    onPeer("ip", "mptcp", "limits", "set", "subflows", "2", "add_addr_accepted", "0");
    ({ browser, page } = await openPage());
    await page.getByRole("tab", { name: "Traffic" }).click();
    await page.locator(".mptcp-traffic").waitFor();
});
afterAll(() => browser?.close());
afterEach(() => {
    onPeer("ip", "mptcp", "limits", "set", "subflows", "2", "add_addr_accepted", "0");
    onPeer("ip", "mptcp", "endpoint", "flush");
});

describe("the Traffic tab", () => {
    it("shows a connection with two additional subflows over two links, its events and the join counters", async () => {
        await countFromNow();
        const p = await server();
        labClient(p);
        const c = await connectionTo(p, 3);
        expect(c.fallback).toBe("");
        // the same subflows as the kernel's TCP sockets, each with the interface it leaves by
        const locals = c.subflows.map(s => s.local.replace(/:\d+$/, ""));
        expect(locals.sort()).toEqual(ssSubflowLocals(p).map(a => a.replace(/:\d+$/, "")).sort());
        const ifaces = new Set(c.subflows.map(s => s.iface));
        expect(ifaces.has("eth1")).toBe(true);
        expect(ifaces.size).toBe(3);
        for (const s of c.subflows) {
            const address = s.local.replace(/:\d+$/, "");
            expect(onLab("ip", "-o", "addr", "show", "dev", s.iface)).toContain(address);
        }
        // the path manager's events of this connection, newest first
        await eventually(() => page.locator(`tr[data-event][data-token="${c.token}"]`).evaluateAll(els => els.map(e => (e as HTMLElement).dataset.event)),
            events => {
                expect(events).toContain("created");
                expect(events).toContain("established");
                expect(events.filter(e => e === "sf-established")).toHaveLength(2);
                expect(events.indexOf("created")).toBeGreaterThan(events.indexOf("sf-established"));
            }, 5000);
        // the counters rose: two joins sent and answered
        await eventually(async () => [await counter("MPJoinSynTx"), await counter("MPJoinSynAckRx")], ([tx, ackRx]) => {
            expect(tx).toBeGreaterThanOrEqual(2);
            expect(ackRx).toBeGreaterThanOrEqual(2);
        }, 5000);
        expect(await verdicts(".mptcp-diagnosis")).not.toContain("joins-unanswered");
    });

    it("shows a connection to a plain TCP server as fallen back, with the diagnosis", async () => {
        await countFromNow();
        const p = await server(true);
        labClient(p);
        const c = await connectionTo(p);
        expect(c.fallback).toBe("handshake");
        expect(c.subflows).toHaveLength(1);
        await eventually(() => verdicts(".mptcp-diagnosis"), v => expect(v).toContain("fallback"), 5000);
        expect(await counter("MPCapableFallbackSYNACK")).toBeGreaterThanOrEqual(1);
        const text = await page.locator('.mptcp-diagnosis [data-verdict="fallback"]').innerText();
        expect(text).toContain("does not speak MPTCP");
    });

    it("says that joins are not answered when the peer refuses them", async () => {
        onPeer("ip", "mptcp", "limits", "set", "subflows", "0", "add_addr_accepted", "0");
        await countFromNow();
        const p = await server();
        labClient(p);
        await connectionTo(p);
        await eventually(() => verdicts(".mptcp-diagnosis"), v => expect(v).toContain("joins-unanswered"), 8000);
        const text = await page.locator('.mptcp-diagnosis [data-verdict="joins-unanswered"]').innerText();
        expect(text).toMatch(/closed again while/);
    });

    it("says that the peer's announcements are ignored with add_addr_accepted 0", async () => {
        onPeer("ip", "mptcp", "endpoint", "add", "203.0.113.1", "dev", "p2", "signal");
        await countFromNow();
        const p = await server();
        labClient(p);
        await connectionTo(p);
        await eventually(() => verdicts(".mptcp-diagnosis"), v => expect(v).toContain("announcements-ignored"), 8000);
        expect(await counter("AddAddr")).toBeGreaterThanOrEqual(1);
        // the guide's accepted-address step fixes it
        await expect(page.locator('.mptcp-diagnosis [data-verdict="announcements-ignored"]').getByRole("button", { name: "Fix in the setup guide" }).count())
            .resolves.toBe(1);
    });
});

describe("without administrative access", () => {
    it("shows the connections, and says why the path manager's events are not followed", async () => {
        const limited = await launchBrowser();
        try {
            const p = await limited.newPage();
            await p.goto(`${BASE.replace(String(PORT), String(PORT + 1))}/cockpit/@localhost/mptcp/index.html`);
            await p.getByRole("tab", { name: "Traffic" }).click();
            const serverPort = await server();
            labClient(serverPort);
            await p.locator(`tr[data-connection] >> text=:${serverPort}`).first().waitFor({ timeout: 10_000 });
            await p.getByText("turn on administrative access to follow them").waitFor();
        } finally {
            await limited.close();
        }
    });
});

describe("the self-test", () => {
    const selfTest = async (host: string, serverPort: string) => {
        await page.locator("#mptcp-selftest-host").fill(host);
        await page.locator("#mptcp-selftest-port").fill(serverPort);
        await page.getByRole("button", { name: "Test", exact: true }).click();
    };

    it("reports MPTCP and its subflows against the peer", async () => {
        const p = await server();
        await selfTest(PEER, String(p));
        const result = page.locator(".mptcp-selftest-result");
        await result.waitFor({ timeout: 20_000 });
        expect(await result.getAttribute("data-outcome")).toBe("mptcp");
        expect(Number(await result.getAttribute("data-joined"))).toBeGreaterThanOrEqual(1);
        const subflows = await page.locator(".mptcp-selftest-subflows li").evaluateAll(els =>
            els.map(e => ({ iface: (e as HTMLElement).dataset.iface, initial: (e as HTMLElement).dataset.initial })));
        expect(subflows.find(s => s.initial === "true")?.iface).toBe("eth1");
        expect(subflows.filter(s => s.initial === "false").every(s => s.iface === "eth4" || s.iface === "eth6")).toBe(true);
    });

    it("reports the fallback against a plain TCP port, with the diagnosis", async () => {
        const p = await server(true);
        await selfTest(PEER, String(p));
        const result = page.locator('.mptcp-selftest-result[data-outcome="fallback"]');
        await result.waitFor({ timeout: 20_000 });
        expect(await verdicts(".mptcp-selftest-diagnosis")).toContain("fallback");
    });

    it("refuses a target that is not a host name, and runs nothing", async () => {
        await selfTest("; touch /tmp/mptcp-pwned", "80");
        await page.getByText("Not an IPv4 or IPv6 address or a host name").waitFor();
        expect(await page.locator(".mptcp-selftest-result").count()).toBe(0);
        expect(onLab("sh", "-c", "test -e /tmp/mptcp-pwned && echo yes || echo no").trim()).toBe("no");
    });
});
