import {
    Alert, Card, CardBody, CardTitle, DescriptionList, DescriptionListDescription, DescriptionListGroup,
    DescriptionListTerm, Stack,
} from "@patternfly/react-core";

import { hostProblems, severityOf } from "../model/host-status";
import type { HostSnapshot } from "../model/types";
import { _, format } from "../i18n";
import { problemText } from "./texts";

function Item({ term, children }: { term: string; children: React.ReactNode }) {
    return (
        <DescriptionListGroup>
            <DescriptionListTerm>{term}</DescriptionListTerm>
            <DescriptionListDescription>{children}</DescriptionListDescription>
        </DescriptionListGroup>
    );
}

/** The host's MPTCP status, and every problem that will keep MPTCP from working, with the reason. */
export function StatusHeader({ snapshot }: { snapshot: HostSnapshot }) {
    const k = snapshot.kernel;
    const nm = snapshot.nm;
    const problems = hostProblems(snapshot);
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
                    {problems.map((p, i) => {
                        const { title, body } = problemText(p);
                        return <Alert key={`${p.kind}-${i}`} isInline isPlain={severityOf(p) === "info"} variant={severityOf(p)} title={title}>{body}</Alert>;
                    })}
                </Stack>
            </CardBody>
        </Card>
    );
}
