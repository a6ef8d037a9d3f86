// Reading nmstate YAML from elsewhere as MPTCP changes for this host: the three shapes, what is applied and
// what is not, every bad input with its line and column, and hostile input refused before it costs anything.

import { beforeAll, describe, expect, it } from "vitest";

import { buildInterfaceRows } from "../../src/model/interfaces";
import { desiredState, desiredYaml, loadYaml } from "../../src/model/nmstate";
import { IMPORT_MAX_BYTES, parseImport } from "../../src/model/nmstate-import";
import { planFlagChange } from "../../src/model/plan";
import { labSnapshot } from "./fixtures/snapshot";

beforeAll(loadYaml);

const rows = () => buildInterfaceRows(labSnapshot());
const read = (text: string) => parseImport(text, rows(), true);

const DESIRED = `interfaces:
  - name: eth1
    type: veth
    state: up
    mptcp:
      address-flags: [subflow, backup]
  - name: eth3
    mptcp:
      address-flags:
        - signal
`;

describe("parseImport", () => {
    it("gives back an empty change for what the export wrote (a round trip)", () => {
        const snap = labSnapshot();
        const r = buildInterfaceRows(snap);
        const imported = parseImport(desiredYaml(desiredState(r)), r, true);
        expect(imported.errors).toEqual([]);
        expect(Object.keys(imported.edits)).toEqual(["eth1", "eth2", "eth3"]);
        const plan = planFlagChange(snap, r, Object.keys(imported.edits), { edits: imported.edits });
        expect(plan.items).toEqual([]);
        expect(plan.unchanged).toEqual(["eth1", "eth2", "eth3"]);
    });

    it("reads a desired state, a NodeNetworkConfigurationPolicy and an Ansible network_state alike", () => {
        const indent = (text: string, n: number) => text.split("\n").map(l => (l ? " ".repeat(n) + l : l)).join("\n");
        const policy = `apiVersion: nmstate.io/v1\nkind: NodeNetworkConfigurationPolicy\nmetadata:\n  name: mptcp\nspec:\n  nodeSelector:\n    kubernetes.io/hostname: node1\n  desiredState:\n${indent(DESIRED, 4)}`;
        const ansible = `network_state:\n${indent(DESIRED, 2)}`;
        const results = [read(DESIRED), read(policy), read(ansible)];
        expect(results.map(r => r.shape)).toEqual(["desired-state", "policy", "ansible"]);
        for (const r of results) {
            expect(r.errors).toEqual([]);
            expect(r.edits.eth1).toEqual({ mode: "enabled", flags: { signal: false, subflow: true, backup: true, fullmesh: false }, alsoWithoutSysctl: null, alsoWithoutDefaultRoute: null });
            expect(r.edits.eth3?.mode).toBe("enabled");
        }
        // the plan keeps each profile's other flags, and sets exactly these address flags
        const snap = labSnapshot();
        const plan = planFlagChange(snap, rows(), ["eth1", "eth3"], { edits: results[1]?.edits ?? {} });
        expect(plan.items.map(i => [i.name, i.newRaw])).toEqual([["eth1", 0x20 | 0x40], ["eth3", 0x10]]);
    });

    it("disables MPTCP for an empty list, as nmstate reads it", () => {
        const r = read("interfaces:\n- name: eth1\n  mptcp:\n    address-flags: []\n");
        expect(r.edits.eth1?.mode).toBe("disabled");
    });

    it("ignores per-address flags with a warning, and lists everything else it does not apply, with its line", () => {
        const r = read(`interfaces:
- name: eth1
  mtu: 1400
  state: down
  ipv4:
    enabled: true
    address:
    - ip: 198.51.100.2
      prefix-length: 24
      mptcp-flags: [signal]
  mptcp:
    address-flags: [signal]
routes:
  config: []
`);
        expect(r.errors).toEqual([]);
        expect(r.warnings).toEqual([{ kind: "address-flags-ignored", name: "eth1", address: "198.51.100.2", line: 10, col: 7 }]);
        expect(r.notApplied.map(n => [n.path, n.line])).toEqual([
            ["routes", 13],
            ["interfaces[eth1].mtu", 3],
            ["interfaces[eth1].ipv4.enabled", 6],
            ["interfaces[eth1].ipv4.address", 7],
            ["interfaces[eth1].state", 4],
        ]);
        expect(r.edits.eth1?.flags.signal).toBe(true);
    });

    it("warns of an interface without mptcp: nothing to apply for it", () => {
        const r = read("interfaces:\n- name: eth1\n  type: veth\n");
        expect(r.warnings).toEqual([{ kind: "no-mptcp", name: "eth1", line: 2, col: 3 }]);
        expect(r.edits).toEqual({});
    });

    it.each([
        ["an interface this host lacks", "interfaces:\n- name: eth9\n  mptcp: {address-flags: [signal]}\n", { kind: "unknown-interface", name: "eth9", line: 2, col: 9 }],
        ["one NetworkManager does not manage", "interfaces:\n- name: ext0\n  mptcp: {address-flags: [signal]}\n", { kind: "refused", name: "ext0", reason: "unmanaged", line: 2, col: 9 }],
        ["an unknown flag", "interfaces:\n- name: eth1\n  mptcp:\n    address-flags: [signal, fast]\n", { kind: "unknown-flag", name: "eth1", flag: "fast", line: 4, col: 29 }],
        ["signal with fullmesh", "interfaces:\n- name: eth1\n  mptcp:\n    address-flags: [signal, fullmesh]\n", { kind: "signal-fullmesh", name: "eth1", line: 4, col: 5 }],
        ["a wrong type", "interfaces:\n- name: eth1\n  type: bond\n  mptcp: {address-flags: [signal]}\n", { kind: "wrong-type", name: "eth1", given: "bond", host: "veth", line: 3, col: 9 }],
        ["flags that are not a list", "interfaces:\n- name: eth1\n  mptcp:\n    address-flags: signal\n", { kind: "expected", what: "list of flags", at: "interfaces[eth1].mptcp.address-flags", line: 4, col: 5 }],
        ["interfaces that are not a list", "interfaces: eth1\n", { kind: "expected", what: "list", at: "interfaces", line: 1, col: 1 }],
        ["an interface named twice", "interfaces:\n- name: eth1\n  mptcp: {address-flags: []}\n- name: eth1\n  mptcp: {address-flags: []}\n", { kind: "duplicate", name: "eth1", line: 4, col: 9 }],
        ["an interface without a name", "interfaces:\n- type: veth\n", { kind: "no-name", line: 2, col: 3 }],
        ["no interfaces at all", "routes:\n  config: []\n", { kind: "no-interfaces", line: 1, col: 1 }],
    ])("refuses %s, at its place, and applies nothing", (_what, text, error) => {
        const r = read(text);
        expect(r.errors).toEqual([error]);
        expect(r.edits).toEqual({});
    });

    it("gives the parser's message and position for malformed YAML", () => {
        const r = read("interfaces:\n- name: eth1\n  mptcp: {address-flags: [signal\n");
        expect(r.errors.length).toBeGreaterThan(0);
        expect(r.errors[0]).toMatchObject({ kind: "syntax", line: expect.any(Number), col: expect.any(Number) });
        expect(r.errors[0]?.kind === "syntax" && r.errors[0].message).toBeTruthy();
        expect(r.edits).toEqual({});
    });

    it("refuses aliases before anything expands them (a billion laughs), and merge keys are only keys", () => {
        const laughs = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
            ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`),
            "interfaces: []"].join("\n");
        const t0 = performance.now();
        const r = read(laughs);
        expect(performance.now() - t0).toBeLessThan(1000);
        expect(r.errors).toEqual([{ kind: "alias", line: 2, col: 8 }]);
        const merge = read("base: &b {mptcp: {address-flags: [signal]}}\ninterfaces:\n- name: eth1\n  <<: *b\n");
        expect(merge.errors.map(e => e.kind)).toEqual(["alias"]);
    });

    it("refuses text over 1 MiB and nesting over its depth, without reading further", () => {
        expect(read(`# ${"x".repeat(IMPORT_MAX_BYTES)}\ninterfaces: []\n`).errors).toEqual([{ kind: "too-large", bytes: IMPORT_MAX_BYTES + 18, line: 1, col: 1 }]);
        const deep = `interfaces:\n- name: eth1\n  x: ${"[".repeat(40)}${"]".repeat(40)}\n`;
        expect(read(deep).errors.map(e => e.kind)).toEqual(["too-deep"]);
    });

    it("refuses everything when NetworkManager cannot take MPTCP flags", () => {
        const r = parseImport(DESIRED, rows(), false);
        expect(r.errors.map(e => e.kind)).toEqual(["refused", "refused"]);
        expect(r.edits).toEqual({});
    });
});
