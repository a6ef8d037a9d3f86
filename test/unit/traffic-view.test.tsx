// @vitest-environment jsdom
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { parseMptcpCounters } from "../../src/model/counters";
import { parseMonitorChunk } from "../../src/model/pm-events";
import { parseSelfTest } from "../../src/model/selftest";
import { parseMptcpSockets, parseTcpSubflows, type MptcpSocket } from "../../src/model/ss-parse";
import { addPmEvents, addSample, emptyTraffic, type TrafficState } from "../../src/model/traffic";
import type { TrafficPort, TrafficView } from "../../src/ui/host-port";
import { TrafficPanel } from "../../src/ui/traffic-view";
import { labSnapshot } from "./fixtures/snapshot";

afterEach(cleanup);

const live = (name: string) => readFileSync(join(import.meta.dirname, "fixtures/live", name), "utf8");
const snapshot = labSnapshot();

function state(sockets: MptcpSocket[] = parseMptcpSockets(live("ss-M-client-fallback-ipv6-refused.txt"))): TrafficState {
    const counters = parseMptcpCounters(live("netstat-6.18-client-after.txt"));
    let t = addSample(emptyTraffic(0), {
        at: 1000, links: snapshot.ip.links, counters, sockets, subflows: parseTcpSubflows(live("ss-t-client-mixed.txt")),
    });
    t = addPmEvents(t, parseMonitorChunk("", live("monitor-client-6.1.txt")).events, 1500);
    return t;
}

function fakeActions(view: TrafficView) {
    let listener: ((v: TrafficView) => void) | null = null;
    const actions: TrafficPort = {
        subscribe: vi.fn(l => {
            listener = l;
            l(view);
            return () => {
                listener = null;
            };
        }),
        reset: vi.fn(),
        selfTest: vi.fn(async () => parseSelfTest(JSON.stringify({
            v: 1, outcome: "mptcp", error: null, errno: null, host: "198.51.100.1", port: 6000,
            remote: { address: "198.51.100.1", port: 6000 }, local: { address: "198.51.100.2", port: 40000 }, attempts: [],
            detection: "mptcp-info", info: null, sent: 16384, send_error: null, counters: { MPJoinSynTx: 1, MPJoinSynAckRx: 1 }, elapsed_ms: 700,
            subflows: [
                { local: { address: "198.51.100.2", port: 40000 }, remote: { address: "198.51.100.1", port: 6000 }, initial: true, state: "established" },
                { local: { address: "198.18.4.2", port: 40001 }, remote: { address: "198.51.100.1", port: 6000 }, initial: false, state: "established" },
            ],
        }))),
    };
    return { actions, push: (v: TrafficView) => act(() => listener?.(v)), subscribed: () => listener !== null };
}

const view = (t = state()): TrafficView => ({ state: t, problem: null, eventsProblem: null });

describe("TrafficPanel", () => {
    it("shows the connections with MPTCP or their fallback, the events, the moved counters and the diagnosis", () => {
        const { actions } = fakeActions(view());
        const { container } = render(<TrafficPanel actions={actions} snapshot={snapshot} fixes={{ admin: true }} />);
        const rows = [...container.querySelectorAll<HTMLElement>("tr[data-connection]")];
        expect(rows).toHaveLength(4);
        expect(rows.filter(r => r.dataset.fallback === "handshake")).toHaveLength(1);
        expect(screen.getByText("Fell back to TCP")).toBeTruthy();
        expect(screen.getByText("in the handshake")).toBeTruthy();
        // the subflows of the connection with two, with their interfaces
        const withTwo = container.querySelector<HTMLElement>('tr[data-connection="92a5885f"]')?.closest("tbody");
        expect([...withTwo?.querySelectorAll<HTMLElement>("tr[data-subflow]") ?? []].map(r => r.dataset.iface)).toEqual(["eth1", "eth4", "eth6"]);
        expect(container.querySelectorAll("tr[data-event]").length).toBeGreaterThan(0);
        // counters at 0 are hidden until asked for
        const shown = () => [...container.querySelectorAll<HTMLElement>("tr[data-counter]")].map(r => r.dataset.counter);
        expect(shown()).toContain("MPJoinSynTx");
        expect(shown()).not.toContain("MPFailRx");
        fireEvent.click(screen.getByLabelText("Show counters that are 0"));
        expect(shown()).toContain("MPFailRx");
        expect(container.querySelector('.mptcp-diagnosis [data-verdict="fallback"]')).toBeTruthy();
    });

    it("pages through a thousand connections, busiest first", () => {
        const [one] = parseMptcpSockets(live("ss-M-client-2-subflows.txt"));
        const many = Array.from({ length: 1000 }, (_, i) => ({
            ...one, token: i.toString(16).padStart(8, "0"), local: { ...one.local, port: 10000 + i }, bytesSent: i, bytesReceived: 0,
        }));
        const { actions } = fakeActions(view(state(many)));
        const { container } = render(<TrafficPanel actions={actions} snapshot={snapshot} fixes={{ admin: true }} />);
        const rows = [...container.querySelectorAll<HTMLElement>("tr[data-connection]")];
        expect(rows).toHaveLength(20);
        expect(rows[0].dataset.connection).toBe((999).toString(16).padStart(8, "0"));
        expect(screen.getAllByText(/1000/).length).toBeGreaterThan(0);
    });

    it("says what could not be read, and counts from now on request", () => {
        const { actions, push } = fakeActions(view());
        render(<TrafficPanel actions={actions} snapshot={snapshot} fixes={{ admin: true }} />);
        push({ ...view(), problem: "ss: permission denied", eventsProblem: "Error: Operation not permitted" });
        expect(screen.getByText("ss: permission denied")).toBeTruthy();
        expect(screen.getByText("Error: Operation not permitted")).toBeTruthy();
        fireEvent.click(screen.getByRole("button", { name: "Count from now" }));
        expect(actions.reset).toHaveBeenCalled();
    });

    it("unsubscribes when it goes away", () => {
        const { actions, subscribed } = fakeActions(view());
        const { unmount } = render(<TrafficPanel actions={actions} snapshot={snapshot} fixes={{ admin: true }} />);
        expect(subscribed()).toBe(true);
        unmount();
        expect(subscribed()).toBe(false);
    });
});

describe("SelfTestCard", () => {
    const fill = (host: string, port: string) => {
        fireEvent.change(screen.getByLabelText(/Server/), { target: { value: host } });
        fireEvent.change(screen.getByLabelText(/Port/), { target: { value: port } });
        fireEvent.click(screen.getByRole("button", { name: "Test" }));
    };

    it("refuses bad input with a clear message and runs nothing", () => {
        const { actions } = fakeActions(view());
        render(<TrafficPanel actions={actions} snapshot={snapshot} fixes={{ admin: true }} />);
        fill("$(reboot)", "99999");
        expect(screen.getByText("Not an IPv4 or IPv6 address or a host name (letters, digits, hyphens and dots).")).toBeTruthy();
        expect(screen.getByText("The port is a number from 1 to 65535.")).toBeTruthy();
        expect(actions.selfTest).not.toHaveBeenCalled();
    });

    it("runs the test and shows the subflows with their interfaces", async () => {
        const { actions } = fakeActions(view());
        const { container } = render(<TrafficPanel actions={actions} snapshot={snapshot} fixes={{ admin: true }} />);
        fill(" 198.51.100.1 ", "6000");
        expect(actions.selfTest).toHaveBeenCalledWith("198.51.100.1", 6000);
        await waitFor(() => expect(container.querySelector(".mptcp-selftest-result")?.getAttribute("data-outcome")).toBe("mptcp"));
        expect([...container.querySelectorAll<HTMLElement>(".mptcp-selftest-subflows li")].map(li => li.dataset.iface)).toEqual(["eth1", "eth4"]);
        expect(screen.getByText("1 additional subflow was established.")).toBeTruthy();
    });
});
