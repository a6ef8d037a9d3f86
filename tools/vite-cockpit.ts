// Vite plugins that make the build ship as Cockpit's own packages do. The page is used over slow links, and
// Cockpit's bridge is the narrow part, so every byte counts:
//   patternflyCss      the shell's Red Hat fonts instead of our own copies; no PatternFly background images;
//                      no rules for PatternFly themes Cockpit never sets (high contrast, glass, felt)
//   gzipOnly           only FILE.gz for scripts and styles, as the bridge then sends it compressed

import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Plugin } from "vite";

/**
 * The Red Hat fonts from the shell, as Cockpit's own pages load them (pkg/lib/patternfly/_fonts.scss):
 * the static fonts every Cockpit serves at /cockpit/static/fonts. The browser has them cached from the shell.
 * Weights as PatternFly 6 asks for them (400 body, 600 bold and headings, 800 bold headings), each mapped to
 * the nearest static font.
 */
const SHELL_FONTS = [
    // PatternFly's variable Red Hat Text goes up to 600: bold text (700) is at most that heavy
    ["Red Hat Text", "RedHatText", [["Regular", "300 499"], ["Medium", "500 900"]]],
    ["Red Hat Display", "RedHatDisplay", [["Regular", "300 499"], ["Medium", "500 650"], ["Bold", "651 850"], ["Black", "851 900"]]],
    ["Red Hat Mono", "RedHatMono", [["Regular", "300 499"], ["Medium", "500 650"], ["Bold", "651 900"]]],
] as const;

export const shellFontFaces = (): string => SHELL_FONTS.flatMap(([family, file, weights]) =>
    weights.flatMap(([name, range]) =>
    (["normal", "italic"] as const).map(style => {
        const face = style === "italic" ? (name === "Regular" ? "Italic" : `${name}Italic`) : name;
        return `@font-face{font-family:"${family}";src:url("../../static/fonts/${file}-${face}.woff2") format("woff2");` +
            `font-style:${style};font-weight:${range};font-display:fallback}`;
    }))).join("");

/** A token only PatternFly's base.css defines: marks the stylesheet that gets the shell's font faces. */
const BASE_TOKEN = "--pf-t--global--font--family--100:";

/** PatternFly themes that Cockpit never sets: the page follows the shell's light or dark only (src/shell-style.ts). */
const UNUSED_THEME = /pf-v6-theme-(high-contrast|glass|felt)\b/;

/**
 * Drops each rule of a stylesheet whose every selector applies only under a theme we never set. Rules are
 * innermost `selectors { declarations }` blocks (PatternFly's CSS has no braces in strings).
 */
export function pruneThemes(css: string): string {
    return css.replace(/\/\*[\s\S]*?\*\//g, "").replace(/([^{};]*)\{([^{}]*)\}/g, (rule, selectors: string) => {
        const list = selectors.split(",").map(s => s.trim());
        return list.length && !selectors.trim().startsWith("@") && list.every(s => UNUSED_THEME.test(s)) ? "" : rule;
    });
}

/**
 * PatternFly's stylesheets as a Cockpit page needs them. base.css without its @font-face rules (its Red Hat
 * variable fonts, and the pficon font that nothing here uses: our icons are SVG) and without the glass themes'
 * background images; the shell's fonts take their place. In every PatternFly stylesheet, no rules for themes
 * we never set.
 */
export function patternflyCss(): Plugin {
    return {
        name: "patternfly-css",
        enforce: "pre",
        transform(code, id) {
            const path = id.split("?")[0] ?? "";
            if (!/\/node_modules\/@patternfly\/.*\.css$/.test(path)) return null;
            let out = pruneThemes(code);
            if (/\/react-core\/dist\/styles\/base(-no-reset)?\.css$/.test(path)) {
                out = out.replace(/@font-face\s*\{[^}]*\}/g, "").replace(/url\(["']?\.\/assets\/images\/[^)"']+\.svg["']?\)/g, "none");
            }
            return { code: out, map: null };
        },
        generateBundle(_options, bundle) {
            for (const file of Object.values(bundle)) {
                if (file.type !== "asset" || !file.fileName.endsWith(".css")) continue;
                const css = typeof file.source === "string" ? file.source : new TextDecoder().decode(file.source);
                if (css.includes(BASE_TOKEN)) file.source = shellFontFaces() + css;
            }
        },
    };
}

/** Compressed on disk; index.html and manifest.json stay plain, as in Cockpit's own packages. */
export const COMPRESSED = /\.(js|css)$/;

/**
 * Replaces each written script and stylesheet (po.<lang>.js too) by FILE.gz, after the bundle is final (Vite
 * rewrites the chunks up to the end of generateBundle). Cockpit's bridge serves FILE when it exists and
 * FILE.gz, with Content-Encoding: gzip, only when FILE does not: so only FILE.gz is shipped.
 */
export function gzipOnly({ enabled }: { enabled: boolean }): Plugin {
    return {
        name: "gzip-only",
        apply: "build",
        writeBundle(options, bundle) {
            if (!enabled || !options.dir) return;
            for (const fileName of Object.keys(bundle)) {
                if (!COMPRESSED.test(fileName)) continue;
                const path = join(options.dir, fileName);
                writeFileSync(`${path}.gz`, gzipSync(readFileSync(path), { level: 9 }));
                unlinkSync(path);
            }
        },
    };
}

/**
 * The modules the first view needs (all that the entry imports statically) in one chunk: Rolldown would
 * otherwise give those that lazy chunks share their own small files, and over HTTP/1.1 (cockpit-ws) a
 * browser fetches 6 at a time, so each file past those costs a round trip on a slow link. `test` goes to
 * `advancedChunks`; the plugin finds the modules once the module graph is complete.
 */
export function firstLoad({ except }: { except: (id: string) => boolean }):
    { plugin: Plugin; test: (id: string) => boolean } {
    const ids = new Set<string>();
    const plugin: Plugin = {
        name: "first-load",
        apply: "build",
        buildEnd() {
            ids.clear();
            const entries = [...this.getModuleIds()].filter(id => this.getModuleInfo(id)?.isEntry && !except(id));
            const walk = (id: string) => {
                if (ids.has(id)) return;
                ids.add(id);
                for (const dep of this.getModuleInfo(id)?.importedIds ?? []) walk(dep);
            };
            entries.forEach(walk);
        },
    };
    return { plugin, test: id => ids.has(id) };
}
