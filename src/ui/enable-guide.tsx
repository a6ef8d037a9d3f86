import { errorMessage } from "../model/error-message";
import {
    Button, Checkbox, CodeBlock, CodeBlockCode, Content, DescriptionList, DescriptionListDescription,
    DescriptionListGroup, DescriptionListTerm, ModalBody, ModalFooter, ModalHeader, NumberInput, Radio, Spinner,
    Stack, Title, Wizard, WizardHeader, WizardStep,
} from "@patternfly/react-core";
import { useEffect, useMemo, useState } from "react";

import {
    RP_FILTER_ALL, devicesToNudge, planSetup, rpFilterInterface, sysctlCommand, type SetupChoice, type SetupPlan,
    type HostSettings,
} from "../model/setup-plan";
import { LIMIT_MAX, effectiveRpFilter, endpointInterfaces, recommendedLimits, rpFilterStrict } from "../model/readiness";
import { shellCommand } from "../model/shell-quote";
import { interfaceKeyProblem } from "../model/sysctl-conf";
import { SETUP_STEPS, type SetupStep } from "../model/route";
import { mptcpEnabledValue, type HostSnapshot } from "../model/types";
import { _, format } from "../i18n";
import { Alert } from "./alert";
import { Modal } from "./modal";
import type { EnablementActions } from "./enablement-actions";
import { TextDiff } from "./text-diff";

/** The wizard's steps, in order, as the page's address names them: mptcp-guide-step-STEP. */
const stepId = (step: SetupStep) => `mptcp-guide-step-${step}`;
const TITLE_ID = "mptcp-guide-title";

function Facts({ current, recommended, command }: { current: string; recommended: string; command: string }) {
    return (
        <>
            <DescriptionList isHorizontal isCompact>
                <DescriptionListGroup>
                    <DescriptionListTerm>{_("Now")}</DescriptionListTerm>
                    <DescriptionListDescription className="mptcp-now">{current}</DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                    <DescriptionListTerm>{_("Recommended")}</DescriptionListTerm>
                    <DescriptionListDescription>{recommended}</DescriptionListDescription>
                </DescriptionListGroup>
            </DescriptionList>
            <Content component="small">{_("The same from a shell:")}</Content>
            <CodeBlock><CodeBlockCode className="mptcp-step-commands">{command}</CodeBlockCode></CodeBlock>
        </>
    );
}

/** Why an interface's rp_filter cannot be set by the guide, or null when it can. */
function refusal(name: string): string | null {
    switch (interfaceKeyProblem(name)) {
    case "pattern":
        return _("Cannot be set here: the name contains *, ? or [, which systemd-sysctl and sysctl -p read as a pattern, so a sysctl.d key for it would set other interfaces at boot.");
    case "separator":
        return _("Cannot be set here: the name contains \"=\", which ends a sysctl key.");
    default:
        return null;
    }
}

/** Turning filtering off by lowering "all" changes the whole host: say so, with the interfaces it reaches. */
function AllLowered({ plan }: { plan: SetupPlan }) {
    const a = plan.allLowered;
    if (!a) return null;
    return (
        <Alert isInline variant="warning" component="h3" className="mptcp-rp-all"
            title={format(_("This changes every interface: net.ipv4.conf.all.rp_filter goes from $0 to $1"), a.from, a.to)}>
            <Content component="p">
                {_("The kernel uses the larger of \"all\" and an interface's own value, so a lower value on the chosen interfaces has no effect unless \"all\" is lowered too. Every interface whose own value is lower, and every interface created later with a lower default, is then filtered less.")}
            </Content>
            {a.affected.length > 0 && <Content component="p">
                {format(_("The effective rp_filter of other interfaces changes too: $0."), a.affected.map(x => `${x.name} ${x.from} → ${x.to}`).join(", "))}
            </Content>}
            <Content component="p">{_("Loose (2) changes only the chosen interfaces.")}</Content>
        </Alert>
    );
}

interface GuideProps {
    snapshot: HostSnapshot;
    admin: boolean;
    start: SetupStep | null;
    actions: EnablementActions;
    onClose: () => void;
    /** the wizard moved to another step (the page's address follows) */
    onStep?: (step: SetupStep) => void;
    /** called when the host's settings start changing, and again when they are applied (or failed) */
    onChanging?: () => void;
}

/** Guides the admin through the host settings MPTCP needs, then applies them at runtime and persists them. */
export function EnableGuide(props: GuideProps) {
    const { snapshot, actions, onClose } = props;
    // read afresh when the guide opens (the readiness card's copy may predate a file written since);
    // the readiness card already re-reads on every host change, so the guide does not do it again
    const interfaces = snapshot.ip.links.filter(l => !l.loopback).map(l => l.name).join(" ");
    const [settings, setSettings] = useState<HostSettings | null>(null);
    const [error, setError] = useState<string | null>(null);
    useEffect(() => {
        let live = true;
        actions.read(interfaces.split(" ").filter(Boolean))
            .then(r => { if (live) setSettings(r.settings) }, e => { if (live) setError(errorMessage(e)) });
        return () => { live = false };
    }, [actions, interfaces]);
    if (!settings) {
        return (
            <Modal isOpen variant="small" onClose={onClose} aria-label={_("MPTCP setup guide")}>
                <ModalBody>
                    {error ? <Alert isInline variant="danger" component="h2" title={error} /> : <Spinner aria-label={_("Loading")} />}
                </ModalBody>
            </Modal>
        );
    }
    return <Guide {...props} settings={settings} />;
}

function Guide({ snapshot, settings, admin, start, actions, onClose, onChanging, onStep }: GuideProps & { settings: HostSettings }) {
    const ipv4Links = snapshot.ip.links.filter(l => !l.loopback && l.addresses.some(a => a.family === 4)).map(l => l.name);
    const endpointDevs = new Set(endpointInterfaces(snapshot));
    const [choice, setChoice] = useState<SetupChoice>(() => ({
        enableSysctl: settings.enabled !== true,
        limits: recommendedLimits(snapshot),
        rpFilter: {
            interfaces: ipv4Links.filter(n => endpointDevs.has(n) && rpFilterStrict(settings.rp, n) && refusal(n) === null),
            value: 2,
        },
        persist: true,
    }));
    const [stage, setStage] = useState<"wizard" | "applying" | "done" | "failed">("wizard");
    const [error, setError] = useState("");
    // the endpoints NetworkManager will add once MPTCP is on, by the table's own rules
    const mptcpDevices = useMemo(() => devicesToNudge(snapshot), [snapshot]);
    const plan = useMemo(() => planSetup(settings, choice, mptcpDevices), [settings, choice, mptcpDevices]);
    const update = (c: Partial<SetupChoice>) => setChoice(old => ({ ...old, ...c }));
    const limits = choice.limits ?? { subflows: 0, addAddrAccepted: 0 };
    const rp = choice.rpFilter ?? { interfaces: [], value: 2 as const };
    const nothing = plan.sysctls.length === 0 && !plan.limits && plan.files.length === 0;
    const rpCommands = plan.sysctls.filter(s => s.key === RP_FILTER_ALL || rpFilterInterface(s.key) !== null).map(s => sysctlCommand(s.key, s.to));

    const apply = async () => {
        setStage("applying");
        onChanging?.();
        try {
            await actions.apply(plan);
            setStage("done");
        } catch (e) {
            setError(errorMessage(e));
            setStage("failed");
        } finally {
            onChanging?.();
        }
    };

    if (stage !== "wizard") {
        return (
            <Modal isOpen variant="medium" onClose={stage === "applying" ? undefined : onClose} aria-labelledby="mptcp-guide-done">
                <ModalHeader title={_("MPTCP setup")} labelId="mptcp-guide-done" />
                <ModalBody>
                    {stage === "applying" && <Spinner size="lg" aria-label={_("Applying")} />}
                    {stage === "done" && <Alert isInline variant="success" component="h2" title={_("The settings are applied")}>
                        {choice.persist ? _("They are in force now and persisted for the next boot.") : _("They are in force until the next boot.")}
                    </Alert>}
                    {stage === "failed" && <Alert isInline variant="danger" component="h2" title={_("The settings could not all be applied")}>{error}</Alert>}
                </ModalBody>
                <ModalFooter>
                    {stage !== "applying" && <Button variant="primary" onClick={onClose}>{_("Close")}</Button>}
                </ModalFooter>
            </Modal>
        );
    }

    const enabledNow = mptcpEnabledValue(settings.enabled) ?? _("unknown");
    const limitsNow = settings.limits ? `subflows ${settings.limits.subflows}, add_addr_accepted ${settings.limits.addAddrAccepted}` : _("unknown");
    // PatternFly's wizard in a modal: the wizard's header has the one close button, and names the dialog
    return (
        <Modal isOpen variant="large" onEscapePress={onClose} aria-labelledby={TITLE_ID} className="mptcp-guide">
            <Wizard height={620} onClose={onClose} startIndex={start ? SETUP_STEPS.indexOf(start) + 1 : 1} navAriaLabel={_("Steps of the setup guide")}
                footer={{ nextButtonText: _("Next"), backButtonText: _("Back"), cancelButtonText: _("Cancel") }}
                onStepChange={(_e, step) => {
                    const next = SETUP_STEPS.find(s => stepId(s) === step.id);
                    if (next) onStep?.(next);
                }}
                header={<WizardHeader title={_("MPTCP setup guide")} titleId={TITLE_ID} onClose={onClose} closeButtonAriaLabel={_("Close")} />}
                onSave={() => void apply()}>
                <WizardStep name={_("MPTCP switch")} id={stepId("sysctl")}>
                    <Stack hasGutter>
                        <Title headingLevel="h3">net.mptcp.enabled</Title>
                        <Content component="p">{_("The kernel's global switch. RHEL and CentOS 9 ship with it off: no application can open an MPTCP socket, and NetworkManager configures no endpoints.")}</Content>
                        <Facts current={enabledNow} recommended="1" command={sysctlCommand("net.mptcp.enabled", "1")} />
                        <Checkbox id="mptcp-guide-enable" label={_("Enable MPTCP")} isChecked={choice.enableSysctl}
                            onChange={(_e, on) => update({ enableSysctl: on })} />
                    </Stack>
                </WizardStep>
                <WizardStep name={_("Limits")} id={stepId("limits")}>
                    <Stack hasGutter>
                        <Title headingLevel="h3">{_("Subflow and accepted address limits")}</Title>
                        <Content component="p">{_("How many additional subflows a connection may open, and how many addresses announced by the peer it uses. RHEL 9 allows 2 subflows and accepts no announced addresses. These are not sysctls: they are lost at reboot unless persisted.")}</Content>
                        <Facts current={limitsNow} recommended={`subflows ${recommendedLimits(snapshot).subflows}, add_addr_accepted ${recommendedLimits(snapshot).addAddrAccepted}`}
                            command={shellCommand(["ip", "mptcp", "limits", "set", "subflows", String(limits.subflows), "add_addr_accepted", String(limits.addAddrAccepted)])} />
                        {(["subflows", "addAddrAccepted"] as const).map(key => (
                            <div key={key}>
                                <Content component="p">{key === "subflows" ? "subflows" : "add_addr_accepted"}</Content>
                                <NumberInput id={`mptcp-guide-${key}`} value={limits[key]} min={0} max={LIMIT_MAX}
                                    inputAriaLabel={key === "subflows" ? "subflows" : "add_addr_accepted"}
                                    onMinus={() => update({ limits: { ...limits, [key]: Math.max(0, limits[key] - 1) } })}
                                    onPlus={() => update({ limits: { ...limits, [key]: Math.min(LIMIT_MAX, limits[key] + 1) } })}
                                    onChange={e => update({ limits: { ...limits, [key]: Number((e.target as HTMLInputElement).value) } })} />
                            </div>
                        ))}
                        {plan.problems.includes("limit-range") && <Alert isInline variant="danger" title={format(_("Each limit must be a whole number from 0 to $0."), LIMIT_MAX)} />}
                    </Stack>
                </WizardStep>
                <WizardStep name={_("Reverse path filter")} id={stepId("rp-filter")}>
                    <Stack hasGutter>
                        <Title headingLevel="h3">rp_filter</Title>
                        <Content component="p">{_("Strict reverse path filtering (1) drops packets that arrive on another interface than the one the reply would leave by — exactly what additional subflows do. Loose (2) keeps the protection against spoofed sources; 0 turns it off. The kernel uses the larger of the \"all\" value and the interface's own.")}</Content>
                        <Facts current={ipv4Links.map(n => `${n}: ${effectiveRpFilter(settings.rp, n)}`).join(", ") + ` (all: ${settings.rp.all ?? "?"})`}
                            recommended="2" command={rpCommands.join("\n") || "—"} />
                        {ipv4Links.map(n => {
                            const refused = refusal(n);
                            const why = refused ?? (endpointDevs.has(n) ? _("has MPTCP endpoints, or will have them once MPTCP is on") : "");
                            return (
                                <Checkbox key={n} id={`mptcp-guide-rp-${n}`} label={n} isChecked={rp.interfaces.includes(n)} isDisabled={refused !== null}
                                    description={why} className={refused ? "mptcp-rp-refused" : undefined}
                                    onChange={(_e, on) => update({ rpFilter: { ...rp, interfaces: on ? [...rp.interfaces, n] : rp.interfaces.filter(x => x !== n) } })} />
                            );
                        })}
                        <Radio id="mptcp-guide-rp-2" name="mptcp-guide-rp" label={_("Loose (2), recommended")} isChecked={rp.value === 2} onChange={() => update({ rpFilter: { ...rp, value: 2 } })} />
                        <Radio id="mptcp-guide-rp-0" name="mptcp-guide-rp" label={_("Off (0)")} isChecked={rp.value === 0} onChange={() => update({ rpFilter: { ...rp, value: 0 } })} />
                        <AllLowered plan={plan} />
                    </Stack>
                </WizardStep>
                <WizardStep name={_("Review")} id={stepId("review")}
                    footer={{ nextButtonText: _("Apply"), backButtonText: _("Back"), cancelButtonText: _("Cancel"), isNextDisabled: !admin || nothing || plan.problems.length > 0 }}>
                    <Stack hasGutter className="mptcp-guide-review">
                        {!admin && <Alert isInline variant="info" component="h3" title={_("Administrative access is required to apply these settings. The commands below do the same from a root shell.")} />}
                        <Checkbox id="mptcp-guide-persist" label={_("Persist for the next boot (recommended)")} isChecked={choice.persist}
                            onChange={(_e, on) => update({ persist: on })} />
                        {nothing && <Alert isInline variant="success" component="h3" title={_("Nothing to change: the host already has these settings.")} />}
                        <AllLowered plan={plan} />
                        {(plan.sysctls.length > 0 || plan.limits) && <>
                            <Title headingLevel="h3" size="md">{_("Runtime values")}</Title>
                            <ul className="mptcp-runtime-changes">
                                {plan.sysctls.map(s => <li key={s.key}>{`${s.key}: ${s.from} → ${s.to}`}</li>)}
                                {plan.reapply.length > 0 && <li data-reapply={plan.reapply.map(d => d.name).join(" ")}>{format(_("NetworkManager configures MPTCP endpoints on $0 (a runtime-only reapply; the links stay up)"), plan.reapply.map(d => d.name).join(", "))}</li>}
                                {plan.limits && <li>{`ip mptcp limits: subflows ${plan.limits.from?.subflows ?? "?"} → ${plan.limits.to.subflows}, add_addr_accepted ${plan.limits.from?.addAddrAccepted ?? "?"} → ${plan.limits.to.addAddrAccepted}`}</li>}
                            </ul>
                        </>}
                        {plan.files.map(f => (
                            <div key={f.path}>
                                <Title headingLevel="h3" size="md">{f.before === null ? format(_("New file $0"), f.path) : format(_("Changes to $0"), f.path)}</Title>
                                <TextDiff before={f.before ?? ""} after={f.after ?? ""} label={f.path} />
                            </div>
                        ))}
                        {plan.unknownWas.map(k => (
                            <Alert key={k} isInline isPlain variant="info" className="mptcp-unknown-was"
                                title={k === "limits"
                                    ? _("Undo cannot restore the limits: the script no longer says what they were before this page set them, so undo will leave them as they are.")
                                    : format(_("Undo cannot restore $0: its value from before this page is not known (no \"# was:\" line), so undo will leave it as it is."), k)} />
                        ))}
                        {plan.overrides.map(o => (
                            <Alert key={o.key} isInline variant="warning" className="mptcp-override" title={format(_("$0 sets $1 = $2 after our file: a reboot would undo this setting"), o.path, o.key, o.value)}>
                                {format(_("Remove or change that line in $0, or the value will not survive a reboot."), o.path)}
                            </Alert>
                        ))}
                        {plan.commands.length > 0 && <>
                            <Title headingLevel="h3" size="md">{_("The same from a root shell")}</Title>
                            <CodeBlock><CodeBlockCode className="mptcp-guide-commands">{plan.commands.join("\n")}</CodeBlockCode></CodeBlock>
                            {plan.reactivate.length > 0 && <Content component="small">
                                {format(_("nmcli would read the device name $0 as an option, so these commands re-activate its profile instead: its link goes down briefly."), plan.reactivate.join(", "))}
                            </Content>}
                        </>}
                    </Stack>
                </WizardStep>
            </Wizard>
        </Modal>
    );
}
