import {
    Button, ModalBody, ModalFooter, ModalHeader, Spinner, Wizard, WizardHeader, WizardStep,
} from "@patternfly/react-core";
import { useEffect, useMemo, useState } from "react";

import { devicesToNudge, planSetup, type SetupChoice, type HostSettings } from "../../model/setup-plan";
import { errorMessage } from "../../model/error-message";
import { endpointInterfaces, recommendedLimits, rpFilterStrict } from "../../model/readiness";
import { SETUP_STEPS, type SetupStep } from "../../model/route";
import type { HostSnapshot } from "../../model/types";
import { _ } from "../../i18n";
import { Alert } from "../alert";
import type { SetupPort } from "../host-port";
import { Modal } from "../modal";
import { LimitsStep } from "./limits-step";
import { changesNothing, ReviewStep } from "./review-step";
import { RpFilterStep, rpFilterRefusal } from "./rp-filter-step";
import { SysctlStep } from "./sysctl-step";

/** The wizard's steps, in order, as the page's address names them: mptcp-guide-step-STEP. */
const stepId = (step: SetupStep) => `mptcp-guide-step-${step}`;
const TITLE_ID = "mptcp-guide-title";

interface GuideProps {
    snapshot: HostSnapshot;
    admin: boolean;
    start: SetupStep | null;
    actions: SetupPort;
    onClose: () => void;
    /** the wizard moved to another step (the page's address follows) */
    onStep?: (step: SetupStep) => void;
    /** called when the host's settings start changing, and again when they are applied (or failed) */
    onChanging?: () => void;
}

/** Guides the admin through the host settings MPTCP needs, then applies them at runtime and persists them. */
export function SetupGuide(props: GuideProps) {
    const { snapshot, actions, onClose } = props;
    // read afresh when the guide opens (the readiness card's copy may predate a file written since);
    // the readiness card already re-reads on every host change, so the guide does not do it again
    const interfaces = snapshot.ip.links.filter(l => !l.loopback).map(l => l.name).join(" ");
    const [settings, setSettings] = useState<HostSettings | null>(null);
    const [error, setError] = useState<string | null>(null);
    useEffect(() => {
        let live = true;
        actions.read(interfaces.split(" ").filter(Boolean)).then(
            r => { if (live) setSettings(r.settings) },
            e => { if (live) setError(errorMessage(e)) },
        );
        return () => {
            live = false;
        };
    }, [actions, interfaces]);
    if (!settings) {
        return (
            <Modal isOpen variant="small" onClose={onClose} aria-label={_("MPTCP setup guide")}>
                <ModalBody>
                    {error
                        ? <Alert isInline variant="danger" component="h2" title={error} />
                        : <Spinner aria-label={_("Loading")} />}
                </ModalBody>
            </Modal>
        );
    }
    return <Guide {...props} settings={settings} />;
}

/** What became of the guide's apply: running, applied, or failed with the host's message. */
type Outcome = { kind: "applying" } | { kind: "done" } | { kind: "failed"; message: string };

/** The guide's end, in the guide's own dialog: applying, then what came of it. */
function OutcomeView({ outcome, persisted, onClose }: { outcome: Outcome; persisted: boolean; onClose: () => void }) {
    return (
        <>
            <ModalHeader title={_("MPTCP setup")} labelId="mptcp-guide-done" />
            <ModalBody>
                {outcome.kind === "applying" && <Spinner size="lg" aria-label={_("Applying")} />}
                {outcome.kind === "done" && (
                    <Alert isInline variant="success" component="h2" title={_("The settings are applied")}>
                        {persisted
                            ? _("They are in force now and persisted for the next boot.")
                            : _("They are in force until the next boot.")}
                    </Alert>
                )}
                {outcome.kind === "failed" && (
                    <Alert isInline variant="danger" component="h2" title={_("The settings could not all be applied")}>
                        {outcome.message}
                    </Alert>
                )}
            </ModalBody>
            <ModalFooter>
                {outcome.kind !== "applying" && <Button variant="primary" onClick={onClose}>{_("Close")}</Button>}
            </ModalFooter>
        </>
    );
}

function Guide(props: GuideProps & { settings: HostSettings }) {
    const { snapshot, settings, admin, start, actions, onClose, onChanging, onStep } = props;
    const ipv4Links = snapshot.ip.links
        .filter(l => !l.loopback && l.addresses.some(a => a.family === 4))
        .map(l => l.name);
    const endpointDevs = new Set(endpointInterfaces(snapshot));
    const [choice, setChoice] = useState<SetupChoice>(() => ({
        enableSysctl: settings.enabled !== true,
        limits: recommendedLimits(snapshot),
        rpFilter: {
            interfaces: ipv4Links.filter(n =>
                endpointDevs.has(n) && rpFilterStrict(settings.rp, n) && rpFilterRefusal(n) === null),
            value: 2,
        },
        persist: true,
    }));
    // null while the wizard is shown
    const [outcome, setOutcome] = useState<Outcome | null>(null);
    // the endpoints NetworkManager will add once MPTCP is on, by the table's own rules
    const mptcpDevices = useMemo(() => devicesToNudge(snapshot), [snapshot]);
    const plan = useMemo(() => planSetup(settings, choice, mptcpDevices), [settings, choice, mptcpDevices]);
    const update = (c: Partial<SetupChoice>) => setChoice(old => ({ ...old, ...c }));
    const step = { choice, update };

    const apply = async () => {
        setOutcome({ kind: "applying" });
        onChanging?.();
        try {
            await actions.apply(plan);
            setOutcome({ kind: "done" });
        } catch (e) {
            setOutcome({ kind: "failed", message: errorMessage(e) });
        } finally {
            onChanging?.();
        }
    };

    // the same dialog as the wizard's (React keeps it, and its focus trap, while the step has no button)
    if (outcome) {
        return (
            <Modal isOpen variant="medium" onClose={outcome.kind === "applying" ? undefined : onClose}
                aria-labelledby="mptcp-guide-done">
                <OutcomeView outcome={outcome} persisted={choice.persist} onClose={onClose} />
            </Modal>
        );
    }

    const reviewFooter = {
        nextButtonText: _("Apply"), backButtonText: _("Back"), cancelButtonText: _("Cancel"),
        isNextDisabled: !admin || changesNothing(plan) || plan.problems.length > 0,
    };
    // PatternFly's wizard in a modal: the wizard's header has the one close button, and names the dialog
    return (
        <Modal isOpen variant="large" onEscapePress={onClose} aria-labelledby={TITLE_ID} className="mptcp-guide">
            <Wizard height={620} onClose={onClose} startIndex={start ? SETUP_STEPS.indexOf(start) + 1 : 1}
                navAriaLabel={_("Steps of the setup guide")}
                footer={{ nextButtonText: _("Next"), backButtonText: _("Back"), cancelButtonText: _("Cancel") }}
                onStepChange={(_e, shown) => {
                    const next = SETUP_STEPS.find(s => stepId(s) === shown.id);
                    if (next) onStep?.(next);
                }}
                header={<WizardHeader title={_("MPTCP setup guide")} titleId={TITLE_ID} onClose={onClose}
                    closeButtonAriaLabel={_("Close")} />}
                onSave={() => void apply()}>
                <WizardStep name={_("MPTCP switch")} id={stepId("sysctl")}>
                    <SysctlStep settings={settings} {...step} />
                </WizardStep>
                <WizardStep name={_("Limits")} id={stepId("limits")}>
                    <LimitsStep settings={settings} recommended={recommendedLimits(snapshot)} plan={plan} {...step} />
                </WizardStep>
                <WizardStep name={_("Reverse path filter")} id={stepId("rp-filter")}>
                    <RpFilterStep settings={settings} ipv4Links={ipv4Links} endpointDevs={endpointDevs} plan={plan}
                        {...step} />
                </WizardStep>
                <WizardStep name={_("Review")} id={stepId("review")} footer={reviewFooter}>
                    <ReviewStep admin={admin} plan={plan} {...step} />
                </WizardStep>
            </Wizard>
        </Modal>
    );
}
