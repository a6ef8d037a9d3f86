// Prints the template of the strings outside the code (manifest.json, src/index.html): see po/strings.ts.
// Run by po/extract.sh.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { htmlStrings, manifestStrings, potText } from "./strings";

const root = resolve(import.meta.dirname, "..");
const manifest: unknown = JSON.parse(readFileSync(resolve(root, "manifest.json"), "utf8"));
process.stdout.write(potText([...manifestStrings(manifest), ...htmlStrings(readFileSync(resolve(root, "src/index.html"), "utf8"))]));
