import { Content, List, ListItem, ModalBody, ModalHeader, Stack, ToggleGroup, ToggleGroupItem } from "@patternfly/react-core";
import { useMemo, useState } from "react";

import type { InterfaceRow } from "../model/interfaces";
import { desiredState, desiredYaml, exportYaml, type ExportNote } from "../model/nmstate";
import { _, format } from "../i18n";
import { Modal } from "./modal";
import { CopyableCode } from "./copyable-code";

type Shape = "desired" | "report";

/** What a note on the desired state says. */
export function exportNoteText(note: ExportNote): string {
    switch (note.kind) {
    case "left-out":
        switch (note.why) {
        case "loopback": return format(_("$0 is left out: loopback"), note.name);
        case "unmanaged": return format(_("$0 is left out: not managed by NetworkManager"), note.name);
        case "no-profile": return format(_("$0 is left out: no active profile"), note.name);
        case "external": return format(_("$0 is left out: configured outside NetworkManager"), note.name);
        case "not-active": return format(_("$0 is left out: its profile is not active"), note.name);
        case "system-default": return format(_("$0 is left out: its profile uses the system default, which nmstate cannot write"), note.name);
        }
        break;
    case "enabled-without-flags":
        return format(_("$0: MPTCP is enabled with no address flags; nmstate writes that as an empty list, which it reads as disabled"), note.name);
    case "adds-without-default-route":
        return format(_("$0: nmstate also sets also-without-default-route, which this profile does not have"), note.name);
    case "drops-without-sysctl":
        return format(_("$0: also-without-sysctl has no nmstate form; the target's net.mptcp.enabled decides"), note.name);
    }
}

/** What a desired state leaves out and where nmstate acts differently, one line each; nothing when there is none. */
export function ExportNotes({ notes }: { notes: readonly ExportNote[] }) {
    if (notes.length === 0) return null;
    return (
        <List className="mptcp-export-notes" aria-label={_("What the desired state leaves out or nmstate does differently")}>
            {notes.map(n => <ListItem key={`${n.kind}:${n.name}`} data-note={n.kind}>{exportNoteText(n)}</ListItem>)}
        </List>
    );
}

/**
 * The rows as nmstate YAML, read-only, to copy or download: by default a desired state to apply on other hosts
 * (only MPTCP's flags), or this host's state as nmstate's query prints it (a report, not to be applied).
 */
export function ExportModal({ title, rows, onClose }: { title: string; rows: InterfaceRow[]; onClose: () => void }) {
    const [shape, setShape] = useState<Shape>("desired");
    const desired = useMemo(() => desiredState(rows), [rows]);
    const yaml = useMemo(() => (shape === "desired" ? desiredYaml(desired) : exportYaml(rows)), [shape, desired, rows]);
    const fileName = shape === "desired" ? "mptcp-desired-state.yml" : "mptcp-current-state.yml";
    return (
        <Modal isOpen variant="medium" onClose={onClose} aria-labelledby="mptcp-export-title">
            <ModalHeader title={title} labelId="mptcp-export-title" />
            <ModalBody>
                <Stack hasGutter>
                    <ToggleGroup aria-label={_("YAML shape")}>
                        <ToggleGroupItem text={_("Desired state, for other hosts")} buttonId="mptcp-export-desired"
                            isSelected={shape === "desired"} onChange={() => setShape("desired")} />
                        <ToggleGroupItem text={_("This host's state, a report")} buttonId="mptcp-export-report"
                            isSelected={shape === "report"} onChange={() => setShape("report")} />
                    </ToggleGroup>
                    {shape === "desired"
                        ? (
                            <Content component="p" className="mptcp-export-about">
                                {_("For nmstatectl apply on other hosts: each interface's MPTCP address flags and nothing else (an empty list disables MPTCP). The target needs nmstate 2.2 and NetworkManager 1.40 or later, and net.mptcp.enabled set to 1: nmstate refuses the flags while it is 0.")}
                            </Content>
                        )
                        : (
                            <Content component="p" className="mptcp-export-about">
                                {_("This host as nmstate's query prints it, with each address and its kernel endpoint's flags. A report: do not apply it elsewhere, as nmstate would copy these addresses to that host and switch off a family that has none here.")}
                            </Content>
                        )}
                    {shape === "desired" && <ExportNotes notes={desired.notes} />}
                    <CopyableCode id="mptcp-export-yaml" className="mptcp-export" data-shape={shape} text={yaml} fileName={fileName} />
                </Stack>
            </ModalBody>
        </Modal>
    );
}
