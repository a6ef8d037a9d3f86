import { Label } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";

import type { InterfaceRow } from "../model/interfaces";
import { _ } from "../i18n";
import { AddressList } from "./address-list";
import { deviceStateText, deviceTypeText, profileFlagsText } from "./texts";

/** Every interface: NetworkManager's view (profile, configured flags) beside the kernel's (addresses, endpoints). */
export function InterfaceTable({ rows }: { rows: InterfaceRow[] }) {
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
                    <Th>{columns.name}</Th>
                    <Th>{columns.type}</Th>
                    <Th>{columns.state}</Th>
                    <Th>{columns.profile}</Th>
                    <Th>{columns.flags}</Th>
                    <Th width={40}>{columns.addresses}</Th>
                </Tr>
            </Thead>
            <Tbody>
                {rows.map(row => (
                    <Tr key={row.name} data-interface={row.name} className={row.loopback ? "mptcp-loopback" : ""}>
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
                    </Tr>
                ))}
            </Tbody>
        </Table>
    );
}
