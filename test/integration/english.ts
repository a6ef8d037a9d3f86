// Finding English in the German page: every message of po/de.po whose German differs from its English, as a
// pattern that matches the English text (with its $0 placeholders filled by anything) as a whole phrase.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { po } from "gettext-parser";
import type { Frame, Page } from "playwright-core";

const DE = po.parse(readFileSync(resolve(import.meta.dirname, "../../po/de.po"), "utf8")).translations[""] ?? {};

/** The German of a message (its first plural form for a plural one), to find the page's controls by name. */
export function t(msgid: string): string {
    const s = DE[msgid]?.msgstr[0];
    if (!s) throw new Error(`not in de.po: ${msgid}`);
    return s;
}

/**
 * English that PatternFly writes by itself unless a page passes its own words (aria-labels, screen-reader
 * texts, buttons): the page must pass German ones.
 */
export const PATTERNFLY_ENGLISH = [
    "Close", "Cancel", "Next", "Back", "Reset", "Search input", "Loading...", "Scroll left", "Scroll right", "Scroll back",
    "Scroll forward", "Clear all filters", "Copy to clipboard", "Successfully copied to clipboard!", "Items per page",
    "per page", "Go to next page", "Go to previous page", "Go to first page", "Go to last page", "Current page", "Pagination",
    "Select all", "Select row", "Show filters", "Danger alert:", "Warning alert:", "Info alert:", "Success alert:",
    "Custom alert:", "Toggle", "Wizard steps", "Wizard toggle", "Show more", "Show less", "Clear input value",
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Patterns of English text that German would not show: whole phrases, placeholders matching anything. */
export function englishPatterns(): { english: string; pattern: RegExp }[] {
    const out: { english: string; pattern: RegExp }[] = [];
    const add = (english: string) => {
        const literal = english.replace(/\$\d+/g, " ");
        // a message of mere placeholders and punctuation, or of one short word, says nothing on its own
        if (!/\p{L}{3,}/u.test(literal)) return;
        const body = english.split(/\$\d+/).map(escape).join(".+?");
        out.push({ english, pattern: new RegExp(`(?<![\\p{L}\\p{N}_-])${body}(?![\\p{L}\\p{N}_-])`, "u") });
    };
    for (const [msgid, e] of Object.entries(DE)) {
        if (msgid === "") continue;
        const english = [msgid, e.msgid_plural].filter((s): s is string => !!s);
        // the same in German (a technical word, a name): not a sign of English
        if (e.msgstr.some(s => english.includes(s))) continue;
        english.forEach(add);
    }
    PATTERNFLY_ENGLISH.forEach(add);
    return out;
}

export interface Seen { text: string; where: string }

/**
 * What a user sees or hears in the page: its visible text nodes, and the aria-label, title, placeholder and
 * aria-valuetext of its rendered elements. Code (commands, YAML, file contents: pre, code, textarea) is
 * left out: it is the same in every language.
 */
export function seenTexts(page: Page | Frame): Promise<Seen[]> {
    // a string, so that no bundler's helper (esbuild's __name) ends up in the page
    return page.evaluate(SEEN_TEXTS) as Promise<Seen[]>;
}

const SEEN_TEXTS = `(() => {
    const out = [];
    const name = el => el.tagName.toLowerCase() + (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\\s+/).slice(0, 2).join(".") : "");
    const code = el => !!el && !!el.closest("pre, code, textarea, .pf-v6-c-code-block");
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        const text = (n.textContent || "").trim();
        if (!el || !text || code(el) || !el.checkVisibility({ visibilityProperty: true })) continue;
        out.push({ text, where: name(el) });
    }
    for (const el of document.body.querySelectorAll("[aria-label], [title], [placeholder], [aria-valuetext]")) {
        if (code(el) || !el.checkVisibility()) continue;
        for (const a of ["aria-label", "title", "placeholder", "aria-valuetext"]) {
            const v = (el.getAttribute(a) || "").trim();
            if (v) out.push({ text: v, where: name(el) + "[" + a + "]" });
        }
    }
    return out;
})()`;

/** Each seen text that holds an English phrase, with the phrase. */
export async function englishIn(page: Page | Frame, patterns = englishPatterns()): Promise<string[]> {
    const found: string[] = [];
    for (const s of await seenTexts(page)) {
        for (const p of patterns) if (p.pattern.test(s.text)) found.push(`${s.where}: "${s.text.slice(0, 120)}" has "${p.english}"`);
    }
    return [...new Set(found)];
}
