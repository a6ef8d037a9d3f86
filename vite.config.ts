import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig, type Plugin } from "vite";

import { firstLoad, gzipOnly, patternflyCss } from "./tools/vite-cockpit";
import { licenses } from "./tools/vite-licenses";
import { cockpitTranslations } from "./tools/vite-po";

const root = import.meta.dirname;

/** Emits manifest.json (the translations: tools/vite-po.ts). */
function cockpitFiles(): Plugin {
    return {
        name: "cockpit-files",
        generateBundle() {
            this.emitFile({ type: "asset", fileName: "manifest.json", source: readFileSync(resolve(root, "manifest.json")) });
        },
    };
}

// the first view is what index.html's module loads; shell-style.ts stands alone (a classic script)
const first = firstLoad({ except: id => id.endsWith("/src/shell-style.ts") });

export default defineConfig(({ mode }) => ({
    root: resolve(root, "src"),
    base: "./",
    // A development build (npm run watch) keeps plain files, to read and debug; a release ships only FILE.gz
    plugins: [patternflyCss(), cockpitFiles(), cockpitTranslations(root), first.plugin, licenses(), gzipOnly({ enabled: mode !== "development" })],
    build: {
        outDir: resolve(root, "dist"),
        emptyOutDir: true,
        target: "es2022",
        // Vite's report would gzip every file once more only to print its size: the files on disk are the .gz
        reportCompressedSize: false,
        // Cockpit serves packages with a strict content-security-policy and no cache busting: fixed names
        rolldownOptions: {
            // the page, and the classic script its <head> runs before the first paint (see shell-style.ts)
            input: { index: resolve(root, "src/index.html"), "shell-style": resolve(root, "src/shell-style.ts") },
            output: {
                entryFileNames: chunk => (chunk.name === "shell-style" ? "shell-style.js" : "index.js"),
                // the yaml package, when loaded on its own, under its own name rather than its entry's ("browser")
                chunkFileNames: chunk => chunk.facadeModuleId?.includes("/node_modules/yaml/") ? "yaml.js" : "[name].js",
                assetFileNames: "[name][extname]",
                // everything the first view needs in one file beside the entry (see firstLoad)
                advancedChunks: { groups: [{ name: "first-view", test: first.test }] },
            },
        },
        chunkSizeWarningLimit: 2048,
        // every browser Cockpit supports knows modulepreload: no polyfill in the entry
        modulePreload: { polyfill: false },
    },
}));
