import {
    Button, Card, CardBody, EmptyState, EmptyStateBody, PageSection, Spinner, Stack, Tab, Tabs, TabTitleText,
    ToolbarItem,
} from "@patternfly/react-core";
import { Suspense, lazy, useCallback, useDeferredValue, useEffect, useMemo, useState } from "react";

import { interfaceRows } from "../model/interfaces";
import { nmTakesMptcp } from "../model/eligibility";
import { automationHost } from "../model/automation";
import { loadYaml } from "../model/nmstate";
import { _, format, ngettext } from "../i18n";
import { Alert } from "./alert";
import { editorActions } from "./actions";
import type { HostPort } from "./host-port";
import { InterfaceTable, notEditable } from "./interface-table";
import { StatusHeader } from "./status-header";
import { useSnapshot } from "./use-snapshot";
import { ReadinessCard } from "./readiness-card";
import { useHostSettings } from "./use-host-settings";
import { hostVerdicts, menuWarnings, placed, type GuideStep } from "../model/verdicts";
import { HOME, setupStepOf } from "../model/route";
import { useAdmin, useRoute } from "./shell-port";
import { verdictText } from "./verdict-texts";

// What the first view does not show loads when it is first opened: the table comes sooner.
const EditorModal = lazy(() => import("./editor-modal").then(m => ({ default: m.EditorModal })));
const ExportModal = lazy(() => import("./export-modal").then(m => ({ default: m.ExportModal })));
const AutomationModal = lazy(() => import("./automation-modal").then(m => ({ default: m.AutomationModal })));
const TrafficPanel = lazy(() => import("./traffic-view").then(m => ({ default: m.TrafficPanel })));
const EnableGuide = lazy(() => import("./guide/setup-guide").then(m => ({ default: m.SetupGuide })));
const UndoDialog = lazy(() => import("./undo-dialog").then(m => ({ default: m.UndoDialog })));

/** The page: everything it knows and does comes through `host` (src/index.ts makes it; tests fake it). */
export function App({ host }: { host: HostPort }) {
    const { snapshots: source, flags, setup: enablement, traffic, shell } = host;
    const snapshot = useSnapshot(source);
    // null while the session does not know yet: neither edits nor the read-only notice
    const access = useAdmin(shell);
    const admin = access === true;
    const rows = useMemo(() => (snapshot ? interfaceRows(snapshot) : []), [snapshot]);
    // the editor plans from what the table shows
    const actions = useMemo(() => (flags && snapshot ? editorActions(flags, snapshot, rows) : undefined),
        [flags, snapshot, rows]);
    const [selected, setSelected] = useState<Set<string>>(new Set());
    // the views with an address (the editor of one interface, the Traffic tab, the guide) follow the route;
    // the editor of several selected interfaces has none
    const [route, go] = useRoute(shell);
    const [several, setSeveral] = useState<string[] | null>(null);
    const [openEdit, setOpenEdit] = useState<string | null>(null);
    const [exporting, setExporting] = useState(false);
    const [importing, setImporting] = useState(false);
    const [automating, setAutomating] = useState(false);
    const [undoing, setUndoing] = useState(false);
    const tab = route.view === "traffic" ? "traffic" : "interfaces";
    const setTab = (t: "interfaces" | "traffic") => go(t === "traffic" ? { view: "traffic" } : HOME);
    const openGuide = (step: GuideStep | null) => go({ view: "setup", step: step && setupStepOf(step) });
    const nmUsable = snapshot !== null && nmTakesMptcp(snapshot.nm);
    const editable = (name: string) => rows.some(r => r.name === name && !notEditable(r, admin, nmUsable));
    // The editor of one interface has an address: it opens when the address says so (a link, the back
    // button), once the host and the session's access are known; an interface that is not here, or not
    // editable by this session, leaves the table instead. Once open, it stays until closed or the address
    // changes: an apply in progress is not cut short because the interface changed under it.
    const routeEdit = route.view === "interfaces" ? route.edit : null;
    const known = snapshot !== null && access !== null;
    const opens = routeEdit !== null && routeEdit !== openEdit && known && !!actions && editable(routeEdit);
    if (routeEdit === null && openEdit !== null) setOpenEdit(null);
    else if (opens) setOpenEdit(routeEdit);
    const stale = routeEdit !== null && routeEdit !== openEdit && known && !opens;
    useEffect(() => {
        if (stale) go(HOME, "replace");
    }, [stale, go]);
    const setEditing = (names: string[] | null) => {
        if (names && names.length === 1) go({ view: "interfaces", edit: names[0] ?? null });
        else if (names) setSeveral(names);
        else {
            setSeveral(null);
            if (routeEdit !== null) go(HOME);
        }
    };
    const editing = openEdit !== null ? [openEdit] : several;
    // bumped when the guide or undo starts and ends changing the host: the settings read before are stale
    // (the card says it is checking rather than show a verdict that the fresh snapshot contradicts)
    const [generation, setGeneration] = useState(0);
    const changing = () => setGeneration(g => g + 1);
    // stable, so that the table's memoized rows do not re-render for a new function
    const selectAll = useCallback((names: readonly string[], on: boolean) => setSelected(s => {
        const next = new Set(s);
        for (const name of names) {
            if (on) next.add(name);
            else next.delete(name);
        }
        return next;
    }), []);
    const select = useCallback((name: string, on: boolean) => selectAll([name], on), [selectAll]);
    const editOne = useCallback((name: string) => go({ view: "interfaces", edit: name }), [go]);
    // the verdicts and the settings they need follow the table a moment later: on a host with a thousand
    // interfaces, a change shows in its row first (they rebuild the rows several times over)
    const judged = useDeferredValue(snapshot) ?? snapshot;
    const read = useHostSettings(judged, enablement, generation);
    const settings = read && read.generation === generation ? read : null;
    const verdicts = useMemo(() => (judged
        ? hostVerdicts(judged, settings && { rp: settings.settings.rp, mptcpd: settings.mptcpd })
        : []),
        [judged, settings]);
    // the shell's menu warns where MPTCP is configured but the host is not ready (once its settings are read)
    const warnings = useMemo(() => (judged && settings ? menuWarnings(judged, placed(verdicts, "readiness")) : null),
        [judged, settings, verdicts]);
    useEffect(() => {
        if (!shell || !warnings) return;
        shell.setPageStatus(warnings.length
            ? { type: "warning", title: format(_("MPTCP is configured but not ready: $0"), warnings.map(v => verdictText(v).title).join("; ")) }
            : null);
    }, [shell, warnings]);

    if (!snapshot) {
        return (
            <PageSection component="main">
                <EmptyState titleText={_("Loading MPTCP state")} headingLevel="h2" icon={Spinner} />
            </PageSection>
        );
    }
    const selectedEditable = [...selected].filter(editable);
    const exportRows = selected.size ? rows.filter(r => selected.has(r.name)) : rows;
    const persisted = !!settings && (settings.settings.ourSysctl !== null || settings.settings.ourLimits !== null);
    const tableEditing = { admin, nmUsable, selected, onSelect: select, onSelectAll: selectAll, onEdit: editOne };
    const closeEditor = () => {
        setEditing(null);
        setSelected(new Set());
    };

    return (
        <PageSection component="main">
            <Stack hasGutter>
                <h1 className="mptcp-heading">{_("MultiPath TCP")}</h1>
                {actions && access === false && (
                    <Alert isInline variant="info" component="h2" title={_("Read-only: changes need administrative access")}>
                        {_("Turn on administrative access in the shell to change MPTCP settings.")}
                    </Alert>
                )}
                <StatusHeader snapshot={snapshot} verdicts={placed(verdicts, "header")} />
                {/* with the guide, the card waits for the host's settings rather than flash "ready" before rp_filter
                    is known */}
                <ReadinessCard verdicts={!enablement || settings ? placed(verdicts, "readiness") : null} admin={admin}
                    onGuide={enablement ? openGuide : null}
                    persisted={persisted}
                    onUndo={enablement && admin ? () => setUndoing(true) : null} />
                <Tabs activeKey={tab} onSelect={(_e, key) => setTab(key === "traffic" ? "traffic" : "interfaces")} mountOnEnter unmountOnExit
                    aria-label={_("MPTCP views")} className="mptcp-tabs">
                    <Tab eventKey="interfaces" title={<TabTitleText>{_("Interfaces")}</TabTitleText>}>
                <Card isPlain>
                    <CardBody>
                        {rows.length
                            ? <InterfaceTable rows={rows} onNetworking={shell?.openNetworking}
                                {...(actions ? { editing: tableEditing } : {})}
                                toolbar={actions && (
                                    <>
                                        <ToolbarItem>
                                            <Button variant="primary" isDisabled={selectedEditable.length === 0} onClick={() => setEditing(selectedEditable)}>
                                                {selectedEditable.length ? format(ngettext("Edit $0 selected", "Edit $0 selected", selectedEditable.length), selectedEditable.length) : _("Edit selected")}
                                            </Button>
                                        </ToolbarItem>
                                        <ToolbarItem>
                                            <Button variant="secondary" onClick={() => void loadYaml().then(() => setExporting(true))}>{_("Show as nmstate YAML")}</Button>
                                        </ToolbarItem>
                                        {admin && (
                                            <ToolbarItem>
                                                <Button variant="secondary" onClick={() => void loadYaml().then(() => setImporting(true))}>{_("Import nmstate YAML")}</Button>
                                            </ToolbarItem>
                                        )}
                                        <ToolbarItem>
                                            {/* the host's rp_filter is part of it: once the settings are read */}
                                            <Button variant="link" isDisabled={!!enablement && !settings}
                                                onClick={() => void loadYaml().then(() => setAutomating(true))}>{_("View automation script")}</Button>
                                        </ToolbarItem>
                                    </>
                                )} />
                            : <EmptyState titleText={_("No network interfaces")} headingLevel="h3">
                                <EmptyStateBody>{_("Neither NetworkManager nor the kernel reports any interface.")}</EmptyStateBody>
                            </EmptyState>}
                    </CardBody>
                </Card>
                    </Tab>
                    {traffic && (
                        <Tab eventKey="traffic" title={<TabTitleText>{_("Traffic")}</TabTitleText>}>
                            <Suspense fallback={<Spinner aria-label={_("Loading")} />}>
                            <TrafficPanel actions={traffic} snapshot={snapshot} fixes={{
                                admin,
                                ...(enablement ? { onGuide: openGuide } : {}),
                                onEditor: () => {
                                    setTab("interfaces");
                                    const names = rows.filter(r => !notEditable(r, admin, nmUsable)).map(r => r.name);
                                    if (actions && names.length) setEditing(names);
                                },
                            }} />
                            </Suspense>
                        </Tab>
                    )}
                </Tabs>
            </Stack>
            <Suspense fallback={null}>
            {editing && actions && (
                <EditorModal rows={rows} names={editing} actions={actions} onClose={closeEditor} />
            )}
            {importing && actions && (
                <EditorModal rows={rows} names={[]} actions={actions} importing={{ nmUsable }}
                    onClose={() => setImporting(false)} />
            )}
            {route.view === "setup" && enablement && (
                <EnableGuide snapshot={snapshot} admin={admin} start={route.step} actions={enablement}
                    onChanging={changing}
                    onStep={step => go({ view: "setup", step }, "replace")} onClose={() => go(HOME)} />
            )}
            {undoing && enablement && (
                <UndoDialog snapshot={snapshot} actions={enablement} onChanging={changing}
                    onClose={() => setUndoing(false)} />
            )}
            {automating && (
                <AutomationModal
                    title={selected.size ? format(_("Automation for $0"), [...selected].join(", ")) : _("Automation script")}
                    rows={exportRows} host={automationHost(snapshot.kernel.limits, settings?.settings ?? null)}
                    onClose={() => setAutomating(false)} />
            )}
            {exporting && (
                <ExportModal
                    title={selected.size ? format(_("$0 as nmstate YAML"), [...selected].join(", ")) : _("All interfaces as nmstate YAML")}
                    rows={exportRows} onClose={() => setExporting(false)} />
            )}
            </Suspense>
        </PageSection>
    );
}
