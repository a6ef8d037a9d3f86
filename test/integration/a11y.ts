// Accessibility checks on the real page: axe-core (injected into the page) for what a machine can judge,
// and the keyboard: where the focus is, and whether it can be seen.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import type { Page } from "playwright-core";

// Cockpit's Content-Security-Policy refuses inline scripts, so page.addScriptTag (which adds axe inline) is
// blocked. Rather than switch the policy off for the test (bypassCSP), axe's source is evaluated through
// Playwright's evaluate (the DevTools protocol, which the page's policy does not govern).
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeNode { target: string[]; html: string; failureSummary: string }
export interface AxeViolation { id: string; impact: string | null; help: string; nodes: AxeNode[] }

/** Impacts that fail a check; the others are printed. */
export const FAILING = ["serious", "critical"];

/**
 * Runs axe-core on the page (or the part of it that `include` selects) as it is now, and returns the violations.
 * WCAG 2.1 A and AA rules and axe's best practices; rules that need a person to judge ("incomplete") are left out.
 */
export async function axeViolations(page: Page, include?: string): Promise<AxeViolation[]> {
    if (!await page.evaluate(() => "axe" in window)) await page.evaluate(AXE_SOURCE);
    return page.evaluate(async (selector) => {
        const axe = (window as unknown as {
            axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> };
        }).axe;
        const result = await axe.run(selector ? { include: [selector] } : document, {
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
            resultTypes: ["violations"],
        });
        return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(
                n => ({ target: n.target, html: n.html.slice(0, 200), failureSummary: n.failureSummary })
            ),
        }));
    }, include ?? null);
}

/** One line per violation and element, for the log and for failure messages. */
export function describeViolations(violations: AxeViolation[]): string {
    return violations.flatMap(v => v.nodes.map(n =>
        `[${v.impact}] ${v.id}: ${v.help} — ${n.target.join(" ")}\n    ${n.html}\n    ${n.failureSummary.replace(/\n/g, "\n    ")}`)).join("\n");
}

/**
 * Checks the view now shown: returns the serious and critical violations (the test asserts there are none), and
 * prints the others with the view's name.
 */
export async function axeCheck(page: Page, view: string, include?: string): Promise<AxeViolation[]> {
    const violations = await axeViolations(page, include);
    const minor = violations.filter(v => !FAILING.includes(v.impact ?? ""));
    if (minor.length) console.log(`axe, ${view}: ${minor.length} minor rule(s) violated\n${describeViolations(minor)}`);
    return violations.filter(v => FAILING.includes(v.impact ?? ""));
}

/** Cockpit's dark theme, as the page follows it: the shell's style "auto" and the system's dark preference. */
export async function setDark(page: Page, dark: boolean): Promise<void> {
    await page.emulateMedia({ colorScheme: dark ? "dark" : "light" });
    await page.waitForFunction(d => document.documentElement.classList.contains("pf-v6-theme-dark") === d, dark);
    // PatternFly's colour transitions end before axe reads the colours (on a busy machine they take longer
    // than their duration)
    await page.waitForFunction(() => document.getAnimations().every(a => !(a instanceof CSSTransition) || a.playState !== "running"),
        undefined, { timeout: 10_000 });
}

export interface Focused {
    tag: string;
    id: string;
    role: string | null;
    /** the accessible name as far as the page gives it: aria-label, aria-labelledby, a label, or the text */
    name: string;
    /** inside an open dialog */
    inDialog: boolean;
    /** the focus indicator: outline and box-shadow while focused, and as they are when it is not */
    indicator: { focused: string; unfocused: string };
}

/** What has the focus now, and how it looks with and without it. */
export async function focused(page: Page): Promise<Focused | null> {
    // (no named functions inside: the code runs in the page as it is written)
    return page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const looks: string[] = [];
        // with the focus (the browser and PatternFly draw their indicators for :focus-visible), then without it;
        // then it is focused again (the last input was a key, so the browser shows the indicator again)
        for (const phase of ["focused", "unfocused"]) {
            if (phase === "unfocused") el.blur();
            const s = getComputedStyle(el);
            const outline = s.outlineStyle === "none" || s.outlineWidth === "0px" ? "none" : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`;
            looks.push(`outline: ${outline}; box-shadow: ${s.boxShadow}`);
        }
        el.focus({ preventScroll: true });
        const labelled = el.getAttribute("aria-labelledby")?.split(/\s+/).map(id => document.getElementById(id)?.textContent ?? "").join(" ");
        const label = (el as HTMLInputElement).labels?.[0]?.textContent;
        return {
            tag: el.tagName.toLowerCase(), id: el.id, role: el.getAttribute("role"),
            name: (el.getAttribute("aria-label") ?? labelled ?? label ?? el.textContent ?? "").trim().replace(/\s+/g, " "),
            inDialog: !!el.closest('[role="dialog"]'),
            indicator: { focused: looks[0], unfocused: looks[1] },
        };
    });
}

/**
 * Whether a focus indicator shows: an outline, or a box-shadow, that is there with the focus and not without it
 * (a changed border or background alone is not counted).
 */
export function visibleIndicator(f: Focused): boolean {
    const part = (look: string, what: "outline" | "box-shadow") => new RegExp(`${what}: ([^;]*)`).exec(look)?.[1] ?? "none";
    return (["outline", "box-shadow"] as const).some(what => part(f.indicator.focused, what) !== "none" &&
        part(f.indicator.focused, what) !== part(f.indicator.unfocused, what));
}
