// The first view: the interface table drawn with plain DOM calls and PatternFly's CSS, as soon as the host's
// first snapshot is in, while React and PatternFly's components (most of the bundle) load. It shows what the
// table will (the same rows, columns, words and data attributes), read-only; the app replaces it when it mounts.
// Everything from the host goes in as text (textContent, attributes), never as markup.

import "@patternfly/react-core/dist/styles/base.css";
import "@patternfly/react-styles/css/components/Table/table.css";
import "@patternfly/react-styles/css/components/Table/table-grid.css";
import "@patternfly/react-styles/css/components/Label/label.css";
import "./app.css";

import type { AddressRow, InterfaceRow } from "../model/interfaces";
import type { HostSnapshot } from "../model/types";
import { _, format, ngettext } from "../i18n";
import { interfaceColumns, profileFlagsText, reasonText, rowStateText, rowTypeText, statusItems } from "./texts";

type Child = Node | string | null | false;

function el(tag: string, attrs: Record<string, string>, ...children: Child[]): HTMLElement {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    for (const c of children) if (c !== null && c !== false) e.append(c);
    return e;
}

function label(text: string, color: "grey" | "blue" | "orange"): HTMLElement {
    return el("span", { class: `pf-v6-c-label pf-m-compact pf-m-${color}` },
        el("span", { class: "pf-v6-c-label__content" }, el("span", { class: "pf-v6-c-label__text" }, text)));
}

function address(a: AddressRow): HTMLElement {
    const ep = a.endpoint;
    const detail = ep
        ? el("span", { class: "mptcp-endpoint", "data-flags": ep.flags.join(",") },
            label(format(_("endpoint $0"), ep.id), "grey"),
            ep.flags.length === 0 && label(_("no flags"), "orange"),
            ...ep.flags.map(f => label(f, "blue")),
            a.flagsDiffer && label(_("differs from profile"), "orange"))
        : el("small", { class: "mptcp-reason", "data-reason": a.reason ?? "" }, a.reason ? reasonText(a.reason, a.family) : "");
    return el("li", { "data-address": a.address }, el("span", { class: "mptcp-address" }, `${a.address}/${a.prefix}`), " ", detail);
}

function row(r: InterfaceRow, columns: ReturnType<typeof interfaceColumns>): HTMLElement {
    const td = (name: string, attrs: Record<string, string>, ...children: Child[]) =>
        el("td", { class: "pf-v6-c-table__td", "data-label": name, ...attrs }, ...children);
    const muted = (text: string) => el("span", { class: "mptcp-muted" }, text);
    return el("tr", { class: `pf-v6-c-table__tr${r.loopback ? " mptcp-loopback" : ""}`, "data-interface": r.name },
        td(columns.name, { class: "pf-v6-c-table__td pf-m-nowrap" }, el("strong", {}, r.name), r.loopback && " ", r.loopback && label(_("loopback"), "grey")),
        td(columns.type, {}, rowTypeText(r)),
        td(columns.state, {}, rowStateText(r) || "—", !r.inKernel && " ", !r.inKernel && label(_("not in kernel"), "orange")),
        td(columns.profile, { class: "pf-v6-c-table__td mptcp-profile" }, r.profile ? r.profile.id : muted(_("None"))),
        td(columns.flags, { class: "pf-v6-c-table__td mptcp-flags" }, r.profileMptcp ? profileFlagsText(r.profileMptcp) : "—"),
        td(columns.addresses, { class: "pf-v6-c-table__td mptcp-addresses-cell" }, r.addresses.length
            ? el("ul", { class: "mptcp-addresses" }, ...r.addresses.map(address))
            : muted(_("No addresses"))));
}

/** Until the first snapshot is in: a spinner, drawn by CSS alone (no text: no font to fetch before the table). */
export function renderLoading(container: HTMLElement): void {
    container.replaceChildren(el("main", { class: "mptcp-first-view", "aria-busy": "true" },
        el("span", { class: "mptcp-first-view-spinner", role: "progressbar", "aria-label": _("Loading MPTCP state") })));
}

/** Rows per page, here and in the table: a host with a thousand interfaces renders one page of them, not all. */
export const PER_PAGE = 50;

/**
 * Above the table, what the app shows there in the same places, so that the table stays where it is when
 * the app takes over: the status header, and the readiness card as it starts (checking the host's settings).
 */
function above(snapshot: HostSnapshot): HTMLElement[] {
    const title = (text: string, ...rest: Child[]) => el("h2", { class: "mptcp-first-title" }, text, ...rest);
    return [
        el("h1", { class: "mptcp-heading" }, _("MultiPath TCP")),
        el("section", { class: "mptcp-first-card", "aria-label": _("MPTCP status") }, title(_("MPTCP status")),
            el("dl", { class: "mptcp-first-terms" }, ...statusItems(snapshot).map(([term, value]) => el("div", {}, el("dt", {}, term), el("dd", {}, value))))),
        el("section", { class: "mptcp-first-card", "aria-label": _("Readiness") }, title(_("Readiness"), " ", label(_("Checking…"), "grey")),
            el("div", { class: "mptcp-first-actions" })),
        el("div", { class: "mptcp-first-tabs" }, el("span", {}, _("Interfaces")), el("span", {}, _("Traffic"))),
    ];
}

/** Replaces what container holds by the status and the table's first page of rows (in its first order: the model's). */
export function renderFirstView(container: HTMLElement, snapshot: HostSnapshot, all: InterfaceRow[]): void {
    const rows = all.slice(0, PER_PAGE);
    const columns = interfaceColumns();
    const th = (text: string) => el("th", { class: "pf-v6-c-table__th pf-m-wrap", scope: "col" }, text);
    const table = el("table", { class: "pf-v6-c-table pf-m-compact pf-m-grid-md mptcp-interfaces", "aria-label": _("Interfaces") },
        el("thead", { class: "pf-v6-c-table__thead" }, el("tr", { class: "pf-v6-c-table__tr" },
            ...(["name", "type", "state", "profile", "flags", "addresses"] as const).map(c => th(columns[c])))),
        el("tbody", { class: "pf-v6-c-table__tbody" }, ...rows.map(r => row(r, columns))));
    const more = all.length > rows.length && el("p", { class: "mptcp-muted" }, format(ngettext("$0 of $1 interface", "$0 of $1 interfaces", all.length), rows.length, all.length));
    container.replaceChildren(el("main", { class: "mptcp-first-view", "aria-busy": "true" }, ...above(snapshot),
        el("div", { class: "mptcp-first-table" }, table, more)));
}
