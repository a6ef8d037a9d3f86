import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { po } from "gettext-parser";

import { compilePo } from "../../po/compile";
import { htmlStrings, manifestStrings } from "../../po/strings";
import { cockpitTranslations } from "../../tools/vite-po";

/** Runs a compiled po.<lang>.js against a stand-in cockpit.locale and returns what it passed. */
function load(js: string): Record<string, unknown> {
    let table: Record<string, unknown> = {};
    new Function("cockpit", js)({ locale: (t: Record<string, unknown>) => {
        table = t;
    } });
    return table;
}

const poText = (body: string, plural = "nplurals=2; plural=(n != 1);") =>
    `msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: ${plural}\\n"\n\n${body}`;

describe("compilePo", () => {
    it("produces cockpit.locale() with translations, plural forms and language", () => {
        const table = load(compilePo(poText(`msgid "Interfaces"\nmsgstr "Schnittstellen"\n\nmsgid "$0 endpoint"\nmsgid_plural "$0 endpoints"\nmsgstr[0] "$0 Endpunkt"\nmsgstr[1] "$0 Endpunkte"\n`), "de"));
        expect(table.Interfaces).toEqual([null, "Schnittstellen"]);
        expect(table["$0 endpoint"]).toEqual(["$0 endpoints", "$0 Endpunkt", "$0 Endpunkte"]);
        const header = table[""] as { "plural-forms": (n: number) => number; language: string };
        expect(header.language).toBe("de");
        expect(header["plural-forms"](1)).toBe(0);
        expect(header["plural-forms"](5)).toBe(1);
    });

    it("leaves out fuzzy and untranslated entries", () => {
        const table = load(compilePo(poText(`#, fuzzy\nmsgid "State"\nmsgstr "Zustand"\n\nmsgid "Type"\nmsgstr ""\n`), "de"));
        expect(Object.keys(table)).toEqual([""]);
    });

    it("keys entries with a context as cockpit does", () => {
        const table = load(compilePo(poText(`msgctxt "menu"\nmsgid "Open"\nmsgstr "Öffnen"\n`), "de"));
        expect(table["menu\u0004Open"]).toEqual([null, "Öffnen"]);
    });

    it("refuses a Plural-Forms header that is not arithmetic", () => {
        expect(() => compilePo(poText("", "nplurals=2; plural=alert(1);"), "xx")).toThrow(/Plural-Forms/);
    });

    it("compiles the shipped German translation", () => {
        const table = load(compilePo(readFileSync("po/de.po", "utf8"), "de"));
        expect(table["MPTCP status"]).toEqual([null, "MPTCP-Status"]);
    });
});

describe("the template", () => {
    const msgids = (text: string) => Object.keys(po.parse(text).translations[""] ?? {}).filter(Boolean).sort();

    it("is up to date with every string the sources pass to _() (run npm run po:extract)", () => {
        const dir = mkdtempSync(join(tmpdir(), "mptcp-pot-"));
        execFileSync("sh", ["po/extract.sh", "--pot", join(dir, "fresh.pot")]);
        const fresh = msgids(readFileSync(join(dir, "fresh.pot"), "utf8"));
        expect(fresh).toContain("No IPv4 default route on this device");
        expect(fresh).toEqual(msgids(readFileSync("po/cockpit-mptcp.pot", "utf8")));
    });

    it("holds the manifest's label, keywords and docs labels, and the page's title", () => {
        const pot = new Set(msgids(readFileSync("po/cockpit-mptcp.pot", "utf8")));
        const manifest = manifestStrings(JSON.parse(readFileSync("manifest.json", "utf8"))).map(s => s.msgid);
        const html = htmlStrings(readFileSync("src/index.html", "utf8")).map(s => s.msgid);
        expect(manifest).toContain("MPTCP");
        expect(html).toHaveLength(1);
        expect([...manifest, ...html].filter(m => !pot.has(m))).toEqual([]);
    });
});

describe("the strings outside the code", () => {
    it("are every menu and tools entry's label, keyword matches and docs labels, and bridges' labels, once each", () => {
        const strings = manifestStrings({
            requires: { cockpit: "266" },
            menu: { index: { label: "MPTCP", keywords: [{ matches: ["mptcp", "subflow"] }, { matches: ["endpoint"], weight: 2 }], docs: [{ label: "Getting started", url: "https://example.org" }] } },
            tools: { log: { label: "MPTCP log", keywords: [{ matches: ["mptcp"] }] } },
            bridges: [{ label: "Bridge", match: {} }],
            conditions: [{ "path-exists": "/proc/sys/net/mptcp" }],
        });
        expect(strings.map(s => s.msgid)).toEqual(["MPTCP", "mptcp", "subflow", "endpoint", "Getting started", "MPTCP log", "Bridge"]);
        expect(strings[1].comment).toMatch(/lowercase/);
    });

    it("are the texts and attributes that cockpit.translate() translates in the page", () => {
        const html = '<title translate="yes">A &amp; B</title><p translate>Plain</p><input translate="placeholder" placeholder="Name" />' +
            '<span translate="no">Not this</span><b>nor this</b>';
        expect(htmlStrings(html).map(s => s.msgid)).toEqual(["A & B", "Plain", "Name"]);
        expect(() => htmlStrings('<p translate="yes">with <b>markup</b></p>')).toThrow(/markup/);
    });
});

/** A .po's entries by msgid (no contexts are used), and what is wrong with it against the template. */
function problems(poText: string, potText: string): string[] {
    const out: string[] = [];
    const parsed = po.parse(poText);
    const template = po.parse(potText).translations;
    const nplurals = Number(/nplurals\s*=\s*(\d+)/.exec(parsed.headers["Plural-Forms"] ?? "")?.[1] ?? NaN);
    if (!(nplurals >= 1)) out.push(`no usable Plural-Forms: ${parsed.headers["Plural-Forms"]}`);
    if (/^#~/m.test(poText)) out.push("obsolete entries (#~): run npm run po:extract");
    for (const [context, entries] of Object.entries(template)) {
        for (const [msgid, t] of Object.entries(entries)) {
            if (msgid === "") continue;
            const e = parsed.translations[context]?.[msgid];
            if (!e) {
                out.push(`missing: ${msgid}`);
                continue;
            }
            if (e.msgid_plural !== t.msgid_plural) out.push(`plural differs from the template: ${msgid}`);
            if (e.comments?.flag?.includes("fuzzy")) out.push(`fuzzy: ${msgid}`);
            const forms = t.msgid_plural !== undefined ? nplurals : 1;
            if (e.msgstr.length !== forms || e.msgstr.some(s => s === "")) out.push(`untranslated (${forms} form${forms > 1 ? "s" : ""}): ${msgid}`);
            // cockpit.format's placeholders: each form keeps those of its English (a plural's: of either English form)
            const wanted = new Set([msgid, t.msgid_plural ?? ""].join(" ").match(/\$\d+/g) ?? []);
            for (const s of e.msgstr.filter(Boolean)) {
                const have = new Set(s.match(/\$\d+/g) ?? []);
                if ([...have].some(x => !wanted.has(x)) || [...wanted].some(x => !have.has(x))) out.push(`placeholders differ: ${msgid} -> ${s}`);
            }
        }
    }
    for (const [context, entries] of Object.entries(parsed.translations)) {
        for (const msgid of Object.keys(entries)) {
            if (msgid !== "" && !template[context]?.[msgid]) out.push(`not in the template: ${msgid}`);
        }
    }
    return out;
}

describe("each translation", () => {
    const pot = readFileSync("po/cockpit-mptcp.pot", "utf8");
    const files = readdirSync("po").filter(f => f.endsWith(".po"));

    it("exists for German at least", () => expect(files).toContain("de.po"));

    for (const file of files) {
        it(`${file} is complete: every template message translated in every plural form, none fuzzy, none obsolete, none extra (npm run po:extract, then translate)`, () => {
            expect(problems(readFileSync(join("po", file), "utf8"), pot)).toEqual([]);
        });

        it(`${file} passes msgfmt --check`, () => {
            execFileSync("msgfmt", ["--check", "--output-file=/dev/null", join("po", file)], { stdio: "pipe" });
        });

        it(`${file} writes the manifest's search keywords in lowercase, as the shell compares them`, () => {
            const entries = po.parse(readFileSync(join("po", file), "utf8")).translations[""] ?? {};
            const manifest = JSON.parse(readFileSync("manifest.json", "utf8")) as { menu?: Record<string, { keywords?: { matches: string[] }[] }> };
            const keywords = Object.values(manifest.menu ?? {}).flatMap(
                m => (m.keywords ?? []).flatMap(k => k.matches)
            );
            expect(keywords.length).toBeGreaterThan(0);
            for (const k of keywords) {
                const translated = entries[k]?.msgstr[0] ?? "";
                expect(translated, k).toBe(translated.toLowerCase());
            }
        });
    }

    it("is checked: missing, fuzzy, untranslated, wrong plural, lost placeholders, obsolete and extra entries are found", () => {
        const template = poText('msgid "A $0"\nmsgstr ""\n\nmsgid "$0 thing"\nmsgid_plural "$0 things"\nmsgstr[0] ""\nmsgstr[1] ""\n\nmsgid "C"\nmsgstr ""\n\nmsgid "D"\nmsgstr ""\n');
        const bad = poText('#, fuzzy\nmsgid "A $0"\nmsgstr "Ein"\n\nmsgid "$0 thing"\nmsgid_plural "$0 things"\nmsgstr[0] "$0 Ding"\nmsgstr[1] ""\n\n' +
            'msgid "D"\nmsgstr "D"\n\nmsgid "E"\nmsgstr "E"\n\n#~ msgid "F"\n#~ msgstr "F"\n');
        expect(problems(bad, template)).toEqual([
            "obsolete entries (#~): run npm run po:extract",
            "fuzzy: A $0",
            "placeholders differ: A $0 -> Ein",
            "untranslated (2 forms): $0 thing",
            "missing: C",
            "not in the template: E",
        ]);
        const good = poText('msgid "A $0"\nmsgstr "Ein $0"\n\nmsgid "$0 thing"\nmsgid_plural "$0 things"\nmsgstr[0] "$0 Ding"\nmsgstr[1] "$0 Dinge"\n\n' +
            'msgid "C"\nmsgstr "C"\n\nmsgid "D"\nmsgstr "D"\n');
        expect(problems(good, template)).toEqual([]);
    });
});

describe("the build's translation files", () => {
    it("are po.<lang>.js with every message and po.manifest.<lang>.js with only the manifest's", () => {
        const emitted: Record<string, string> = {};
        const plugin = cockpitTranslations(process.cwd());
        const generate = plugin.generateBundle as unknown as (
            this: { emitFile(f: { fileName: string; source: string }): void }
        ) => void;
        generate.call({ emitFile: f => {
            emitted[f.fileName] = f.source;
        } });
        expect(Object.keys(emitted)).toEqual(expect.arrayContaining(["po.de.js", "po.manifest.de.js"]));

        const page = load(emitted["po.de.js"]);
        const menu = load(emitted["po.manifest.de.js"]);
        const manifest = manifestStrings(JSON.parse(readFileSync("manifest.json", "utf8"))).map(s => s.msgid);
        expect(Object.keys(menu).filter(k => k !== "").sort()).toEqual([...manifest].sort());
        expect(menu["multipath"]).toEqual(page["multipath"]);
        expect((menu[""] as { language: string }).language).toBe("de");
        // Cockpit 287's shell translates the menu from each package's po.js: it keeps the manifest's strings
        for (const m of manifest) expect(page[m], m).toBeDefined();
        expect(page["MPTCP status"]).toEqual([null, "MPTCP-Status"]);
    });

    it("say right to left for Arabic, Persian, Hebrew and Urdu", () => {
        const header = (lang: string) => (load(compilePo(poText(""), lang))[""] as Record<string, unknown>)["language-direction"];
        expect([header("he"), header("ar_EG"), header("de"), header("pt_BR")]).toEqual(["rtl", "rtl", "ltr", "ltr"]);
    });
});
