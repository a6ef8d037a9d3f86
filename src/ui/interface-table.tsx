import { Button, Checkbox, Label, Tooltip } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useId } from "react";

import type { InterfaceRow } from "../model/interfaces";
import { changeRefusal } from "../model/plan";
import { _, format } from "../i18n";
import { refusedText } from "./change-texts";
import { AddressList } from "./address-list";
import { deviceStateText, deviceTypeText, profileFlagsText } from "./texts";

/** Why a row cannot be edited, or null when it can: the plan's own rule, then administrative access. */
export function notEditable(row: InterfaceRow, admin: boolean): string | null {
    const why = changeRefusal(row, true);
    if (why) return format(_("Cannot be changed: $0"), refusedText(why));
    return admin ? null : _("Administrative access is required");
}

/** PatternFly's class for a selection cell (what Td's `select` sets), whose checkbox needs a name of ours. */
const CHECK_CELL = "pf-v6-c-table__check";

/** Edit one interface; when it cannot be, the button stays focusable and says why, to the eye and the ear. */
function EditButton({ name, why, onEdit }: { name: string; why: string | null; onEdit: (name: string) => void }) {
    const whyId = useId();
    const label = format(_("Edit $0"), name);
    if (!why)
        return <Button variant="secondary" size="sm" onClick={() => onEdit(name)} aria-label={label}>{_("Edit")}</Button>;
    return (
        <>
            <Tooltip content={why}>
                <Button variant="secondary" size="sm" isAriaDisabled aria-label={label} aria-describedby={whyId}>{_("Edit")}</Button>
            </Tooltip>
            <span id={whyId} hidden>{why}</span>
        </>
    );
}

export interface TableEditing {
    admin: boolean;
    selected: Set<string>;
    onSelect: (name: string, selected: boolean) => void;
    onEdit: (name: string) => void;
}

/** Every interface: NetworkManager's view (profile, configured flags) beside the kernel's (addresses, endpoints). */
export function InterfaceTable({ rows, editing }: { rows: InterfaceRow[]; editing?: TableEditing }) {
    const columns = {
        name: _("Interface"),
        type: _("Type"),
        state: _("State"),
        profile: _("Profile"),
        flags: _("Configured MPTCP flags"),
        addresses: _("Addresses and kernel endpoints"),
    };
    return (
        <Table aria-label={_("Interfaces")} variant="compact" className="mptcp-interfaces">
            <Thead>
                {/* headers wrap instead of being cut off ("Configured M…"; German words are long) */}
                <Tr>
                    {editing && <Th screenReaderText={_("Select")} />}
                    <Th modifier="wrap">{columns.name}</Th>
                    <Th modifier="wrap">{columns.type}</Th>
                    <Th modifier="wrap">{columns.state}</Th>
                    <Th modifier="wrap">{columns.profile}</Th>
                    <Th modifier="wrap">{columns.flags}</Th>
                    <Th modifier="wrap" width={40}>{columns.addresses}</Th>
                    {editing && <Th screenReaderText={_("Actions")} />}
                </Tr>
            </Thead>
            <Tbody>
                {rows.map(row => {
                    const why = editing ? notEditable(row, editing.admin) : null;
                    return (
                    <Tr key={row.name} data-interface={row.name} className={row.loopback ? "mptcp-loopback" : ""}>
                        {editing && (
                            // Td's own `select` names every checkbox "Select row N"; this one names its interface
                            <Td className={CHECK_CELL}>
                                <Checkbox id={`mptcp-select-${row.name}`} aria-label={format(_("Select $0"), row.name)}
                                    isChecked={editing.selected.has(row.name)} isDisabled={why !== null}
                                    onChange={(_e, on) => editing.onSelect(row.name, on)} />
                            </Td>
                        )}
                        {/* a name is one token (br-lan, veth-a): never broken at its hyphen */}
                        <Td dataLabel={columns.name} modifier="nowrap">
                            <strong>{row.name}</strong>
                            {row.loopback && <> <Label isCompact>{_("loopback")}</Label></>}
                        </Td>
                        <Td dataLabel={columns.type}>{deviceTypeText(row.device ? row.device.type : null, row.linkType)}</Td>
                        <Td dataLabel={columns.state}>
                            {row.device ? deviceStateText(row.device.state) : "—"}
                            {!row.inKernel && <> <Label isCompact color="orange">{_("not in kernel")}</Label></>}
                        </Td>
                        <Td dataLabel={columns.profile} className="mptcp-profile">{row.profile ? row.profile.id : <span className="mptcp-muted">{_("None")}</span>}</Td>
                        <Td dataLabel={columns.flags} className="mptcp-flags">
                            {row.profileMptcp ? profileFlagsText(row.profileMptcp) : "—"}
                        </Td>
                        <Td dataLabel={columns.addresses} className="mptcp-addresses-cell"><AddressList addresses={row.addresses} /></Td>
                        {editing && (
                            <Td isActionCell><EditButton name={row.name} why={why} onEdit={editing.onEdit} /></Td>
                        )}
                    </Tr>
                    );
                })}
            </Tbody>
        </Table>
    );
}
