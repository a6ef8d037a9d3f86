import { Content, NumberInput, Stack, Title } from "@patternfly/react-core";

import type { SetupPlan, HostSettings } from "../../model/setup-plan";
import { LIMIT_MAX } from "../../model/readiness";
import { shellCommand } from "../../model/shell-quote";
import type { Limits } from "../../model/types";
import { _, format } from "../../i18n";
import { Alert } from "../alert";
import { Facts, type StepProps } from "./facts";

/** The two limits, as `ip mptcp limits` names them. */
const LIMIT_KEYS = [["subflows", "subflows"], ["addAddrAccepted", "add_addr_accepted"]] as const;

const limitsText = (l: Limits) => `subflows ${l.subflows}, add_addr_accepted ${l.addAddrAccepted}`;

/** The guide's second step: how many subflows a connection may open, and how many announced addresses it uses. */
export function LimitsStep({ settings, recommended, plan, choice, update }: StepProps & {
    settings: HostSettings;
    recommended: Limits;
    plan: SetupPlan;
}) {
    const limits = choice.limits ?? { subflows: 0, addAddrAccepted: 0 };
    const set = (key: keyof Limits, value: number) => update({ limits: { ...limits, [key]: value } });
    const command = shellCommand([
        "ip", "mptcp", "limits", "set",
        "subflows", String(limits.subflows), "add_addr_accepted", String(limits.addAddrAccepted),
    ]);
    return (
        <Stack hasGutter>
            <Title headingLevel="h3">{_("Subflow and accepted address limits")}</Title>
            <Content component="p">
                {_("How many additional subflows a connection may open, and how many addresses announced by the peer it uses. RHEL 9 allows 2 subflows and accepts no announced addresses. These are not sysctls: they are lost at reboot unless persisted.")}
            </Content>
            <Facts current={settings.limits ? limitsText(settings.limits) : _("unknown")}
                recommended={limitsText(recommended)} command={command} />
            {LIMIT_KEYS.map(([key, name]) => (
                <div key={key}>
                    <Content component="p">{name}</Content>
                    <NumberInput id={`mptcp-guide-${key}`} value={limits[key]} min={0} max={LIMIT_MAX}
                        inputAriaLabel={name}
                        onMinus={() => set(key, Math.max(0, limits[key] - 1))}
                        onPlus={() => set(key, Math.min(LIMIT_MAX, limits[key] + 1))}
                        onChange={e => set(key, Number((e.target as HTMLInputElement).value))} />
                </div>
            ))}
            {plan.problems.includes("limit-range") && (
                <Alert isInline variant="danger"
                    title={format(_("Each limit must be a whole number from 0 to $0."), LIMIT_MAX)} />
            )}
        </Stack>
    );
}
