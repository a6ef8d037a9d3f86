import { Button, Card, CardBody, CardTitle, Flex, FlexItem, Label, Stack } from "@patternfly/react-core";
import { CheckCircleIcon, ExclamationTriangleIcon } from "@patternfly/react-icons";

import type { GuideStep, Verdict } from "../model/verdicts";
import { _ } from "../i18n";
import { VerdictList } from "./verdict-list";

/** One glance: ready, or what blocks MPTCP, each with a way into the guide at its step. */
export function ReadinessCard({ verdicts, admin, onGuide, onUndo, persisted }: {
    /**
     * the readiness verdicts; null while the host's settings are being read (again, after this page changed
     * them): the card then says it is checking, rather than a verdict from settings older than the host's state
     */
    verdicts: readonly Verdict[] | null;
    admin: boolean;
    /** opens the setup guide (at a step); null where the page offers no guide */
    onGuide: ((step: GuideStep | null) => void) | null;
    onUndo: (() => void) | null;
    persisted: boolean;
}) {
    return (
        <Card isPlain aria-label={_("Readiness")} className="mptcp-readiness">
            <CardTitle component="h2">
                <Flex spaceItems={{ default: "spaceItemsSm" }} alignItems={{ default: "alignItemsCenter" }}>
                    <FlexItem>{_("Readiness")}</FlexItem>
                    <FlexItem>
                        {!verdicts
                            ? <Label color="grey" data-ready="checking">{_("Checking…")}</Label>
                            : verdicts.length === 0
                                ? <Label color="green" icon={<CheckCircleIcon />} data-ready="true">{_("Ready for MPTCP")}</Label>
                                : <Label color="orange" icon={<ExclamationTriangleIcon />} data-ready="false">{_("Not ready")}</Label>}
                    </FlexItem>
                </Flex>
            </CardTitle>
            <CardBody>
                <Stack hasGutter>
                    {verdicts && <VerdictList verdicts={verdicts} fixes={onGuide ? { admin, onGuide } : { admin }} className="mptcp-blockers" />}
                    <Flex spaceItems={{ default: "spaceItemsSm" }}>
                        {onGuide && <FlexItem><Button variant="secondary" size="sm" onClick={() => onGuide(null)}>{_("Open the MPTCP setup guide")}</Button></FlexItem>}
                        {verdicts && persisted && onUndo && (
                            <FlexItem><Button variant="link" size="sm" onClick={onUndo}>{_("Undo what this page persisted")}</Button></FlexItem>
                        )}
                    </Flex>
                </Stack>
            </CardBody>
        </Card>
    );
}
