import { Content, List, ListItem, ModalBody, ModalHeader, Stack, Tab, TabTitleText, Tabs } from "@patternfly/react-core";
import { useMemo, useState } from "react";

import { automation, type AutomationHost } from "../model/automation";
import type { InterfaceRow } from "../model/interfaces";
import { _, format } from "../i18n";
import { Modal } from "./modal";
import { CopyableCode } from "./copyable-code";
import { ExportNotes } from "./export-modal";

type Kind = "ansible" | "policy" | "shell";

/**
 * The selected interfaces' MPTCP flags and the host settings MPTCP needs, as an Ansible playbook, a
 * kubernetes-nmstate policy or a shell script, as Cockpit's own "Automation script" dialogs offer them.
 */
export function AutomationModal({ title, rows, host, onClose }: {
    title: string;
    rows: InterfaceRow[];
    host: AutomationHost;
    onClose: () => void;
}) {
    const [kind, setKind] = useState<Kind>("ansible");
    const a = useMemo(() => automation(rows, host), [rows, host]);
    const carried = [
        ...a.sysctls.map(([k, v]) => `${k} = ${v}`),
        ...(a.limits ? [format(_("MPTCP limits: subflows $0, add_addr_accepted $1"), a.limits.subflows, a.limits.addAddrAccepted)] : []),
        ...a.desired.interfaces.map(i => format(_("$0: address flags $1"), i.name, i.mptcp["address-flags"].join(", ") || _("none (MPTCP disabled)"))),
    ];
    const about: Record<Kind, string> = {
        ansible: _("Runs the sysctls (in the same sysctl.d file as the setup guide), the limits and their dispatcher script, then the flags through the network system role's network_state: nmstate refuses MPTCP flags while net.mptcp.enabled is 0."),
        policy: _("For kubernetes-nmstate: the interfaces' MPTCP flags. A policy does not carry net.mptcp.enabled, rp_filter or the limits: set those on the nodes another way."),
        shell: _("Sets the sysctls and the limits, writes their files, then sets each interface's active profile's flags with nmcli and reapplies it. Run it as root."),
    };
    const files: Record<Kind, [string, string, string]> = {
        ansible: [a.ansible, "mptcp-playbook.yml", "application/yaml"],
        policy: [a.policy, "mptcp-policy.yml", "application/yaml"],
        shell: [a.shell, "mptcp.sh", "text/x-shellscript"],
    };
    const tab = (k: Kind, label: string) => {
        const [text, fileName, type] = files[k];
        return (
            <Tab eventKey={k} title={<TabTitleText>{label}</TabTitleText>}>
                <Stack hasGutter className="mptcp-automation-tab">
                    <Content component="p">{about[k]}</Content>
                    <CopyableCode id={`mptcp-automation-${k}`} className="mptcp-automation" data-kind={k} text={text} fileName={fileName} type={type} />
                </Stack>
            </Tab>
        );
    };
    return (
        <Modal isOpen variant="medium" onClose={onClose} aria-labelledby="mptcp-automation-title">
            <ModalHeader title={title} labelId="mptcp-automation-title" />
            <ModalBody>
                <Stack hasGutter>
                    <div>
                        <Content component="p">{_("What another host gets, as this host has it:")}</Content>
                        <List className="mptcp-automation-carried">{carried.map(c => <ListItem key={c}>{c}</ListItem>)}</List>
                    </div>
                    <ExportNotes notes={a.desired.notes} />
                    <Tabs activeKey={kind} onSelect={(_e, k) => setKind(k === "policy" || k === "shell" ? k : "ansible")} aria-label={_("Automation")}>
                        {tab("ansible", _("Ansible"))}
                        {tab("policy", _("kubernetes-nmstate"))}
                        {tab("shell", _("Shell script"))}
                    </Tabs>
                </Stack>
            </ModalBody>
        </Modal>
    );
}
