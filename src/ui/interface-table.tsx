import {
    Button, Checkbox, EmptyState, EmptyStateBody, EmptyStateFooter, Label, Pagination, SearchInput, Toolbar,
    ToolbarContent, ToolbarGroup, ToolbarItem, Tooltip, type PaginationTitles,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr, type ThProps } from "@patternfly/react-table";
import { memo, useDeferredValue, useId, useMemo, useState, type ReactNode } from "react";

import { compareNames, type InterfaceRow } from "../model/interfaces";
import { changeRefusal } from "../model/plan";
import { _, format } from "../i18n";
import { refusedText } from "./change-texts";
import { AddressList } from "./address-list";
import { PER_PAGE } from "./first-view";
import {
    deviceStateText, interfaceColumns, profileFlagsText, rowStateText as stateOf, rowTypeText as typeOf,
    type InterfaceColumns,
} from "./texts";

/**
 * Why a row cannot be edited, or null when it can: the plan's own rule (with `nmUsable`: NetworkManager runs
 * and supports MPTCP), then administrative access.
 */
export function notEditable(row: InterfaceRow, admin: boolean, nmUsable: boolean): string | null {
    const why = changeRefusal(row, nmUsable);
    if (why) return format(_("Cannot be changed: $0"), refusedText(why));
    return admin ? null : _("Administrative access is required");
}

/** PatternFly's class for a selection cell (what Td's `select` sets), whose checkbox needs a name of ours. */
const CHECK_CELL = "pf-v6-c-table__check";

/** Edit one interface; when it cannot be, the button stays focusable and says why, to the eye and the ear. */
function EditButton({ name, why, onEdit }: { name: string; why: string | null; onEdit: (name: string) => void }) {
    const whyId = useId();
    const label = format(_("Edit $0"), name);
    if (!why) {
        return (
            <Button variant="secondary" size="sm" onClick={() => onEdit(name)} aria-label={label}>
                {_("Edit")}
            </Button>
        );
    }
    return (
        <>
            <Tooltip content={why}>
                <Button variant="secondary" size="sm" isAriaDisabled aria-label={label} aria-describedby={whyId}>
                    {_("Edit")}
                </Button>
            </Tooltip>
            <span id={whyId} hidden>{why}</span>
        </>
    );
}

export interface TableEditing {
    admin: boolean;
    /** NetworkManager runs and supports MPTCP (nmTakesMptcp of the snapshot) */
    nmUsable: boolean;
    selected: Set<string>;
    /** keep it stable (useCallback): rows re-render only when it changes */
    onSelect: (name: string, selected: boolean) => void;
    /** the header's checkbox: select or clear these (the editable interfaces the filter shows) */
    onSelectAll: (names: readonly string[], selected: boolean) => void;
    /** keep it stable (useCallback): rows re-render only when it changes */
    onEdit: (name: string) => void;
}

export { PER_PAGE };
const PER_PAGE_OPTIONS = [20, 50, 100, 500].map(n => ({ title: String(n), value: n }));

type SortKey = "name" | "type" | "state";
type Sort = { key: SortKey; direction: "asc" | "desc" };

/**
 * Each row's content as text, made once per row object: a cheap test of "changed" for rows rebuilt on every
 * snapshot.
 */
const rowKeys = new WeakMap<InterfaceRow, string>();
function rowKey(row: InterfaceRow): string {
    let key = rowKeys.get(row);
    if (key === undefined) rowKeys.set(row, key = JSON.stringify(row));
    return key;
}

/** Rows whose name or one of whose addresses contains the text (case-insensitive). */
export function filterRows(rows: InterfaceRow[], text: string): InterfaceRow[] {
    const t = text.trim().toLowerCase();
    if (!t) return rows;
    return rows.filter(r => r.name.toLowerCase().includes(t) ||
        r.addresses.some(a => a.address.toLowerCase().includes(t) || `${a.address}/${a.prefix}`.includes(t)));
}

/**
 * By name keeps the model's order (loopback last, eth2 before eth10); type and state sort by their words, then
 * name.
 */
export function sortRows(rows: InterfaceRow[], sort: Sort): InterfaceRow[] {
    let sorted = rows;
    if (sort.key !== "name") {
        const text = sort.key === "type" ? typeOf : stateOf;
        const keyed = rows.map(r => ({ r, k: text(r) }));
        keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : compareNames(a.r.name, b.r.name)));
        sorted = keyed.map(x => x.r);
    }
    return sort.direction === "desc" ? [...sorted].reverse() : sorted;
}

function paginationTitles(): PaginationTitles {
    return {
        items: _("interfaces"),
        page: "",
        itemsPerPage: _("Interfaces per page"),
        perPageSuffix: _("per page"),
        toFirstPageAriaLabel: _("Go to first page"),
        toPreviousPageAriaLabel: _("Go to previous page"),
        toLastPageAriaLabel: _("Go to last page"),
        toNextPageAriaLabel: _("Go to next page"),
        optionsToggleAriaLabel: _("Interfaces per page"),
        currPageAriaLabel: _("Current page"),
        paginationAriaLabel: _("Interface pages"),
        ofWord: _("of"),
    };
}

/**
 * Every interface: NetworkManager's view (profile, configured flags) beside the kernel's (addresses, endpoints).
 * Filtered by name or address, sorted, one page at a time; `toolbar` items go beside the filter.
 */
export function InterfaceTable({ rows, editing, toolbar, onNetworking }: {
    rows: InterfaceRow[];
    editing?: TableEditing;
    toolbar?: ReactNode;
    /** opens Cockpit's Networking page for an interface NetworkManager knows (keep it stable) */
    onNetworking?: ((name: string) => void) | undefined;
}) {
    const [filter, setFilter] = useState("");
    // typing stays responsive on a large host: the rows follow a moment later
    const deferredFilter = useDeferredValue(filter);
    const [sort, setSort] = useState<Sort>({ key: "name", direction: "asc" });
    const [page, setPage] = useState(1);
    const [perPage, setPerPage] = useState(PER_PAGE);

    const shown = useMemo(() => sortRows(filterRows(rows, deferredFilter), sort), [rows, deferredFilter, sort]);
    const pages = Math.max(1, Math.ceil(shown.length / perPage));
    const current = Math.min(page, pages);
    const pageRows = shown.slice((current - 1) * perPage, current * perPage);

    // one object for the page's life: the memoized rows compare it by identity
    const columns = useMemo(() => interfaceColumns(), []);
    const sortKeys: SortKey[] = ["name", "type", "state"];
    const sortBy = (key: SortKey): NonNullable<ThProps["sort"]> => ({
        sortBy: { index: sortKeys.indexOf(sort.key), direction: sort.direction },
        onSort: (_e, _index, direction) => {
            setSort({ key, direction });
            setPage(1);
        },
        columnIndex: sortKeys.indexOf(key),
    });
    // the per-page menu's button says what it shows ("1 - 50 of 120") and what it does
    const first = shown.length ? (current - 1) * perPage + 1 : 0;
    const last = Math.min(current * perPage, shown.length);
    const range = (variant: "top" | "bottom") => {
        const of = `${first} - ${last} ${_("of")} ${shown.length}`;
        return variant === "bottom" ? `${of} ${_("interfaces")}` : of;
    };
    const titles = paginationTitles();
    const toggleLabel = (variant: "top" | "bottom") => `${range(variant)}, ${titles.optionsToggleAriaLabel}`;
    const perPageSelect = (n: number, p: number) => {
        setPerPage(n);
        setPage(p);
    };
    const pagination = (variant: "top" | "bottom") => (
        <Pagination itemCount={shown.length} perPage={perPage} page={current} variant={variant}
            isCompact={variant === "top"} perPageOptions={PER_PAGE_OPTIONS}
            titles={{ ...titles, optionsToggleAriaLabel: toggleLabel(variant) }}
            widgetId={`mptcp-interfaces-pages-${variant}`}
            onSetPage={(_e, p) => setPage(p)} onPerPageSelect={(_e, n, p) => perPageSelect(n, p)} />
    );
    const clear = () => {
        setFilter("");
        setPage(1);
    };
    // the header's checkbox acts on every interface the filter shows that can be edited, on all pages
    const selectable = editing
        ? shown.filter(r => notEditable(r, editing.admin, editing.nmUsable) === null).map(r => r.name)
        : [];
    const selectedCount = editing ? selectable.filter(n => editing.selected.has(n)).length : 0;
    const allSelected = selectable.length > 0 && selectedCount === selectable.length;
    const actionsColumn = !!editing || !!onNetworking;

    return (
        <>
            <Toolbar className="mptcp-interfaces-toolbar" clearAllFilters={clear}>
                <ToolbarContent>
                    <ToolbarItem>
                        <SearchInput className="mptcp-interfaces-filter"
                            aria-label={_("Filter by interface name or address")}
                            placeholder={_("Filter by name or address")} value={filter}
                            onChange={(_e, v) => {
                                setFilter(v);
                                setPage(1);
                            }}
                            onClear={clear} />
                    </ToolbarItem>
                    {toolbar}
                    <ToolbarGroup align={{ default: "alignEnd" }}>
                        <ToolbarItem variant="pagination">{pagination("top")}</ToolbarItem>
                    </ToolbarGroup>
                </ToolbarContent>
            </Toolbar>
            <Table aria-label={_("Interfaces")} variant="compact" className="mptcp-interfaces">
                <Thead>
                    {/* headers wrap instead of being cut off ("Configured M…"; German words are long) */}
                    <Tr>
                        {editing && (
                            <Th className={CHECK_CELL} aria-label={_("Select")}>
                                <Checkbox id="mptcp-select-all" isDisabled={selectable.length === 0}
                                    aria-label={allSelected
                                        ? _("Clear the selection")
                                        : _("Select all shown interfaces")}
                                    isChecked={allSelected ? true : selectedCount > 0 ? null : false}
                                    onChange={() => editing.onSelectAll(selectable, !allSelected)} />
                            </Th>
                        )}
                        <Th modifier="wrap" sort={sortBy("name")}>{columns.name}</Th>
                        <Th modifier="wrap" sort={sortBy("type")}>{columns.type}</Th>
                        <Th modifier="wrap" sort={sortBy("state")}>{columns.state}</Th>
                        <Th modifier="wrap">{columns.profile}</Th>
                        <Th modifier="wrap">{columns.flags}</Th>
                        <Th modifier="wrap" width={40}>{columns.addresses}</Th>
                        {actionsColumn && <Th screenReaderText={_("Actions")} />}
                    </Tr>
                </Thead>
                <Tbody>
                    {pageRows.map(row => (
                        <InterfaceTableRow key={row.name} row={row} columns={columns} editable={!!editing}
                            admin={editing?.admin ?? false} nmUsable={editing?.nmUsable ?? false}
                            selected={editing?.selected.has(row.name) ?? false}
                            onSelect={editing?.onSelect ?? noop} onEdit={editing?.onEdit ?? noop}
                            onNetworking={onNetworking} />
                    ))}
                    {shown.length === 0 && (
                        <Tr>
                            <Td colSpan={6 + (editing ? 1 : 0) + (actionsColumn ? 1 : 0)}>
                                <EmptyState titleText={_("No interface matches the filter")} headingLevel="h3"
                                    variant="sm">
                                    <EmptyStateBody>
                                        {format(_("No interface name or address contains “$0”."), deferredFilter.trim())}
                                    </EmptyStateBody>
                                    <EmptyStateFooter>
                                        <Button variant="link" onClick={clear}>{_("Clear the filter")}</Button>
                                    </EmptyStateFooter>
                                </EmptyState>
                            </Td>
                        </Tr>
                    )}
                </Tbody>
            </Table>
            {shown.length > perPage && pagination("bottom")}
        </>
    );
}

const noop = () => {};

interface RowProps {
    row: InterfaceRow;
    columns: InterfaceColumns;
    editable: boolean;
    admin: boolean;
    nmUsable: boolean;
    selected: boolean;
    onSelect: (name: string, selected: boolean) => void;
    onEdit: (name: string) => void;
    onNetworking: ((name: string) => void) | undefined;
}

/**
 * Re-renders only when its interface changed (rows are rebuilt on every snapshot) or its selection, access or
 * handlers did.
 */
const InterfaceTableRow = memo(function InterfaceTableRow(props: RowProps) {
    const { row, columns, editable, admin, nmUsable, selected, onSelect, onEdit, onNetworking } = props;
    const why = editable ? notEditable(row, admin, nmUsable) : null;
    return (
        <Tr data-interface={row.name} className={row.loopback ? "mptcp-loopback" : ""}>
            {editable && (
                // Td's own `select` names every checkbox "Select row N"; this one names its interface
                <Td className={CHECK_CELL}>
                    <Checkbox id={`mptcp-select-${row.name}`} aria-label={format(_("Select $0"), row.name)}
                        isChecked={selected} isDisabled={why !== null}
                        onChange={(_e, on) => onSelect(row.name, on)} />
                </Td>
            )}
            {/* a name is one token (br-lan, veth-a): never broken at its hyphen */}
            <Td dataLabel={columns.name} modifier="nowrap">
                <strong>{row.name}</strong>
                {row.loopback && <> <Label isCompact>{_("loopback")}</Label></>}
            </Td>
            <Td dataLabel={columns.type}>{typeOf(row)}</Td>
            <Td dataLabel={columns.state}>
                {row.device ? deviceStateText(row.device.state) : "—"}
                {!row.inKernel && <> <Label isCompact color="orange">{_("not in kernel")}</Label></>}
            </Td>
            <Td dataLabel={columns.profile} className="mptcp-profile">
                {row.profile ? row.profile.id : <span className="mptcp-muted">{_("None")}</span>}
            </Td>
            <Td dataLabel={columns.flags} className="mptcp-flags">
                {row.profileMptcp ? profileFlagsText(row.profileMptcp) : "—"}
            </Td>
            <Td dataLabel={columns.addresses} className="mptcp-addresses-cell">
                <AddressList addresses={row.addresses} />
            </Td>
            {(editable || onNetworking) && (
                <Td isActionCell className="mptcp-row-actions">
                    {editable && <EditButton name={row.name} why={why} onEdit={onEdit} />}
                    {onNetworking && row.device && (
                        <Button variant="link" size="sm" onClick={() => onNetworking(row.name)}
                            aria-label={format(_("Show $0 on the Networking page"), row.name)}>
                            {_("Networking")}
                        </Button>
                    )}
                </Td>
            )}
        </Tr>
    );
}, (a, b) => (a.row === b.row || rowKey(a.row) === rowKey(b.row)) && a.editable === b.editable &&
    a.admin === b.admin && a.nmUsable === b.nmUsable && a.selected === b.selected && a.onSelect === b.onSelect &&
    a.onEdit === b.onEdit && a.columns === b.columns && a.onNetworking === b.onNetworking);
