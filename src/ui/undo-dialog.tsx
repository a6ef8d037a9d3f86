import {
    Button, Content, Icon, List, ListItem, ModalBody, ModalFooter, ModalHeader, Spinner, Stack,
} from "@patternfly/react-core";
import { CheckCircleIcon, ExclamationCircleIcon, InfoCircleIcon } from "@patternfly/react-icons";
import { useEffect, useState } from "react";

import { planUndo, type UndoPlan, type UndoResult, type UndoStep } from "../model/setup-plan";
import { errorMessage } from "../model/error-message";
import type { HostSnapshot } from "../model/types";
import { _, format, ngettext } from "../i18n";
import { Alert } from "./alert";
import { Modal } from "./modal";
import type { SetupPort } from "./host-port";

const TITLE_ID = "mptcp-undo-title";

function stepText(step: UndoStep): string {
    switch (step.kind) {
    case "sysctl":
        return `${step.key}: ${step.now ?? "?"} → ${step.to}`;
    case "limits":
        return `ip mptcp limits: subflows ${step.now?.subflows ?? "?"} → ${step.to.subflows}, `
            + `add_addr_accepted ${step.now?.addAddrAccepted ?? "?"} → ${step.to.addAddrAccepted}`;
    case "remove":
        return format(_("Remove $0"), step.path);
    }
}

function resultText(step: UndoStep, result: UndoResult): string {
    switch (result.status) {
    case "done":
        return _("Done");
    case "gone":
        return format(_("$0 no longer exists: nothing to restore"),
            step.kind === "sysctl" && step.iface ? step.iface : "");
    case "failed":
        return format(_("Failed: $0"), result.message);
    }
}

function StepStatus({ result, running }: { result: UndoResult | undefined; running: boolean }) {
    if (running) return <Spinner size="sm" aria-label={_("Running")} />;
    if (!result) return null;
    if (result.status === "failed") return <Icon status="danger"><ExclamationCircleIcon /></Icon>;
    if (result.status === "gone") return <Icon status="info"><InfoCircleIcon /></Icon>;
    return <Icon status="success"><CheckCircleIcon /></Icon>;
}

/** The dialog's stages, each with what it shows. */
type UndoState =
    | { kind: "loading" }
    | { kind: "unreadable"; message: string }
    | { kind: "confirm"; plan: UndoPlan }
    | { kind: "running"; plan: UndoPlan; results: UndoResult[] }
    | { kind: "done"; plan: UndoPlan; results: UndoResult[]; error: string | null };

/** The state with the outcome of step `index`, while the steps run (or have run). */
function withResult(state: UndoState, index: number, result: UndoResult): UndoState {
    if (state.kind !== "running" && state.kind !== "done") return state;
    const results = [...state.results];
    results[index] = result;
    return { ...state, results };
}

/**
 * Undo what the page persisted: says what will change and asks first (it changes live settings), then runs
 * every step, shows each one's progress and outcome, and what failed.
 */
export function UndoDialog({ snapshot, actions, onChanging, onClose }: {
    snapshot: HostSnapshot;
    actions: SetupPort;
    /** called when the host's settings start changing, and again when undo has ended */
    onChanging: () => void;
    onClose: () => void;
}) {
    // read once, when the dialog opens: what it asks to confirm is what it does
    const [interfaces] = useState(() => snapshot.ip.links.filter(l => !l.loopback).map(l => l.name));
    const [state, setState] = useState<UndoState>({ kind: "loading" });
    useEffect(() => {
        let live = true;
        actions.read(interfaces).then(
            r => { if (live) setState({ kind: "confirm", plan: planUndo(r.settings) }) },
            e => { if (live) setState({ kind: "unreadable", message: errorMessage(e) }) },
        );
        return () => {
            live = false;
        };
    }, [actions, interfaces]);

    const run = async (p: UndoPlan) => {
        setState({ kind: "running", plan: p, results: [] });
        onChanging();
        let error: string | null = null;
        try {
            await actions.undo(p, (i, r) => setState(old => withResult(old, i, r)));
        } catch (e) {
            error = errorMessage(e);
        } finally {
            setState(old => ({ kind: "done", plan: p, results: old.kind === "running" ? old.results : [], error }));
            onChanging();
        }
    };

    const stage = state.kind;
    const plan = "plan" in state ? state.plan : null;
    const results = "results" in state ? state.results : [];
    const error = state.kind === "unreadable" ? state.message : state.kind === "done" ? state.error : null;
    const failed = results.filter(r => r.status === "failed").length;
    const running = stage === "running";
    // until the undo starts, the dialog can be cancelled (also while it reads, or when it could not)
    const asking = stage === "loading" || stage === "unreadable" || stage === "confirm";
    return (
        <Modal isOpen variant="medium" onClose={running ? undefined : onClose} aria-labelledby={TITLE_ID}
            className="mptcp-undo">
            <ModalHeader title={_("Undo what this page persisted")} labelId={TITLE_ID} />
            <ModalBody>
                {!plan && !error && <Spinner aria-label={_("Loading")} />}
                {error && <Alert isInline variant="danger" component="h2" title={error} />}
                {plan && (
                    <Stack hasGutter>
                        {stage === "confirm" && (plan.steps.length
                            ? <Content component="p">
                                {_("This changes the host's live settings now, back to the values from before this page changed them, and removes the files that would apply this page's settings at the next boot:")}
                            </Content>
                            : <Content component="p">{_("This page has persisted nothing on this host.")}</Content>)}
                        {plan.steps.length > 0 && (
                            <List isPlain className="mptcp-undo-steps">
                                {plan.steps.map((step, i) => {
                                    const result = results[i];
                                    const now = running && result === undefined && results.length === i;
                                    const icon = stage === "confirm"
                                        ? undefined
                                        : <StepStatus result={result} running={now} />;
                                    const status = result?.status ?? (stage === "confirm" ? "planned" : "pending");
                                    return (
                                        <ListItem key={i} icon={icon} data-status={status}>
                                            {stepText(step)}
                                            {result && result.status !== "done" && (
                                                <Content component="small" className="mptcp-undo-outcome">
                                                    {" — "}{resultText(step, result)}
                                                </Content>
                                            )}
                                        </ListItem>
                                    );
                                })}
                            </List>
                        )}
                        {plan.ignored.length > 0 && (
                            <Alert isInline variant="warning" component="h2" className="mptcp-undo-ignored"
                                title={_("Not restored: these \"# was:\" lines name a setting this page does not manage, or a value that setting does not take")}>
                                <List>
                                    {plan.ignored.map(x => <ListItem key={x.key}>{`${x.key} = ${x.value}`}</ListItem>)}
                                </List>
                            </Alert>
                        )}
                        {plan.unknown.length > 0 && (
                            <Alert isInline isPlain variant="info" component="h2" title={format(
                                _("Left as they are: $0. No \"# was:\" line says what they were before this page set them."),
                                plan.unknown.join(", "))} />
                        )}
                        {plan.limitsUnknown && (
                            <Alert isInline isPlain variant="info" component="h2"
                                title={_("The limits stay as they are: the limits script does not say what they were before this page set them.")} />
                        )}
                        {stage === "done" && !error && (failed === 0
                            ? <Alert isInline variant="success" component="h2" title={_("Undone")}
                                className="mptcp-undo-result">
                                {_("The files are removed, and the values from before this page are restored.")}
                            </Alert>
                            : <Alert isInline variant="danger" component="h2" className="mptcp-undo-result"
                                title={format(ngettext("$0 step failed", "$0 steps failed", failed), failed)}>
                                {_("Every other step was carried out. The failures are listed above.")}
                            </Alert>)}
                    </Stack>
                )}
            </ModalBody>
            <ModalFooter>
                {stage === "confirm" && plan && plan.steps.length > 0 && (
                    <Button variant="danger" onClick={() => void run(plan)}>{_("Undo")}</Button>
                )}
                {asking && <Button variant="link" onClick={onClose}>{_("Cancel")}</Button>}
                {stage === "done" && <Button variant="primary" onClick={onClose}>{_("Close")}</Button>}
            </ModalFooter>
        </Modal>
    );
}
