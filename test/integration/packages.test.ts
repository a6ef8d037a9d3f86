// The packages `make rpm` and `make deb` built (tools/test-all.sh builds both, then installs the .deb): their
// files, dependencies and bundled provides, as rpm and dpkg read them, and the installed .deb on this machine.
// Without the packages (a developer's `npm run test:integration`) the file is skipped; with
// MPTCP_TEST_PACKAGES=1 (tools/test-all.sh) a missing package fails.

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

import { describe, expect, it } from "vitest";

const repo = resolve(import.meta.dirname, "../..");
const VERSION = (JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string }).version;
const RPM = join(repo, `cockpit-mptcp-${VERSION}-1.noarch.rpm`);
const DEB = join(repo, `cockpit-mptcp_${VERSION}-1_all.deb`);
const REQUIRED = process.env.MPTCP_TEST_PACKAGES === "1";
const INSTALLED = process.env.MPTCP_LAB_DIST === "installed";
const PKG_DIR = "/usr/share/cockpit/mptcp";
const METAINFO = "/usr/share/metainfo/org.cockpit_project.mptcp.metainfo.xml";

const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
const cockpitMin = (JSON.parse(readFileSync(join(repo, "manifest.json"), "utf8")) as { requires: { cockpit: string } }).requires.cockpit;
/** The npm packages the bundle holds, as the build listed them: [name, version, licence] */
const bundled = () => readFileSync(join(repo, "dist/bundled-npm.tsv"), "utf8").trimEnd().split("\n").map(l => l.split("\t"));
/** The paths a .deb holds, as dpkg-deb -c lists them (./usr/... and directories with a trailing slash) */
const debFiles = () => run("dpkg-deb", "-c", DEB).trim().split("\n").map(l => (l.split(/\s+/).at(5) ?? "").replace(/^\./, "").replace(/\/$/, ""));
const inPackageDir = (files: string[]) => files.filter(f => f.startsWith(`${PKG_DIR}/`)).map(f => f.slice(PKG_DIR.length + 1)).sort();

describe.skipIf(!REQUIRED && !existsSync(RPM))("the RPM (make rpm)", () => {
    const files = () => run("rpm", "-qlp", RPM).trim().split("\n");

    it("is noarch, version from package.json, with our licence and those of the bundle", () => {
        const info = run("rpm", "-qp", "--queryformat", "%{NAME} %{VERSION} %{RELEASE} %{ARCH}\n%{LICENSE}\n", RPM).split("\n");
        expect(info[0]).toBe(`cockpit-mptcp ${VERSION} 1 noarch`);
        expect(info[1]).toMatch(/^LGPL-2\.1-or-later( AND \S+)+$/);
        for (const [, , license] of bundled()) expect(info[1]).toContain(license);
    });

    it("installs the page in %{_datadir}/cockpit/mptcp, scripts and styles only compressed, and the metainfo", () => {
        const ours = inPackageDir(files());
        expect(ours).toEqual(expect.arrayContaining(["index.html", "manifest.json", "index.js.gz", "index.css.gz", "mount.js.gz", "po.de.js.gz"]));
        expect(ours.filter(f => /\.(js|css)$/.test(f))).toEqual([]);
        expect(ours.filter(f => !/\.(js|css)\.gz$/.test(f))).toEqual(["index.html", "manifest.json"]);
        expect(files()).toContain(METAINFO);
    });

    it("ships our LICENSE and the bundled packages' licences", () => {
        expect(files()).toEqual(expect.arrayContaining([`/usr/share/licenses/cockpit-mptcp-${VERSION}/LICENSE`, `/usr/share/licenses/cockpit-mptcp-${VERSION}/licenses.txt`]));
    });

    it("requires cockpit-bridge at the manifest's minimum, NetworkManager 1.40 and iproute", () => {
        const requires = run("rpm", "-qp", "--requires", RPM).trim().split("\n").filter(r => !r.startsWith("rpmlib("));
        expect(requires.sort()).toEqual(["NetworkManager >= 1.40", `cockpit-bridge >= ${cockpitMin}`, "iproute"]);
    });

    it("provides bundled(npm(NAME)) = VERSION for exactly the packages in the bundle", () => {
        const provides = run("rpm", "-qp", "--provides", RPM).trim().split("\n").filter(p => p.startsWith("bundled("));
        expect(provides.sort()).toEqual(bundled().map(([name, version]) => `bundled(npm(${name})) = ${version}`).sort());
        expect(provides).toEqual(expect.arrayContaining([expect.stringMatching(/^bundled\(npm\(react\)\) = 19\./), expect.stringMatching(/^bundled\(npm\(@patternfly\/react-core\)\) = 6\./)]));
    });
});

describe.skipIf(!REQUIRED && !existsSync(DEB))("the Debian package (make deb)", () => {
    const field = (name: string) => run("dpkg-deb", "-f", DEB, name).trim();
    const files = debFiles;

    it("is cockpit-mptcp, Architecture all, version from package.json", () => {
        expect(field("Package")).toBe("cockpit-mptcp");
        expect(field("Architecture")).toBe("all");
        expect(field("Version")).toBe(`${VERSION}-1`);
    });

    it("depends on cockpit-bridge at the manifest's minimum, network-manager 1.40 and iproute2", () => {
        expect(field("Depends").split(/,\s*/).sort()).toEqual([`cockpit-bridge (>= ${cockpitMin})`, "iproute2", "network-manager (>= 1.40)"]);
    });

    it("holds the same page as the RPM, the metainfo, and the copyright and licences in its doc directory", () => {
        const ours = inPackageDir(files());
        expect(ours.filter(f => /\.(js|css)$/.test(f))).toEqual([]);
        expect(ours).toEqual(expect.arrayContaining(["index.html", "manifest.json", "index.js.gz", "po.de.js.gz"]));
        if (existsSync(RPM)) expect(ours).toEqual(inPackageDir(run("rpm", "-qlp", RPM).trim().split("\n")));
        expect(files()).toEqual(expect.arrayContaining([METAINFO, "/usr/share/doc/cockpit-mptcp/copyright", "/usr/share/doc/cockpit-mptcp/licenses.txt.gz"]));
    });
});

describe.skipIf(!INSTALLED)("the .deb installed on this machine", () => {
    it("owns every file in /usr/share/cockpit/mptcp, unmodified, and nothing else is there", () => {
        const owned = run("dpkg-query", "-L", "cockpit-mptcp").trim().split("\n");
        expect(run("dpkg-query", "-W", "-f=${Version}", "cockpit-mptcp")).toBe(`${VERSION}-1`);
        const onDisk = run("find", PKG_DIR, "-mindepth", "1").trim().split("\n").sort();
        expect(onDisk).toEqual(owned.filter(f => f.startsWith(`${PKG_DIR}/`)).sort());
        // dpkg's md5sums: no output when every file is as packaged
        expect(run("dpkg", "--verify", "cockpit-mptcp")).toBe("");
    });

    it("installed the files the built package holds, scripts and styles compressed", () => {
        const ours = inPackageDir(run("dpkg-query", "-L", "cockpit-mptcp").trim().split("\n"));
        expect(ours.filter(f => /\.(js|css)$/.test(f))).toEqual([]);
        if (existsSync(DEB)) expect(ours).toEqual(inPackageDir(debFiles()));
        for (const f of ours.filter(f => f.endsWith(".gz"))) expect(readFileSync(join(PKG_DIR, f)).subarray(0, 2).toString("hex"), f).toBe("1f8b");
        expect(statSync(METAINFO).isFile()).toBe(true);
    });
});
