import {
    Card, CardBody, CardTitle, DescriptionList, DescriptionListDescription, DescriptionListGroup,
    DescriptionListTerm, Stack,
} from "@patternfly/react-core";

import type { HostSnapshot } from "../model/types";
import type { Verdict } from "../model/verdicts";
import { _ } from "../i18n";
import { statusItems } from "./texts";
import { VerdictList } from "./verdict-list";

/** The host's MPTCP status, and the verdicts about reading it (NetworkManager, `ip`, read errors). */
export function StatusHeader({ snapshot, verdicts }: { snapshot: HostSnapshot; verdicts: readonly Verdict[] }) {
    return (
        <Card isPlain aria-label={_("MPTCP status")}>
            <CardTitle component="h2">{_("MPTCP status")}</CardTitle>
            <CardBody>
                <Stack hasGutter>
                    <DescriptionList isHorizontal isCompact horizontalTermWidthModifier={{ default: "19ch" }}
                        columnModifier={{ default: "1Col", lg: "2Col", xl: "3Col" }}>
                        {statusItems(snapshot).map(([term, value]) => (
                            <DescriptionListGroup key={term}>
                                <DescriptionListTerm>{term}</DescriptionListTerm>
                                <DescriptionListDescription>{value}</DescriptionListDescription>
                            </DescriptionListGroup>
                        ))}
                    </DescriptionList>
                    <VerdictList verdicts={verdicts} />
                </Stack>
            </CardBody>
        </Card>
    );
}
