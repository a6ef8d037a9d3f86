// Turns a .po file into the po.<lang>.js that Cockpit's bridge serves as po.js: a cockpit.locale() call.
// Used by the Vite build (tools/vite-po.ts); fuzzy and untranslated entries are left out. With `only`, just
// those messages: po.manifest.<lang>.js, the manifest's strings for the shell's menu.

import { po } from "gettext-parser";

// A Plural-Forms expression becomes code in the page, so it may hold nothing but arithmetic on n.
const PLURAL_EXPR = /^[\sn0-9!=<>&|?:%()+\-*/]+$/;

/** Languages written right to left (Cockpit's list): cockpit.language_direction says so to the page. */
const RTL = ["ar", "fa", "he", "ur"];

export function compilePo(text: string, language: string, only?: ReadonlySet<string>): string {
    const parsed = po.parse(text);
    const pluralHeader = parsed.headers["Plural-Forms"] ?? "nplurals=2; plural=(n != 1);";
    const m = /nplurals\s*=\s*(\d+);\s*plural\s*=\s*([^;]+);?/.exec(pluralHeader);
    if (!m || !PLURAL_EXPR.test(m[2])) throw new Error(`${language}.po: unusable Plural-Forms "${pluralHeader}"`);

    const messages: Record<string, (string | null)[]> = {};
    for (const [context, entries] of Object.entries(parsed.translations)) {
        for (const [msgid, entry] of Object.entries(entries)) {
            if (msgid === "" || entry.comments?.flag?.includes("fuzzy")) continue;
            if (entry.msgstr.every(s => s === "")) continue;
            if (only && (context || !only.has(msgid))) continue;
            const key = context ? `${context}\u0004${msgid}` : msgid;
            messages[key] = [entry.msgid_plural ?? null, ...entry.msgstr];
        }
    }
    const header = `"": { "plural-forms": function(n) { var plural = ${m[2]}; return +plural; }, ` +
        `"language": ${JSON.stringify(language)}, "language-direction": "${RTL.includes(language.split(/[_-]/)[0] ?? "") ? "rtl" : "ltr"}" }`;
    const body = Object.entries(messages).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
    return `cockpit.locale({\n ${[header, ...body].join(",\n ")}\n});\n`;
}
