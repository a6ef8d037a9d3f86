import { Checkbox, Content, Stack, Title } from "@patternfly/react-core";

import { sysctlCommand, type HostSettings } from "../../model/setup-plan";
import { mptcpEnabledValue } from "../../model/types";
import { _ } from "../../i18n";
import { Facts, type StepProps } from "./facts";

/** The guide's first step: the kernel's global switch, net.mptcp.enabled. */
export function SysctlStep({ settings, choice, update }: StepProps & { settings: HostSettings }) {
    const enabledNow = mptcpEnabledValue(settings.enabled) ?? _("unknown");
    return (
        <Stack hasGutter>
            <Title headingLevel="h3">net.mptcp.enabled</Title>
            <Content component="p">
                {_("The kernel's global switch. RHEL and CentOS 9 ship with it off: no application can open an MPTCP socket, and NetworkManager configures no endpoints.")}
            </Content>
            <Facts current={enabledNow} recommended="1" command={sysctlCommand("net.mptcp.enabled", "1")} />
            <Checkbox id="mptcp-guide-enable" label={_("Enable MPTCP")} isChecked={choice.enableSysctl}
                onChange={(_e, on) => update({ enableSysctl: on })} />
        </Stack>
    );
}
