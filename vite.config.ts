import { readFileSync, readdirSync } from "node:fs";
import { basename, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { defineConfig, type Plugin } from "vite";

import { compilePo } from "./po/compile";

const root = import.meta.dirname;

/**
 * Emits manifest.json, one po.<lang>.js per po/<lang>.po, and a gzip copy of each script and stylesheet:
 * Cockpit's bridge serves FILE.gz compressed when it exists, and nothing else compresses for it.
 */
function cockpitFiles(): Plugin {
    return {
        name: "cockpit-files",
        generateBundle(_options, bundle) {
            for (const [fileName, file] of Object.entries(bundle)) {
                if (!/\.(js|css)$/.test(fileName)) continue;
                const source = file.type === "chunk" ? file.code : file.source;
                this.emitFile({ type: "asset", fileName: `${fileName}.gz`, source: gzipSync(source, { level: 9 }) });
            }
            this.emitFile({ type: "asset", fileName: "manifest.json", source: readFileSync(resolve(root, "manifest.json")) });
            for (const file of readdirSync(resolve(root, "po")).filter(f => f.endsWith(".po"))) {
                const lang = basename(file, ".po");
                this.emitFile({ type: "asset", fileName: `po.${lang}.js`, source: compilePo(readFileSync(resolve(root, "po", file), "utf8"), lang) });
            }
        },
    };
}

export default defineConfig({
    root: resolve(root, "src"),
    base: "./",
    plugins: [cockpitFiles()],
    build: {
        outDir: resolve(root, "dist"),
        emptyOutDir: true,
        target: "es2022",
        // Cockpit serves packages with a strict content-security-policy and no cache busting: fixed names
        rolldownOptions: {
            output: {
                entryFileNames: "index.js",
                chunkFileNames: "[name].js",
                assetFileNames: "[name][extname]",
            },
        },
        chunkSizeWarningLimit: 2048,
    },
});
