// NetworkManager's watcher on a fake Cockpit: the first listing and the signals after it, where a profile is
// kept, NetworkManager restarting, and a new client after the channel closed.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { NetworkManagerWatcher, storageOf } from "../../src/host/network-manager";

const NM = "org.freedesktop.NetworkManager";

/** more objects NetworkManager has */
let extraObjects: Record<string, Record<string, Record<string, unknown>>> = {};
/** GetManagedObjects fails this many more times */
let listFailures = 0;
/** how long the next client's GetManagedObjects takes */
let nextListDelay = 1;
/** eth4's NMDeviceState */
let eth4State = 100;

const tree = (): Record<string, Record<string, Record<string, unknown>>> => ({
    "/org/freedesktop/NetworkManager": { [NM]: { Version: "1.42.4" } },
    "/org/freedesktop/NetworkManager/Devices/2": { [`${NM}.Device`]: { Interface: "eth4", DeviceType: 1, State: eth4State, Managed: true, ActiveConnection: "/org/freedesktop/NetworkManager/ActiveConnection/2" } },
    "/org/freedesktop/NetworkManager/ActiveConnection/2": { [`${NM}.Connection.Active`]: { Connection: "/org/freedesktop/NetworkManager/Settings/5" } },
    "/org/freedesktop/NetworkManager/Settings/5": { [`${NM}.Settings.Connection`]: { Unsaved: true, Flags: 1, Filename: "/run/NetworkManager/system-connections/lab-default.nmconnection" } },
    ...extraObjects,
});

/** GetManagedObjects' answer: every property a variant, as the bridge sends a{sv} */
const asVariants = (objects: ReturnType<typeof tree>) =>
    Object.fromEntries(Object.entries(objects).map(([path, ifaces]) =>
    [path, Object.fromEntries(Object.entries(ifaces).map(([iface, props]) =>
        [iface, Object.fromEntries(Object.entries(props).map(([k, v]) => [k, { t: typeof v === "string" ? "s" : "u", v }]))]))]));

const v = (x: unknown) => ({ t: typeof x === "string" ? "s" : typeof x === "boolean" ? "b" : "u", v: x });

class FakeClient {
    calls: string[] = [];
    listeners = new Map<string, ((...a: unknown[]) => void)[]>();
    signals: {
        member: string | undefined; cb: (path: string, iface: string, member: string, args: unknown[]) => void
    }[] = [];
    closed = false;
    /** GetManagedObjects answers after this long */
    listDelay = nextListDelay;
    constructor() {
        // the bridge says who owns the name as the channel opens
        setTimeout(() => this.emit("owner", ":1.5"), 0);
    }
    addEventListener(type: string, l: (...a: unknown[]) => void) {
        this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
    }
    removeEventListener() {}
    emit(type: string, ...args: unknown[]) {
        for (const l of this.listeners.get(type) ?? []) l({}, ...args);
    }
    subscribe(match: { member?: string }, cb: (path: string, iface: string, member: string, args: unknown[]) => void) {
        this.signals.push({ member: match.member, cb });
        return { remove() {} };
    }
    /** A signal as the bridge delivers it, to the subscriptions for its member */
    signal(path: string, iface: string, member: string, args: unknown[]) {
        for (const s of this.signals.filter(s => s.member === member)) s.cb(path, iface, member, args);
    }
    propertiesChanged(path: string, iface: string, props: Record<string, unknown>) {
        this.signal(path, "org.freedesktop.DBus.Properties", "PropertiesChanged",
            [iface, Object.fromEntries(Object.entries(props).map(([k, x]) => [k, v(x)])), []]);
    }
    watch(): never {
        throw new Error("no watch: the tree is listed, and signals keep it up to date");
    }
    async call(path: string, _iface: string, method: string) {
        this.calls.push(method === "GetManagedObjects" ? method : path);
        if (method === "GetManagedObjects") {
            // NetworkManager answers with its objects as they are when it answers
            await new Promise(r => setTimeout(r, this.listDelay));
            if (listFailures > 0) {
                listFailures--;
                throw new Error("timed out");
            }
            const objects = tree();
            return [{ ...asVariants(objects), "/org/freedesktop/Other": { "org.example.X": { A: { t: "s", v: "not NetworkManager's" } } } }];
        }
        return [{ connection: { id: { t: "s", v: "lab-default" }, uuid: { t: "s", v: "u" }, "mptcp-flags": { t: "u", v: 0 } } }];
    }
    close() {
        this.closed = true;
    }
}

const cockpitGlobal = (globalThis as unknown as { cockpit: Record<string, unknown> }).cockpit;
let clients: FakeClient[];

let pings = 0;

beforeEach(() => {
    pings = 0;
    cockpitGlobal.transport = { control: (command: string) => {
        if (command === "ping") pings++;
    }, wait: (cb: () => void) => cb() };
    clients = [];
    extraObjects = {};
    eth4State = 100;
    nextListDelay = 1;
    listFailures = 0;
    vi.useFakeTimers();
    cockpitGlobal.dbus = vi.fn(() => {
        const c = new FakeClient();
        clients.push(c);
        return c;
    });
});
afterEach(() => vi.useRealTimers());

describe("NetworkManagerWatcher", () => {
    it("knows a profile NetworkManager keeps in memory", async () => {
        const w = new NetworkManagerWatcher(() => {});
        w.start();
        await vi.advanceTimersByTimeAsync(10);
        const snap = w.snapshot();
        expect(snap?.running && snap.devices[0].profile).toMatchObject({ id: "lab-default", inMemory: true });
        w.stop();
    });

    it("asks nothing of a profile generated for a device configured outside NetworkManager", async () => {
        extraObjects = {
            "/org/freedesktop/NetworkManager/Devices/3": { [`${NM}.Device`]: { Interface: "ve7", DeviceType: 20, State: 100, Managed: true, ActiveConnection: "/org/freedesktop/NetworkManager/ActiveConnection/3" } },
            "/org/freedesktop/NetworkManager/ActiveConnection/3": { [`${NM}.Connection.Active`]: { Connection: "/org/freedesktop/NetworkManager/Settings/9" } },
            // NM_SETTINGS_CONNECTION_FLAG_UNSAVED | NM_SETTINGS_CONNECTION_FLAG_VOLATILE
            // | NM_SETTINGS_CONNECTION_FLAG_EXTERNAL
            "/org/freedesktop/NetworkManager/Settings/9": { [`${NM}.Settings.Connection`]: { Unsaved: true, Flags: 0xd, Filename: "" } },
        };
        const w = new NetworkManagerWatcher(() => {});
        w.start();
        await vi.advanceTimersByTimeAsync(10);
        expect(clients[0].calls).toEqual(["GetManagedObjects", "/org/freedesktop/NetworkManager/Settings/5"]);
        const snap = w.snapshot();
        expect(snap?.running && snap.devices.find(d => d.name === "ve7")?.profile).toMatchObject({ id: "ve7", external: true });
        // saved as a profile of its own: no longer generated, and read
        clients[0].propertiesChanged("/org/freedesktop/NetworkManager/Settings/9", `${NM}.Settings.Connection`, { Unsaved: false, Flags: 0 });
        await vi.advanceTimersByTimeAsync(10);
        expect(clients[0].calls).toContain("/org/freedesktop/NetworkManager/Settings/9");
        const saved = w.snapshot();
        expect(saved?.running && saved.devices.find(d => d.name === "ve7")?.profile).toMatchObject({ id: "lab-default", external: false });
        w.stop();
    });

    it("lists the tree once, then follows the signals that come after the listing's answer", async () => {
        const changes: string[][] = [];
        const w = new NetworkManagerWatcher(() => {
            const s = w.snapshot();
            if (s?.running) changes.push(s.devices.map(d => `${d.name}:${d.state}`));
        });
        nextListDelay = 5;
        w.start();
        await vi.advanceTimersByTimeAsync(2);
        // a change signalled before the answer: the answer has it (NetworkManager sent the signal first)
        eth4State = 20;
        clients[0].propertiesChanged("/org/freedesktop/NetworkManager/Devices/2", `${NM}.Device`, { State: 20 });
        await vi.advanceTimersByTimeAsync(10);
        const first = w.snapshot();
        expect(first?.running && first.version).toBe("1.42.4");
        expect(first?.running && first.devices.map(d => [d.name, d.state, d.profile?.id])).toEqual([["eth4", 20, "lab-default"]]);
        expect(clients[0].calls).toEqual(["GetManagedObjects", "/org/freedesktop/NetworkManager/Settings/5"]);
        // the bridge may pass a signal on before a reply sent earlier:
        // a signal during the listing lists again, once quiet
        await vi.advanceTimersByTimeAsync(300);
        expect(clients[0].calls.filter(c => c === "GetManagedObjects")).toHaveLength(2);

        // after it: a change, a device added and one removed, each shown
        clients[0].propertiesChanged("/org/freedesktop/NetworkManager/Devices/2", `${NM}.Device`, { State: 30 });
        await vi.advanceTimersByTimeAsync(20);
        expect(changes.at(-1)).toEqual(["eth4:30"]);
        clients[0].signal("/org/freedesktop", "org.freedesktop.DBus.ObjectManager", "InterfacesAdded",
            ["/org/freedesktop/NetworkManager/Devices/7", { [`${NM}.Device`]: { Interface: v("dummy0"), DeviceType: v(22), State: v(10), Managed: v(false) } }]);
        await vi.advanceTimersByTimeAsync(20);
        expect(changes.at(-1)).toEqual(["eth4:30", "dummy0:10"]);
        clients[0].signal("/org/freedesktop", "org.freedesktop.DBus.ObjectManager", "InterfacesRemoved",
            ["/org/freedesktop/NetworkManager/Devices/2", [`${NM}.Device`]]);
        await vi.advanceTimersByTimeAsync(20);
        expect(changes.at(-1)).toEqual(["dummy0:10"]);
        w.stop();
    });

    it("reads the profiles in use all at once, and pings the bridge after each reply but the last", async () => {
        extraObjects = {
            "/org/freedesktop/NetworkManager/Devices/3": { [`${NM}.Device`]: { Interface: "eth5", DeviceType: 1, State: 100, Managed: true, ActiveConnection: "/org/freedesktop/NetworkManager/ActiveConnection/3" } },
            "/org/freedesktop/NetworkManager/ActiveConnection/3": { [`${NM}.Connection.Active`]: { Connection: "/org/freedesktop/NetworkManager/Settings/6" } },
            "/org/freedesktop/NetworkManager/Settings/6": { [`${NM}.Settings.Connection`]: { Unsaved: false, Flags: 0, Filename: "/etc/x" } },
            "/org/freedesktop/NetworkManager/Devices/4": { [`${NM}.Device`]: { Interface: "eth6", DeviceType: 1, State: 100, Managed: true, ActiveConnection: "/org/freedesktop/NetworkManager/ActiveConnection/4" } },
            "/org/freedesktop/NetworkManager/ActiveConnection/4": { [`${NM}.Connection.Active`]: { Connection: "/org/freedesktop/NetworkManager/Settings/7" } },
            "/org/freedesktop/NetworkManager/Settings/7": { [`${NM}.Settings.Connection`]: { Unsaved: false, Flags: 0, Filename: "/etc/y" } },
        };
        const w = new NetworkManagerWatcher(() => {});
        w.start();
        await vi.advanceTimersByTimeAsync(10);
        expect(clients[0].calls.slice(1).sort()).toEqual(["/org/freedesktop/NetworkManager/Settings/5", "/org/freedesktop/NetworkManager/Settings/6", "/org/freedesktop/NetworkManager/Settings/7"]);
        expect(pings).toBe(2);
        const snap = w.snapshot();
        expect(snap?.running && snap.devices.map(d => d.profile?.id)).toEqual(["lab-default", "lab-default", "lab-default"]);
        w.stop();
    });

    it("lists anew, and reads the profiles again, when NetworkManager restarts; says when it is not running", async () => {
        const w = new NetworkManagerWatcher(() => {});
        w.start();
        await vi.advanceTimersByTimeAsync(10);
        clients[0].emit("owner", null);
        expect(w.snapshot()).toEqual({ running: false, message: null });
        extraObjects = { "/org/freedesktop/NetworkManager/Devices/3": { [`${NM}.Device`]: { Interface: "eth5", DeviceType: 1, State: 30, Managed: true } } };
        clients[0].emit("owner", ":1.9");
        await vi.advanceTimersByTimeAsync(10);
        const snap = w.snapshot();
        expect(snap?.running && snap.devices.map(d => d.name)).toEqual(["eth4", "eth5"]);
        expect(clients[0].calls).toEqual(["GetManagedObjects", "/org/freedesktop/NetworkManager/Settings/5", "GetManagedObjects", "/org/freedesktop/NetworkManager/Settings/5"]);
        w.stop();
    });

    it("tries a failed listing again, and still starts over a new channel when the old one closes meanwhile", async () => {
        listFailures = 1;
        const w = new NetworkManagerWatcher(() => {});
        w.start();
        await vi.advanceTimersByTimeAsync(10);
        // the listing failed while NetworkManager runs: a retry is due; then the channel closes
        clients[0].emit("close", { problem: "terminated" });
        await vi.advanceTimersByTimeAsync(1100);
        expect(clients).toHaveLength(2);
        await vi.advanceTimersByTimeAsync(10);
        const snap = w.snapshot();
        expect(snap?.running && snap.devices.map(d => d.name)).toEqual(["eth4"]);
        // the retry did not go to the closed channel
        expect(clients[0].calls).toEqual(["GetManagedObjects"]);
        w.stop();
    });

    it("starts again over a new channel when the old one closed", async () => {
        const w = new NetworkManagerWatcher(() => {});
        w.start();
        await vi.advanceTimersByTimeAsync(10);
        clients[0].emit("close", { problem: "terminated" });
        expect(w.snapshot()).toEqual({ running: false, message: "terminated" });
        await vi.advanceTimersByTimeAsync(1100);
        expect(clients).toHaveLength(2);
        const snap = w.snapshot();
        expect(snap?.running && snap.devices.map(d => d.name)).toEqual(["eth4"]);
        w.stop();
        // no more after stop
        clients[1].emit("close", {});
        await vi.advanceTimersByTimeAsync(2000);
        expect(clients).toHaveLength(2);
    });
});

describe("storageOf", () => {
    it("reads Unsaved, Flags and Filename, plain or as variants", () => {
        expect(storageOf({ Unsaved: false, Flags: 0, Filename: "/etc/NetworkManager/system-connections/a.nmconnection" })).toEqual({ inMemory: false, volatile: false });
        expect(storageOf({ Unsaved: { t: "b", v: true }, Flags: { t: "u", v: 5 }, Filename: { t: "s", v: "" } })).toEqual({ inMemory: true, volatile: true });
        expect(storageOf({ Unsaved: false, Flags: 0, Filename: "/run/NetworkManager/system-connections/a.nmconnection" }).inMemory).toBe(true);
    });
});
