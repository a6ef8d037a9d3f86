import { Checkbox, CodeBlock, CodeBlockCode, Content, Stack, Title } from "@patternfly/react-core";

import type { SetupPlan } from "../../model/setup-plan";
import { _, format } from "../../i18n";
import { Alert } from "../alert";
import { TextDiff } from "../text-diff";
import type { StepProps } from "./facts";
import { AllLowered } from "./rp-filter-step";

/** True when the plan changes nothing: no runtime value, no limits, no file. */
export const changesNothing = (plan: SetupPlan) =>
    plan.sysctls.length === 0 && !plan.limits && plan.files.length === 0;

function RuntimeChanges({ plan }: { plan: SetupPlan }) {
    const reapplied = plan.reapply.map(d => d.name);
    const limits = plan.limits;
    return (
        <>
            <Title headingLevel="h3" size="md">{_("Runtime values")}</Title>
            <ul className="mptcp-runtime-changes">
                {plan.sysctls.map(s => <li key={s.key}>{`${s.key}: ${s.from} → ${s.to}`}</li>)}
                {reapplied.length > 0 && <li data-reapply={reapplied.join(" ")}>
                    {format(
                        _("NetworkManager configures MPTCP endpoints on $0 (a runtime-only reapply; the links stay up)"),
                        reapplied.join(", "))}
                </li>}
                {limits && <li>
                    {`ip mptcp limits: subflows ${limits.from?.subflows ?? "?"} → ${limits.to.subflows}, `
                        + `add_addr_accepted ${limits.from?.addAddrAccepted ?? "?"} → ${limits.to.addAddrAccepted}`}
                </li>}
            </ul>
        </>
    );
}

function unknownWasText(key: string): string {
    return key === "limits"
        ? _("Undo cannot restore the limits: the script no longer says what they were before this page set them, so undo will leave them as they are.")
        : format(
            _("Undo cannot restore $0: its value from before this page is not known (no \"# was:\" line), so undo will leave it as it is."),
            key);
}

/** The guide's last step: each runtime change old → new, each file's diff, what a reboot would undo, the commands. */
export function ReviewStep({ admin, plan, choice, update }: StepProps & { admin: boolean; plan: SetupPlan }) {
    return (
        <Stack hasGutter className="mptcp-guide-review">
            {!admin && <Alert isInline variant="info" component="h3"
                title={_("Administrative access is required to apply these settings. The commands below do the same from a root shell.")} />}
            <Checkbox id="mptcp-guide-persist" label={_("Persist for the next boot (recommended)")}
                isChecked={choice.persist} onChange={(_e, on) => update({ persist: on })} />
            {changesNothing(plan) && <Alert isInline variant="success" component="h3"
                title={_("Nothing to change: the host already has these settings.")} />}
            <AllLowered plan={plan} />
            {(plan.sysctls.length > 0 || plan.limits) && <RuntimeChanges plan={plan} />}
            {plan.files.map(f => (
                <div key={f.path}>
                    <Title headingLevel="h3" size="md">
                        {f.before === null ? format(_("New file $0"), f.path) : format(_("Changes to $0"), f.path)}
                    </Title>
                    <TextDiff before={f.before ?? ""} after={f.after ?? ""} label={f.path} />
                </div>
            ))}
            {plan.unknownWas.map(k => (
                <Alert key={k} isInline isPlain variant="info" className="mptcp-unknown-was"
                    title={unknownWasText(k)} />
            ))}
            {plan.overrides.map(o => (
                <Alert key={o.key} isInline variant="warning" className="mptcp-override"
                    title={format(_("$0 sets $1 = $2 after our file: a reboot would undo this setting"),
                        o.path, o.key, o.value)}>
                    {format(_("Remove or change that line in $0, or the value will not survive a reboot."), o.path)}
                </Alert>
            ))}
            {plan.commands.length > 0 && <>
                <Title headingLevel="h3" size="md">{_("The same from a root shell")}</Title>
                <CodeBlock>
                    <CodeBlockCode className="mptcp-guide-commands">{plan.commands.join("\n")}</CodeBlockCode>
                </CodeBlock>
                {plan.reactivate.length > 0 && <Content component="small">
                    {format(
                        _("nmcli would read the device name $0 as an option, so these commands re-activate its profile instead: its link goes down briefly."),
                        plan.reactivate.join(", "))}
                </Content>}
            </>}
        </Stack>
    );
}
