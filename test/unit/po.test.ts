import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { po } from "gettext-parser";

import { compilePo } from "../../po/compile";

/** Runs a compiled po.<lang>.js against a stand-in cockpit.locale and returns what it passed. */
function load(js: string): Record<string, unknown> {
    let table: Record<string, unknown> = {};
    new Function("cockpit", js)({ locale: (t: Record<string, unknown>) => { table = t } });
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
});
