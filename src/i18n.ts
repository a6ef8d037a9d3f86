// Translation helpers, through Cockpit's gettext (po.js fills it for the user's language).
// Literals passed to these must be double-quoted: xgettext extracts them as C strings.

import type { CockpitApi } from "./host/cockpit-types";

const api = () => (globalThis as unknown as { cockpit: CockpitApi }).cockpit;

export const _ = (message: string): string => api().gettext(message);
export const ngettext = (singular: string, plural: string, n: number): string => api().ngettext(singular, plural, n);
export const format = (template: string, ...args: (string | number)[]): string => api().format(template, ...args);
