import { readFileSync, readdirSync } from "node:fs";
import { basename, resolve } from "node:path";
import { defineConfig, type Plugin } from "vite";

import { compilePo } from "./po/compile";

const root = import.meta.dirname;

/** Emits manifest.json and one po.<lang>.js per po/<lang>.po beside the page. */
function cockpitFiles(): Plugin {
    return {
        name: "cockpit-files",
        generateBundle() {
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
