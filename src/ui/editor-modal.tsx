import { errorMessage } from "../model/error-message";
import {
    Alert, Button, Checkbox, ExpandableSection, Form, FormGroup, FormHelperText, HelperText, HelperTextItem, List,
    ListItem, Modal, ModalBody, ModalFooter, ModalHeader, Radio, Spinner, Stack, Title,
} from "@patternfly/react-core";
import { CheckCircleIcon } from "@patternfly/react-icons";
import { useState } from "react";

import { ENDPOINT_FLAGS, type EndpointFlag } from "../model/flags";
import type { ApplyFailure, ApplyStep } from "../model/plan";
import { settingFromRaw, settingProblems, type MptcpSetting } from "../model/setting";
import type { InterfaceRow } from "../model/interfaces";
import { _, format } from "../i18n";
import type { Actions, Prepared } from "./actions";
import { FLAG_HELP, operationText, refusedText, stepText } from "./change-texts";
import { VerdictList } from "./verdict-list";
import { reasonText } from "./texts";
import { TextDiff } from "./text-diff";

type Stage = "edit" | "preview" | "applying" | "done" | "failed";

const isFailure = (e: unknown): e is ApplyFailure =>
    typeof e === "object" && e !== null && "kind" in e && "rolledBack" in e;

/** Change the MPTCP setting of one or more interfaces: edit, preview the change, apply it safely. */
export function EditorModal({ rows, names, actions, onClose }: {
    rows: InterfaceRow[];
    names: string[];
    actions: Actions;
    onClose: () => void;
}) {
    const first = rows.find(r => names.includes(r.name) && r.profile);
    const [setting, setSetting] = useState<MptcpSetting>(() => settingFromRaw(first?.profile?.mptcpFlags ?? 0));
    const [stage, setStage] = useState<Stage>("edit");
    const [prepared, setPrepared] = useState<Prepared | null>(null);
    const [busy, setBusy] = useState(false);
    const [notice, setNotice] = useState<string | null>(null);
    const [steps, setSteps] = useState<{ step: ApplyStep; detail?: string }[]>([]);
    const [failure, setFailure] = useState<ApplyFailure | null>(null);
    const [elapsed, setElapsed] = useState(0);

    const problems = settingProblems(setting);
    const update = (change: Partial<MptcpSetting>) => setSetting(s => ({ ...s, ...change }));
    const toggleFlag = (flag: EndpointFlag, on: boolean) =>
        update({ flags: ENDPOINT_FLAGS.filter(f => (f === flag ? on : setting.flags.includes(f))) });

    const preview = async (why: string | null = null) => {
        setBusy(true);
        setNotice(why);
        try {
            setPrepared(await actions.prepare(names, setting));
            setStage("preview");
        } catch (e) {
            setNotice(format(_("The preview could not be prepared: $0"), errorMessage(e)));
        } finally {
            setBusy(false);
        }
    };

    const apply = async () => {
        if (!prepared) return;
        setStage("applying");
        setSteps([]);
        const start = performance.now();
        try {
            await actions.apply(prepared, (step, detail) => setSteps(s => [...s, detail === undefined ? { step } : { step, detail }]));
            setElapsed((performance.now() - start) / 1000);
            setStage("done");
        } catch (e) {
            if (isFailure(e) && e.kind === "conflict") {
                // someone changed the profile or device meanwhile: nothing was changed; show what is there now
                await preview(format(_("$0 changed outside this page since the preview. Nothing was changed. Review the new preview and apply again."), e.message));
                return;
            }
            setFailure(isFailure(e) ? e : { kind: "failed", message: errorMessage(e), rolledBack: false, rollbackFailed: false });
            setStage("failed");
        }
    };

    const title = names.length === 1 ? format(_("MPTCP of $0"), names[0]) : format(_("MPTCP of $0 interfaces"), names.length);
    const plan = prepared?.plan;
    const canApply = !!plan && plan.items.length > 0 && plan.problems.length === 0;

    return (
        <Modal isOpen variant="medium" onClose={stage === "applying" ? undefined : onClose} aria-labelledby="mptcp-editor-title">
            <ModalHeader title={title} labelId="mptcp-editor-title" />
            <ModalBody>
                <Stack hasGutter>
                    {notice && <Alert isInline variant="warning" title={notice} />}
                    {stage === "edit" && <SettingForm setting={setting} update={update} toggleFlag={toggleFlag} problems={problems} />}
                    {stage === "preview" && plan && <PlanView prepared={prepared} />}
                    {stage !== "edit" && stage !== "preview" && plan && (
                        <List isPlain className="mptcp-operations">
                            {plan.operations.filter(op => op.kind === "update").map((op, i) => <ListItem key={i}>{operationText(op)}</ListItem>)}
                        </List>
                    )}
                    {(stage === "applying" || stage === "done" || stage === "failed") && <Progress steps={steps} running={stage === "applying"} />}
                    {stage === "done" && (
                        <Alert isInline variant="success" title={format(_("Applied and verified in $0 s"), elapsed.toFixed(1))}>
                            {_("The kernel's endpoints match the prediction.")}
                        </Alert>
                    )}
                    {stage === "failed" && failure && (
                        <Alert isInline variant="danger" title={failure.rolledBack ? _("The change failed and was rolled back") : _("The change failed")}>
                            <p>{failure.message}</p>
                            <p>{failure.rolledBack
                                ? _("The previous state is back.")
                                : failure.rollbackFailed
                                    ? _("The rollback failed too; NetworkManager restores the checkpoint by itself within 60 seconds.")
                                    : _("Nothing was changed.")}</p>
                        </Alert>
                    )}
                </Stack>
            </ModalBody>
            <ModalFooter>
                {stage === "edit" && <>
                    <Button variant="primary" onClick={() => void preview()} isLoading={busy} isDisabled={busy || problems.length > 0}>{_("Preview changes")}</Button>
                    <Button variant="link" onClick={onClose}>{_("Cancel")}</Button>
                </>}
                {stage === "preview" && <>
                    <Button variant="primary" onClick={() => void apply()} isDisabled={!canApply || busy}>{_("Apply")}</Button>
                    <Button variant="secondary" onClick={() => { setNotice(null); setStage("edit") }}>{_("Back")}</Button>
                    <Button variant="link" onClick={onClose}>{_("Cancel")}</Button>
                </>}
                {stage === "applying" && <Button variant="primary" isLoading isDisabled>{_("Applying")}</Button>}
                {(stage === "done" || stage === "failed") && <Button variant="primary" onClick={onClose}>{_("Close")}</Button>}
            </ModalFooter>
        </Modal>
    );
}

function SettingForm({ setting, update, toggleFlag, problems }: {
    setting: MptcpSetting;
    update: (c: Partial<MptcpSetting>) => void;
    toggleFlag: (f: EndpointFlag, on: boolean) => void;
    problems: string[];
}) {
    const enabled = setting.mode === "enabled";
    return (
        <Form onSubmit={e => e.preventDefault()}>
            <FormGroup role="radiogroup" fieldId="mptcp-mode" label={_("MPTCP")} isStack>
                <Radio id="mptcp-mode-default" name="mptcp-mode" isChecked={setting.mode === "default"} onChange={() => update({ mode: "default" })}
                    label={_("System default")} description={_("The profile does not set MPTCP (flags 0): NetworkManager's default applies, normally \"subflow\".")} />
                <Radio id="mptcp-mode-disabled" name="mptcp-mode" isChecked={setting.mode === "disabled"} onChange={() => update({ mode: "disabled" })}
                    label={_("Disabled")} description={_("NetworkManager configures no MPTCP endpoints for this interface.")} />
                <Radio id="mptcp-mode-enabled" name="mptcp-mode" isChecked={enabled} onChange={() => update({ mode: "enabled" })}
                    label={_("Enabled, with these flags on every address")} />
            </FormGroup>
            <FormGroup fieldId="mptcp-flags" label={_("Address flags")} isStack>
                {ENDPOINT_FLAGS.map(f => (
                    <Checkbox key={f} id={`mptcp-flag-${f}`} label={f} description={FLAG_HELP[f]()} isDisabled={!enabled}
                        isChecked={enabled && setting.flags.includes(f)} onChange={(_e, on) => toggleFlag(f, on)} />
                ))}
                {problems.includes("signal-fullmesh") && (
                    <FormHelperText>
                        <HelperText><HelperTextItem variant="error">{_("fullmesh cannot be combined with signal: the kernel refuses such endpoints.")}</HelperTextItem></HelperText>
                    </FormHelperText>
                )}
            </FormGroup>
            <ExpandableSection toggleText={_("Advanced")}>
                <Checkbox id="mptcp-also-without-sysctl" label={_("Also without sysctl")} isDisabled={!enabled}
                    description={_("Configure endpoints even when net.mptcp.enabled is 0.")}
                    isChecked={enabled && setting.alsoWithoutSysctl} onChange={(_e, on) => update({ alsoWithoutSysctl: on })} />
                <Checkbox id="mptcp-also-without-default-route" label={_("Also without default route")} isDisabled={!enabled}
                    description={_("Configure endpoints even when the device has no default route of the address's family.")}
                    isChecked={enabled && setting.alsoWithoutDefaultRoute} onChange={(_e, on) => update({ alsoWithoutDefaultRoute: on })} />
            </ExpandableSection>
        </Form>
    );
}

function PlanView({ prepared }: { prepared: Prepared | null }) {
    const plan = prepared?.plan;
    if (!plan) return null;
    return (
        <Stack hasGutter className="mptcp-plan">
            {plan.refused.map(r => (
                <Alert key={r.name} isInline isPlain variant="info" title={format(_("$0 cannot be changed: $1"), r.name, refusedText(r.reason))} />
            ))}
            {plan.unchanged.length > 0 && (
                <Alert isInline isPlain variant="info" title={format(_("Already set as asked: $0"), plan.unchanged.join(", "))} />
            )}
            {plan.items.length === 0
                ? <Alert isInline variant="info" title={_("Nothing to change")} />
                : <>
                    <Title headingLevel="h3" size="md">{_("Changes as nmstate YAML")}</Title>
                    <TextDiff before={plan.beforeYaml} after={plan.afterYaml} label={_("Changes as nmstate YAML")} />
                    <Title headingLevel="h3" size="md">{_("Kernel endpoints after the change")}</Title>
                    <List isPlain className="mptcp-predicted">
                        {plan.items.flatMap(item => item.predicted.map(p => (
                            <ListItem key={`${item.name} ${p.address}`} data-address={p.address} data-flags={p.flags?.join(",") ?? ""}>
                                <strong>{item.name}</strong> <span className="mptcp-address">{p.address}</span>{" "}
                                {p.flags
                                    ? (p.flags.length ? p.flags.join(", ") : _("endpoint without flags"))
                                    : <span className="mptcp-reason">{format(_("no endpoint: $0"), p.reason ? reasonText(p.reason, p.family) : "")}</span>}
                            </ListItem>
                        )))}
                    </List>
                    <VerdictList verdicts={plan.warnings} className="mptcp-plan-warnings" />
                    <Title headingLevel="h3" size="md">{_("What will be done")}</Title>
                    <List component="ol" className="mptcp-operations">
                        {plan.operations.map((op, i) => <ListItem key={i}>{operationText(op)}</ListItem>)}
                    </List>
                </>}
        </Stack>
    );
}

function Progress({ steps, running }: { steps: { step: ApplyStep; detail?: string }[]; running: boolean }) {
    return (
        <List isPlain className="mptcp-progress" aria-label={_("Progress")}>
            {steps.map((s, i) => (
                <ListItem key={i} icon={running && i === steps.length - 1 ? <Spinner size="sm" /> : <CheckCircleIcon />}>
                    {stepText(s.step)}{s.detail ? ` — ${s.detail}` : ""}
                </ListItem>
            ))}
        </List>
    );
}
