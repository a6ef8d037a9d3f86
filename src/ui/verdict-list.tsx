import { Button, Stack } from "@patternfly/react-core";

import { VERDICTS, severityOf, type GuideStep, type Verdict } from "../model/verdicts";
import { _ } from "../i18n";
import { Alert } from "./alert";
import { verdictText } from "./verdict-texts";

/** Where a verdict's fix is: a step of the setup guide, or the interface editor. */
export interface VerdictFixes {
    admin: boolean;
    onGuide?: (step: GuideStep) => void;
    onEditor?: () => void;
}

/** Verdicts as inline alerts, each with its words from the one table and a way to its fix; their titles are h3,
 *  under the h2 of the card or the preview's section that shows them. */
export function VerdictList({ verdicts, fixes, className }: {
    verdicts: readonly Verdict[];
    fixes?: VerdictFixes;
    className?: string;
}) {
    if (verdicts.length === 0) return null;
    return (
        <Stack hasGutter className={className ?? ""}>
            {verdicts.map((v, i) => {
                const { title, body } = verdictText(v);
                const info = VERDICTS[v.id];
                const severity = severityOf(v);
                const guide = info.guide;
                const fix = guide && fixes?.onGuide
                    ? <Button variant="link" isInline onClick={() => fixes.onGuide?.(guide)}>{fixes.admin ? _("Fix in the setup guide") : _("How to fix")}</Button>
                    : info.editor && fixes?.onEditor
                        ? <Button variant="link" isInline onClick={fixes.onEditor}>{_("Edit the interfaces' MPTCP flags")}</Button>
                        : null;
                return (
                    <Alert key={`${v.id}-${i}`} isInline isPlain={severity === "info"} variant={severity} title={title}
                        component="h3" data-verdict={v.id} actionLinks={fix ?? undefined}>
                        {body}
                    </Alert>
                );
            })}
        </Stack>
    );
}
