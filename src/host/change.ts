// Applying a plan through NetworkManager's D-Bus API: refuse if anything changed since the preview,
// checkpoint the devices, update each profile (persisted), reapply it to its device, verify the kernel's
// endpoints against the prediction, and roll back to the checkpoint on any failure.

import { errorMessage } from "../model/error-message";
import { buildInterfaceRows } from "../model/interfaces";
import { buildPlan, verifyEndpoints, type ApplyFailure, type ApplyStep, type Plan } from "../model/plan";
import type { MptcpSetting } from "../model/setting";
import type { HostSnapshot } from "../model/types";
import { _, format } from "../i18n";
import { cockpit } from "./cockpit";
import type { DBusClient, Variant } from "./cockpit-types";
import { readRpFilter } from "./enablement";
import { readMptcp } from "./ip";
import { NM, NM_DEVICE as DEVICE, NM_PATH, NM_SETTINGS_CONN as SETTINGS_CONN } from "./nm-dbus";


/** NM_SETTINGS_UPDATE2_FLAG_TO_DISK */
const UPDATE_TO_DISK = 0x1;
/** NetworkManager rolls back by itself if we do not finish (browser gone, host unreachable) in time. */
const ROLLBACK_TIMEOUT_S = 60;
const VERIFY_TIMEOUT_MS = 8000;
const VERIFY_INTERVAL_MS = 250;

type Settings = Record<string, Record<string, Variant>>;

/** What a preview saw, so that apply can refuse when someone changed the profile or the device meanwhile. */
export interface Guard {
    name: string;
    settingsPath: string;
    devicePath: string;
    settings: string;
    appliedVersion: number;
}

export interface PreparedChange {
    plan: Plan;
    guards: Guard[];
}

export type ProgressListener = (step: ApplyStep, detail?: string) => void;

export class ChangeError extends Error implements ApplyFailure {
    constructor(
        readonly kind: "conflict" | "failed",
        message: string,
        /** the checkpoint was rolled back: the previous state is back */
        readonly rolledBack: boolean,
        /** rollback was needed but did not succeed */
        readonly rollbackFailed: boolean = false,
    ) {
        super(message);
    }
}


/** Settings as text with keys sorted: equal text means equal settings. */
function canonical(value: unknown): string {
    return JSON.stringify(value, (_k, v: unknown) =>
        v && typeof v === "object" && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
            : v);
}

export class ChangeRunner {
    private client: DBusClient | null = null;

    private dbus(): DBusClient {
        this.client ??= cockpit.dbus(NM, { superuser: "require" });
        return this.client;
    }

    private async getSettings(path: string): Promise<Settings> {
        const [settings] = await this.dbus().call(path, SETTINGS_CONN, "GetSettings", []);
        return settings as Settings;
    }

    private async appliedVersion(devicePath: string): Promise<number> {
        const [, version] = await this.dbus().call(devicePath, DEVICE, "GetAppliedConnection", [0], { type: "u" });
        return Number(version);
    }

    private async readGuards(plan: Plan): Promise<Guard[]> {
        return Promise.all(plan.items.map(async item => ({
            name: item.name,
            settingsPath: item.profile.settingsPath,
            devicePath: item.devicePath,
            settings: canonical(await this.getSettings(item.profile.settingsPath)),
            appliedVersion: await this.appliedVersion(item.devicePath),
        })));
    }

    /** Builds the plan for a preview, with what apply will check against. */
    async prepare(snapshot: HostSnapshot, names: string[], setting: MptcpSetting): Promise<PreparedChange> {
        const rows = buildInterfaceRows(snapshot);
        const plan = buildPlan(snapshot, rows, names, setting, await readRpFilter(names));
        return { plan, guards: plan.problems.length ? [] : await this.readGuards(plan) };
    }

    async apply({ plan, guards }: PreparedChange, progress: ProgressListener): Promise<void> {
        if (plan.problems.length || plan.items.length === 0) throw new ChangeError("failed", _("There is nothing to apply."), false);
        const client = this.dbus();

        progress("check");
        const now = await this.readGuards(plan);
        const changed = now.filter((g, i) => g.settings !== guards[i]?.settings || g.appliedVersion !== guards[i]?.appliedVersion);
        if (changed.length) throw new ChangeError("conflict", changed.map(g => g.name).join(", "), false);

        progress("checkpoint");
        const [checkpoint] = await client.call(NM_PATH, NM, "CheckpointCreate",
            [plan.items.map(i => i.devicePath), ROLLBACK_TIMEOUT_S, 0], { type: "aouu" }) as [string];
        cockpit.hint("ignore_transport_health_check", { data: true });
        try {
            progress("update");
            for (const item of plan.items) {
                // Everything GetSettings returned, with one value changed: keys we do not know survive, and
                // since GetSettings returns no secrets, NetworkManager keeps the stored ones.
                const settings = await this.getSettings(item.profile.settingsPath);
                settings.connection = { ...settings.connection, "mptcp-flags": cockpit.variant("u", item.newRaw) };
                await client.call(item.profile.settingsPath, SETTINGS_CONN, "Update2", [settings, UPDATE_TO_DISK, {}], { type: "a{sa{sv}}ua{sv}" });
            }
            progress("reapply");
            for (const item of plan.items) {
                try {
                    await client.call(item.devicePath, DEVICE, "Reapply", [{}, 0, 0], { type: "a{sa{sv}}tu" });
                } catch (e) {
                    // NetworkManager refused to reapply: re-activate the profile (the link goes down briefly)
                    progress("reapply", format(_("$0: NetworkManager refused to reapply ($1); re-activating the profile"), item.name, errorMessage(e)));
                    await client.call(NM_PATH, NM, "ActivateConnection", [item.profile.settingsPath, item.devicePath, "/"], { type: "ooo" });
                }
            }
            progress("verify");
            await verify(plan);
            await client.call(NM_PATH, NM, "CheckpointDestroy", [checkpoint], { type: "o" });
        } catch (e) {
            progress("rollback");
            let rollbackFailed = false;
            try {
                await client.call(NM_PATH, NM, "CheckpointRollback", [checkpoint], { type: "o" });
            } catch {
                rollbackFailed = true;
            }
            throw new ChangeError("failed", errorMessage(e), !rollbackFailed, rollbackFailed);
        } finally {
            cockpit.hint("ignore_transport_health_check", { data: false });
        }
    }
}

/** Reads the kernel's endpoints until they match the plan's prediction, or gives up. */
async function verify(plan: Plan): Promise<void> {
    const deadline = Date.now() + VERIFY_TIMEOUT_MS;
    for (;;) {
        const { endpoints } = await readMptcp();
        const mismatches = verifyEndpoints(plan, endpoints);
        if (mismatches.length === 0) return;
        if (Date.now() > deadline) {
            const m = mismatches[0];
            const none = _("none");
            throw new Error(format(_("After $0 seconds the kernel's endpoints still differ from the prediction: $1 $2 has $3, expected $4."),
                VERIFY_TIMEOUT_MS / 1000, m.name, m.address, m.actual?.join(",") || none, m.expected?.join(",") || none));
        }
        await new Promise(r => setTimeout(r, VERIFY_INTERVAL_MS));
    }
}
