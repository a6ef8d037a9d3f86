// A change set: the interfaces to change, what NetworkManager will do, what the kernel will have after,
// what will still keep MPTCP from working, and the exact operations. Built before anything changes.

import type { Family } from "./address";
import { nmDeviceRefusal, nmTakesMptcp, noEndpointReason, type Allotment, type NoEndpointReason } from "./eligibility";
import { decodeProfileFlags, nmcliFlags, ENDPOINT_FLAGS, type EndpointFlag } from "./flags";
import { addressKey, eligibilityContext, endpointAllotment, wantedKey, type InterfaceRow } from "./interfaces";
import { kernelFlags, nmstateInterface, nmstateYaml, type NmstateInterface } from "./nmstate";
import {
    sameSetting, settingFromRaw, settingProblems, settingToRaw, type MptcpMode, type MptcpSetting, type SettingProblem,
} from "./setting";
import { rpFilterStrict, rowsWithMptcpOn, subflowEndpoints, type RpFilterValues } from "./readiness";
import type { Endpoint, HostSnapshot, NmDevice } from "./types";
import { subflowLimitVerdict, type Verdict } from "./verdicts";

/**
 * What the user changed in the editor: only the fields touched; the rest stays as each interface has it
 * (null, or a flag not in `flags`). Editing several interfaces at once changes only what was touched.
 */
export interface MptcpEdit {
    mode: MptcpMode | null;
    flags: Partial<Record<EndpointFlag, boolean>>;
    alsoWithoutSysctl: boolean | null;
    alsoWithoutDefaultRoute: boolean | null;
}

export const NO_EDIT: MptcpEdit = { mode: null, flags: {}, alsoWithoutSysctl: null, alsoWithoutDefaultRoute: null };

/** A whole setting as an edit that sets every field. */
export function editOf(s: MptcpSetting): MptcpEdit {
    return {
        mode: s.mode,
        flags: Object.fromEntries(ENDPOINT_FLAGS.map(f => [f, s.flags.includes(f)])),
        alsoWithoutSysctl: s.alsoWithoutSysctl,
        alsoWithoutDefaultRoute: s.alsoWithoutDefaultRoute,
    };
}

/** An interface's setting after the edit: what the user touched, and the interface's own for the rest. */
export function applyEdit(own: MptcpSetting, edit: MptcpEdit): MptcpSetting {
    const mode = edit.mode ?? own.mode;
    if (mode !== "enabled") return { mode, flags: [], alsoWithoutSysctl: false, alsoWithoutDefaultRoute: false };
    return {
        mode,
        flags: ENDPOINT_FLAGS.filter(f => edit.flags[f] ?? own.flags.includes(f)),
        alsoWithoutSysctl: edit.alsoWithoutSysctl ?? own.alsoWithoutSysctl,
        alsoWithoutDefaultRoute: edit.alsoWithoutDefaultRoute ?? own.alsoWithoutDefaultRoute,
    };
}

/** The raw connection.mptcp-flags an edit makes of an interface's value; the same value when it changes nothing. */
export function editedRaw(oldRaw: number, edit: MptcpEdit): number {
    const own = settingFromRaw(oldRaw);
    const next = applyEdit(own, edit);
    return sameSetting(next, own) ? oldRaw : settingToRaw(next, oldRaw);
}

/**
 * What a change asks for: the editor's edit for every interface, an edit each (an import), or given raw
 * values (the old flags put back).
 */
export type ChangeRequest =
    | { edit: MptcpEdit }
    | { restore: Record<string, number> }
    | { edits: Record<string, MptcpEdit> };

export interface PredictedAddress {
    address: string;
    family: Family;
    /** the endpoint flags NetworkManager will configure; null: no endpoint */
    flags: EndpointFlag[] | null;
    /** why it gets none ("endpoint-limit": the kernel's endpoints go to other addresses) */
    reason: NoEndpointReason | null;
    /** it competes with equals for the kernel's last endpoints: it gets `flags`, or none */
    maybe: boolean;
}

/** An address of an interface the change leaves alone, whose endpoint the kernel's cap takes away or gives. */
export interface CappedAddress {
    name: string;
    address: string;
    family: Family;
    /** it has an endpoint now */
    had: boolean;
    allot: Allotment;
}

export interface FlagChangeItem {
    name: string;
    devicePath: string;
    profile: { id: string; uuid: string; settingsPath: string; inMemory: boolean };
    oldRaw: number;
    newRaw: number;
    predicted: PredictedAddress[];
    before: NmstateInterface;
    after: NmstateInterface;
}

export type RefusedReason = "not-found" | "nm-unavailable" | "unmanaged" | "no-profile" | "external";

export type Operation =
    | { kind: "checkpoint"; devices: string[] }
    | {
        kind: "update"; profile: string; property: "connection.mptcp-flags"; from: string; to: string;
        storage: "disk" | "memory";
    }
    | { kind: "reapply"; device: string }
    | { kind: "verify" };

export interface FlagChangePlan {
    request: ChangeRequest;
    items: FlagChangeItem[];
    /** selected interfaces already as asked: nothing to do for them */
    unchanged: string[];
    refused: { name: string; reason: RefusedReason }[];
    problems: SettingProblem[];
    /** what will still keep MPTCP from working after the change */
    warnings: Verdict[];
    /**
     * more addresses want an endpoint than the kernel holds: what NetworkManager can fill, and of the equals
     * how many
     */
    endpointLimit: { capacity: number; wanted: number; maybeSlots: number } | null;
    /** other interfaces' addresses that the kernel's cap leaves without an endpoint, or that may get or lose one */
    capped: CappedAddress[];
    operations: Operation[];
    beforeYaml: string;
    afterYaml: string;
}

/** The stages of an apply, in order; "rollback" only on failure, "nm-gone" when NetworkManager went away meanwhile. */
export type ApplyStep = "check" | "checkpoint" | "update" | "reapply" | "verify" | "rollback" | "nm-gone";

/** Where a profile stands after NetworkManager stopped or restarted during a change. */
export interface ProfileAfterLoss {
    name: string;
    profile: string;
    oldRaw: number;
    newRaw: number;
    /** the value NetworkManager has now; null when it could not be asked (not running) */
    nowRaw: number | null;
    /** our update went through before NetworkManager went away */
    updated: boolean;
    inMemory: boolean;
}

/** How an apply failed: "conflict" changed nothing; "failed" was rolled back (or says it could not be). */
export interface ApplyFailure {
    kind: "conflict" | "failed";
    message: string;
    /** the checkpoint was rolled back and NetworkManager restored every device */
    rolledBack: boolean;
    rollbackFailed: boolean;
    /** devices whose rollback NetworkManager reported as failed */
    notRestored?: string[];
    /**
     * the rollback call failed but NetworkManager still holds the checkpoint: it rolls back by itself at this
     * time (ms)
     */
    autoRollbackAt?: number;
    /**
     * NetworkManager stopped or restarted during the change: its checkpoint, and the automatic rollback, went
     * with it
     */
    lost?: { running: boolean; profiles: ProfileAfterLoss[] };
}

/** The profiles whose flags are not (or may not be) the old ones after NetworkManager went away. */
export const profilesToRestore = (lost: NonNullable<ApplyFailure["lost"]>) =>
    lost.profiles.filter(p => (p.nowRaw === null ? p.updated : p.nowRaw !== p.oldRaw));

/** nmcli's words for a raw value ("signal,subflow", "0x0 (default)") */
export function rawText(raw: number): string {
    return raw === 0 ? "0 (default)" : nmcliFlags(raw);
}

/** Why NetworkManager cannot change an interface's MPTCP setting, or null when it can. */
export function changeRefusal(row: InterfaceRow | undefined, nmUsable: boolean): RefusedReason | null {
    if (!row) return "not-found";
    if (!nmUsable) return "nm-unavailable";
    return row.device ? nmDeviceRefusal(row.device) : "unmanaged";
}

const requestOf = (r: ChangeRequest | MptcpSetting): ChangeRequest => ("mode" in r ? { edit: editOf(r) } : r);

export function planFlagChange(
    snap: HostSnapshot, rows: InterfaceRow[], names: string[], change: ChangeRequest | MptcpSetting,
    rpFilter: RpFilterValues = {},
): FlagChangePlan {
    const request = requestOf(change);
    const nmUsable = nmTakesMptcp(snap.nm);
    const unchanged: string[] = [];
    const refused: FlagChangePlan["refused"] = [];
    const changing = new Map<string, { row: InterfaceRow; device: NmDevice; newRaw: number }>();

    for (const name of names) {
        const row = rows.find(r => r.name === name);
        const why = changeRefusal(row, nmUsable);
        if (why || !row?.device || !row.profile) {
            refused.push({ name, reason: why ?? "not-found" });
            continue;
        }
        const { device, profile } = row;
        const newRaw = "edit" in request ? editedRaw(profile.mptcpFlags, request.edit)
            : "edits" in request ? editedRaw(profile.mptcpFlags, request.edits[name] ?? NO_EDIT)
                : request.restore[name] ?? profile.mptcpFlags;
        if (newRaw === profile.mptcpFlags) unchanged.push(name);
        else changing.set(name, { row, device: { ...device, profile: { ...profile, mptcpFlags: newRaw } }, newRaw });
    }

    // who gets the kernel's endpoints once NetworkManager reapplies: every interface, these with their new flags
    const allotment = endpointAllotment(snap, rows, r => changing.get(r.name)?.device ?? r.device);
    const overLimit = [...allotment.of.values()].some(a => a !== "yes");

    const items: FlagChangeItem[] = [];
    const routeWarnings: Verdict[] = [];
    const strict: string[] = [];
    for (const { row, device, newRaw } of changing.values()) {
        const { name } = row;
        const profile = device.profile ?? row.profile;
        if (!profile || !row.profile) continue;
        const decoded = decodeProfileFlags(newRaw);
        const predicted = row.addresses.map((a): PredictedAddress => {
            const ctx = { ...eligibilityContext(snap, name, device, a.family), nmRunning: true, nmSupportsMptcp: true };
            const rule = noEndpointReason(a, ctx);
            // NetworkManager configures an address still in duplicate address detection at once (seen in the lab)
            const reason = rule === "tentative" ? null : rule;
            const allot = reason === null ? allotment.of.get(wantedKey(name, a.address)) ?? "yes" : null;
            const { address, family } = a;
            if (allot === "no") return { address, family, flags: null, reason: "endpoint-limit", maybe: false };
            return { address, family, flags: reason ? null : decoded.endpointFlags, reason, maybe: allot === "maybe" };
        });
        if (!decoded.disabled) {
            for (const family of [4, 6] as const) {
                if (predicted.some(p => p.family === family && p.reason === "no-default-route"))
                    routeWarnings.push({ id: "no-default-route", name, family });
            }
            if (rpFilterStrict(rpFilter, name) && predicted.some(p => p.family === 4)) strict.push(name);
        }
        const flagsOf = (address: string) => predicted.find(p => p.address === address)?.flags ?? null;
        items.push({
            name,
            devicePath: device.path,
            profile: {
                id: profile.id, uuid: profile.uuid, settingsPath: profile.settingsPath,
                inMemory: row.profile.inMemory === true,
            },
            oldRaw: row.profile.mptcpFlags,
            newRaw,
            predicted,
            before: nmstateInterface(row, row.profile.mptcpFlags, kernelFlags(row)),
            after: nmstateInterface(row, newRaw, flagsOf),
        });
    }

    // the interfaces left alone, as far as the cap changes them
    const capped: CappedAddress[] = [];
    if (overLimit || rows.some(r => r.addresses.some(a => a.reason === "endpoint-limit"))) {
        for (const row of rows) {
            if (changing.has(row.name)) continue;
            for (const a of row.addresses) {
                const allot = allotment.of.get(wantedKey(row.name, a.address));
                if (!allot) continue;
                const had = a.endpoint !== null;
                if (allot === "yes" && had) continue;
                capped.push({ name: row.name, address: a.address, family: a.family, had, allot });
            }
        }
    }

    const warnings: Verdict[] = [];
    const enabling = items.filter(i => !decodeProfileFlags(i.newRaw).disabled);
    if (enabling.length) {
        const needSysctl = enabling.some(i => !decodeProfileFlags(i.newRaw).alsoWithoutSysctl);
        if (snap.kernel.enabled === false && needSysctl) warnings.push({ id: "sysctl-disabled" });
        warnings.push(...routeWarnings);
        if (strict.length) warnings.push({ id: "rp-filter-strict", interfaces: strict });
        if (snap.kernel.pathManager === "userspace") warnings.push({ id: "userspace-pm" });
        // the subflow endpoints there will be: the other interfaces' as they are, these as predicted
        const others = subflowEndpoints(rowsWithMptcpOn(snap).filter(r => !changing.has(r.name)));
        const predictedSubflow = items.flatMap(i => i.predicted).filter(p => p.flags?.includes("subflow"));
        const maybeSubflow = predictedSubflow.filter(p => p.maybe).length;
        const subflowCount = predictedSubflow.length - maybeSubflow + Math.min(allotment.maybeSlots, maybeSubflow);
        const limit = subflowLimitVerdict(snap.kernel.limits, others + subflowCount);
        if (limit) warnings.push(limit);
    }
    const endpointLimit = overLimit
        ? { capacity: allotment.capacity, wanted: allotment.of.size, maybeSlots: allotment.maybeSlots }
        : null;
    if (endpointLimit && items.length) {
        const label = (name: string, address: string) => `${name} ${address}`;
        const none = [
            ...items.flatMap(i => i.predicted.filter(p => p.reason === "endpoint-limit")
                .map(p => label(i.name, p.address))),
            ...capped.filter(c => c.allot === "no").map(c => label(c.name, c.address)),
        ];
        const maybe = [
            ...items.flatMap(i => i.predicted.filter(p => p.maybe).map(p => label(i.name, p.address))),
            ...capped.filter(c => c.allot === "maybe").map(c => label(c.name, c.address)),
        ];
        const { capacity, wanted, maybeSlots } = endpointLimit;
        warnings.push({ id: "endpoint-limit", capacity, wanted, none, maybe, maybeSlots });
    }

    const problems = [...new Set([...changing.values()].flatMap(c => settingProblems(settingFromRaw(c.newRaw))))];
    const operations: Operation[] = items.length
        ? [
            { kind: "checkpoint", devices: items.map(i => i.name) },
            ...items.map((i): Operation => ({
                kind: "update",
                profile: i.profile.id,
                property: "connection.mptcp-flags",
                from: rawText(i.oldRaw),
                to: rawText(i.newRaw),
                storage: i.profile.inMemory ? "memory" : "disk",
            })),
            ...items.map((i): Operation => ({ kind: "reapply", device: i.name })),
            { kind: "verify" },
        ]
        : [];
    return {
        request,
        items,
        unchanged,
        refused,
        problems,
        warnings,
        endpointLimit,
        capped,
        operations,
        beforeYaml: nmstateYaml(items.map(i => i.before)),
        afterYaml: nmstateYaml(items.map(i => i.after)),
    };
}

export interface Mismatch {
    name: string;
    address: string;
    expected: EndpointFlag[] | null;
    actual: EndpointFlag[] | null;
    /**
     * the addresses that compete for the last endpoints (`address` lists them) have `actual` endpoints, not
     * `expected`
     */
    count?: { expected: number; actual: number };
}

/** Addresses whose kernel endpoint does not (yet) match the prediction; empty when the change is verified. */
export function verifyEndpoints(plan: FlagChangePlan, endpoints: Endpoint[]): Mismatch[] {
    const byAddress = new Map(endpoints.map(e => [addressKey(e.address), e]));
    const actualOf = (address: string) => byAddress.get(addressKey(address))?.flags ?? null;
    const same = (a: EndpointFlag[], b: EndpointFlag[]) => a.length === b.length && a.every(f => b.includes(f));
    // reasons that come from the profile, the host or the cap: NetworkManager must have removed its endpoint
    const mustBeAbsent = new Set<NoEndpointReason | null>(
        ["profile-disabled", "sysctl-disabled", "no-default-route", "endpoint-limit"]);
    const mismatches: Mismatch[] = [];
    const contenders: string[] = [];
    let contendersWith = 0;
    for (const item of plan.items) {
        for (const p of item.predicted) {
            const actual = actualOf(p.address);
            if (p.maybe) {
                contenders.push(`${item.name} ${p.address}`);
                if (actual === null) continue;
                contendersWith++;
            }
            const ok = p.flags
                ? actual !== null && same(actual, p.flags)
                : !mustBeAbsent.has(p.reason) || actual === null;
            if (!ok) mismatches.push({ name: item.name, address: p.address, expected: p.flags, actual });
        }
    }
    for (const c of plan.capped) {
        const actual = actualOf(c.address);
        if (c.allot === "maybe") {
            contenders.push(`${c.name} ${c.address}`);
            if (actual !== null) contendersWith++;
        } else if (c.allot === "no" && actual !== null) {
            mismatches.push({ name: c.name, address: c.address, expected: null, actual });
        }
    }
    const slots = plan.endpointLimit?.maybeSlots ?? 0;
    if (contenders.length && contendersWith !== slots)
        mismatches.push({
            name: "", address: contenders.join(", "), expected: null, actual: null,
            count: { expected: slots, actual: contendersWith },
        });
    return mismatches;
}

/** What a preview saw of each profile and device, so that apply can refuse when someone changed them meanwhile. */
export interface Guard {
    name: string;
    settingsPath: string;
    devicePath: string;
    /** the profile's settings as text (keys sorted) */
    settings: string;
    appliedVersion: number;
    /** where NetworkManager keeps the profile, as text */
    storage: string;
}
