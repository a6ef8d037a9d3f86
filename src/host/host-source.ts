// Keeps one HostSnapshot up to date and tells subscribers when it changes. Event-driven where the host
// has events (NetworkManager's D-Bus signals, `ip monitor`); MPTCP's sysctls, limits and endpoints have
// none, so they are polled, once a second and only while the page is visible.

import type { HostSnapshot, IpState, KernelState } from "../model/types";
import { cockpit } from "./cockpit";
import { monitorChange } from "../model/ip-parse";
import { monitorLinks, readDefaultRoutes, readLink, readLinks, readMptcp } from "./ip";
import { NetworkManagerWatcher } from "./network-manager";

export type SnapshotListener = (snapshot: HostSnapshot) => void;

const POLL_MS = 1000;
const HIDDEN_POLLS = 30;
const SETTLE_MS = 100;
const MONITOR_SETTLE_MS = 15;
/** after `ip monitor` starts (once the first snapshot is out): one more read, for a change made before it listened */
const MONITOR_CATCHUP_MS = 1000;
/** more interfaces changed at once than this: one read of all of them rather than one each */
const MAX_SINGLE_READS = 8;

/** What the monitor's events since the last read ask to read again. */
interface Pending { all: boolean; routes: boolean; devs: Set<string> }
const nothingPending = (): Pending => ({ all: false, routes: false, devs: new Set() });

export class HostSource {
    private listeners = new Set<SnapshotListener>();
    private nm = new NetworkManagerWatcher(() => this.schedule());
    private links: { ip: Omit<IpState, "endpoints">; errors: string[] } | null = null;
    private mptcp: { kernel: KernelState; endpoints: IpState["endpoints"] } | null = null;
    private lastMptcp = "";
    /** readMptcp calls started, and the latest of them whose answer was applied */
    private mptcpReads = 0;
    private mptcpApplied = 0;
    private timer: ReturnType<typeof setTimeout> | null = null;
    private poller: ReturnType<typeof setInterval> | null = null;
    private stopMonitor: (() => void) | null = null;
    private readingLinks = false;
    private emitted = false;
    /** what events during a read ask to read once it is done */
    private pending = nothingPending();
    private lastEmit = 0;
    private monitorTimer: ReturnType<typeof setTimeout> | null = null;
    private catchupTimer: ReturnType<typeof setTimeout> | null = null;

    subscribe(listener: SnapshotListener): () => void {
        this.listeners.add(listener);
        if (this.listeners.size === 1) this.start();
        const snap = this.snapshot();
        if (snap) listener(snap);
        return () => {
            this.listeners.delete(listener);
            if (this.listeners.size === 0) this.stop();
        };
    }

    /** Re-read everything now (after an action of ours, or the user's "refresh"). */
    refresh(): Promise<void> {
        return Promise.all([this.refreshLinks(), this.refreshMptcp()]).then(() => undefined);
    }

    snapshot(): HostSnapshot | null {
        const nm = this.nm.snapshot();
        if (!nm || !this.links || !this.mptcp) return null;
        return {
            nm,
            ip: { ...this.links.ip, endpoints: this.mptcp.endpoints },
            kernel: { ...this.mptcp.kernel, errors: [...this.links.errors, ...this.mptcp.kernel.errors] },
        };
    }

    private start(): void {
        this.nm.start();
        void this.refresh();
        // `ip monitor` starts once the first snapshot is out: on the way to it, the bridge has enough to do
        // Hidden (another page of the shell, or preloaded for the menu's status), only every HIDDEN_POLLS-th
        // tick: the menu's warning still follows a sysctl changed elsewhere, at little cost
        let ticks = 0;
        this.poller = setInterval(() => {
            ticks++;
            if (!cockpit.hidden || ticks % HIDDEN_POLLS === 0) void this.refreshMptcp();
        }, POLL_MS);
        cockpit.addEventListener("visibilitychange", this.onVisibility);
    }

    /** Back in view after the poll paused: catch up at once rather than on the next tick. */
    private readonly onVisibility = () => {
        if (!cockpit.hidden) void this.refresh();
    };

    private stop(): void {
        this.emitted = false;
        this.nm.stop();
        this.stopMonitor?.();
        this.stopMonitor = null;
        if (this.poller) clearInterval(this.poller);
        cockpit.removeEventListener("visibilitychange", this.onVisibility);
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
        if (this.monitorTimer) clearTimeout(this.monitorTimer);
        this.monitorTimer = null;
        if (this.catchupTimer) clearTimeout(this.catchupTimer);
        this.catchupTimer = null;
    }

    private startMonitor(): void {
        this.stopMonitor = monitorLinks(
            line => this.linksChanged(line),
            // `ip monitor` ended (it should not): try again in a while rather than in a loop
            () => {
                if (!this.listeners.size) return;
                setTimeout(() => {
                    if (this.listeners.size) this.startMonitor();
                }, 5000);
            },
        );
    }

    /**
     * The kernel reports one change as several events (an address, then its prefix and local routes, within a
     * few milliseconds): one read for all of them. An address event reads its interface alone (on a host with a
     * thousand interfaces, `ip address show` of all of them is a megabyte); a default route, the routes; a link
     * event or a line not understood, everything.
     */
    private linksChanged(line: string): void {
        const change = monitorChange(line);
        if (change.kind === "none") return;
        if (change.kind === "all") this.pending.all = true;
        else if (change.kind === "default-route") this.pending.routes = true;
        else this.pending.devs.add(change.dev);
        this.monitorTimer ??= setTimeout(() => {
            this.monitorTimer = null;
            void this.refreshLinks(false);
        }, MONITOR_SETTLE_MS);
    }

    /**
     * One read at a time; events that arrive during a read cause exactly one more. all: everything (the first
     * read, a refresh); otherwise what the monitor's events asked for.
     */
    private async refreshLinks(all = true): Promise<void> {
        if (all) this.pending.all = true;
        if (this.readingLinks) return;
        this.readingLinks = true;
        try {
            while (this.pending.all || this.pending.routes || this.pending.devs.size) {
                const want = this.pending;
                this.pending = nothingPending();
                this.links = await this.readWanted(want);
            }
        } finally {
            this.readingLinks = false;
        }
        this.schedule();
    }

    private async readWanted(want: Pending): Promise<NonNullable<HostSource["links"]>> {
        const before = this.links;
        if (!before || want.all || want.devs.size > MAX_SINGLE_READS) return readLinks();
        const [routes, ...changed] = await Promise.all([
            want.routes ? readDefaultRoutes().catch(() => null) : Promise.resolve(before.ip.defaultRoutes),
            ...[...want.devs].map(readLink),
        ]);
        // an interface that cannot be read alone (gone, renamed): read them all, which says what there is
        if (!routes || changed.some(l => l === null)) return readLinks();
        const byName = new Map(changed.map(l => [l?.name, l]));
        const known = new Set(before.ip.links.map(l => l.name));
        if (changed.some(l => l && !known.has(l.name))) return readLinks();
        return {
            ip: { links: before.ip.links.map(l => byName.get(l.name) ?? l), defaultRoutes: routes },
            errors: before.errors,
        };
    }

    /**
     * The poll, a refresh after a change and a return to view can overlap, and a busy bridge may answer them out
     * of order: a read started before a newer one already applied is older than it, and is dropped.
     */
    private async refreshMptcp(): Promise<void> {
        const n = ++this.mptcpReads;
        const mptcp = await readMptcp();
        if (n < this.mptcpApplied) return;
        this.mptcpApplied = n;
        const text = JSON.stringify(mptcp);
        if (text === this.lastMptcp) return;
        this.lastMptcp = text;
        this.mptcp = mptcp;
        this.schedule();
    }

    /**
     * Coalesce bursts (a reapply changes many objects at once) into one update every SETTLE_MS at most; a
     * change after a quiet spell goes out at once (an address added by hand shows without a wait).
     */
    private schedule(): void {
        if (this.timer) return;
        const wait = this.emitted ? this.lastEmit + SETTLE_MS - performance.now() : 0;
        if (wait <= 0) {
            this.emit();
            return;
        }
        this.timer = setTimeout(() => {
            this.timer = null;
            this.emit();
        }, wait);
    }

    private emit(): void {
        const snap = this.snapshot();
        if (!snap) return;
        if (!this.emitted && !this.stopMonitor) {
            this.startMonitor();
            this.catchupTimer = setTimeout(() => {
                this.catchupTimer = null;
                void this.refreshLinks();
            }, MONITOR_CATCHUP_MS);
        }
        this.emitted = true;
        this.lastEmit = performance.now();
        for (const l of this.listeners) l(snap);
    }
}
