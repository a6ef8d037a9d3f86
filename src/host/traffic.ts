// MPTCP traffic: `ss` for connections and their subflows, /proc/net/netstat for the counters (sampled once
// a second while the page is visible and someone looks), and `ip mptcp monitor` for the path manager's
// events. Every argv is fixed; the only variable part, the subflow filter, is made of port numbers.

import { errorMessage } from "../model/error-message";
import { parseMptcpCounters } from "../model/counters";
import { parseMonitorChunk } from "../model/pm-events";
import { parseMptcpSockets, parseTcpSubflows, subflowFilter } from "../model/ss-parse";
import { addPmEvents, addSample, emptyTraffic, resetTraffic, withBaseline, type TrafficSample } from "../model/traffic";
import type { HostSnapshot } from "../model/types";
import type { TrafficView } from "../ui/host-port";
import { _ } from "../i18n";
import { cockpit } from "./cockpit";
import { readFile } from "./read-file";

const SAMPLE_MS = 1000;

// -p names the owning processes: all of them with administrative access, the user's own without
const ss = (...args: string[]) => cockpit.spawn(["ss", ...args], { err: "message", superuser: "try" });

/** One reading: the MPTCP sockets and the counters together, then only the TCP sockets that can be their subflows. */
export async function readTraffic(snapshot: HostSnapshot | null): Promise<TrafficSample> {
    const at = Date.now();
    const [sockets, netstat] = await Promise.all([ss("-MnaiHp").then(parseMptcpSockets), readFile("/proc/net/netstat")]);
    const endpointPorts = (snapshot?.ip.endpoints ?? []).flatMap(e => (e.port ? [e.port] : []));
    const filter = subflowFilter(sockets, endpointPorts);
    const subflows = filter && filter.length === 0 ? [] : parseTcpSubflows(await ss("-tnaiHp", ...(filter ?? [])));
    const counters = netstat === null ? null : parseMptcpCounters(netstat);
    return { at, sockets, subflows, counters, links: snapshot?.ip.links ?? [] };
}

export class TrafficSource {
    private listeners = new Set<(view: TrafficView) => void>();
    private view: TrafficView = { state: emptyTraffic(Date.now()), problem: null, eventsProblem: null };
    private timer: ReturnType<typeof setTimeout> | null = null;
    private monitor: { close(): void } | null = null;
    private reading = false;

    /** countersAtOpen: /proc/net/netstat as the page opened, so that the view counts from then. */
    constructor(private readonly snapshot: () => HostSnapshot | null,
        countersAtOpen: { at: number; text: Promise<string | null> }) {
        void countersAtOpen.text.then(text => {
            const values = text === null ? null : parseMptcpCounters(text);
            if (values && !this.view.state.baseline)
                this.update({ state: withBaseline(this.view.state, values, countersAtOpen.at) });
        });
    }

    subscribe(listener: (view: TrafficView) => void): () => void {
        this.listeners.add(listener);
        if (this.listeners.size === 1) this.start();
        listener(this.view);
        return () => {
            this.listeners.delete(listener);
            if (this.listeners.size === 0) this.stop();
        };
    }

    reset(): void {
        this.update({ state: resetTraffic(this.view.state, Date.now()) });
    }

    private update(change: Partial<TrafficView>): void {
        this.view = { ...this.view, ...change };
        for (const l of this.listeners) l(this.view);
    }

    private start(): void {
        this.update({ eventsProblem: null });
        this.startMonitor();
        cockpit.addEventListener("visibilitychange", this.onVisibility);
        void this.tick();
    }

    private stop(): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
        this.monitor?.close();
        this.monitor = null;
        cockpit.removeEventListener("visibilitychange", this.onVisibility);
    }

    /** Hidden: no sampling (the monitor keeps its bounded list); visible again: a sample at once. */
    private readonly onVisibility = () => {
        if (!cockpit.hidden && !this.timer && !this.reading) void this.tick();
    };

    private async tick(): Promise<void> {
        this.timer = null;
        if (cockpit.hidden || !this.listeners.size) return;
        this.reading = true;
        try {
            const sample = await readTraffic(this.snapshot());
            this.update({ state: addSample(this.view.state, sample), problem: null });
        } catch (e) {
            this.update({ problem: errorMessage(e) });
        } finally {
            this.reading = false;
        }
        if (this.listeners.size && !cockpit.hidden) this.timer = setTimeout(() => void this.tick(), SAMPLE_MS);
    }

    private startMonitor(): void {
        // the kernel sends the path manager's events only to a listener with CAP_NET_ADMIN
        const proc = cockpit.spawn(["ip", "mptcp", "monitor"], { err: "message", superuser: "try" });
        let pending = "";
        proc.stream(chunk => {
            const { events, rest } = parseMonitorChunk(pending, chunk);
            pending = rest;
            if (events.length)
                this.update({ state: addPmEvents(this.view.state, events, Date.now()), eventsProblem: null });
        });
        const ended = (e?: unknown) => {
            if (this.monitor !== handle) return; // stopped on purpose
            this.monitor = null;
            this.update({ eventsProblem: e ? errorMessage(e) || _("ip mptcp monitor ended") : _("ip mptcp monitor ended") });
        };
        const handle = { close: () => proc.close() };
        this.monitor = handle;
        proc.then(() => ended(), ended);
    }
}
