import {
    Button, Card, CardBody, CardHeader, CardTitle, Content, EmptyState, EmptyStateBody, Label, LabelGroup,
    Pagination, Stack, Switch,
} from "@patternfly/react-core";
import { RhMicronsCaretDownIcon } from "@patternfly/react-icons";
import { ExpandableRowContent, Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useEffect, useMemo, useState } from "react";

import { eventInterface, trafficCounters, type ConnectionRow, type SubflowRow } from "../model/traffic";
import type { HostSnapshot } from "../model/types";
import { trafficVerdicts } from "../model/verdicts";
import { _, decimal, format, ngettext } from "../i18n";
import { Alert } from "./alert";
import { labelGroupTexts } from "./label-group-texts";
import { paginationTitles } from "./pagination-titles";
import { SelfTestCard } from "./selftest-card";
import type { TrafficPort, TrafficView } from "./host-port";
import { addrText, counterMeaning, eventText, fallbackStageText, groupText, roleText } from "./traffic-texts";
import { VerdictList, type VerdictFixes } from "./verdict-list";

const PER_PAGE = 20;

/** Follows the traffic; again from the start when administrative access changes, so that `ss -p` and
 *  `ip mptcp monitor` run with the privileges the session now has. */
function useTraffic(actions: TrafficPort, admin: boolean): TrafficView | null {
    const [view, setView] = useState<TrafficView | null>(null);
    useEffect(() => actions.subscribe(setView), [actions, admin]);
    return view;
}

/** One page of a long list. */
function usePage<T>(items: readonly T[]) {
    const [page, setPage] = useState(1);
    const last = Math.max(1, Math.ceil(items.length / PER_PAGE));
    const current = Math.min(page, last);
    return {
        items: items.slice((current - 1) * PER_PAGE, current * PER_PAGE),
        pagination: items.length > PER_PAGE
            ? <Pagination itemCount={items.length} perPage={PER_PAGE} page={current} isCompact
                onSetPage={(_e, p) => setPage(p)} perPageOptions={[]} titles={paginationTitles("", _("Pages"))} />
            : null,
    };
}

/** A table's header row; the same words label each cell on narrow screens (Td's dataLabel). */
function Head({ columns, expandable = false }: { columns: readonly string[]; expandable?: boolean }) {
    return (
        <Thead>
            <Tr>
                {expandable && <Th screenReaderText={_("Show subflows")} />}
                {columns.map(c => <Th key={c} modifier="wrap">{c}</Th>)}
            </Tr>
        </Thead>
    );
}


function bytesText(n: number | null): string {
    if (n === null) return "—";
    if (n < 1024) return format(_("$0 B"), n);
    if (n < 1024 * 1024) return format(_("$0 KiB"), decimal(n / 1024, 1));
    if (n < 1024 * 1024 * 1024) return format(_("$0 MiB"), decimal(n / 1024 / 1024, 1));
    return format(_("$0 GiB"), decimal(n / 1024 / 1024 / 1024, 1));
}

function SubflowTable({ subflows }: { subflows: SubflowRow[] }) {
    const cols = [_("Interface"), _("Local"), _("Remote"), _("Kind"), _("State"), _("RTT"), _("Sent"), _("Received")];
    if (!subflows.length) return <Content component="small">{_("The kernel lists no subflow of this connection.")}</Content>;
    return (
        <Table variant="compact" aria-label={_("Subflows")} borders={false}>
            <Head columns={cols} />
            <Tbody>
                {subflows.map((s, i) => (
                    <Tr key={i} data-subflow={addrText(s.local)} data-iface={s.iface ?? ""} data-backup={String(s.backup)}>
                        <Td dataLabel={cols[0]}>{s.iface ?? _("unknown")}</Td>
                        <Td dataLabel={cols[1]}>{addrText(s.local)}</Td>
                        <Td dataLabel={cols[2]}>{addrText(s.remote)}</Td>
                        <Td dataLabel={cols[3]}>
                            {s.backup ? format(_("$0 (backup)"), s.initial ? _("initial") : _("additional")) : s.initial ? _("initial") : _("additional")}
                        </Td>
                        <Td dataLabel={cols[4]}>{s.state}</Td>
                        <Td dataLabel={cols[5]}>{s.rttMs === null ? "—" : format(_("$0 ms"), decimal(s.rttMs, 2))}</Td>
                        <Td dataLabel={cols[6]}>{bytesText(s.bytesSent)}</Td>
                        <Td dataLabel={cols[7]}>{bytesText(s.bytesReceived)}</Td>
                    </Tr>
                ))}
            </Tbody>
        </Table>
    );
}

function ConnectionTable({ connections }: { connections: ConnectionRow[] }) {
    const cols = [_("Local"), _("Remote"), _("State"), _("Process"), "MPTCP", _("Subflows"), _("Data")];
    const [expanded, setExpanded] = useState<Set<string>>(new Set());
    const { items, pagination } = usePage(connections);
    if (!connections.length) {
        return (
            <EmptyState titleText={_("No MPTCP connections")} headingLevel="h3" variant="sm">
                <EmptyStateBody>{_("No MPTCP socket is connected on this host now.")}</EmptyStateBody>
            </EmptyState>
        );
    }
    const toggle = (key: string) => setExpanded(s => {
        const next = new Set(s);
        if (!next.delete(key)) next.add(key);
        return next;
    });
    return (
        <>
            {pagination}
            <Table aria-label={_("MPTCP connections")} variant="compact" className="mptcp-connections">
                <Head columns={cols} expandable />
                {items.map(c => {
                    const open = expanded.has(c.key);
                    const ifaces = [...new Set(c.subflows.map(s => s.iface ?? "?"))];
                    return (
                        <Tbody key={c.key} isExpanded={open}>
                            <Tr data-connection={c.token ?? c.key} data-fallback={c.fallback ?? ""} data-role={c.role}>
                                {/* PatternFly's expand toggle is named "Details", always in English */}
                                <Td className="pf-v6-c-table__toggle">
                                    <Button variant="plain" size="sm" className={open ? "pf-m-expanded" : ""} aria-expanded={open}
                                        aria-label={_("Show subflows")} onClick={() => toggle(c.key)}
                                        icon={<div className="pf-v6-c-table__toggle-icon"><RhMicronsCaretDownIcon /></div>} />
                                </Td>
                                <Td dataLabel={cols[0]}>{addrText(c.local)}</Td>
                                <Td dataLabel={cols[1]}>{addrText(c.remote)}</Td>
                                <Td dataLabel={cols[2]}>{c.state} <Content component="small">{roleText(c.role)}</Content></Td>
                                <Td dataLabel={cols[3]}>
                                    {c.processes.length ? c.processes.map(p => `${p.name} (${p.pid})`).join(", ") : "—"}
                                </Td>
                                <Td dataLabel={cols[4]}>
                                    {c.fallback
                                        ? <>
                                            <Label color="orange" isCompact>{_("Fell back to TCP")}</Label>
                                            <Content component="small">{fallbackStageText(c.fallback)}</Content>
                                        </>
                                        : <Label color="green" isCompact>MPTCP</Label>}
                                </Td>
                                <Td dataLabel={cols[5]}>
                                    <LabelGroup numLabels={4} aria-label={_("Interfaces")} {...labelGroupTexts()}>
                                        {ifaces.map(n => <Label key={n} isCompact variant="outline">{n}</Label>)}
                                    </LabelGroup>
                                    <Content component="small">
                                        {c.subflowsMax !== null
                                            ? format(ngettext("$0 additional of at most $1", "$0 additional of at most $1", c.extraSubflows), c.extraSubflows, c.subflowsMax)
                                            : format(ngettext("$0 additional", "$0 additional", c.extraSubflows), c.extraSubflows)}
                                    </Content>
                                </Td>
                                <Td dataLabel={cols[6]}>{bytesText(c.bytes)}</Td>
                            </Tr>
                            <Tr isExpanded={open}>
                                <Td colSpan={8}>
                                    <ExpandableRowContent><SubflowTable subflows={c.subflows} /></ExpandableRowContent>
                                </Td>
                            </Tr>
                        </Tbody>
                    );
                })}
            </Table>
        </>
    );
}

function EventTable({ view, snapshot }: { view: TrafficView; snapshot: HostSnapshot }) {
    const { events } = view.state;
    const { items, pagination } = usePage(events);
    const cols = [_("Time"), _("Event"), _("Connection"), _("Interface"), _("Addresses"), _("Details")];
    if (!events.length) {
        return <Content component="small">{_("No path manager event since the view opened.")}</Content>;
    }
    return (
        <>
            {pagination}
            <Table aria-label={_("Path manager events")} variant="compact" className="mptcp-events">
                <Head columns={cols} />
                <Tbody>
                    {items.map(e => {
                        const details = [
                            e.error !== null && e.error !== 0 ? format(_("error $0"), e.error) : "",
                            e.backup ? _("backup") : "",
                            e.remoteId !== null ? format(_("remote id $0"), e.remoteId) : "",
                            e.type === "unknown" ? e.raw : "",
                        ].filter(Boolean).join(", ");
                        const src = e.saddr ? addrText({ address: e.saddr, port: e.sport }) : "";
                        const dst = e.daddr ? addrText({ address: e.daddr, port: e.dport }) : "";
                        return (
                            <Tr key={e.seq} data-event={e.type} data-token={e.token ?? ""}>
                                <Td dataLabel={cols[0]}>{new Date(e.time).toLocaleTimeString()}</Td>
                                <Td dataLabel={cols[1]}>{eventText(e.type)}</Td>
                                <Td dataLabel={cols[2]}>{e.token ?? "—"}</Td>
                                <Td dataLabel={cols[3]}>{eventInterface(e, snapshot.ip.links) ?? "—"}</Td>
                                <Td dataLabel={cols[4]}>{[src, dst].filter(Boolean).join(" → ") || "—"}</Td>
                                <Td dataLabel={cols[5]}>{details || "—"}</Td>
                            </Tr>
                        );
                    })}
                </Tbody>
            </Table>
        </>
    );
}

function CounterTable({ view }: { view: TrafficView }) {
    const [all, setAll] = useState(false);
    const cols = [_("Counter"), _("Meaning"), _("Since start"), _("Per second"), _("Total")];
    const groups = trafficCounters(view.state)
        .map(g => ({ ...g, rows: all ? g.rows : g.rows.filter(r => r.total !== 0 || r.sinceStart !== 0) }));
    if (!view.state.last) return <Content component="small">{_("The kernel's MPTCP counters cannot be read.")}</Content>;
    return (
        <Stack hasGutter>
        <Switch id="mptcp-counters-all" label={_("Show counters that are 0")} isChecked={all} onChange={(_e, on) => setAll(on)} />
        <Table aria-label={_("MPTCP counters")} variant="compact" className="mptcp-counters">
            <Head columns={cols} />
            {groups.filter(g => g.rows.length).map(g => (
                <Tbody key={g.group}>
                    <Tr><Th colSpan={5} className="mptcp-counter-group">{groupText(g.group)}</Th></Tr>
                    {g.rows.map(r => (
                        <Tr key={r.name} data-counter={r.name} data-since={r.sinceStart} className={r.sinceStart ? "mptcp-counter-moved" : ""}>
                            <Td dataLabel={cols[0]}><code>{r.name}</code></Td>
                            <Td dataLabel={cols[1]}>{counterMeaning(r.name)}</Td>
                            <Td dataLabel={cols[2]}>{r.sinceStart}</Td>
                            <Td dataLabel={cols[3]}>{r.perSecond === null ? "—" : decimal(r.perSecond, 1)}</Td>
                            <Td dataLabel={cols[4]}>{r.total}</Td>
                        </Tr>
                    ))}
                </Tbody>
            ))}
        </Table>
        </Stack>
    );
}

interface PanelProps {
    actions: TrafficPort;
    snapshot: HostSnapshot;
    fixes: VerdictFixes;
}

/** Is MPTCP working? The connections and their subflows, the diagnosis, events, counters and a self-test. */
export function TrafficPanel(props: PanelProps) {
    const view = useTraffic(props.actions, props.fixes.admin);
    return view ? <TrafficContent {...props} view={view} /> : null;
}

/** The traffic view of one moment. */
export function TrafficContent({ actions, snapshot, fixes, view }: PanelProps & { view: TrafficView }) {
    const verdicts = useMemo(() => trafficVerdicts(view.state, snapshot.kernel, snapshot.ip.endpoints),
        [view, snapshot.kernel, snapshot.ip.endpoints]);
    const { connections, startedAt } = view.state;
    const mptcp = connections.filter(c => !c.fallback);
    const withExtra = mptcp.filter(c => c.extraSubflows > 0).length;
    return (
        <Stack hasGutter className="mptcp-traffic">
            {view.problem && <Alert isInline variant="danger" component="h2" title={_("MPTCP traffic could not be read")}>{view.problem}</Alert>}
            <Card isPlain aria-label={_("Diagnosis")}>
                <CardHeader actions={{
                    actions: <Button variant="secondary" size="sm" onClick={() => actions.reset()}>{_("Count from now")}</Button>,
                    hasNoOffset: false,
                }}>
                    <CardTitle component="h2">{_("Diagnosis")}</CardTitle>
                </CardHeader>
                <CardBody>
                    <Stack hasGutter>
                        <Content component="p" className="mptcp-traffic-summary">
                            {format(ngettext("$0 MPTCP connection open", "$0 MPTCP connections open", mptcp.length), mptcp.length)}
                            {" · "}{format(ngettext("$0 with additional subflows", "$0 with additional subflows", withExtra), withExtra)}
                            {" · "}{format(ngettext("$0 fell back to TCP", "$0 fell back to TCP", connections.length - mptcp.length), connections.length - mptcp.length)}
                            {" · "}{format(_("counting since $0"), new Date(startedAt).toLocaleTimeString())}
                        </Content>
                        {verdicts.length
                            ? <VerdictList verdicts={verdicts} fixes={fixes} className="mptcp-diagnosis" />
                            : <Content component="small" className="mptcp-diagnosis-none">
                                {_("Nothing in the connections, the path manager's events or the kernel's counters points to a problem since counting started.")}
                            </Content>}
                    </Stack>
                </CardBody>
            </Card>
            <Card isPlain>
                <CardTitle component="h2">{_("Connections")}</CardTitle>
                <CardBody><ConnectionTable connections={connections} /></CardBody>
            </Card>
            <SelfTestCard actions={actions} snapshot={snapshot} />
            <Card isPlain>
                <CardTitle component="h2">{_("Path manager events")}</CardTitle>
                <CardBody>
                    {view.eventsProblem && (
                        <Alert isInline isPlain variant="info" component="h3" title={_("The path manager's events cannot be followed")}>
                            {!fixes.admin && _("The kernel sends them only to administrators: turn on administrative access to follow them.")}{" "}
                            <Content component="small">{view.eventsProblem}</Content>
                        </Alert>
                    )}
                    <EventTable view={view} snapshot={snapshot} />
                </CardBody>
            </Card>
            <Card isPlain>
                <CardTitle component="h2">{_("Counters")}</CardTitle>
                <CardBody><CounterTable view={view} /></CardBody>
            </Card>
        </Stack>
    );
}
