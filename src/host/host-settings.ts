// The host side of the guide: read the sysctls, limits and sysctl.d files it needs; write runtime values
// (sysctl, ip) and our files (atomically, through cockpit.file); undo what we persisted.

import {
    OUR_LIMITS_SCRIPT, limitsArgv, nudgeFlags, restorable, type HostSettings, type MptcpDevice, type SetupPlan,
    type UndoPlan, type UndoResult, type UndoStep,
} from "../model/setup-plan";
import { errorMessage } from "../model/error-message";
import type { Limits } from "../model/types";
import { OUR_SYSCTL_FILE, SYSCTL_CONF, SYSCTL_DIRS, type SysctlFile } from "../model/sysctl-conf";
import { _, format } from "../i18n";
import { CheckpointFailure, withCheckpoint, type RollbackOutcome } from "./checkpoint";
import { cockpit } from "./cockpit";
import { readLimits } from "./ip";
import { NM, NM_DEVICE } from "./nm-dbus";
import { readFile } from "./read-file";
import { readRpFilter } from "./rp-filter";

/** Every *.conf in the sysctl.d directories, and /etc/sysctl.conf. */
async function readSysctlFiles(): Promise<SysctlFile[]> {
    // one listing per directory: a missing directory fails only its own
    const listings = await Promise.all(SYSCTL_DIRS.map(dir =>
        cockpit.spawn(["find", dir, "-maxdepth", "1", "-name", "*.conf"], { err: "ignore" }).catch(() => "")));
    const paths = [...listings.flatMap(l => l.split("\n").filter(p => p.endsWith(".conf"))), SYSCTL_CONF];
    const texts = await Promise.all(paths.map(p => readFile(p, "try")));
    return paths.flatMap((path, i) => (texts[i] === null ? [] : [{ path, text: texts[i] ?? "" }]));
}

export async function mptcpdRunning(): Promise<boolean | null> {
    try {
        await cockpit.spawn(["pgrep", "-x", "mptcpd"], { err: "ignore" });
        return true;
    } catch (e) {
        return (e as { exit_status?: number }).exit_status === 1 ? false : null;
    }
}

export async function readHostSettings(interfaces: string[]): Promise<HostSettings> {
    const [enabled, limits, rp, ourSysctl, ourLimits, sysctlFiles] = await Promise.all([
        readFile("/proc/sys/net/mptcp/enabled"),
        readLimits(),
        readRpFilter(interfaces),
        readFile(OUR_SYSCTL_FILE, "try"),
        readFile(OUR_LIMITS_SCRIPT, "try"),
        readSysctlFiles(),
    ]);
    return { enabled: enabled === null ? null : enabled.trim() === "1", limits, rp, ourSysctl, ourLimits, sysctlFiles };
}

const sysctlSet = (key: string, value: string) =>
    cockpit.spawn(["sysctl", "-q", "-w", "--", `${key}=${value}`], { superuser: "require", err: "message" });
const limitsSet = (limits: Limits) => cockpit.spawn(limitsArgv(limits), { superuser: "require", err: "message" });

async function writeFile(path: string, content: string | null, executable: boolean): Promise<void> {
    const file = cockpit.file(path, { superuser: "require" });
    try {
        await file.replace(content); // a temporary file renamed over the old one: never half written
    } finally {
        file.close();
    }
    if (content !== null && executable)
        await cockpit.spawn(["chmod", "0755", path], { superuser: "require", err: "message" });
}

/** Runtime values first (they are what the user sees working), then the files that keep them. */
export async function applySetup(plan: SetupPlan): Promise<void> {
    for (const s of plan.sysctls) await sysctlSet(s.key, s.to);
    if (plan.limits) await limitsSet(plan.limits.to);
    for (const f of plan.files) await writeFile(f.path, f.after, f.path === OUR_LIMITS_SCRIPT);
    if (plan.reapply.length) await nudge(plan.reapply);
}

/**
 * Makes NetworkManager configure the endpoints of profiles activated while MPTCP was off: reapply the
 * applied connection with also-without-sysctl added (runtime only; the profile is not touched), then
 * reapply the profile itself. The links stay up. Under a checkpoint of those devices, as the editor's
 * change: if a reapply fails, the devices are rolled back to how they were, and the error says so.
 */
async function nudge(devices: MptcpDevice[]): Promise<void> {
    const client = cockpit.dbus(NM, { superuser: "require" });
    try {
        await withCheckpoint(client, devices.map(d => d.path), async () => {
            for (const d of devices) {
                const reply = await client.call(d.path, NM_DEVICE, "GetAppliedConnection", [0], { type: "u" });
                const [applied, version] = reply as [Record<string, Record<string, unknown>>, number];
                const flags = cockpit.variant("u", nudgeFlags(d.flags));
                applied.connection = { ...applied.connection, "mptcp-flags": flags };
                await client.call(d.path, NM_DEVICE, "Reapply", [applied, version, 0], { type: "a{sa{sv}}tu" });
                await client.call(d.path, NM_DEVICE, "Reapply", [{}, 0, 0], { type: "a{sa{sv}}tu" });
            }
        });
    } catch (e) {
        if (!(e instanceof CheckpointFailure)) throw e;
        throw new Error(`${e.message} ${rollbackText(e.outcome, devices)}`, { cause: e });
    } finally {
        client.close();
    }
}

/** What the checkpoint did after a failed reapply, in words. */
function rollbackText(outcome: RollbackOutcome, devices: MptcpDevice[]): string {
    const name = (path: string) => devices.find(d => d.path === path)?.name ?? path;
    switch (outcome.kind) {
    case "restored":
        return _("The devices were rolled back to how they were.");
    case "not-restored":
        return format(_("These devices could not be rolled back: $0."), outcome.devices.map(name).join(", "));
    case "lost":
        return _("NetworkManager no longer holds the checkpoint: nothing was rolled back.");
    case "rollback-failed":
        return outcome.autoAt === null
            ? format(_("The rollback failed: $0"), errorMessage(outcome.error))
            : format(_("The rollback failed: $0. NetworkManager rolls back by itself within a minute."), errorMessage(outcome.error));
    }
}

/** The /proc/sys file of a key undo restores (its interface validated by `restorable`). */
const procPath = (step: Extract<UndoStep, { kind: "sysctl" }>) =>
    step.iface === null ? "/proc/sys/net/mptcp/enabled" : `/proc/sys/net/ipv4/conf/${step.iface}/rp_filter`;

async function undoStep(step: UndoStep): Promise<UndoResult> {
    switch (step.kind) {
    case "sysctl":
        if (!restorable(step.key, step.to)) return { status: "failed", message: `${step.key} = ${step.to}` };
        // an interface deleted since: nothing to restore, and no reason to stop
        if (await readFile(procPath(step)) === null) return { status: "gone" };
        await sysctlSet(step.key, step.to);
        return { status: "done" };
    case "limits":
        await limitsSet(step.to);
        return { status: "done" };
    case "remove":
        await writeFile(step.path, null, false);
        return { status: "done" };
    }
}

/**
 * Restores the runtime values from before our files, then removes the files: every step, whatever the
 * others did, each step's outcome reported as it ends.
 */
export async function undoSetup(
    plan: UndoPlan, progress: (index: number, result: UndoResult) => void = () => {},
): Promise<UndoResult[]> {
    const results: UndoResult[] = [];
    for (const [i, step] of plan.steps.entries()) {
        let result: UndoResult;
        try {
            result = await undoStep(step);
        } catch (e) {
            result = { status: "failed", message: errorMessage(e) };
        }
        results.push(result);
        progress(i, result);
    }
    return results;
}
