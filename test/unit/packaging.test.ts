// The packaging states the same facts everywhere: one version (package.json), one minimum Cockpit (the
// manifest's requires), in the RPM spec, the Debian control and changelog, the metainfo and the README.

import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const repo = resolve(import.meta.dirname, "../..");
const read = (path: string) => readFileSync(join(repo, path), "utf8");
const version = (JSON.parse(read("package.json")) as { version: string }).version;
const cockpitMin = (JSON.parse(read("manifest.json")) as { requires: { cockpit: string } }).requires.cockpit;

describe("the minimum Cockpit", () => {
    it("is a release number", () => expect(cockpitMin).toMatch(/^[1-9][0-9]*$/));

    it("is the RPM's and the .deb's cockpit-bridge minimum", () => {
        expect(read("packaging/cockpit-mptcp.spec.in")).toMatch(new RegExp(`^Requires: +cockpit-bridge >= ${cockpitMin}$`, "m"));
        expect(read("packaging/debian/control")).toContain(`cockpit-bridge (>= ${cockpitMin}),`);
    });

    it("is the one the README states", () => {
        expect(read("README.md")).toContain(`Cockpit ${cockpitMin} or newer`);
    });
});

describe("the version", () => {
    it("of package.json is the Debian changelog's newest entry and the metainfo's newest release", () => {
        expect(read("packaging/debian/changelog").split("\n")[0]).toBe(`cockpit-mptcp (${version}-1) unstable; urgency=medium`);
        expect(read("packaging/org.cockpit_project.mptcp.metainfo.xml")).toMatch(new RegExp(`<releases>\\s*<release version="${version.replace(/\./g, "\\.")}"`));
    });

    it("goes into the spec from package.json, with the bundled provides and licences", () => {
        const spec = read("packaging/cockpit-mptcp.spec.in");
        expect(spec).toMatch(/^Version: +@VERSION@$/m);
        expect(spec).toMatch(/^License: +@LICENSE@$/m);
        expect(spec).toMatch(/^@BUNDLED_PROVIDES@$/m);
        expect(spec).toMatch(/^BuildArch: +noarch$/m);
    });
});
