// The change runner against a fake NetworkManager on a fake Cockpit: where Update2 keeps a profile, what a
// rollback's per-device results mean, NetworkManager leaving the bus during a change, and a privileged
// client whose channel closed.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { ChangeRunner, type ChangeError } from "../../src/host/change";
import { readMptcp } from "../../src/host/ip";
import { buildInterfaceRows } from "../../src/model/interfaces";
import { planFlagChange, type ApplyStep } from "../../src/model/plan";
import type { Endpoint } from "../../src/model/types";
import { labSnapshot } from "./fixtures/snapshot";

type Handler = (path: string, args: unknown[]) => unknown[] | Promise<unknown[]>;

/** One fake NetworkManager behind every client the runner makes. */
class FakeNm {
    handlers = new Map<string, Handler>();
    calls: { path: string; method: string; args: unknown[] }[] = [];
    clients: FakeClient[] = [];
    owner: string | null = ":1.10";
    endpoints: Endpoint[] = [];
    /** the profiles' settings by path */
    flags = new Map<string, number>([["/settings/lab-multi", 0x30], ["/settings/lab-default", 0]]);
    props = new Map<string, Record<string, unknown>>();

    constructor() {
        this.on("GetSettings", path => [{ connection: { id: { t: "s", v: path.split("/").pop() }, "mptcp-flags": { t: "u", v: this.flags.get(path) ?? 0 } } }]);
        this.on("GetAll", path => [this.props.get(path) ?? { Unsaved: { t: "b", v: false }, Flags: { t: "u", v: 0 }, Filename: { t: "s", v: "/etc/NetworkManager/system-connections/x.nmconnection" } }]);
        this.on("GetAppliedConnection", () => [{}, 7]);
        this.on("CheckpointCreate", () => ["/org/freedesktop/NetworkManager/Checkpoint/1"]);
        this.on("Update2", (path, args) => {
            const settings = args[0] as { connection: Record<string, { v: number }> };
            this.flags.set(path, settings.connection["mptcp-flags"].v);
            return [{}];
        });
        this.on("Reapply", () => []);
        this.on("CheckpointDestroy", () => []);
        this.on("CheckpointRollback", () => [{}]);
        this.on("Get", () => [{ t: "ao", v: ["/org/freedesktop/NetworkManager/Checkpoint/1"] }]);
        this.on("GetConnectionByUuid", (_p, [uuid]) => [`/settings/${String(uuid).replace(/^uuid-/, "")}`]);
    }

    on(method: string, handler: Handler) {
        this.handlers.set(method, handler);
    }

    setOwner(owner: string | null) {
        this.owner = owner;
        for (const c of this.clients) c.emit("owner", owner);
    }
}

class FakeClient {
    listeners = new Map<string, ((...a: unknown[]) => void)[]>();
    constructor(private nm: FakeNm) {
        // the bridge reports the name's owner soon after the client is made
        setTimeout(() => this.emit("owner", nm.owner), 0);
    }
    addEventListener(type: string, l: (...a: unknown[]) => void) {
        this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
    }
    removeEventListener() {}
    emit(type: string, ...args: unknown[]) {
        for (const l of this.listeners.get(type) ?? []) l({}, ...args);
    }
    async call(path: string, _iface: string, method: string, args: unknown[] | null) {
        this.nm.calls.push({ path, method, args: args ?? [] });
        if (!this.nm.owner) throw Object.assign(new Error("org.freedesktop.DBus.Error.ServiceUnknown"), { problem: null });
        const h = this.nm.handlers.get(method);
        if (!h) throw new Error(`no ${method}`);
        return h(path, args ?? []);
    }
    close() {}
}

let nm: FakeNm;
const cockpitGlobal = (globalThis as unknown as { cockpit: Record<string, unknown> }).cockpit;

beforeEach(() => {
    nm = new FakeNm();
    const spawn = (argv: string[]) => {
        const text = argv.join(" ");
        const out = text.includes("endpoint show")
            ? Promise.resolve(JSON.stringify(nm.endpoints.map(e => ({
                address: e.address, id: e.id, dev: e.dev, ...Object.fromEntries(e.flags.map(f => [f, true])),
            }))))
            : text.includes("limits") ? Promise.resolve("add_addr_accepted 0 subflows 2") : Promise.reject(new Error(`unexpected ${text}`));
        return Object.assign(out, { stream: () => out, input: () => out, close: () => {} });
    };
    Object.assign(cockpitGlobal, {
        dbus: vi.fn(() => {
            const c = new FakeClient(nm);
            nm.clients.push(c);
            return c;
        }),
        spawn: vi.fn(spawn),
        file: (path: string) => ({ read: async () => (path.endsWith("/enabled") ? "1\n" : path.endsWith("/path_manager") ? "kernel\n" : path.includes("rp_filter") ? "0\n" : null), close: () => {} }),
        variant: (t: string, v: unknown) => ({ t, v }),
        hint: () => {},
    });
});
afterEach(() => vi.useRealTimers());

const tick = () => new Promise(r => setTimeout(r, 0));

async function prepared(names = ["eth1"], flags: ("signal" | "subflow" | "backup")[] = ["subflow"]) {
    const runner = new ChangeRunner();
    const snap = labSnapshot();
    const setting = { mode: "enabled", flags, alsoWithoutSysctl: false, alsoWithoutDefaultRoute: false } as never;
    const plan = planFlagChange(snap, buildInterfaceRows(snap), names, setting);
    const p = { plan, guards: await runner.readGuards(plan) };
    await tick();
    return { runner, p };
}

const failureOf = async (run: Promise<void>) => {
    try {
        await run;
    } catch (e) {
        return e as ChangeError;
    }
    throw new Error("the apply did not fail");
};

describe("ChangeRunner", () => {
    it("keeps each profile where NetworkManager keeps it: on disk, or in memory", async () => {
        nm.props.set("/settings/lab-default", { Unsaved: { t: "b", v: true }, Flags: { t: "u", v: 1 }, Filename: { t: "s", v: "/run/NetworkManager/system-connections/lab-default.nmconnection" } });
        nm.endpoints = [
            { id: 1, address: "198.51.100.2", dev: "eth1", flags: ["subflow"], port: null },
            { id: 2, address: "2001:db8:1::2", dev: "eth1", flags: ["subflow"], port: null },
            { id: 3, address: "198.18.4.2", dev: "eth4", flags: ["subflow"], port: null },
        ];
        const { runner, p } = await prepared(["eth1", "eth4"], ["subflow"]);
        await runner.apply(p.plan, p.guards, () => {});
        const updates = nm.calls.filter(c => c.method === "Update2").map(c => [c.path, c.args[1]]);
        expect(updates).toEqual([["/settings/lab-multi", 0x1], ["/settings/lab-default", 0x2]]);
    });

    it("a volatile in-memory profile stays volatile", async () => {
        nm.props.set("/settings/lab-multi", { Unsaved: { t: "b", v: true }, Flags: { t: "u", v: 0x5 }, Filename: { t: "s", v: "" } });
        nm.endpoints = [
            { id: 1, address: "198.51.100.2", dev: "eth1", flags: ["subflow"], port: null },
            { id: 2, address: "2001:db8:1::2", dev: "eth1", flags: ["subflow"], port: null },
        ];
        const { runner, p } = await prepared();
        await runner.apply(p.plan, p.guards, () => {});
        expect(nm.calls.find(c => c.method === "Update2")?.args[1]).toBe(0x12);
    });

    it("refuses when the profile moved between disk and memory since the preview", async () => {
        const { runner, p } = await prepared();
        nm.props.set("/settings/lab-multi", { Unsaved: { t: "b", v: true }, Flags: { t: "u", v: 1 }, Filename: { t: "s", v: "/run/x" } });
        expect(await failureOf(runner.apply(p.plan, p.guards, () => {}))).toMatchObject({ kind: "conflict", message: "eth1" });
    });

    it("a rollback whose device results are not all successes does not claim the previous state is back", async () => {
        const { runner, p } = await prepared(["eth1", "eth4"], ["subflow", "backup"]);
        vi.useFakeTimers({ toFake: ["setTimeout", "Date"] });
        nm.on("CheckpointRollback", () => [{ [p.plan.items[0].devicePath]: 0, [p.plan.items[1].devicePath]: 3 }]);
        const run = failureOf(runner.apply(p.plan, p.guards, () => {}));
        await vi.advanceTimersByTimeAsync(10_000);
        const e = await run;
        expect(e).toMatchObject({ kind: "failed", rolledBack: false, rollbackFailed: true, notRestored: ["eth4"] });
    });

    it("a rollback that restores every device is a success", async () => {
        const { runner, p } = await prepared();
        vi.useFakeTimers({ toFake: ["setTimeout", "Date"] });
        nm.on("CheckpointRollback", () => [{ [p.plan.items[0].devicePath]: 0 }]);
        const run = failureOf(runner.apply(p.plan, p.guards, () => {}));
        await vi.advanceTimersByTimeAsync(10_000);
        expect(await run).toMatchObject({ rolledBack: true, rollbackFailed: false });
    });

    it("a failed rollback call: NetworkManager rolls back by itself only while it still holds the checkpoint", async () => {
        const { runner, p } = await prepared();
        vi.useFakeTimers({ toFake: ["setTimeout", "Date"] });
        nm.on("CheckpointRollback", () => {
            throw new Error("Timeout was reached");
        });
        const run = failureOf(runner.apply(p.plan, p.guards, () => {}));
        await vi.advanceTimersByTimeAsync(10_000);
        const e = await run;
        expect(e.rolledBack).toBe(false);
        expect(e.autoRollbackAt).toBeGreaterThan(Date.now());
    });

    it("NetworkManager restarting during verification: the checkpoint is gone, and the failure says where the profile stands", async () => {
        const { runner, p } = await prepared();
        vi.useFakeTimers({ toFake: ["setTimeout", "Date"] });
        const steps: ApplyStep[] = [];
        const run = failureOf(runner.apply(p.plan, p.guards, step => {
            steps.push(step);
            if (step === "verify") setTimeout(() => {
                nm.setOwner(null);
                nm.setOwner(":1.99");
            }, 500);
        }));
        await vi.advanceTimersByTimeAsync(3000);
        const e = await run;
        expect(steps).toEqual(["check", "checkpoint", "update", "reapply", "verify", "nm-gone"]);
        expect(e).toMatchObject({ kind: "failed", rolledBack: false });
        expect(e.lost).toEqual({ running: true, profiles: [{ name: "eth1", profile: "lab-multi", oldRaw: 0x30, newRaw: 0x20, nowRaw: 0x20, updated: true, inMemory: false }] });
        // no rollback was asked of a NetworkManager that never had the checkpoint
        expect(nm.calls.filter(c => c.method === "CheckpointRollback")).toEqual([]);
    });

    it("NetworkManager stopping for good: it is not running, and what it will use when it starts", async () => {
        const { runner, p } = await prepared();
        vi.useFakeTimers({ toFake: ["setTimeout", "Date"] });
        const run = failureOf(runner.apply(p.plan, p.guards, step => {
            if (step === "reapply") nm.setOwner(null);
        }));
        await vi.advanceTimersByTimeAsync(15_000);
        const e = await run;
        expect(e.lost).toEqual({ running: false, profiles: [{ name: "eth1", profile: "lab-multi", oldRaw: 0x30, newRaw: 0x20, nowRaw: null, updated: true, inMemory: false }] });
    });

    it("a checkpoint NetworkManager no longer holds is not rolled back to", async () => {
        const { runner, p } = await prepared();
        vi.useFakeTimers({ toFake: ["setTimeout", "Date"] });
        nm.on("Get", () => [{ t: "ao", v: [] }]);
        const run = failureOf(runner.apply(p.plan, p.guards, () => {}));
        await vi.advanceTimersByTimeAsync(15_000);
        const e = await run;
        expect(e.lost?.profiles[0]).toMatchObject({ nowRaw: 0x20, updated: true });
        expect(nm.calls.filter(c => c.method === "CheckpointRollback")).toEqual([]);
    });

    it("makes a new privileged client when the old one's channel closed", async () => {
        const { runner, p } = await prepared();
        const dbus = cockpitGlobal.dbus as ReturnType<typeof vi.fn>;
        expect(dbus).toHaveBeenCalledTimes(1);
        nm.clients[0].emit("close", { problem: "access-denied" });
        await runner.readGuards(p.plan);
        expect(dbus).toHaveBeenCalledTimes(2);
        expect(nm.calls.at(-1)).toMatchObject({ method: "GetAll" });
    });
});

describe("readMptcp", () => {
    it("a failed endpoint listing is unknown, not empty", async () => {
        (cockpitGlobal.spawn as ReturnType<typeof vi.fn>).mockImplementation((argv: string[]) => {
            const out = argv.includes("endpoint") ? Promise.reject(new Error("RTNETLINK answers: Operation not permitted")) : Promise.resolve("add_addr_accepted 0 subflows 2");
            out.catch(() => {});
            return Object.assign(out, { stream: () => out, input: () => out, close: () => {} });
        });
        const { kernel, endpoints } = await readMptcp();
        expect(endpoints).toEqual([]);
        expect(kernel).toMatchObject({ endpointsUnknown: true, errors: ["RTNETLINK answers: Operation not permitted"] });
    });
});
