import { spawnSync } from "node:child_process";

import { parse } from "yaml";
import { describe, expect, it } from "vitest";

import { buildInterfaceRows } from "../../src/model/interfaces";
import { desiredState, desiredYaml, exportYaml } from "../../src/model/nmstate";
import type { HostSnapshot } from "../../src/model/types";
import { labSnapshot } from "./fixtures/snapshot";

describe("exportYaml", () => {
    it("exports every interface as nmstate's query would", () => {
        const snap = labSnapshot();
        const doc = parse(exportYaml(buildInterfaceRows(snap)));
        const byName = Object.fromEntries(doc.interfaces.map((i: { name: string }) => [i.name, i]));
        expect(byName.eth1.mptcp).toEqual({ "address-flags": ["signal", "subflow"] });
        expect(byName.eth3.mptcp).toEqual({ "address-flags": [] });
        expect(byName.eth4.mptcp).toBeUndefined();
        expect(byName.eth4.ipv4.address[0]["mptcp-flags"]).toEqual(["subflow"]);
        expect(byName.ext0.state).toBe("ignore");
        expect(byName.eth5.ipv4.enabled).toBe(false);
    });
});

describe("desiredState: for other hosts", () => {
    const rows = () => buildInterfaceRows(labSnapshot());

    it("holds per interface only its name, type, state and MPTCP address flags", () => {
        const doc = parse(desiredYaml(desiredState(rows()))) as { interfaces: Record<string, unknown>[] };
        expect(doc.interfaces).toEqual([
            { name: "eth1", type: "veth", state: "up", mptcp: { "address-flags": ["signal", "subflow"] } },
            { name: "eth2", type: "veth", state: "up", mptcp: { "address-flags": ["subflow"] } },
            // disabled: an empty list, as nmstate reads it
            { name: "eth3", type: "veth", state: "up", mptcp: { "address-flags": [] } },
        ]);
        for (const i of doc.interfaces) expect(Object.keys(i).sort()).toEqual(["mptcp", "name", "state", "type"]);
        expect(desiredYaml(desiredState(rows()))).not.toMatch(/ipv4|ipv6|address:|enabled|prefix/);
    });

    it("says what it leaves out and why", () => {
        const notes = desiredState(rows()).notes.filter(n => n.kind === "left-out");
        expect(notes).toEqual([
            { kind: "left-out", name: "lo", why: "loopback" },
            { kind: "left-out", name: "eth4", why: "system-default" },
            { kind: "left-out", name: "eth5", why: "no-profile" },
            { kind: "left-out", name: "ext0", why: "unmanaged" },
        ].sort((a, b) => rows().findIndex(r => r.name === a.name) - rows().findIndex(r => r.name === b.name)));
    });

    it("says where nmstate on the target acts differently from this profile", () => {
        const snap = labSnapshot();
        const profile = (name: string) => {
            const d = snap.nm.running ? snap.nm.devices.find(x => x.name === name) : undefined;
            if (!d?.profile) throw new Error(`no profile on ${name}`);
            return d.profile;
        };
        profile("eth1").mptcpFlags = 0x2 | 0x8 | 0x10; // enabled, also-without-default-route, signal
        profile("eth2").mptcpFlags = 0x2 | 0x4; // enabled, also-without-sysctl, no address flags
        const notes = desiredState(buildInterfaceRows(snap)).notes.filter(n => n.kind !== "left-out");
        expect(notes).toEqual([
            { kind: "enabled-without-flags", name: "eth2" },
            { kind: "drops-without-sysctl", name: "eth2" },
        ]);
        // and a profile without also-without-default-route gets it from nmstate
        expect(desiredState(rows()).notes).toContainEqual({ kind: "adds-without-default-route", name: "eth1" });
    });

    it("leaves out a profile that is not active and one NetworkManager generated", () => {
        const snap = labSnapshot();
        if (!snap.nm.running) throw new Error("NetworkManager runs in the lab snapshot");
        const eth1 = snap.nm.devices.find(d => d.name === "eth1");
        const eth2 = snap.nm.devices.find(d => d.name === "eth2");
        if (!eth1?.profile || !eth2?.profile) throw new Error("eth1 and eth2 have profiles");
        eth1.state = 30;
        eth2.profile.external = true;
        const d = desiredState(buildInterfaceRows(snap));
        expect(d.interfaces.map(i => i.name)).toEqual(["eth3"]);
        expect(d.notes).toContainEqual({ kind: "left-out", name: "eth1", why: "not-active" });
        expect(d.notes).toContainEqual({ kind: "left-out", name: "eth2", why: "external" });
    });
});

// Interface names that Linux allows (no "/", ":" or white space, at most 15 bytes) but that a YAML reader
// may take for something else, plus "1:20" (a sexagesimal number in YAML 1.1) and an IPv6 address that
// YAML 1.1 reads the same way, in case such text ever reaches the export.
const TRICKY = [
    "on", "off", "yes", "no", "y", "n", "Y", "NO", "true", "False", "null", "~", "1_0", "0x10", "0o7", "012", "08",
    "1e3", ".inf", "-.inf", ".nan", "1.0", "+1", "0b101", "1:20", "2001-01-01", "=", "<<", "ä-wlan", "網卡0", "eth0",
];
const SEXAGESIMAL_IP = "1:2:3:4:5:6:7:8";

function trickySnapshot(): HostSnapshot {
    const snap = labSnapshot();
    snap.nm = { running: false, message: null };
    snap.ip.links = TRICKY.map((name, i) => ({
        name, loopback: false, up: true, linkType: "ether",
        addresses: i === 0 ? [
            { address: SEXAGESIMAL_IP, prefix: 64, family: 6, temporary: false, tentative: false }
        ] : [],
    }));
    snap.ip.endpoints = [];
    return snap;
}

interface Read { interfaces: { name: unknown; ipv6: { address: { ip: unknown; "prefix-length": unknown }[] } }[] }
const names = (doc: Read) => doc.interfaces.map(i => i.name);

/** A python3 that has PyYAML (Debian's python3-yaml), or null. */
function pythonWithYaml(): string | null {
    for (const python of ["python3", "/usr/bin/python3"]) {
        const r = spawnSync(python, ["-c", "import yaml"], { stdio: "ignore" });
        if (r.status === 0) return python;
    }
    return null;
}
const python = pythonWithYaml();

describe("exportYaml for YAML 1.1 readers (PyYAML, older nmstate)", () => {
    const yaml = exportYaml(buildInterfaceRows(trickySnapshot()));

    it("quotes every name that YAML 1.1 or 1.2 would read as something other than that string", () => {
        for (const version of ["1.1", "1.2"] as const) {
            const doc = parse(yaml, { version }) as Read;
            expect(new Set(names(doc)), version).toEqual(new Set(TRICKY));
            expect(doc.interfaces.find(i => i.name === "on")?.ipv6.address[0], version).toEqual({ ip: SEXAGESIMAL_IP, "prefix-length": 64 });
        }
    });

    it("leaves ordinary names and numbers plain", () => {
        expect(yaml).toMatch(/^ {2}- name: eth0$/m);
        expect(yaml).toMatch(/^ {2}- name: ä-wlan$/m);
        expect(yaml).toMatch(/^ {10}prefix-length: 64$/m);
        expect(yaml).toMatch(/^ {4}type: unknown$/m);
    });

    it.skipIf(python === null)("reads back the same names and addresses in PyYAML", () => {
        const program = [
            "import json, sys, yaml",
            "doc = yaml.safe_load(sys.stdin.buffer)",
            "out = [[type(i['name']).__name__, str(i['name'])] for i in doc['interfaces']]",
            "out += [[type(a['ip']).__name__, str(a['ip'])] for i in doc['interfaces'] for a in i['ipv6']['address']]",
            "out += [[type(a['prefix-length']).__name__, str(a['prefix-length'])] for i in doc['interfaces'] for a in i['ipv6']['address']]",
            "print(json.dumps(out))",
        ].join("\n");
        const r = spawnSync(python ?? "python3", ["-c", program], { input: yaml, encoding: "utf8" });
        expect(r.stderr).toBe("");
        const read = JSON.parse(r.stdout) as [string, string][];
        expect(new Set(read.slice(0, TRICKY.length).map(([type, value]) => `${type} ${value}`)))
            .toEqual(new Set(TRICKY.map(n => `str ${n}`)));
        expect(read.slice(TRICKY.length)).toEqual([["str", SEXAGESIMAL_IP], ["int", "64"]]);
    });
});
