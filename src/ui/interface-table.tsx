import { Button, Label, Tooltip } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";

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
                <Tr>
                    {editing && <Th screenReaderText={_("Select")} />}
                    <Th>{columns.name}</Th>
                    <Th>{columns.type}</Th>
                    <Th>{columns.state}</Th>
                    <Th>{columns.profile}</Th>
                    <Th>{columns.flags}</Th>
                    <Th width={40}>{columns.addresses}</Th>
                    {editing && <Th screenReaderText={_("Actions")} />}
                </Tr>
            </Thead>
            <Tbody>
                {rows.map((row, rowIndex) => {
                    const why = editing ? notEditable(row, editing.admin) : null;
                    return (
                    <Tr key={row.name} data-interface={row.name} className={row.loopback ? "mptcp-loopback" : ""}>
                        {editing && (
                            <Td select={{
                                rowIndex,
                                onSelect: (_e, on) => editing.onSelect(row.name, on),
                                isSelected: editing.selected.has(row.name),
                                isDisabled: why !== null,
                            }} />
                        )}
                        <Td dataLabel={columns.name}>
                            <strong>{row.name}</strong>
                            {row.loopback && <> <Label isCompact>{_("loopback")}</Label></>}
                        </Td>
                        <Td dataLabel={columns.type}>{deviceTypeText(row.device ? row.device.type : null)}</Td>
                        <Td dataLabel={columns.state}>
                            {row.device ? deviceStateText(row.device.state) : "—"}
                            {!row.inKernel && <> <Label isCompact color="orange">{_("not in kernel")}</Label></>}
                        </Td>
                        <Td dataLabel={columns.profile} className="mptcp-profile">{row.profile ? row.profile.id : <span className="mptcp-muted">{_("None")}</span>}</Td>
                        <Td dataLabel={columns.flags} className="mptcp-flags">
                            {row.profileMptcp ? profileFlagsText(row.profileMptcp) : "—"}
                        </Td>
                        <Td dataLabel={columns.addresses}><AddressList addresses={row.addresses} /></Td>
                        {editing && (
                            <Td isActionCell>
                                {why
                                    ? <Tooltip content={why}><Button variant="secondary" size="sm" isAriaDisabled>{_("Edit")}</Button></Tooltip>
                                    : <Button variant="secondary" size="sm" onClick={() => editing.onEdit(row.name)}
                                        aria-label={`${_("Edit")} ${row.name}`}>{_("Edit")}</Button>}
                            </Td>
                        )}
                    </Tr>
                    );
                })}
            </Tbody>
        </Table>
    );
}
