import { Button, ClipboardCopyButton, CodeBlock, CodeBlockAction, CodeBlockCode } from "@patternfly/react-core";
import { DownloadIcon } from "@patternfly/react-icons";
import { useState } from "react";

import { _, format } from "../i18n";

/** Saves text as a file through the browser. */
function download(text: string, fileName: string, type: string): void {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = document.createElement("a");
    a.href = url;
    a.download = fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Text to use elsewhere (YAML, a script), read-only, with a copy button and a download as fileName. */
export function CopyableCode({ id, text, fileName, type = "application/yaml", className, ...data }: {
    id: string;
    text: string;
    fileName: string;
    type?: string;
    className?: string;
} & { [attr: `data-${string}`]: string }) {
    const [copied, setCopied] = useState(false);
    const copy = () => {
        void navigator.clipboard?.writeText(text).then(() => setCopied(true));
    };
    const actions = (
        <>
            <CodeBlockAction>
                <ClipboardCopyButton id={`${id}-copy`} textId={id} aria-label={_("Copy to clipboard")}
                    onClick={copy} exitDelay={copied ? 1500 : 600} variant="plain" onTooltipHidden={() => setCopied(false)}>
                    {copied ? _("Copied") : _("Copy to clipboard")}
                </ClipboardCopyButton>
            </CodeBlockAction>
            <CodeBlockAction>
                <Button variant="plain" icon={<DownloadIcon />} aria-label={format(_("Download $0"), fileName)}
                    onClick={() => download(text, fileName, type)} />
            </CodeBlockAction>
        </>
    );
    return (
        <CodeBlock actions={actions}>
            <CodeBlockCode id={id} className={className ?? ""} {...data}>{text}</CodeBlockCode>
        </CodeBlock>
    );
}
