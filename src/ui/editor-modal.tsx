import { errorMessage } from "../model/error-message";
import {
    Button, Checkbox, ExpandableSection, Form, FormGroup, FormHelperText, HelperText, HelperTextItem, List,
    ListItem, ModalBody, ModalFooter, ModalHeader, Radio, Spinner, Stack, Title,
} from "@patternfly/react-core";
import { CheckCircleIcon } from "@patternfly/react-icons";
import { useDeferredValue, useEffect, useMemo, useReducer, useRef, useState } from "react";

import { ENDPOINT_FLAGS, type EndpointFlag } from "../model/flags";
import {
    applyEdit, profilesToRestore, NO_EDIT, type ApplyFailure, type ApplyStep, type CappedAddress, type ChangeRequest,
    type MptcpEdit, type FlagChangePlan, type FlagChangeItem,
} from "../model/plan";
import { sameSetting, settingFromRaw, settingProblems, type MptcpMode, type MptcpSetting } from "../model/setting";
import type { InterfaceRow } from "../model/interfaces";
import { _, decimal, format, ngettext } from "../i18n";
import { Alert } from "./alert";
import { Modal } from "./modal";
import type { Actions, FlagChangePreview } from "./actions";
import { FLAG_HELP, operationText, profileAfterLossText, refusedText, stepText } from "./change-texts";
import { VerdictList } from "./verdict-list";
import { ImportForm } from "./import-form";
import { parseImport } from "../model/nmstate-import";
import { reasonText } from "./texts";
import { TextDiff } from "./text-diff";

const isFailure = (e: unknown): e is ApplyFailure =>
    typeof e === "object" && e !== null && "kind" in e && "rolledBack" in e;

/** One interface's setting now, and after the edit. */
interface Target {
    name: string;
    own: MptcpSetting;
    next: MptcpSetting;
}

/** What a preview is asked for: these interfaces, this change. */
interface PreviewRequest {
    names: string[];
    change: ChangeRequest;
}

/** A preview shown, and what it was asked for (asked again when the host changed before the apply). */
interface Previewed {
    request: PreviewRequest;
    prepared: FlagChangePreview;
}

/** A step of the apply that has ended, with what the host said of it. */
interface StepDone {
    step: ApplyStep;
    detail?: string;
}

/** The stages the editor can be in, each with what it shows: nothing else can exist. */
type Stage =
    | { kind: "edit" }
    | { kind: "preview" } & Previewed
    | { kind: "applying"; steps: StepDone[] } & Previewed
    | { kind: "done"; steps: StepDone[]; elapsed: number } & Previewed
    | { kind: "failed"; steps: StepDone[]; failure: ApplyFailure } & Previewed;

interface EditorState {
    stage: Stage;
    /** a preview is being prepared (the stage stays as it is until the preview is ready) */
    busy: boolean;
    /** shown above the stage: why this preview was made, or why a preview could not be */
    notice: string | null;
}

type EditorEvent =
    | { type: "preview-asked"; why: string | null }
    | { type: "preview-ready"; previewed: Previewed }
    | { type: "preview-failed"; notice: string }
    | { type: "back" }
    | { type: "apply-started" }
    | { type: "step-done"; step: StepDone }
    | { type: "applied"; elapsed: number }
    | { type: "apply-failed"; failure: ApplyFailure };

const START: EditorState = { stage: { kind: "edit" }, busy: false, notice: null };

/** The editor's transitions; an event that does not fit the stage changes nothing. */
function editorReducer(state: EditorState, event: EditorEvent): EditorState {
    const stage = state.stage;
    switch (event.type) {
    case "preview-asked":
        return { ...state, busy: true, notice: event.why };
    case "preview-ready":
        return { ...state, busy: false, stage: { kind: "preview", ...event.previewed } };
    case "preview-failed":
        return { ...state, busy: false, notice: event.notice };
    case "back":
        return stage.kind === "preview" ? { ...state, notice: null, stage: { kind: "edit" } } : state;
    case "apply-started":
        if (stage.kind !== "preview") return state;
        return { ...state, stage: { kind: "applying", request: stage.request, prepared: stage.prepared, steps: [] } };
    case "step-done":
        if (stage.kind === "edit" || stage.kind === "preview") return state;
        return { ...state, stage: { ...stage, steps: [...stage.steps, event.step] } };
    case "applied":
        if (stage.kind !== "applying") return state;
        return { ...state, stage: { ...stage, kind: "done", elapsed: event.elapsed } };
    case "apply-failed":
        if (stage.kind !== "applying") return state;
        return { ...state, stage: { ...stage, kind: "failed", failure: event.failure } };
    }
}

/**
 * Change the MPTCP setting of one or more interfaces: edit, preview the change, apply it safely. With
 * `importing`, the first step reads nmstate YAML instead (the yaml package loaded), and each interface it
 * names gets its own flags; the preview and the apply are the same.
 */
export function EditorModal({ rows, names, actions, onClose, importing }: {
    rows: InterfaceRow[];
    names: string[];
    actions: Actions;
    onClose: () => void;
    importing?: { nmUsable: boolean };
}) {
    // only what the user touches changes; each interface keeps its own value of the rest
    const [edit, setEdit] = useState<MptcpEdit>(NO_EDIT);
    const [{ stage, busy, notice }, dispatch] = useReducer(editorReducer, START);
    // each stage takes away the buttons that led to it: the focus goes to the new stage's content (where a
    // screen reader reads on), rather than falling back to the dialog's close button
    const content = useRef<HTMLDivElement>(null);
    const shownStage = useRef(stage.kind);
    useEffect(() => {
        if (shownStage.current === stage.kind) return;
        shownStage.current = stage.kind;
        content.current?.focus();
    }, [stage.kind]);

    const targets: Target[] = rows.flatMap(r => {
        if (!names.includes(r.name) || !r.profile) return [];
        const own = settingFromRaw(r.profile.mptcpFlags);
        return [{ name: r.name, own, next: applyEdit(own, edit) }];
    });
    const problems = [...new Set(targets.flatMap(t => settingProblems(t.next)))];
    const [text, setText] = useState("");
    const typed = useDeferredValue(text);
    const imported = useMemo(
        () => (importing && typed.trim() ? parseImport(typed, rows, importing.nmUsable) : null),
        [importing, typed, rows],
    );
    const importable = !!imported && imported.errors.length === 0 && Object.keys(imported.edits).length > 0
        && typed === text;

    const preview = async (request: PreviewRequest, why: string | null = null) => {
        dispatch({ type: "preview-asked", why });
        try {
            const prepared = await actions.prepare(request.names, request.change);
            dispatch({ type: "preview-ready", previewed: { request, prepared } });
        } catch (e) {
            const notice = format(_("The preview could not be prepared: $0"), errorMessage(e));
            dispatch({ type: "preview-failed", notice });
        }
    };

    const apply = async ({ request, prepared }: Previewed) => {
        dispatch({ type: "apply-started" });
        const start = performance.now();
        const progress = (step: ApplyStep, detail?: string) =>
            dispatch({ type: "step-done", step: detail === undefined ? { step } : { step, detail } });
        try {
            await actions.apply(prepared, progress);
            dispatch({ type: "applied", elapsed: (performance.now() - start) / 1000 });
        } catch (e) {
            if (isFailure(e) && e.kind === "conflict") {
                // someone changed the profile or device meanwhile: nothing was changed; show what is there now
                await preview(request, format(
                    _("$0 changed outside this page since the preview. Nothing was changed. Review the new preview and apply again."),
                    e.message));
                return;
            }
            const failure: ApplyFailure = isFailure(e)
                ? e
                : { kind: "failed", message: errorMessage(e), rolledBack: false, rollbackFailed: false };
            dispatch({ type: "apply-failed", failure });
        }
    };

    /** A fresh preview of the flags from before the failed change, to apply like any change. */
    const putBack = (items: FlagChangeItem[]) => {
        const restore = Object.fromEntries(items.map(i => [i.name, i.oldRaw]));
        void preview({ names: items.map(i => i.name), change: { restore } },
            _("This puts back the flags the profiles had before the change."));
    };

    const title = importing ? _("Import nmstate YAML")
        : names.length === 1 ? format(_("MPTCP of $0"), names[0])
        : format(ngettext("MPTCP of $0 interface", "MPTCP of $0 interfaces", names.length), names.length);
    const plan = stage.kind === "edit" ? null : stage.prepared.plan;
    const canApply = !!plan && plan.items.length > 0 && plan.problems.length === 0;
    const previewImport = () => imported
        && void preview({ names: Object.keys(imported.edits), change: { edits: imported.edits } });

    return (
        <Modal isOpen variant="medium" onClose={stage.kind === "applying" ? undefined : onClose}
            aria-labelledby="mptcp-editor-title">
            <ModalHeader title={title} labelId="mptcp-editor-title" />
            <ModalBody>
                <div ref={content} tabIndex={-1} className="mptcp-stage">
                <Stack hasGutter>
                    {notice && <Alert isInline variant="warning" component="h2" title={notice} />}
                    {stage.kind === "edit" && (importing
                        ? <ImportForm text={text} onText={setText} result={imported} />
                        : <SettingForm targets={targets} setEdit={setEdit} problems={problems} />)}
                    {stage.kind === "preview" && <PlanView plan={stage.prepared.plan} />}
                    {stage.kind !== "edit" && stage.kind !== "preview" && <>
                        <List isPlain className="mptcp-operations">
                            {stage.prepared.plan.operations.filter(op => op.kind === "update").map((op, i) => (
                                <ListItem key={i}>{operationText(op)}</ListItem>
                            ))}
                        </List>
                        <Progress steps={stage.steps} running={stage.kind === "applying"} />
                    </>}
                    {stage.kind === "done" && (
                        <Alert isInline variant="success" component="h2"
                            title={format(_("Applied and verified in $0 s"), decimal(stage.elapsed, 1))}>
                            {_("The kernel's endpoints match the prediction.")}
                        </Alert>
                    )}
                    {stage.kind === "failed" && (
                        <FailureView failure={stage.failure} busy={busy}
                            onPutBack={plan?.items.length ? () => putBack(stage.prepared.plan.items) : null} />
                    )}
                </Stack>
                </div>
            </ModalBody>
            <ModalFooter>
                {stage.kind === "edit" && <>
                    {importing
                        ? <Button variant="primary" isLoading={busy} isDisabled={busy || !importable}
                            onClick={previewImport}>
                            {_("Preview changes")}
                        </Button>
                        : <Button variant="primary" onClick={() => void preview({ names, change: { edit } })}
                            isLoading={busy} isDisabled={busy || problems.length > 0}>{_("Preview changes")}</Button>}
                    <Button variant="link" onClick={onClose}>{_("Cancel")}</Button>
                </>}
                {stage.kind === "preview" && <>
                    <Button variant="primary" onClick={() => void apply(stage)} isDisabled={!canApply || busy}>
                        {_("Apply")}
                    </Button>
                    <Button variant="secondary" onClick={() => dispatch({ type: "back" })}>{_("Back")}</Button>
                    <Button variant="link" onClick={onClose}>{_("Cancel")}</Button>
                </>}
                {stage.kind === "applying" && <Button variant="primary" isLoading isDisabled>{_("Applying")}</Button>}
                {(stage.kind === "done" || stage.kind === "failed") && (
                    <Button variant="primary" onClick={onClose}>{_("Close")}</Button>
                )}
            </ModalFooter>
        </Modal>
    );
}

/** What a failed apply left behind, in true words: rolled back, partly, not at all, or by NetworkManager later. */
function FailureView({ failure, onPutBack, busy }: {
    failure: ApplyFailure;
    onPutBack: (() => void) | null;
    busy: boolean;
}) {
    const lost = failure.lost;
    const putBack = (label: string) => onPutBack && (
        <Button variant="secondary" onClick={onPutBack} isLoading={busy} isDisabled={busy}>{label}</Button>
    );
    if (lost) {
        const restore = profilesToRestore(lost);
        return (
            <Alert isInline variant="danger" component="h2" className="mptcp-failure" data-failure="nm-lost"
                title={lost.running
                    ? _("NetworkManager restarted during the change")
                    : _("NetworkManager stopped during the change")}>
                <p>{failure.message}</p>
                <p>
                    {_("Its checkpoint went with it: nothing was rolled back, and nothing will be rolled back by itself.")}
                </p>
                <List isPlain className="mptcp-profiles-after">
                    {lost.profiles.map(p => (
                        <ListItem key={p.name} data-interface={p.name}>{profileAfterLossText(p)}</ListItem>
                    ))}
                </List>
                {restore.length > 0
                    ? <p>{lost.running
                        ? putBack(_("Put the old flags back"))
                        : <>
                            {_("Once NetworkManager runs again, the old flags can be put back.")}
                            {" "}
                            {putBack(_("Put the old flags back"))}
                        </>}</p>
                    : <p>{_("The profiles have their old flags.")}</p>}
            </Alert>
        );
    }
    if (failure.rolledBack) {
        return (
            <Alert isInline variant="danger" component="h2" className="mptcp-failure" data-failure="rolled-back"
                title={_("The change failed and was rolled back")}>
                <p>{failure.message}</p>
                <p>{_("The previous state is back.")}</p>
            </Alert>
        );
    }
    if (failure.notRestored?.length) {
        return (
            <Alert isInline variant="danger" component="h2" className="mptcp-failure" data-failure="partly-rolled-back"
                title={_("The change failed, and the rollback did not restore everything")}>
                <p>{failure.message}</p>
                <p>{format(
                    _("NetworkManager reported that it could not restore $0. A rollback uses the checkpoint up: nothing more will be restored by itself."),
                    failure.notRestored.join(", "))}</p>
                <p>{putBack(_("Put the old flags back"))}</p>
            </Alert>
        );
    }
    if (failure.rollbackFailed) {
        const at = failure.autoRollbackAt;
        return (
            <Alert isInline variant="danger" component="h2" className="mptcp-failure" data-failure="rollback-failed"
                title={_("The change failed, and so did the rollback")}>
                <p>{failure.message}</p>
                {at !== undefined
                    ? <p>{format(
                        _("NetworkManager still holds the checkpoint: it restores the previous state by itself at $0."),
                        new Date(at).toLocaleTimeString())}</p>
                    : <>
                        <p>{_("NetworkManager holds no checkpoint any more: the new flags may still be in force.")}</p>
                        <p>{putBack(_("Put the old flags back"))}</p>
                    </>}
            </Alert>
        );
    }
    return (
        <Alert isInline variant="danger" component="h2" className="mptcp-failure" data-failure="failed"
            title={_("The change failed")}>
            <p>{failure.message}</p>
            <p>{_("Nothing was changed.")}</p>
        </Alert>
    );
}

/** One value over every interface edited: the same for all, or null when they differ. */
function common<T>(values: T[]): T | null {
    return values.length > 0 && values.every(v => v === values[0]) ? values[0] : null;
}

/** A checkbox over several interfaces: on for all, off for all, or null (mixed). */
const tri = (values: boolean[]): boolean | null => (values.length === 0 ? false : common(values));

function SettingForm({ targets, setEdit, problems }: {
    targets: Target[];
    setEdit: (change: (e: MptcpEdit) => MptcpEdit) => void;
    problems: string[];
}) {
    const mode = common(targets.map(t => t.next.mode));
    // the flags apply to the interfaces that will have MPTCP enabled
    const enabledTargets = targets.filter(t => t.next.mode === "enabled");
    const enabled = enabledTargets.map(t => t.next);
    const several = targets.length > 1;
    const setMode = (m: MptcpMode) => setEdit(e => ({ ...e, mode: m }));
    const setFlag = (f: EndpointFlag, on: boolean) => setEdit(e => ({ ...e, flags: { ...e.flags, [f]: on } }));
    const differ = several && targets.some(t => !sameSetting(t.own, targets[0].own));
    const clash = targets.filter(t => settingProblems(t.next).includes("signal-fullmesh")).map(t => t.name);
    return (
        <Form onSubmit={e => e.preventDefault()}>
            {differ && (
                <Alert isInline isPlain variant="info" component="h2" className="mptcp-mixed"
                    title={_("The selected interfaces differ")}>
                    <p>{_("Only what you change here is changed; everything else stays as each interface has it.")}</p>
                    <List isPlain>
                        {targets.map(t => (
                            <ListItem key={t.name}><strong>{t.name}</strong>: {settingText(t.own)}</ListItem>
                        ))}
                    </List>
                </Alert>
            )}
            <FormGroup role="radiogroup" fieldId="mptcp-mode" label={_("MPTCP")} isStack>
                <Radio id="mptcp-mode-default" name="mptcp-mode" isChecked={mode === "default"}
                    onChange={() => setMode("default")} label={_("System default")}
                    description={_("The profile does not set MPTCP (flags 0): NetworkManager's default applies, normally \"subflow\".")} />
                <Radio id="mptcp-mode-disabled" name="mptcp-mode" isChecked={mode === "disabled"}
                    onChange={() => setMode("disabled")} label={_("Disabled")}
                    description={_("NetworkManager configures no MPTCP endpoints for this interface.")} />
                <Radio id="mptcp-mode-enabled" name="mptcp-mode" isChecked={mode === "enabled"}
                    onChange={() => setMode("enabled")} label={_("Enabled, with these flags on every address")} />
                {mode === null && (
                    <FormHelperText>
                        <HelperText><HelperTextItem>
                            {_("Mixed: each interface keeps its own unless you choose one here.")}
                        </HelperTextItem></HelperText>
                    </FormHelperText>
                )}
            </FormGroup>
            <FormGroup fieldId="mptcp-flags" label={_("Address flags")} isStack>
                {ENDPOINT_FLAGS.map(f => (
                    <Checkbox key={f} id={`mptcp-flag-${f}`} label={f} description={FLAG_HELP[f]()}
                        isDisabled={enabled.length === 0} isChecked={tri(enabled.map(s => s.flags.includes(f)))}
                        onChange={(_e, on) => setFlag(f, on)} />
                ))}
                {several && enabled.length > 0 && enabled.length < targets.length && (
                    <FormHelperText>
                        <HelperText><HelperTextItem>
                            {format(_("The flags apply where MPTCP is enabled: $0"),
                                enabledTargets.map(t => t.name).join(", "))}
                        </HelperTextItem></HelperText>
                    </FormHelperText>
                )}
                {problems.includes("signal-fullmesh") && (
                    <FormHelperText>
                        <HelperText><HelperTextItem variant="error">
                            {_("fullmesh cannot be combined with signal: the kernel refuses such endpoints.")}
                            {several ? " " + format(_("($0)"), clash.join(", ")) : ""}
                        </HelperTextItem></HelperText>
                    </FormHelperText>
                )}
            </FormGroup>
            <ExpandableSection toggleText={_("Advanced")}>
                <Checkbox id="mptcp-also-without-sysctl" label={_("Also without sysctl")}
                    isDisabled={enabled.length === 0}
                    description={_("Configure endpoints even when net.mptcp.enabled is 0.")}
                    isChecked={tri(enabled.map(s => s.alsoWithoutSysctl))}
                    onChange={(_e, on) => setEdit(e => ({ ...e, alsoWithoutSysctl: on }))} />
                <Checkbox id="mptcp-also-without-default-route" label={_("Also without default route")}
                    isDisabled={enabled.length === 0}
                    description={_("Configure endpoints even when the device has no default route of the address's family.")}
                    isChecked={tri(enabled.map(s => s.alsoWithoutDefaultRoute))}
                    onChange={(_e, on) => setEdit(e => ({ ...e, alsoWithoutDefaultRoute: on }))} />
            </ExpandableSection>
        </Form>
    );
}

function settingText(s: MptcpSetting): string {
    if (s.mode === "default") return _("system default");
    if (s.mode === "disabled") return _("disabled");
    const parts: string[] = s.flags.length ? [...s.flags] : [_("enabled, no address flags")];
    if (s.alsoWithoutSysctl) parts.push(_("also without sysctl"));
    if (s.alsoWithoutDefaultRoute) parts.push(_("also without default route"));
    return parts.join(", ");
}

function cappedText(c: CappedAddress): string | null {
    if (c.had && c.allot === "no") return _("loses its endpoint: over the kernel's limit of 8");
    if (c.had && c.allot === "maybe") return _("may lose its endpoint to an equal address: over the kernel's limit of 8");
    if (!c.had && c.allot === "yes") return _("gets an endpoint");
    if (!c.had && c.allot === "maybe") return _("may get an endpoint");
    return null;
}

function PlanView({ plan }: { plan: FlagChangePlan }) {
    const capped = plan.capped.flatMap(c => {
        const text = cappedText(c);
        return text ? [{ ...c, text }] : [];
    });
    return (
        <Stack hasGutter className="mptcp-plan">
            {plan.refused.map(r => (
                <Alert key={r.name} isInline isPlain variant="info" component="h2"
                    title={format(_("$0 cannot be changed: $1"), r.name, refusedText(r.reason))} />
            ))}
            {plan.unchanged.length > 0 && (
                <Alert isInline isPlain variant="info" component="h2"
                    title={format(_("Already set as asked: $0"), plan.unchanged.join(", "))} />
            )}
            {plan.items.length === 0
                ? <Alert isInline variant="info" component="h2" title={_("Nothing to change")} />
                : <>
                    <Title headingLevel="h2" size="md">{_("Changes as nmstate YAML")}</Title>
                    <TextDiff before={plan.beforeYaml} after={plan.afterYaml} label={_("Changes as nmstate YAML")} />
                    <Title headingLevel="h2" size="md">{_("Kernel endpoints after the change")}</Title>
                    <List isPlain className="mptcp-predicted">
                        {plan.items.flatMap(item => item.predicted.map(p => (
                            <ListItem key={`${item.name} ${p.address}`} data-address={p.address}
                                data-flags={p.flags?.join(",") ?? ""} data-maybe={p.maybe ? "true" : undefined}
                                data-reason={p.reason ?? undefined}>
                                <strong>{item.name}</strong> <span className="mptcp-address">{p.address}</span>{" "}
                                {p.flags
                                    ? <>
                                        {p.flags.length ? p.flags.join(", ") : _("endpoint without flags")}
                                        {p.maybe && <span className="mptcp-reason">
                                            {" "}
                                            {_("— or none: it competes with equal addresses for the kernel's last endpoints")}
                                        </span>}
                                    </>
                                    : <span className="mptcp-reason">
                                        {format(_("no endpoint: $0"), p.reason ? reasonText(p.reason, p.family) : "")}
                                    </span>}
                            </ListItem>
                        )))}
                    </List>
                    {capped.length > 0 && <>
                        <Title headingLevel="h2" size="md">{_("Other interfaces' endpoints")}</Title>
                        <List isPlain className="mptcp-capped">
                            {capped.map(c => (
                                <ListItem key={`${c.name} ${c.address}`} data-address={c.address} data-allot={c.allot}>
                                    <strong>{c.name}</strong> <span className="mptcp-address">{c.address}</span>{" "}
                                    <span className="mptcp-reason">{c.text}</span>
                                </ListItem>
                            ))}
                        </List>
                    </>}
                    <VerdictList verdicts={plan.warnings} className="mptcp-plan-warnings" />
                    <Title headingLevel="h2" size="md">{_("What will be done")}</Title>
                    <List component="ol" className="mptcp-operations">
                        {plan.operations.map((op, i) => <ListItem key={i}>{operationText(op)}</ListItem>)}
                    </List>
                </>}
        </Stack>
    );
}

function Progress({ steps, running }: { steps: StepDone[]; running: boolean }) {
    return (
        <List isPlain className="mptcp-progress" aria-label={_("Progress")}>
            {steps.map((s, i) => (
                <ListItem key={i}
                    icon={running && i === steps.length - 1 ? <Spinner size="sm" /> : <CheckCircleIcon />}>
                    {stepText(s.step)}{s.detail ? ` — ${s.detail}` : ""}
                </ListItem>
            ))}
        </List>
    );
}
