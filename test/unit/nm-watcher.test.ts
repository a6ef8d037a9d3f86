// NetworkManager's watcher on a fake Cockpit: where a profile is kept, and a new client after the channel closed.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { NetworkManagerWatcher, storageOf } from "../../src/host/network-manager";

const NM = "org.freedesktop.NetworkManager";

/** more objects the next watch sends */
let extraObjects: Record<string, unknown> = {};

class FakeClient {
    calls: string[] = [];
    listeners = new Map<string, ((...a: unknown[]) => void)[]>();
    closed = false;
    addEventListener(type: string, l: (...a: unknown[]) => void) {
        this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
    }
    removeEventListener() {}
    emit(type: string, ...args: unknown[]) {
        for (const l of this.listeners.get(type) ?? []) l({}, ...args);
    }
    subscribe() {
        return { remove() {} };
    }
    watch() {
        // the bridge sends every object, then says the watch is complete
        setTimeout(() => {
            this.emit("owner", ":1.5");
            this.emit("notify", {
                "/org/freedesktop/NetworkManager": { [NM]: { Version: "1.42.4" } },
                "/org/freedesktop/NetworkManager/Devices/2": { [`${NM}.Device`]: { Interface: "eth4", DeviceType: 1, State: 100, Managed: true, ActiveConnection: "/org/freedesktop/NetworkManager/ActiveConnection/2" } },
                "/org/freedesktop/NetworkManager/ActiveConnection/2": { [`${NM}.Connection.Active`]: { Connection: "/org/freedesktop/NetworkManager/Settings/5" } },
                "/org/freedesktop/NetworkManager/Settings/5": { [`${NM}.Settings.Connection`]: { Unsaved: true, Flags: 1, Filename: "/run/NetworkManager/system-connections/lab-default.nmconnection" } },
                ...extraObjects,
            });
        }, 0);
        return Object.assign(new Promise<void>(resolve => setTimeout(resolve, 1)), { remove() {} });
    }
    async call(path: string) {
        this.calls.push(path);
        return [{ connection: { id: { t: "s", v: "lab-default" }, uuid: { t: "s", v: "u" }, "mptcp-flags": { t: "u", v: 0 } } }];
    }
    close() {
        this.closed = true;
    }
}

const cockpitGlobal = (globalThis as unknown as { cockpit: Record<string, unknown> }).cockpit;
let clients: FakeClient[];

beforeEach(() => {
    clients = [];
    extraObjects = {};
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
            // NM_SETTINGS_CONNECTION_FLAG_UNSAVED | NM_SETTINGS_CONNECTION_FLAG_VOLATILE | NM_SETTINGS_CONNECTION_FLAG_EXTERNAL
            "/org/freedesktop/NetworkManager/Settings/9": { [`${NM}.Settings.Connection`]: { Unsaved: true, Flags: 0xd, Filename: "" } },
        };
        const w = new NetworkManagerWatcher(() => {});
        w.start();
        await vi.advanceTimersByTimeAsync(10);
        expect(clients[0].calls).toEqual(["/org/freedesktop/NetworkManager/Settings/5"]);
        const snap = w.snapshot();
        expect(snap?.running && snap.devices.find(d => d.name === "ve7")?.profile).toMatchObject({ id: "ve7", external: true });
        // saved as a profile of its own: no longer generated, and read
        clients[0].emit("notify", { "/org/freedesktop/NetworkManager/Settings/9": { [`${NM}.Settings.Connection`]: { Unsaved: false, Flags: 0 } } });
        await vi.advanceTimersByTimeAsync(10);
        expect(clients[0].calls).toContain("/org/freedesktop/NetworkManager/Settings/9");
        const saved = w.snapshot();
        expect(saved?.running && saved.devices.find(d => d.name === "ve7")?.profile).toMatchObject({ id: "lab-default", external: false });
        w.stop();
    });

    it("watches again over a new channel when the old one closed", async () => {
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
