import { spawnSync } from "node:child_process";

import { parse } from "yaml";
import { describe, expect, it } from "vitest";

import { buildInterfaceRows } from "../../src/model/interfaces";
import { exportYaml } from "../../src/model/nmstate";
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
        addresses: i === 0 ? [{ address: SEXAGESIMAL_IP, prefix: 64, family: 6, temporary: false, tentative: false }] : [],
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
