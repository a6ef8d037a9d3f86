// The translations as Cockpit's own packages ship them (Cockpit's pkg/lib/cockpit-po-plugin.js does the same):
//   po.<lang>.js           every translated message; the bridge serves it as po.js for the page. Cockpit up to
//                          about 300 (Debian 12 has 287) also loads each package's po.js in the shell, as
//                          "../*/po.js", to translate the menu: so this one keeps the manifest's strings too
//   po.manifest.<lang>.js  only the manifest's (menu label, keywords, docs labels): newer bridges put it into
//                          the shell's manifests-i18n.js instead of loading every page's po.js
// Both are compressed like every other script (gzipOnly); both bridges serve or unpack the .gz.

import { readFileSync, readdirSync } from "node:fs";
import { basename, resolve } from "node:path";
import type { Plugin } from "vite";

import { compilePo } from "../po/compile";
import { manifestStrings } from "../po/strings";

export function cockpitTranslations(root: string): Plugin {
    return {
        name: "cockpit-translations",
        generateBundle() {
            const manifest: unknown = JSON.parse(readFileSync(resolve(root, "manifest.json"), "utf8"));
            const menu = new Set(manifestStrings(manifest).map(s => s.msgid));
            for (const file of readdirSync(resolve(root, "po")).filter(f => f.endsWith(".po")).sort()) {
                const lang = basename(file, ".po");
                const text = readFileSync(resolve(root, "po", file), "utf8");
                this.emitFile({ type: "asset", fileName: `po.${lang}.js`, source: compilePo(text, lang) });
                this.emitFile({ type: "asset", fileName: `po.manifest.${lang}.js`, source: compilePo(text, lang, menu) });
            }
        },
    };
}
