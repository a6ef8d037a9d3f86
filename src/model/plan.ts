// A change set: the interfaces to change, what NetworkManager will do, what the kernel will have after,
// what will still keep MPTCP from working, and the exact operations. Built before anything changes.

import type { Family } from "./address";
import { noEndpointReason, versionAtLeast, NM_MPTCP_MIN, type NoEndpointReason } from "./eligibility";
import { decodeProfileFlags, nmcliFlags, type EndpointFlag } from "./flags";
import { addressKey, type InterfaceRow } from "./interfaces";
import { kernelFlags, nmstateInterface, nmstateYaml, type NmstateInterface } from "./nmstate";
import { settingProblems, settingToRaw, type MptcpSetting, type SettingProblem } from "./setting";
import { effectiveRpFilter, rowsWithMptcpOn, subflowEndpoints, type RpFilterValues } from "./readiness";
import { NM_DEVICE_ACTIVATED, type Endpoint, type HostSnapshot } from "./types";
import { subflowLimitVerdict, type Verdict } from "./verdicts";

export interface PredictedAddress {
    address: string;
    family: Family;
    /** the endpoint flags NetworkManager will configure; null: no endpoint */
    flags: EndpointFlag[] | null;
    reason: NoEndpointReason | null;
}

export interface PlanItem {
    name: string;
    devicePath: string;
    profile: { id: string; uuid: string; settingsPath: string };
    oldRaw: number;
    newRaw: number;
    predicted: PredictedAddress[];
    before: NmstateInterface;
    after: NmstateInterface;
}

export type RefusedReason = "not-found" | "nm-unavailable" | "unmanaged" | "no-profile" | "external";

export type Operation =
    | { kind: "checkpoint"; devices: string[] }
    | { kind: "update"; profile: string; property: "connection.mptcp-flags"; from: string; to: string }
    | { kind: "reapply"; device: string }
    | { kind: "verify" };

export interface Plan {
    setting: MptcpSetting;
    items: PlanItem[];
    /** selected interfaces already as asked: nothing to do for them */
    unchanged: string[];
    refused: { name: string; reason: RefusedReason }[];
    problems: SettingProblem[];
    /** what will still keep MPTCP from working after the change */
    warnings: Verdict[];
    operations: Operation[];
    beforeYaml: string;
    afterYaml: string;
}

/** The stages of an apply, in order; "rollback" only on failure. */
export type ApplyStep = "check" | "checkpoint" | "update" | "reapply" | "verify" | "rollback";

/** How an apply failed: "conflict" changed nothing; "failed" was rolled back (or says it could not be). */
export interface ApplyFailure {
    kind: "conflict" | "failed";
    message: string;
    rolledBack: boolean;
    rollbackFailed: boolean;
}


/** nmcli's words for a raw value ("signal,subflow", "0x0 (default)") */
export function rawText(raw: number): string {
    return raw === 0 ? "0 (default)" : nmcliFlags(raw);
}

/** Why NetworkManager cannot change an interface's MPTCP setting, or null when it can. */
export function changeRefusal(row: InterfaceRow | undefined, nmUsable: boolean): RefusedReason | null {
    if (!row) return "not-found";
    if (!nmUsable) return "nm-unavailable";
    if (!row.device || !row.device.managed) return "unmanaged";
    if (!row.profile || row.device.state !== NM_DEVICE_ACTIVATED) return "no-profile";
    if (row.profile.external) return "external";
    return null;
}

export function buildPlan(snap: HostSnapshot, rows: InterfaceRow[], names: string[], setting: MptcpSetting, rpFilter: RpFilterValues = {}): Plan {
    const nmUsable = snap.nm.running && versionAtLeast(snap.nm.version, NM_MPTCP_MIN.major, NM_MPTCP_MIN.minor);
    const routes = { 4: new Set(snap.ip.defaultRoutes[4]), 6: new Set(snap.ip.defaultRoutes[6]) };
    const items: PlanItem[] = [];
    const unchanged: string[] = [];
    const refused: Plan["refused"] = [];
    const routeWarnings: Verdict[] = [];
    const strict: string[] = [];

    for (const name of names) {
        const row = rows.find(r => r.name === name);
        const why = changeRefusal(row, nmUsable);
        if (why || !row?.device || !row.profile) {
            refused.push({ name, reason: why ?? "not-found" });
            continue;
        }
        const { device, profile } = row;
        const newRaw = settingToRaw(setting, profile.mptcpFlags);
        if (newRaw === profile.mptcpFlags) {
            unchanged.push(name);
            continue;
        }
        const decoded = decodeProfileFlags(newRaw);
        const newDevice = { ...device, profile: { ...profile, mptcpFlags: newRaw } };
        const predicted = row.addresses.map((a): PredictedAddress => {
            const reason = noEndpointReason(a, {
                kernelMptcp: snap.kernel.mptcp, sysctlEnabled: snap.kernel.enabled, nmRunning: true,
                nmSupportsMptcp: true, device: newDevice, hasDefaultRoute: routes[a.family].has(name),
            });
            return { address: a.address, family: a.family, flags: reason ? null : decoded.endpointFlags, reason };
        });
        if (!decoded.disabled) {
            for (const family of [4, 6] as const) {
                if (predicted.some(p => p.family === family && p.reason === "no-default-route"))
                    routeWarnings.push({ id: "no-default-route", name, family });
            }
            if (effectiveRpFilter(rpFilter, name) === 1 && predicted.some(p => p.family === 4)) strict.push(name);
        }
        const flagsOf = (address: string) => predicted.find(p => p.address === address)?.flags ?? null;
        items.push({
            name,
            devicePath: device.path,
            profile: { id: profile.id, uuid: profile.uuid, settingsPath: profile.settingsPath },
            oldRaw: profile.mptcpFlags,
            newRaw,
            predicted,
            before: nmstateInterface(row, profile.mptcpFlags, kernelFlags(row)),
            after: nmstateInterface(row, newRaw, flagsOf),
        });
    }

    const warnings: Verdict[] = [];
    if (items.length && setting.mode !== "disabled") {
        if (snap.kernel.enabled === false && !setting.alsoWithoutSysctl) warnings.push({ id: "sysctl-disabled" });
        warnings.push(...routeWarnings);
        if (strict.length) warnings.push({ id: "rp-filter-strict", interfaces: strict });
        if (snap.kernel.pathManager === "userspace") warnings.push({ id: "userspace-pm" });
        // the subflow endpoints there will be: the other interfaces' as they are, these as predicted
        const changed = new Set(items.map(i => i.name));
        const others = subflowEndpoints(rowsWithMptcpOn(snap).filter(r => !changed.has(r.name)));
        const predictedSubflow = items.flatMap(i => i.predicted).filter(p => p.flags?.includes("subflow")).length;
        const limit = subflowLimitVerdict(snap.kernel.limits, others + predictedSubflow);
        if (limit) warnings.push(limit);
    }

    const operations: Operation[] = items.length
        ? [
            { kind: "checkpoint", devices: items.map(i => i.name) },
            ...items.map((i): Operation => ({ kind: "update", profile: i.profile.id, property: "connection.mptcp-flags", from: rawText(i.oldRaw), to: rawText(i.newRaw) })),
            ...items.map((i): Operation => ({ kind: "reapply", device: i.name })),
            { kind: "verify" },
        ]
        : [];
    return {
        setting,
        items,
        unchanged,
        refused,
        problems: settingProblems(setting),
        warnings,
        operations,
        beforeYaml: nmstateYaml(items.map(i => i.before)),
        afterYaml: nmstateYaml(items.map(i => i.after)),
    };
}

/** Addresses whose kernel endpoint does not (yet) match the prediction; empty when the change is verified. */
export function verifyEndpoints(plan: Plan, endpoints: Endpoint[]): { name: string; address: string; expected: EndpointFlag[] | null; actual: EndpointFlag[] | null }[] {
    const byAddress = new Map(endpoints.map(e => [addressKey(e.address), e]));
    // reasons that come from the profile or the host: NetworkManager must have removed its endpoint
    const mustBeAbsent = new Set<NoEndpointReason | null>(["profile-disabled", "sysctl-disabled", "no-default-route"]);
    const mismatches = [];
    for (const item of plan.items) {
        for (const p of item.predicted) {
            const actual = byAddress.get(addressKey(p.address))?.flags ?? null;
            const ok = p.flags
                ? actual !== null && actual.length === p.flags.length && p.flags.every(f => actual.includes(f))
                : !mustBeAbsent.has(p.reason) || actual === null;
            if (!ok) mismatches.push({ name: item.name, address: p.address, expected: p.flags, actual });
        }
    }
    return mismatches;
}
