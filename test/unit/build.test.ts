// The build ships as Cockpit's own packages do: scripts and styles only as FILE.gz (the bridge serves FILE
// whenever it exists), each one final; PatternFly's fonts and images left to the shell. Builds into a
// directory of its own, with the project's vite.config.ts.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { pruneThemes, shellFontFaces } from "../../tools/vite-cockpit";
import { packageDirOf } from "../../tools/vite-licenses";

const repo = resolve(import.meta.dirname, "../..");
const vite = join(repo, "node_modules/.bin/vite");
let tmp: string;

const build = (outDir: string, ...args: string[]) =>
    execFileSync(vite, ["build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "error", ...args], { cwd: repo, stdio: "pipe" });
const gunzip = (dir: string, file: string) => gunzipSync(readFileSync(join(dir, file))).toString();

beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), "mptcp-build-"));
    build(join(tmp, "release"));
}, 120_000);
afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("the release build", () => {
    const dir = () => join(tmp, "release");

    it("holds scripts and styles only as .gz; index.html and manifest.json plain, as Cockpit's packages", () => {
        const files = readdirSync(dir());
        expect(files.filter(f => /\.(js|css)$/.test(f))).toEqual([]);
        expect(files).toEqual(expect.arrayContaining(["index.html", "manifest.json", "index.js.gz", "mount.js.gz", "mount.css.gz", "po.de.js.gz", "po.manifest.de.js.gz"]));
        // and the list of bundled npm packages with their licences,
        // which `make install` leaves out of the package directory
        expect(files.filter(f => !/\.(js|css)\.gz$/.test(f)).sort()).toEqual(["bundled-npm.tsv", "index.html", "licenses.txt", "manifest.json"]);
    });

    it("compresses the final files: Vite's preload marker is replaced in every one", () => {
        for (const f of readdirSync(dir()).filter(f => f.endsWith(".gz"))) {
            expect(gunzip(dir(), f), f).not.toContain("__VITE_PRELOAD__");
        }
        expect(gunzip(dir(), "po.de.js.gz")).toMatch(/^cockpit\.locale\(/);
    });

    it("bundles no fonts or images, and takes the Red Hat fonts from the shell", () => {
        expect(readdirSync(dir()).filter(f => /\.(woff2?|ttf|svg|png|jpe?g)(\.gz)?$/.test(f))).toEqual([]);
        // PatternFly's base styles (and so the font faces) come with the first view, in the entry's stylesheet
        const css = gunzip(dir(), "index.css.gz");
        const urls = [...css.matchAll(/url\(([^)]*)\)/g)].map(m => m[1] ?? "").filter(u => !u.startsWith("data:"));
        expect(urls.length).toBeGreaterThan(0);
        for (const u of urls) expect(u).toMatch(/^"\.\.\/\.\.\/static\/fonts\/RedHat(Text|Display|Mono)-[A-Za-z]+\.woff2"$/);
        expect(css).not.toContain("pf-v6-theme-high-contrast)");
    });

    it("styles the first view from index.css alone, and ships PatternFly's base styles once", () => {
        const html = readFileSync(join(dir(), "index.html"), "utf8");
        expect(html).toMatch(/<link rel="stylesheet"[^>]* href="\.\/index\.css">/);
        const first = gunzip(dir(), "index.css.gz");
        for (const rule of [".pf-v6-c-table", ".pf-v6-c-label", ".mptcp-first-view"]) expect(first).toContain(rule);
        for (const f of readdirSync(dir()).filter(f => f.endsWith(".css.gz") && f !== "index.css.gz"))
            expect(gunzip(dir(), f), f).not.toContain("--pf-t--global--font--family--100:");
    });

    it("loads index.js from index.html, after cockpit.js and po.js", () => {
        const html = readFileSync(join(dir(), "index.html"), "utf8");
        const order = ["../base1/cockpit.js", "po.js", "./index.js"].map(s => html.indexOf(`src="${s}"`));
        expect(order.every(i => i > 0)).toBe(true);
        expect([...order].sort((a, b) => a - b)).toEqual(order);
    });
});

describe("the bundled npm packages (for the packages' Provides and licences)", () => {
    const list = () => readFileSync(join(tmp, "release", "bundled-npm.tsv"), "utf8").trimEnd().split("\n").map(l => l.split("\t"));
    const installed = (name: string) => (JSON.parse(readFileSync(join(repo, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;

    it("lists what the bundle holds, at the versions installed, each with a licence", () => {
        const rows = list();
        const names = rows.map(r => r[0]);
        for (const name of ["react", "react-dom", "scheduler", "@patternfly/react-core", "@patternfly/react-table", "@patternfly/react-styles", "yaml", "diff"])
            expect(names, name).toContain(name);
        for (const [name, version, license] of rows) {
            expect(version, name).toBe(installed(name ?? ""));
            expect(license, name).toMatch(/^[A-Za-z0-9.+ ()-]+$/);
            expect(license, name).not.toBe("UNKNOWN");
        }
        expect([...names].sort()).toEqual(names);
        expect(new Set(names).size).toBe(names.length);
    });

    it("leaves out what only the build and the tests use", () => {
        const names = list().map(r => r[0]);
        for (const dev of ["vite", "vitest", "typescript", "eslint", "playwright-core", "jsdom", "gettext-parser", "rolldown", "@testing-library/react"])
            expect(names, dev).not.toContain(dev);
    });

    it("gives each package's licence text in licenses.txt", () => {
        const text = readFileSync(join(tmp, "release", "licenses.txt"), "utf8");
        for (const [name, version, license] of list()) expect(text).toContain(`${name} ${version} (${license})`);
        expect(text).toContain("Permission is hereby granted, free of charge"); // MIT, in full
    });

    it("has each licence named in the Debian copyright, with its text", () => {
        const copyright = readFileSync(join(repo, "packaging/debian/copyright"), "utf8");
        const files = /^Files: dist\/\*\n(?:[^\n]*\n)*?License: ([^\n]*)$/m.exec(copyright)?.[1] ?? "";
        for (const [name, , license] of list()) {
            // DEP-5 spells BSD-3-Clause as BSD-3-clause
            const dep5 = (license ?? "").replace(/^BSD-(\d)-Clause$/, "BSD-$1-clause");
            expect(files.split(" and "), name).toContain(dep5);
            expect(copyright, name).toMatch(new RegExp(`^License: ${dep5.replace(/[.+]/g, "\\$&")}\n \\S`, "m"));
        }
    });

    it("finds the innermost package of a module", () => {
        expect(packageDirOf("/r/node_modules/react/cjs/react.js")).toBe("/r/node_modules/react");
        expect(packageDirOf("/r/node_modules/@patternfly/react-core/dist/esm/index.js?x")).toBe("/r/node_modules/@patternfly/react-core");
        expect(packageDirOf("/r/node_modules/a/node_modules/@s/b/i.js")).toBe("/r/node_modules/a/node_modules/@s/b");
        expect(packageDirOf("\0/r/node_modules/tslib/tslib.es6.mjs")).toBe("/r/node_modules/tslib");
        expect(packageDirOf("/r/src/index.ts")).toBeNull();
    });
});

describe("the development build (npm run watch)", () => {
    it("keeps plain files, to read and debug", () => {
        const out = join(tmp, "development");
        build(out, "--mode", "development");
        const files = readdirSync(out);
        expect(files).toContain("index.js");
        expect(files.filter(f => f.endsWith(".gz"))).toEqual([]);
    }, 120_000);
});

describe("the stylesheet rewrites", () => {
    it("drops the rules of themes Cockpit never sets, and keeps the others", () => {
        const css = ":root{--a:1}:root:where(.pf-v6-theme-high-contrast){--a:2}" +
            ":where(.pf-v6-theme-dark) .x{color:red}.y,:where(.pf-v6-theme-glass) .y{color:blue}" +
            "@media (min-width: 1px){:root:where(.pf-v6-theme-felt.pf-v6-theme-glass){--b:1}.z{--c:1}}";
        expect(pruneThemes(css)).toBe(":root{--a:1}:where(.pf-v6-theme-dark) .x{color:red}.y,:where(.pf-v6-theme-glass) .y{color:blue}" +
            "@media (min-width: 1px){.z{--c:1}}");
    });

    it("names each font file the shell has, for PatternFly's weights 400, 600 and 800", () => {
        const faces = shellFontFaces();
        expect(faces).toContain('font-family:"Red Hat Text";src:url("../../static/fonts/RedHatText-Medium.woff2") format("woff2");font-style:normal;font-weight:500 900');
        expect(faces).toContain("RedHatDisplay-BlackItalic.woff2");
        expect(faces.match(/@font-face/g)).toHaveLength(2 * (2 + 4 + 3));
    });
});
