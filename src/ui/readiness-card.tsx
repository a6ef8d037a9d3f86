import { Button, Card, CardBody, CardTitle, Flex, FlexItem, Label, List, ListItem } from "@patternfly/react-core";
import { CheckCircleIcon, ExclamationTriangleIcon } from "@patternfly/react-icons";

import type { Check, CheckId } from "../model/readiness";
import { _ } from "../i18n";
import { checkProblem, checkTitle } from "./readiness-texts";

/** One glance: ready, or what blocks MPTCP, each with a way into the guide at that step. */
export function ReadinessCard({ checks, admin, onGuide, onUndo, persisted }: {
    checks: Check[] | null;
    admin: boolean;
    onGuide: (step: CheckId | null) => void;
    onUndo: (() => void) | null;
    persisted: boolean;
}) {
    if (!checks) return null;
    const blocking = checks.filter(c => !c.ok);
    return (
        <Card isPlain aria-label={_("Readiness")} className="mptcp-readiness">
            <CardTitle component="h2">
                <Flex spaceItems={{ default: "spaceItemsSm" }} alignItems={{ default: "alignItemsCenter" }}>
                    <FlexItem>{_("Readiness")}</FlexItem>
                    <FlexItem>
                        {blocking.length === 0
                            ? <Label color="green" icon={<CheckCircleIcon />} data-ready="true">{_("Ready for MPTCP")}</Label>
                            : <Label color="orange" icon={<ExclamationTriangleIcon />} data-ready="false">{_("Not ready")}</Label>}
                    </FlexItem>
                </Flex>
            </CardTitle>
            <CardBody>
                {blocking.length > 0 && (
                    <List isPlain className="mptcp-blockers">
                        {blocking.map(c => (
                            <ListItem key={c.id} data-check={c.id}>
                                <strong>{checkTitle(c.id)}</strong>: {checkProblem(c)}{" "}
                                {c.id !== "kernel" && c.id !== "path-manager" &&
                                    <Button variant="link" isInline onClick={() => onGuide(c.id)}>{admin ? _("Fix") : _("How to fix")}</Button>}
                            </ListItem>
                        ))}
                    </List>
                )}
                <Flex spaceItems={{ default: "spaceItemsSm" }}>
                    <FlexItem><Button variant="secondary" size="sm" onClick={() => onGuide(null)}>{_("Open the MPTCP setup guide")}</Button></FlexItem>
                    {persisted && onUndo && (
                        <FlexItem><Button variant="link" size="sm" onClick={onUndo}>{_("Undo what this page persisted")}</Button></FlexItem>
                    )}
                </Flex>
            </CardBody>
        </Card>
    );
}
