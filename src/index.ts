// Entry point. Reading the host starts at once. The first snapshot is drawn as a plain table (the first
// view), and only then does the interface code (React, PatternFly: most of the bundle) load, so that on a
// slow link it does not compete with the host's answers; it replaces the first view when it mounts.

import type { ChangeRunner } from "./host/change";
import { HostSource } from "./host/host-source";
import { shell } from "./host/shell";
import { readFile } from "./host/read-file";
import type { TrafficSource } from "./host/traffic";
import { translateDocument } from "./i18n";
import { interfaceRows } from "./model/interfaces";
import { renderFirstView, renderLoading } from "./ui/first-view";
import type { FlagChangePort, SetupPort, TrafficPort } from "./ui/host-port";

translateDocument();
const source = new HostSource();

// Changing the host is loaded when first asked for: it need not delay the first look.
let runner: Promise<ChangeRunner> | null = null;
const changeRunner = () => (runner ??= import("./host/change").then(m => new m.ChangeRunner()));

// The host's part in a change of flags: the page plans from what it shows (src/ui/actions.ts)
const flags: FlagChangePort = {
    readRpFilter: async names => (await import("./host/rp-filter")).readRpFilter(names),
    readGuards: async plan => (await changeRunner()).readGuards(plan),
    apply: async (plan, guards, progress) => {
        try {
            await (await changeRunner()).apply(plan, guards, progress);
        } finally {
            await source.refresh();
        }
    },
};

const enablement: SetupPort = {
    read: async interfaces => {
        const host = await import("./host/host-settings");
        const [settings, mptcpd] = await Promise.all([host.readHostSettings(interfaces), host.mptcpdRunning()]);
        return { settings, mptcpd };
    },
    apply: async plan => {
        try {
            await (await import("./host/host-settings")).applySetup(plan);
        } finally {
            await source.refresh();
        }
    },
    undo: async (plan, progress) => {
        try {
            return await (await import("./host/host-settings")).undoSetup(plan, progress);
        } finally {
            await source.refresh();
        }
    },
};

// The traffic view loads when its tab first opens; the counters it compares with are read as the page
// opens (once the first snapshot is in: before it, the bridge has enough to do).
let countersAtOpen: { at: number; text: Promise<string | null> } | null = null;
const readCountersAtOpen = () => (countersAtOpen ??= { at: Date.now(), text: readFile("/proc/net/netstat") });
let trafficSource: Promise<TrafficSource> | null = null;
const trafficHost = () => (trafficSource ??= import("./host/traffic").then(m => new m.TrafficSource(() => source.snapshot(), readCountersAtOpen())));
const traffic: TrafficPort = {
    subscribe: listener => {
        let unsubscribe: (() => void) | null = null;
        let gone = false;
        void trafficHost().then(t => {
            if (!gone) unsubscribe = t.subscribe(listener);
        });
        return () => {
            gone = true;
            unsubscribe?.();
        };
    },
    reset: () => void trafficHost().then(t => t.reset()),
    selfTest: async (host, port) => (await import("./host/selftest")).runSelfTest(host, port),
};

/** If the host is slow to answer, the app loads anyway after this long: it then draws the table itself. */
const APP_AT_LATEST_MS = 3000;
let app: Promise<void> | null = null;
const loadApp = () => (app ??= import("./ui/mount").then(({ mount }) => mount({ snapshots: source, flags, setup: enablement, traffic, shell })));
const container = document.getElementById("app");
if (container) renderLoading(container);
let drawn = false;
// This page is the whole app: keep the source running for its lifetime.
source.subscribe(snapshot => {
    readCountersAtOpen();
    if (drawn || app || !container) return;
    drawn = true;
    renderFirstView(container, snapshot, interfaceRows(snapshot));
    // after the browser has painted it: parsing the app's code must not hold the first view back
    requestAnimationFrame(() => setTimeout(() => void loadApp(), 0));
});
setTimeout(() => void loadApp(), APP_AT_LATEST_MS);
