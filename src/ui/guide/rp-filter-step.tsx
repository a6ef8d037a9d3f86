import { Checkbox, Content, Radio, Stack, Title } from "@patternfly/react-core";

import {
    RP_FILTER_ALL, rpFilterInterface, sysctlCommand, type SetupPlan, type HostSettings,
} from "../../model/setup-plan";
import { effectiveRpFilter } from "../../model/readiness";
import { interfaceKeyProblem } from "../../model/sysctl-conf";
import { _, format } from "../../i18n";
import { Alert } from "../alert";
import { Facts, type StepProps } from "./facts";

/** Why an interface's rp_filter cannot be set by the guide, or null when it can. */
export function rpFilterRefusal(name: string): string | null {
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
export function AllLowered({ plan }: { plan: SetupPlan }) {
    const a = plan.allLowered;
    if (!a) return null;
    const title = format(_("This changes every interface: net.ipv4.conf.all.rp_filter goes from $0 to $1"),
        a.from, a.to);
    const affected = a.affected.map(x => `${x.name} ${x.from} → ${x.to}`).join(", ");
    return (
        <Alert isInline variant="warning" component="h3" className="mptcp-rp-all" title={title}>
            <Content component="p">
                {_("The kernel uses the larger of \"all\" and an interface's own value, so a lower value on the chosen interfaces has no effect unless \"all\" is lowered too. Every interface whose own value is lower, and every interface created later with a lower default, is then filtered less.")}
            </Content>
            {a.affected.length > 0 && <Content component="p">
                {format(_("The effective rp_filter of other interfaces changes too: $0."), affected)}
            </Content>}
            <Content component="p">{_("Loose (2) changes only the chosen interfaces.")}</Content>
        </Alert>
    );
}

/** The guide's third step: loose (2) or no (0) reverse path filtering on the interfaces MPTCP uses. */
export function RpFilterStep({ settings, ipv4Links, endpointDevs, plan, choice, update }: StepProps & {
    settings: HostSettings;
    /** the interfaces with IPv4 addresses, the only ones rp_filter concerns */
    ipv4Links: string[];
    /** the interfaces with MPTCP endpoints now, or once MPTCP is on */
    endpointDevs: Set<string>;
    plan: SetupPlan;
}) {
    const rp = choice.rpFilter ?? { interfaces: [], value: 2 as const };
    const now = ipv4Links.map(n => `${n}: ${effectiveRpFilter(settings.rp, n)}`).join(", ")
        + ` (all: ${settings.rp.all ?? "?"})`;
    const commands = plan.sysctls
        .filter(s => s.key === RP_FILTER_ALL || rpFilterInterface(s.key) !== null)
        .map(s => sysctlCommand(s.key, s.to));
    const choose = (name: string, on: boolean) => update({
        rpFilter: { ...rp, interfaces: on ? [...rp.interfaces, name] : rp.interfaces.filter(x => x !== name) },
    });
    return (
        <Stack hasGutter>
            <Title headingLevel="h3">rp_filter</Title>
            <Content component="p">
                {_("Strict reverse path filtering (1) drops packets that arrive on another interface than the one the reply would leave by — exactly what additional subflows do. Loose (2) keeps the protection against spoofed sources; 0 turns it off. The kernel uses the larger of the \"all\" value and the interface's own.")}
            </Content>
            <Facts current={now} recommended="2" command={commands.join("\n") || "—"} />
            {ipv4Links.map(n => {
                const refused = rpFilterRefusal(n);
                const why = refused
                    ?? (endpointDevs.has(n) ? _("has MPTCP endpoints, or will have them once MPTCP is on") : "");
                return (
                    <Checkbox key={n} id={`mptcp-guide-rp-${n}`} label={n} isChecked={rp.interfaces.includes(n)}
                        isDisabled={refused !== null} description={why}
                        className={refused ? "mptcp-rp-refused" : undefined}
                        onChange={(_e, on) => choose(n, on)} />
                );
            })}
            <Radio id="mptcp-guide-rp-2" name="mptcp-guide-rp" label={_("Loose (2), recommended")}
                isChecked={rp.value === 2} onChange={() => update({ rpFilter: { ...rp, value: 2 } })} />
            <Radio id="mptcp-guide-rp-0" name="mptcp-guide-rp" label={_("Off (0)")}
                isChecked={rp.value === 0} onChange={() => update({ rpFilter: { ...rp, value: 0 } })} />
            <AllLowered plan={plan} />
        </Stack>
    );
}
