import {
    ClipboardCopyButton, CodeBlock, CodeBlockAction, CodeBlockCode, Modal, ModalBody, ModalHeader,
} from "@patternfly/react-core";
import { useState } from "react";

import { _ } from "../i18n";

/** The state as nmstate YAML, read-only, with a copy button: paste it into nmstatectl elsewhere. */
export function ExportModal({ title, yaml, onClose }: { title: string; yaml: string; onClose: () => void }) {
    const [copied, setCopied] = useState(false);
    const copy = () => {
        void navigator.clipboard?.writeText(yaml).then(() => setCopied(true));
    };
    const actions = (
        <CodeBlockAction>
            <ClipboardCopyButton id="mptcp-export-copy" textId="mptcp-export-yaml" aria-label={_("Copy to clipboard")}
                onClick={copy} exitDelay={copied ? 1500 : 600} variant="plain" onTooltipHidden={() => setCopied(false)}>
                {copied ? _("Copied") : _("Copy to clipboard")}
            </ClipboardCopyButton>
        </CodeBlockAction>
    );
    return (
        <Modal isOpen variant="medium" onClose={onClose} aria-labelledby="mptcp-export-title">
            <ModalHeader title={title} labelId="mptcp-export-title" description={_("In the shape of nmstate's query output, for nmstatectl on another host.")} />
            <ModalBody>
                <CodeBlock actions={actions}>
                    <CodeBlockCode id="mptcp-export-yaml" className="mptcp-export">{yaml}</CodeBlockCode>
                </CodeBlock>
            </ModalBody>
        </Modal>
    );
}
