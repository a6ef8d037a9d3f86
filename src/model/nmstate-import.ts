// nmstate YAML from elsewhere, read as MPTCP changes for this host: a desired state (`interfaces:`), a
// kubernetes-nmstate NodeNetworkConfigurationPolicy (its spec.desiredState), or an Ansible `network_state`
// variable. Only interfaces[].mptcp.address-flags is taken; everything else is listed as not applied, and
// per-address mptcp-flags are ignored with a warning, as nmstate does. The text is a stranger's: at most
// 1 MiB, no aliases (so no expansion bombs), no merge keys, a bounded depth; every problem has its line and
// column, and any error means nothing is applied.

import type { Document, Node as YamlNode, Pair, YAMLMap, YAMLSeq } from "yaml";

import { ENDPOINT_FLAGS, type EndpointFlag } from "./flags";
import type { InterfaceRow } from "./interfaces";
import { nmstateType, yamlLibrary } from "./nmstate";
import { changeRefusal, type MptcpEdit, type RefusedReason } from "./plan";
import { settingProblems } from "./setting";

export const IMPORT_MAX_BYTES = 1024 * 1024;
export const IMPORT_MAX_DEPTH = 32;

export interface Position { line: number; col: number }

/** Why nothing can be applied; each at its place in the text (line 1, column 1 when it is the whole text). */
export type ImportError =
    | { kind: "too-large"; bytes: number }
    | { kind: "syntax"; message: string }
    | { kind: "alias" }
    | { kind: "too-deep" }
    | { kind: "no-interfaces" }
    | { kind: "expected"; what: "map" | "list" | "string" | "list of flags"; at: string }
    | { kind: "no-name" }
    | { kind: "duplicate"; name: string }
    | { kind: "unknown-interface"; name: string }
    | { kind: "refused"; name: string; reason: RefusedReason }
    | { kind: "unknown-flag"; name: string; flag: string }
    | { kind: "signal-fullmesh"; name: string }
    | { kind: "wrong-type"; name: string; given: string; host: string };

/**
 * Read, but not as written: nmstate too ignores per-address flags in a desired state; an interface without
 * mptcp changes nothing.
 */
export type ImportWarning =
    | { kind: "address-flags-ignored"; name: string; address: string }
    | { kind: "no-mptcp"; name: string };

export type Located<T> = T & Position;

export interface ImportResult {
    shape: "desired-state" | "policy" | "ansible" | null;
    errors: Located<ImportError>[];
    warnings: Located<ImportWarning>[];
    /** keys this page does not apply, as paths ("interfaces[eth1].ipv4.address", "routes") */
    notApplied: Located<{ path: string }>[];
    /** the change for each interface that has an mptcp section: its mode and flags; its other MPTCP flags stay */
    edits: Record<string, MptcpEdit>;
}

/**
 * Reads text against this host's interfaces (nmUsable: NetworkManager runs and supports MPTCP). Needs
 * loadYaml() first.
 */
export function parseImport(text: string, rows: InterfaceRow[], nmUsable: boolean): ImportResult {
    const result: ImportResult = { shape: null, errors: [], warnings: [], notApplied: [], edits: {} };
    const bytes = new TextEncoder().encode(text).length;
    if (bytes > IMPORT_MAX_BYTES) {
        result.errors.push({ kind: "too-large", bytes, line: 1, col: 1 });
        return result;
    }
    const yaml = yamlLibrary();
    const lines = new yaml.LineCounter();
    // YAML 1.2: no merge keys; aliases are refused below, before anything reads them
    const doc: Document.Parsed = yaml.parseDocument(text, {
        lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: false, version: "1.2",
    });
    const at = (node: YamlNode | Pair | null | undefined): Position => {
        const keyNode = node && "key" in node && node.key && typeof node.key === "object" && "range" in node.key
            ? node.key as YamlNode
            : null;
        const offset = (node && "range" in node && node.range ? node.range[0] : null) ?? keyNode?.range?.[0] ?? 0;
        return lines.linePos(offset);
    };
    for (const e of doc.errors) {
        const p = lines.linePos(e.pos[0]);
        result.errors.push({ kind: "syntax", message: e.message.split("\n")[0] ?? e.code, line: p.line, col: p.col });
    }
    if (result.errors.length) return result;

    // no alias anywhere, and no deeper than IMPORT_MAX_DEPTH
    let refused = false;
    const check = (node: unknown, depth: number): void => {
        if (refused || node === null || typeof node !== "object") return;
        if (yaml.isAlias(node)) {
            result.errors.push({ kind: "alias", ...at(node) });
            refused = true;
        } else if (depth > IMPORT_MAX_DEPTH) {
            result.errors.push({ kind: "too-deep", ...at(node as YamlNode) });
            refused = true;
        } else if (yaml.isMap(node) || yaml.isSeq(node)) {
            for (const item of (node as YAMLMap | YAMLSeq).items) {
                if (yaml.isPair(item)) {
                    check(item.key, depth + 1);
                    check(item.value, depth + 1);
                } else {
                    check(item, depth + 1);
                }
            }
        }
    };
    check(doc.contents, 0);
    if (refused) return result;

    const keyOf = (pair: Pair) => (yaml.isScalar(pair.key) ? String(pair.key.value) : String(pair.key));
    const get = (map: unknown, key: string): Pair | undefined =>
        yaml.isMap(map) ? (map.items as Pair[]).find(p => keyOf(p) === key) : undefined;
    const others = (map: YAMLMap, known: string[], path: (key: string) => string) => {
        for (const pair of map.items as Pair[]) {
            const key = keyOf(pair);
            if (!known.includes(key)) result.notApplied.push({ path: path(key), ...at(pair) });
        }
    };

    // the desired state: top level, a policy's spec.desiredState, or an Ansible variable's value
    const top = doc.contents;
    let state: YAMLMap | null = null;
    if (yaml.isMap(top)) {
        const kind = get(top, "kind");
        const spec = get(top, "spec");
        const network = get(top, "network_state");
        const isPolicy = kind && yaml.isScalar(kind.value) && kind.value.value === "NodeNetworkConfigurationPolicy";
        if (isPolicy && yaml.isMap(spec?.value)) {
            const desired = get(spec.value, "desiredState");
            if (desired && yaml.isMap(desired.value)) {
                result.shape = "policy";
                state = desired.value;
            }
        } else if (network && yaml.isMap(network.value)) {
            result.shape = "ansible";
            state = network.value;
            others(top, ["network_state"], key => key);
        } else if (get(top, "interfaces")) {
            result.shape = "desired-state";
            state = top;
        }
    }
    const interfaces = state ? get(state, "interfaces") : undefined;
    if (!state || !interfaces) {
        result.errors.push({ kind: "no-interfaces", ...at(top) });
        return result;
    }
    const prefix = result.shape === "policy" ? "spec.desiredState."
        : result.shape === "ansible" ? "network_state." : "";
    others(state, ["interfaces"], key => prefix + key);
    if (!yaml.isSeq(interfaces.value)) {
        result.errors.push({ kind: "expected", what: "list", at: `${prefix}interfaces`, ...at(interfaces) });
        return result;
    }

    const seen = new Set<string>();
    for (const item of interfaces.value.items) {
        if (!yaml.isMap(item)) {
            result.errors.push({ kind: "expected", what: "map", at: `${prefix}interfaces[]`, ...at(item as YamlNode) });
            continue;
        }
        const pos = at(item);
        const namePair = get(item, "name");
        if (!namePair || !yaml.isScalar(namePair.value) || typeof namePair.value.value !== "string" ||
            !namePair.value.value) {
            result.errors.push(namePair
                ? { kind: "expected", what: "string", at: `${prefix}interfaces[].name`, ...at(namePair) }
                : { kind: "no-name", ...pos });
            continue;
        }
        const name = namePair.value.value;
        const path = (key: string) => `${prefix}interfaces[${name}].${key}`;
        if (seen.has(name)) {
            result.errors.push({ kind: "duplicate", name, ...at(namePair.value) });
            continue;
        }
        seen.add(name);
        others(item, ["name", "type", "state", "mptcp", "ipv4", "ipv6"], path);
        // per-address flags: ignored, as nmstate ignores them in a desired state; the rest of ipv4/ipv6 not applied
        for (const family of ["ipv4", "ipv6"]) {
            const ip = get(item, family);
            if (!ip) continue;
            if (!yaml.isMap(ip.value)) {
                result.notApplied.push({ path: path(family), ...at(ip) });
                continue;
            }
            for (const pair of ip.value.items as Pair[]) {
                const key = keyOf(pair);
                result.notApplied.push({ path: path(`${family}.${key}`), ...at(pair) });
                if (key !== "address" || !yaml.isSeq(pair.value)) continue;
                for (const a of pair.value.items) {
                    const flags = get(a, "mptcp-flags");
                    const ipPair = get(a, "ip");
                    if (!flags) continue;
                    const address = ipPair && yaml.isScalar(ipPair.value) ? String(ipPair.value.value) : "";
                    result.warnings.push({ kind: "address-flags-ignored", name, address, ...at(flags) });
                }
            }
        }
        const statePair = get(item, "state");
        if (statePair && !(yaml.isScalar(statePair.value) && statePair.value.value === "up"))
            result.notApplied.push({ path: path("state"), ...at(statePair) });

        const row = rows.find(r => r.name === name);
        if (!row) {
            result.errors.push({ kind: "unknown-interface", name, ...at(namePair.value) });
            continue;
        }
        const typePair = get(item, "type");
        if (typePair) {
            const given = yaml.isScalar(typePair.value) ? String(typePair.value.value) : "";
            const host = nmstateType(row);
            if (host && given !== host) {
                result.errors.push({ kind: "wrong-type", name, given, host, ...at(typePair.value as YamlNode) });
                continue;
            }
        }
        const mptcp = get(item, "mptcp");
        if (!mptcp) {
            result.warnings.push({ kind: "no-mptcp", name, ...pos });
            continue;
        }
        if (!yaml.isMap(mptcp.value)) {
            result.errors.push({ kind: "expected", what: "map", at: path("mptcp"), ...at(mptcp) });
            continue;
        }
        others(mptcp.value, ["address-flags"], key => path(`mptcp.${key}`));
        const flagsPair = get(mptcp.value, "address-flags");
        if (!flagsPair) {
            result.warnings.push({ kind: "no-mptcp", name, ...at(mptcp) });
            continue;
        }
        if (!yaml.isSeq(flagsPair.value)) {
            const where = path("mptcp.address-flags");
            result.errors.push({ kind: "expected", what: "list of flags", at: where, ...at(flagsPair) });
            continue;
        }
        const flags: EndpointFlag[] = [];
        let bad = false;
        for (const f of flagsPair.value.items) {
            const flag = yaml.isScalar(f) ? String(f.value) : "";
            if ((ENDPOINT_FLAGS as readonly string[]).includes(flag)) {
                flags.push(flag as EndpointFlag);
            } else {
                result.errors.push({ kind: "unknown-flag", name, flag, ...at(f as YamlNode) });
                bad = true;
            }
        }
        if (bad) continue;
        const asked = { mode: "enabled", flags, alsoWithoutSysctl: false, alsoWithoutDefaultRoute: false } as const;
        if (settingProblems(asked).length) {
            result.errors.push({ kind: "signal-fullmesh", name, ...at(flagsPair) });
            continue;
        }
        const why = changeRefusal(row, nmUsable);
        if (why) {
            result.errors.push({ kind: "refused", name, reason: why, ...at(namePair.value) });
            continue;
        }
        // an empty list disables MPTCP, as nmstate reads it; otherwise enabled with exactly these address flags
        result.edits[name] = flags.length
            ? {
                mode: "enabled",
                flags: Object.fromEntries(ENDPOINT_FLAGS.map(f => [f, flags.includes(f)])),
                alsoWithoutSysctl: null,
                alsoWithoutDefaultRoute: null,
            }
            : { mode: "disabled", flags: {}, alsoWithoutSysctl: null, alsoWithoutDefaultRoute: null };
    }
    if (!result.errors.length && Object.keys(result.edits).length === 0 && seen.size === 0)
        result.errors.push({ kind: "no-interfaces", ...at(interfaces) });
    // any error: nothing at all is applied
    if (result.errors.length) result.edits = {};
    return result;
}

