import {
    CodeBlock, CodeBlockCode, Content, DescriptionList, DescriptionListDescription, DescriptionListGroup,
    DescriptionListTerm,
} from "@patternfly/react-core";

import type { SetupChoice } from "../../model/setup-plan";
import { _ } from "../../i18n";

/** What every step of the guide gets: the choice so far, and a way to change part of it. */
export interface StepProps {
    choice: SetupChoice;
    update: (change: Partial<SetupChoice>) => void;
}

/** A setting's value now and the recommended one, and the shell command that sets it. */
export function Facts({ current, recommended, command }: { current: string; recommended: string; command: string }) {
    return (
        <>
            <DescriptionList isHorizontal isCompact>
                <DescriptionListGroup>
                    <DescriptionListTerm>{_("Now")}</DescriptionListTerm>
                    <DescriptionListDescription className="mptcp-now">{current}</DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                    <DescriptionListTerm>{_("Recommended")}</DescriptionListTerm>
                    <DescriptionListDescription>{recommended}</DescriptionListDescription>
                </DescriptionListGroup>
            </DescriptionList>
            <Content component="small">{_("The same from a shell:")}</Content>
            <CodeBlock><CodeBlockCode className="mptcp-step-commands">{command}</CodeBlockCode></CodeBlock>
        </>
    );
}
