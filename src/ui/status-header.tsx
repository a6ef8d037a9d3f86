import {
    Card, CardBody, CardTitle, DescriptionList, DescriptionListDescription, DescriptionListGroup,
    DescriptionListTerm, Stack,
} from "@patternfly/react-core";

import type { HostSnapshot } from "../model/types";
import type { Verdict } from "../model/verdicts";
import { _, format } from "../i18n";
import { VerdictList } from "./verdict-list";

function Item({ term, children }: { term: string; children: React.ReactNode }) {
    return (
        <DescriptionListGroup>
            <DescriptionListTerm>{term}</DescriptionListTerm>
            <DescriptionListDescription>{children}</DescriptionListDescription>
        </DescriptionListGroup>
    );
}

/** The host's MPTCP status, and the verdicts about reading it (NetworkManager, `ip`, read errors). */
export function StatusHeader({ snapshot, verdicts }: { snapshot: HostSnapshot; verdicts: readonly Verdict[] }) {
    const k = snapshot.kernel;
    const nm = snapshot.nm;
    const unknown = _("Unknown");
    return (
        <Card isPlain aria-label={_("MPTCP status")}>
            <CardTitle component="h2">{_("MPTCP status")}</CardTitle>
            <CardBody>
                <Stack hasGutter>
                    <DescriptionList isHorizontal isCompact horizontalTermWidthModifier={{ default: "19ch" }}
                        columnModifier={{ default: "1Col", lg: "2Col", xl: "3Col" }}>
                        <Item term={_("Kernel support")}>{k.mptcp ? _("Yes") : _("No")}</Item>
                        <Item term="net.mptcp.enabled">{k.enabled === null ? unknown : k.enabled ? "1" : "0"}</Item>
                        <Item term={_("Path manager")}>
                            {k.pathManager === "kernel" ? _("In-kernel") : k.pathManager === "userspace" ? _("Userspace") : unknown}
                        </Item>
                        <Item term={_("Subflow limit")}>{k.limits ? String(k.limits.subflows) : unknown}</Item>
                        <Item term={_("Accepted address limit")}>{k.limits ? String(k.limits.addAddrAccepted) : unknown}</Item>
                        <Item term={_("NetworkManager")}>
                            {nm.running ? format(_("Version $0"), nm.version) : _("Not running")}
                        </Item>
                    </DescriptionList>
                    <VerdictList verdicts={verdicts} />
                </Stack>
            </CardBody>
        </Card>
    );
}
