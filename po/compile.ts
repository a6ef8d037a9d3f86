// Turns a .po file into the po.<lang>.js that Cockpit's bridge serves as po.js: a cockpit.locale() call.
// Used by the Vite build (vite.config.ts); fuzzy and untranslated entries are left out.

import { po } from "gettext-parser";

// A Plural-Forms expression becomes code in the page, so it may hold nothing but arithmetic on n.
const PLURAL_EXPR = /^[\sn0-9!=<>&|?:%()+\-*/]+$/;

export function compilePo(text: string, language: string): string {
    const parsed = po.parse(text);
    const pluralHeader = parsed.headers["Plural-Forms"] ?? "nplurals=2; plural=(n != 1);";
    const m = /nplurals\s*=\s*(\d+);\s*plural\s*=\s*([^;]+);?/.exec(pluralHeader);
    if (!m || !PLURAL_EXPR.test(m[2])) throw new Error(`${language}.po: unusable Plural-Forms "${pluralHeader}"`);

    const messages: Record<string, (string | null)[]> = {};
    for (const [context, entries] of Object.entries(parsed.translations)) {
        for (const [msgid, entry] of Object.entries(entries)) {
            if (msgid === "" || entry.comments?.flag?.includes("fuzzy")) continue;
            if (entry.msgstr.every(s => s === "")) continue;
            const key = context ? `${context}\u0004${msgid}` : msgid;
            messages[key] = [entry.msgid_plural ?? null, ...entry.msgstr];
        }
    }
    const header = `"": { "plural-forms": function(n) { var plural = ${m[2]}; return +plural; }, ` +
        `"language": ${JSON.stringify(language)}, "language-direction": "ltr" }`;
    const body = Object.entries(messages).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
    return `cockpit.locale({\n ${[header, ...body].join(",\n ")}\n});\n`;
}
