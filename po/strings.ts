// The translatable strings that are not in code: the manifest's (the shell's menu label, its search keywords
// and documentation links) and the page's HTML (its <title>). xgettext reads the code; po/extract.sh adds
// these to the template, and the build (tools/vite-po.ts) emits the manifest's as po.manifest.<lang>.js.

export interface PotString {
    msgid: string;
    /** for translators, as an extracted comment (#.) */
    comment: string;
}

interface MenuEntry { label?: unknown; keywords?: unknown; docs?: unknown }

const strings = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((s): s is string => typeof s === "string" && s !== "") : [];
const objects = (value: unknown): Record<string, unknown>[] =>
    Array.isArray(value) ? value.filter((o): o is Record<string, unknown> => typeof o === "object" && o !== null) : [];

/**
 * What Cockpit's shell translates of a manifest, as Cockpit's own manifest2po reads it: of every `menu` and
 * `tools` entry the label, each keyword's matches and each docs link's label; of every `bridges` entry the
 * label. In order, without duplicates.
 */
export function manifestStrings(manifest: unknown): PotString[] {
    const out = new Map<string, string>();
    const add = (msgid: unknown, comment: string) => {
        if (typeof msgid === "string" && msgid !== "" && !out.has(msgid)) out.set(msgid, comment);
    };
    const m = (typeof manifest === "object" && manifest !== null ? manifest : {}) as Record<string, unknown>;
    for (const section of ["menu", "tools"]) {
        const entries = m[section];
        if (typeof entries !== "object" || entries === null) continue;
        for (const entry of Object.values(entries as Record<string, MenuEntry>)) {
            if (typeof entry !== "object" || entry === null) continue;
            add(entry.label, "Translators: the page's name in Cockpit's menu");
            for (const k of objects(entry.keywords)) {
                for (const match of strings(k.matches)) {
                    add(match, "Translators: a search keyword for the page in Cockpit's menu; " +
                        "write it in lowercase (the shell compares it with what the user types, in lowercase)");
                }
            }
            for (const d of objects(entry.docs)) add(d.label, "Translators: a documentation link in Cockpit's help menu");
        }
    }
    for (const b of objects(m.bridges)) add(b.label, "Translators: a bridge's name in Cockpit's shell");
    return [...out].map(([msgid, comment]) => ({ msgid, comment }));
}

/**
 * The strings cockpit.translate() translates in an HTML page: the text of each element with translate="yes"
 * (or a bare translate), and the named attributes of an element with translate="ATTR ..." (Cockpit's rule).
 * Elements with markup inside are not supported: their text would be extracted wrongly, so they throw.
 */
export function htmlStrings(html: string): PotString[] {
    const out: PotString[] = [];
    const tags = /<([a-zA-Z][\w-]*)(\s[^>]*?)?\stranslate(?:="([^"]*)")?([^>]*)>/g;
    for (const m of html.matchAll(tags)) {
        const [whole, tag, before = "", value = "yes", after = ""] = m;
        const attrs = before + " " + after;
        for (const task of value.split(" ").filter(Boolean)) {
            if (task === "no") break;
            if (task === "yes" || task === "translate") {
                const rest = html.slice((m.index ?? 0) + whole.length);
                const end = rest.indexOf(`</${tag}>`);
                const text = end < 0 ? "" : rest.slice(0, end);
                if (text.includes("<")) throw new Error(`<${tag} translate> with markup inside is not supported`);
                if (text.trim()) out.push({ msgid: decode(text), comment: `Translators: the page's <${tag}>` });
            } else {
                const a = new RegExp(`\\s${task}="([^"]*)"`).exec(attrs);
                if (a?.[1]) out.push({ msgid: decode(a[1]), comment: `Translators: the ${task} of the page's <${tag}>` });
            }
        }
    }
    return out;
}

const decode = (text: string) =>
    text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&#39;/g, "'").replace(/&amp;/g, "&");

const quote = (s: string) => JSON.stringify(s).replace(/\\u([0-9a-f]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));

/** A template (header and entries) of the given strings, to be joined with xgettext's. */
export function potText(entries: PotString[]): string {
    const header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n';
    return [header, ...entries.map(e => `#. ${e.comment}\nmsgid ${quote(e.msgid)}\nmsgstr ""\n`)].join("\n");
}
