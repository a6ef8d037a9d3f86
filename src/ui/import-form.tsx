import { FileUpload, Form, FormGroup, List, ListItem, Stack } from "@patternfly/react-core";
import { useState } from "react";

import { IMPORT_MAX_BYTES, type ImportError, type ImportResult, type ImportWarning, type Located } from "../model/nmstate-import";
import { _, format, ngettext } from "../i18n";
import { Alert } from "./alert";
import { refusedText } from "./change-texts";

const where = (p: { line: number; col: number }) => format(_("line $0, column $1"), p.line, p.col);

/** What an import error says, without its place. */
export function importErrorText(e: ImportError): string {
    switch (e.kind) {
    case "too-large": return format(ngettext("The text is $0 byte; at most $1 are read.", "The text is $0 bytes; at most $1 are read.", e.bytes), e.bytes, IMPORT_MAX_BYTES);
    case "syntax": return format(_("Not valid YAML: $0"), e.message);
    case "alias": return _("YAML aliases (*name) are not accepted: write the value out.");
    case "too-deep": return _("Nested too deeply.");
    case "no-interfaces": return _("No interfaces: expected nmstate's desired state (interfaces:), a NodeNetworkConfigurationPolicy (spec.desiredState) or an Ansible network_state variable.");
    case "expected":
        switch (e.what) {
        case "map": return format(_("$0 must be a mapping."), e.at);
        case "list": return format(_("$0 must be a list."), e.at);
        case "string": return format(_("$0 must be a string."), e.at);
        case "list of flags": return format(_("$0 must be a list of signal, subflow, backup and fullmesh."), e.at);
        }
        break;
    case "no-name": return _("An interface has no name.");
    case "duplicate": return format(_("$0 is named twice."), e.name);
    case "unknown-interface": return format(_("This host has no interface $0."), e.name);
    case "refused": return format(_("$0 cannot be changed: $1"), e.name, refusedText(e.reason));
    case "unknown-flag": return format(_("$0: $1 is not an MPTCP address flag (signal, subflow, backup, fullmesh)."), e.name, e.flag);
    case "signal-fullmesh": return format(_("$0: signal and fullmesh cannot be set together; the kernel refuses the combination."), e.name);
    case "wrong-type": return format(_("$0 is of type $1 here, not $2."), e.name, e.host, e.given);
    }
}

export function importWarningText(w: ImportWarning): string {
    switch (w.kind) {
    case "address-flags-ignored": return format(_("$0: per-address mptcp-flags of $1 are ignored, as nmstate ignores them in a desired state; the interface's address-flags apply to every address."), w.name, w.address);
    case "no-mptcp": return format(_("$0 has no mptcp.address-flags: nothing changes for it."), w.name);
    }
}

const located = <T,>(items: Located<T>[], text: (t: T) => string) =>
    items.map((item, i) => <ListItem key={i}>{format(_("$0: $1"), where(item), text(item))}</ListItem>);

/** Paste or upload nmstate YAML; what it holds for this page, and what is wrong with it, each at its place. */
export function ImportForm({ text, onText, result }: {
    text: string;
    onText: (text: string) => void;
    result: ImportResult | null;
}) {
    const [filename, setFilename] = useState("");
    const [rejected, setRejected] = useState(false);
    return (
        <Stack hasGutter>
            <Form onSubmit={e => e.preventDefault()}>
                <FormGroup label={_("nmstate YAML")} fieldId="mptcp-import-text">
                    <FileUpload id="mptcp-import-text" className="mptcp-import" type="text" value={text} filename={filename} allowEditingUploadedText
                        filenamePlaceholder={_("Paste below, or upload a file")} browseButtonText={_("Upload")} clearButtonText={_("Clear")}
                        onFileInputChange={(_e, file) => {
                            setFilename(file.name);
                            setRejected(false);
                        }}
                        onDataChange={(_e, data) => onText(data)} onTextChange={(_e, t) => onText(t)}
                        onClearClick={() => {
                            setFilename("");
                            onText("");
                        }}
                        dropzoneProps={{ maxSize: IMPORT_MAX_BYTES, onDropRejected: () => setRejected(true) }}
                        validated={result?.errors.length || rejected ? "error" : "default"}
                        aria-label={_("nmstate YAML")} />
                </FormGroup>
            </Form>
            {rejected && <Alert isInline variant="danger" component="h2" title={format(ngettext("The file is larger than $0 byte and was not read.", "The file is larger than $0 bytes and was not read.", IMPORT_MAX_BYTES), IMPORT_MAX_BYTES)} />}
            {result && result.errors.length > 0 && (
                <Alert isInline component="h2" variant="danger" className="mptcp-import-errors" title={_("Nothing can be applied")}>
                    <List>{located(result.errors, importErrorText)}</List>
                </Alert>
            )}
            {result && result.warnings.length > 0 && (
                <Alert isInline component="h2" variant="warning" className="mptcp-import-warnings" title={_("Read, but not as written")}>
                    <List>{located(result.warnings, importWarningText)}</List>
                </Alert>
            )}
            {result && result.notApplied.length > 0 && (
                <Alert isInline component="h2" variant="info" className="mptcp-import-not-applied" title={_("Not applied by this page: only MPTCP's address flags are")}>
                    <List>{located(result.notApplied, n => n.path)}</List>
                </Alert>
            )}
        </Stack>
    );
}
