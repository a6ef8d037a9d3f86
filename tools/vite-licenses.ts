// The npm packages that end up in the bundle, as the packages must declare them: an RPM lists each as
// `Provides: bundled(npm(NAME)) = VERSION` and ships their licences; a Debian package names them in its
// copyright. Read from what Rolldown actually wrote (the modules of each chunk with code left after tree
// shaking, and the stylesheets the chunks import), not from package.json: a dependency that nothing imports,
// or that only the tests use, is not in the bundle and is not listed.
//
// Writes two files next to the build, which `make install` leaves out of the Cockpit package directory:
//   bundled-npm.tsv   NAME<TAB>VERSION<TAB>LICENSE, one line per package, sorted (read by the Makefile)
//   licenses.txt      for people: each package, its licence and its licence file(s) in full

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Plugin } from "vite";

export const BUNDLED_LIST = "bundled-npm.tsv";
export const LICENSES_TEXT = "licenses.txt";

export interface BundledPackage { name: string; version: string; license: string; dir: string }

/** The package a module id inside node_modules belongs to: the innermost node_modules/NAME (or @SCOPE/NAME). */
export function packageDirOf(id: string): string | null {
    const path = id.replace(/\0/g, "").split("?")[0] ?? "";
    // greedy: .../node_modules/a/node_modules/b/x.js belongs to b
    return /^(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1] ?? null;
}

function readPackage(dir: string): BundledPackage | null {
    const file = join(dir, "package.json");
    if (!existsSync(file)) return null;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string; license?: string | { type?: string } };
    if (!pkg.name || !pkg.version) return null;
    const license = typeof pkg.license === "string" ? pkg.license : pkg.license?.type ?? "UNKNOWN";
    return { name: pkg.name, version: pkg.version, license, dir };
}

/** Formats the machine-readable list: one `NAME<TAB>VERSION<TAB>LICENSE` line per package, sorted by name. */
export const formatList = (packages: BundledPackage[]): string =>
    packages.map(p => `${p.name}\t${p.version}\t${p.license}\n`).join("");

function licenseTexts(dir: string): string[] {
    return readdirSync(dir).filter(f => /^(licen[cs]e|copying|notice)/i.test(f)).sort()
        .map(f => `--- ${f}\n${readFileSync(join(dir, f), "utf8").trimEnd()}\n`);
}

/** The bundled packages, given every module id that has code in the output. */
export function bundledPackages(ids: Iterable<string>): BundledPackage[] {
    const byName = new Map<string, BundledPackage>();
    for (const id of ids) {
        const dir = packageDirOf(id);
        const pkg = dir ? readPackage(dir) : null;
        if (!pkg) continue;
        const seen = byName.get(pkg.name);
        if (seen && seen.version !== pkg.version) throw new Error(`two versions of ${pkg.name} bundled: ${seen.version} and ${pkg.version}`);
        byName.set(pkg.name, pkg);
    }
    return [...byName.values()].sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

export function licenses(): Plugin {
    return {
        name: "bundled-licenses",
        apply: "build",
        generateBundle(_options, bundle) {
            const ids = new Set<string>();
            for (const file of Object.values(bundle)) {
                if (file.type !== "chunk") continue;
                for (const [id, mod] of Object.entries(file.modules)) if (mod.renderedLength > 0) ids.add(id);
                // stylesheets imported by the chunk: their rules are in the emitted .css files
                for (const id of file.moduleIds) if (/\.css($|\?)/.test(id)) ids.add(id);
            }
            const packages = bundledPackages(ids);
            this.emitFile({ type: "asset", fileName: BUNDLED_LIST, source: formatList(packages) });
            const text = packages.map(p => `${"=".repeat(72)}\n${p.name} ${p.version} (${p.license})\n\n${licenseTexts(p.dir).join("\n")}`);
            this.emitFile({
                type: "asset",
                fileName: LICENSES_TEXT,
                source: `The npm packages bundled in cockpit-mptcp's scripts and stylesheets, with their licences.\n\n${text.join("\n")}`,
            });
        },
    };
}
