// Applying a plan through NetworkManager's D-Bus API: refuse if anything changed since the preview,
// checkpoint the devices, update each profile (where it is kept: on disk, or in memory), reapply it to its
// device, verify the kernel's endpoints against the prediction, and roll back to the checkpoint on any
// failure. The checkpoint lives in NetworkManager: if NetworkManager stops or restarts meanwhile, it is gone,
// and the failure says where each profile stands instead of promising a rollback.

import { errorMessage } from "../model/error-message";
import { verifyEndpoints, type ApplyFailure, type ApplyStep, type Guard, type FlagChangePlan, type ProfileAfterLoss } from "../model/plan";
import { _, format, ngettext } from "../i18n";
import { CheckpointFailure, ROLLBACK_TIMEOUT_S, withCheckpoint } from "./checkpoint";
import { cockpit } from "./cockpit";
import type { DBusClient, Variant } from "./cockpit-types";
import { readMptcp } from "./ip";
import { storageOf, type Storage } from "./network-manager";
import { DBUS_PROPS, NM, NM_DEVICE as DEVICE, NM_PATH, NM_SETTINGS, NM_SETTINGS_CONN as SETTINGS_CONN, NM_SETTINGS_PATH } from "./nm-dbus";


/** NMSettingsUpdate2Flags: where Update2 keeps the profile */
const UPDATE_TO_DISK = 0x1;
const UPDATE_IN_MEMORY = 0x2;
const UPDATE_VOLATILE = 0x10;
const VERIFY_TIMEOUT_MS = 8000;
const VERIFY_INTERVAL_MS = 250;
/** After NetworkManager left the bus: how long to wait for it to come back before saying where things stand */
const NM_RETURN_MS = 10_000;

type Settings = Record<string, Record<string, Variant>>;

export type ProgressListener = (step: ApplyStep, detail?: string) => void;

export class ChangeError extends Error implements ApplyFailure {
    notRestored?: string[];
    autoRollbackAt?: number;
    lost?: NonNullable<ApplyFailure["lost"]>;

    constructor(
        readonly kind: "conflict" | "failed",
        message: string,
        /** the checkpoint was rolled back and every device restored: the previous state is back */
        readonly rolledBack: boolean,
        /** rollback was needed but did not succeed */
        readonly rollbackFailed: boolean = false,
        more: Pick<ApplyFailure, "notRestored" | "autoRollbackAt" | "lost"> = {},
    ) {
        super(message);
        if (more.notRestored) this.notRestored = more.notRestored;
        if (more.autoRollbackAt !== undefined) this.autoRollbackAt = more.autoRollbackAt;
        if (more.lost) this.lost = more.lost;
    }
}

/** NetworkManager left the system bus (stopped, or restarted: a new owner) while we were changing things. */
class NmGone extends Error {}


/** Settings as text with keys sorted: equal text means equal settings. */
function canonical(value: unknown): string {
    return JSON.stringify(value, (_k, v: unknown) =>
        v && typeof v === "object" && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
            : v);
}

/** Update2's flags that keep a profile where it is. */
export const updateFlags = (s: Storage) =>
    (s.inMemory ? UPDATE_IN_MEMORY | (s.volatile ? UPDATE_VOLATILE : 0) : UPDATE_TO_DISK);

/** Follows NetworkManager's bus name during one apply: `gone` rejects once it changes owner. */
interface NmWatch {
    gone: Promise<never>;
    /** set once NetworkManager left */
    left: boolean;
    stop(): void;
}

export class ChangeRunner {
    private client: DBusClient | null = null;
    /** NetworkManager's unique bus name, as the client last reported it; undefined until it has */
    private owner: string | null | undefined = undefined;
    private ownerListeners = new Set<(owner: string | null) => void>();

    /** The privileged client; made anew when its channel closed (administrative access turned off and on). */
    private dbus(): DBusClient {
        if (this.client) return this.client;
        const client = cockpit.dbus(NM, { superuser: "require" });
        client.addEventListener("owner", (_ev, owner) => {
            this.owner = owner;
            for (const l of this.ownerListeners) l(owner);
        });
        client.addEventListener("close", () => {
            if (this.client !== client) return;
            this.client = null;
            this.owner = undefined;
        });
        this.client = client;
        return client;
    }

    private async getSettings(path: string): Promise<Settings> {
        const [settings] = await this.dbus().call(path, SETTINGS_CONN, "GetSettings", []);
        return settings as Settings;
    }

    private async storage(path: string): Promise<Storage> {
        const [props] = await this.dbus().call(path, DBUS_PROPS, "GetAll", [SETTINGS_CONN], { type: "s" });
        return storageOf((props ?? {}) as Record<string, unknown>);
    }

    private async appliedVersion(devicePath: string): Promise<number> {
        const [, version] = await this.dbus().call(devicePath, DEVICE, "GetAppliedConnection", [0], { type: "u" });
        return Number(version);
    }

    /** What apply checks against: each profile's settings and storage, and its device's applied version, now. */
    async readGuards(plan: FlagChangePlan): Promise<Guard[]> {
        return Promise.all(plan.items.map(async item => ({
            name: item.name,
            settingsPath: item.profile.settingsPath,
            devicePath: item.devicePath,
            settings: canonical(await this.getSettings(item.profile.settingsPath)),
            appliedVersion: await this.appliedVersion(item.devicePath),
            storage: canonical(await this.storage(item.profile.settingsPath)),
        })));
    }

    /** Watches for NetworkManager leaving the bus from now on. */
    private watchNm(): NmWatch {
        let before = this.owner;
        let fail: (e: Error) => void = () => {};
        const watch: NmWatch = {
            gone: new Promise<never>((_resolve, reject) => { fail = reject }),
            left: false,
            stop: () => this.ownerListeners.delete(listener),
        };
        // nobody need catch it when nothing waits on it
        watch.gone.catch(() => {});
        const listener = (owner: string | null) => {
            // not known when we began: the first report is where we began
            if (before === undefined) before = owner;
            if (owner === before) return;
            watch.left = true;
            fail(new NmGone(_("NetworkManager left the system bus during the change.")));
        };
        this.ownerListeners.add(listener);
        return watch;
    }

    /** Waits until NetworkManager has a bus name again (after `gone`); false when it does not within the time. */
    private waitForNm(ms: number): Promise<boolean> {
        if (this.owner) return Promise.resolve(true);
        return new Promise(resolve => {
            const done = (ok: boolean) => {
                clearTimeout(timer);
                this.ownerListeners.delete(listener);
                resolve(ok);
            };
            const listener = (owner: string | null) => {
                if (owner) done(true);
            };
            const timer = setTimeout(() => done(false), ms);
            this.ownerListeners.add(listener);
        });
    }

    /** The profile's connection.mptcp-flags now, found by UUID (object paths change when NetworkManager restarts). */
    private async currentRaw(uuid: string): Promise<number> {
        const [path] = await this.dbus().call(NM_SETTINGS_PATH, NM_SETTINGS, "GetConnectionByUuid", [uuid], { type: "s" }) as [string];
        const settings = await this.getSettings(path);
        return Number(settings.connection?.["mptcp-flags"]?.v ?? 0);
    }

    /** Where each profile stands after NetworkManager went away: asked of it again if it came back. */
    private async afterLoss(plan: FlagChangePlan, updated: Set<string>, progress: ProgressListener): Promise<NonNullable<ApplyFailure["lost"]>> {
        progress("nm-gone");
        const running = await this.waitForNm(NM_RETURN_MS);
        const profiles = await Promise.all(plan.items.map(async (item): Promise<ProfileAfterLoss> => {
            let nowRaw: number | null = null;
            // a NetworkManager that just started may take a moment to load its profiles
            for (let i = 0; running && nowRaw === null && i < 20; i++) {
                try {
                    nowRaw = await this.currentRaw(item.profile.uuid);
                } catch {
                    await sleep(250);
                }
            }
            return {
                name: item.name, profile: item.profile.id, oldRaw: item.oldRaw, newRaw: item.newRaw, nowRaw,
                updated: updated.has(item.name), inMemory: item.profile.inMemory,
            };
        }));
        return { running, profiles };
    }

    async apply(plan: FlagChangePlan, guards: Guard[], progress: ProgressListener): Promise<void> {
        if (plan.problems.length || plan.items.length === 0) throw new ChangeError("failed", _("There is nothing to apply."), false);
        const client = this.dbus();

        progress("check");
        const now = await this.readGuards(plan);
        const changed = now.filter((g, i) => g.settings !== guards[i]?.settings ||
            g.appliedVersion !== guards[i]?.appliedVersion ||
            g.storage !== guards[i]?.storage);
        if (changed.length) throw new ChangeError("conflict", changed.map(g => g.name).join(", "), false);

        progress("checkpoint");
        const nm = this.watchNm();
        const step = <T>(call: Promise<T>): Promise<T> => Promise.race([call, nm.gone]);
        const updated = new Set<string>();
        cockpit.hint("ignore_transport_health_check", { data: true });
        try {
            await withCheckpoint(client, plan.items.map(i => i.devicePath), async () => {
                progress("update");
                for (const item of plan.items) {
                    // Everything GetSettings returned, with one value changed: keys we do not know survive, and
                    // since GetSettings returns no secrets, NetworkManager keeps the stored ones. The profile stays
                    // where it is: on disk, or in memory only.
                    const path = item.profile.settingsPath;
                    const [settings, storage] = await step(Promise.all([this.getSettings(path), this.storage(path)]));
                    settings.connection = { ...settings.connection, "mptcp-flags": cockpit.variant("u", item.newRaw) };
                    const args = [settings, updateFlags(storage), {}];
                    await step(client.call(path, SETTINGS_CONN, "Update2", args, { type: "a{sa{sv}}ua{sv}" }));
                    updated.add(item.name);
                }
                progress("reapply");
                for (const item of plan.items) await this.reapply(item, step, progress);
                progress("verify");
                await step(verify(plan, () => nm.left));
            }, { timeoutS: ROLLBACK_TIMEOUT_S, guard: step, left: () => nm.left });
        } catch (e) {
            if (!(e instanceof CheckpointFailure)) throw e;
            const cause = e.failure;
            const outcome = e.outcome;
            switch (outcome.kind) {
            case "lost": {
                const lost = await this.afterLoss(plan, updated, progress);
                const why = cause instanceof NmGone || nm.left
                    ? errorMessage(cause)
                    : format(_("NetworkManager no longer holds the checkpoint ($0)."), errorMessage(cause));
                throw new ChangeError("failed", why, false, true, { lost });
            }
            case "rollback-failed": {
                const message = `${errorMessage(cause)} ${format(_("The rollback failed: $0"), errorMessage(outcome.error))}`;
                throw new ChangeError("failed", message, false, true, outcome.autoAt === null ? {} : { autoRollbackAt: outcome.autoAt });
            }
            case "not-restored": {
                const byPath = new Map(plan.items.map(i => [i.devicePath, i.name]));
                const notRestored = outcome.devices.map(path => byPath.get(path) ?? path);
                throw new ChangeError("failed", errorMessage(cause), false, true, { notRestored });
            }
            case "restored":
                throw new ChangeError("failed", errorMessage(cause), true, false);
            }
        } finally {
            nm.stop();
            cockpit.hint("ignore_transport_health_check", { data: false });
        }
    }

    /**
     * Reapplies the profile to its device; where NetworkManager refuses, re-activates it (the link goes down
     * briefly).
     */
    private async reapply(item: FlagChangePlan["items"][number], step: <T>(call: Promise<T>) => Promise<T>, progress: ProgressListener) {
        const client = this.dbus();
        try {
            await step(client.call(item.devicePath, DEVICE, "Reapply", [{}, 0, 0], { type: "a{sa{sv}}tu" }));
        } catch (e) {
            if (e instanceof NmGone) throw e;
            progress("reapply", format(_("$0: NetworkManager refused to reapply ($1); re-activating the profile"), item.name, errorMessage(e)));
            const args = [item.profile.settingsPath, item.devicePath, "/"];
            await step(client.call(NM_PATH, NM, "ActivateConnection", args, { type: "ooo" }));
        }
    }
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Reads the kernel's endpoints until they match the plan's prediction, or gives up (or `stop` says to). */
async function verify(plan: FlagChangePlan, stop: () => boolean): Promise<void> {
    const deadline = Date.now() + VERIFY_TIMEOUT_MS;
    for (;;) {
        if (stop()) return;
        const { kernel, endpoints } = await readMptcp();
        const mismatches = kernel.endpointsUnknown ? null : verifyEndpoints(plan, endpoints);
        if (mismatches?.length === 0) return;
        if (Date.now() > deadline) {
            if (!mismatches)
                throw new Error(format(_("The kernel's endpoints could not be read: $0"), kernel.errors.join("; ")));
            const m = mismatches[0];
            const none = _("none");
            if (m.count) {
                const seconds = VERIFY_TIMEOUT_MS / 1000;
                throw new Error(format(ngettext("After $0 second $1 of $2 have endpoints; expected $3.", "After $0 seconds $1 of $2 have endpoints; expected $3.", seconds),
                    seconds, m.count.actual, m.address, m.count.expected));
            }
            const seconds = VERIFY_TIMEOUT_MS / 1000;
            throw new Error(format(ngettext("After $0 second the kernel's endpoints still differ from the prediction: $1 $2 has $3, expected $4.",
                "After $0 seconds the kernel's endpoints still differ from the prediction: $1 $2 has $3, expected $4.", seconds),
                seconds, m.name, m.address, m.actual?.join(",") || none, m.expected?.join(",") || none));
        }
        await sleep(VERIFY_INTERVAL_MS);
    }
}
