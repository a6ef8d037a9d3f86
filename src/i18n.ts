// Translation helpers, through Cockpit's gettext (po.js fills it for the user's language).
// Literals passed to these must be double-quoted: xgettext extracts them as C strings. A count is always
// an ngettext (its plural forms differ by language), never _() with a number in it; test/unit/i18n-source.test.ts
// checks both.

import type { CockpitApi } from "./host/cockpit-types";

type Cockpit = CockpitApi & { translate(...elements: Element[]): void };
const api = () => (globalThis as unknown as { cockpit: Cockpit }).cockpit;

export const _ = (message: string): string => api().gettext(message);
export const ngettext = (singular: string, plural: string, n: number): string => api().ngettext(singular, plural, n);
export const format = (template: string, ...args: (string | number)[]): string => api().format(template, ...args);

/** A number with `digits` decimals, written as the page's language writes it (German: 1,5). */
export const decimal = (n: number, digits: number): string =>
    n.toLocaleString(api().language, { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * Translates what the HTML page marks with `translate` (its <title>: po/extract.sh extracts it), as Cockpit's
 * pages do. (src/shell-style.ts gives the document its language and direction, before the first paint.)
 */
export function translateDocument(): void {
    api().translate();
}
