// The one table of words for every verdict in src/model/verdicts.ts: a title and what it means, with how
// to fix it. Every place that shows a verdict takes its words from here.

import type { Verdict } from "../model/verdicts";
import { _, format, ngettext } from "../i18n";

export interface VerdictText {
    title: string;
    body: string;
}

const familyText = (family: 4 | 6) => (family === 4 ? "IPv4" : "IPv6");

export function verdictText(v: Verdict): VerdictText {
    switch (v.id) {
    case "no-ip-mptcp":
        return { title: _("The ip command has no MPTCP support"), body: _("Endpoints and limits cannot be read. Install iproute2 5.8 or newer.") };
    case "nm-not-running":
        return {
            title: _("NetworkManager is not available"),
            body: (v.message ? v.message + " " : _("NetworkManager is not running.") + " ") +
                _("The kernel's MPTCP state is still shown; profiles and configured flags are not."),
        };
    case "nm-too-old":
        return { title: format(_("NetworkManager $0 cannot configure MPTCP"), v.version), body: _("MPTCP flags in profiles need NetworkManager 1.40 or newer.") };
    case "read-error":
        return { title: _("Part of the host's state could not be read"), body: v.message };
    case "no-kernel-mptcp":
        return { title: _("This kernel has no MPTCP support"), body: _("/proc/sys/net/mptcp does not exist. MPTCP needs a kernel built with CONFIG_MPTCP (Linux 5.6 or newer); nothing on this page can change that.") };
    case "sysctl-disabled":
        return { title: _("MPTCP is switched off"), body: _("net.mptcp.enabled is 0: applications cannot open MPTCP sockets, and NetworkManager configures no endpoints unless a profile says also-without-sysctl.") };
    case "userspace-pm":
        return { title: _("A userspace path manager is selected"), body: _("The in-kernel path manager is off, so the endpoints are not used unless a userspace daemon such as mptcpd runs and manages subflows.") };
    case "subflow-limit":
        return v.subflows === 0
            ? { title: _("The subflow limit is 0"), body: _("Connections never open additional subflows. Raise the limit (ip mptcp limits set subflows N).") }
            : {
                title: _("Fewer subflows allowed than endpoints ask for"),
                body: format(ngettext("$0 endpoint has the subflow flag, but a connection may open at most $1 additional subflows.",
                    "$0 endpoints have the subflow flag, but a connection may open at most $1 additional subflows.", v.endpoints), v.endpoints, v.subflows),
            };
    case "add-addr-limit":
        return { title: _("Announced addresses are ignored"), body: _("add_addr_accepted is 0: this host opens no subflow to the addresses that peers announce.") };
    case "rp-filter-strict":
        return {
            title: _("Strict reverse path filtering"),
            body: format(_("rp_filter 1 on $0 drops the packets of additional subflows that arrive on another interface than the route back. NetworkManager loosens it to 2 on an interface while a profile with MPTCP is active there."), v.interfaces.join(", ")),
        };
    case "no-default-route":
        return {
            title: format(_("$0 has no $1 default route"), v.name, familyText(v.family)),
            body: format(_("NetworkManager configures no $0 endpoints on $1 unless \"also without default route\" is set."), familyText(v.family), v.name),
        };
    case "endpoint-limit":
        return {
            title: format(ngettext("$0 address wants an MPTCP endpoint, but only $1 fit", "$0 addresses want an MPTCP endpoint, but only $1 fit", v.wanted), v.wanted, v.capacity),
            body: [
                v.capacity === 8
                    ? _("The kernel holds at most 8 MPTCP endpoints.")
                    : format(ngettext("The kernel holds at most 8 MPTCP endpoints, and $0 of them is taken by an endpoint NetworkManager does not manage.", "The kernel holds at most 8 MPTCP endpoints, and $0 of them are taken by endpoints NetworkManager does not manage.", 8 - v.capacity), 8 - v.capacity),
                _("NetworkManager gives them to the first address of each interface and family, then to the second ones, and so on."),
                v.none.length ? format(_("No endpoint for: $0."), v.none.join(", ")) : "",
                v.maybe.length ? format(ngettext("$0 of $1 gets the last endpoint: which, depends on the order in which NetworkManager first saw them, so any of them is accepted.", "$0 of $1 get the last endpoints: which, depends on the order in which NetworkManager first saw them, so any of them is accepted.", v.maybeSlots), v.maybeSlots, v.maybe.join(", ")) : "",
                _("Remove addresses, or disable MPTCP on interfaces that do not need it, to choose which addresses get one."),
            ].filter(Boolean).join(" "),
        };
    case "fallback":
        return {
            title: format(ngettext("$0 connection fell back to TCP", "$0 connections fell back to TCP", v.connections), v.connections),
            body: [
                _("The other end does not speak MPTCP, or a middlebox (firewall, NAT, proxy) strips MPTCP's TCP options, so the connection runs as plain TCP without extra subflows."),
                v.asClient ? format(ngettext("$0 server answered this host without MP_CAPABLE.", "$0 servers answered this host without MP_CAPABLE.", v.asClient), v.asClient) : "",
                v.asServer ? format(ngettext("$0 client dropped MP_CAPABLE after its first packet.", "$0 clients dropped MP_CAPABLE after their first packet.", v.asServer), v.asServer) : "",
                _("Check MPTCP on the other end (sysctl net.mptcp.enabled) and whether the path rewrites TCP options."),
            ].filter(Boolean).join(" "),
        };
    case "joins-unanswered":
        return {
            title: _("Additional subflows are refused or not answered"),
            body: [
                format(ngettext("This host sent $0 MP_JOIN request; answers received: $1.", "This host sent $0 MP_JOIN requests; answers received: $1.", v.sent), v.sent, v.answered),
                v.closed ? format(ngettext("$0 additional subflow closed again while its connection went on.", "$0 additional subflows closed again while their connections went on.", v.closed), v.closed) : "",
                _("The peer's subflow limit refuses them, or a firewall or a reverse path filter on either side drops them: check \"ip mptcp limits\" on the peer, firewall rules for the additional addresses, and rp_filter."),
            ].filter(Boolean).join(" "),
        };
    case "announcements-ignored":
        return v.accepted === 0
            ? { title: _("The peer's announced addresses are ignored"), body: format(ngettext("Peers announced $0 address, but add_addr_accepted is 0, so this host opens no subflow to it. Raise the accepted address limit.", "Peers announced $0 addresses, but add_addr_accepted is 0, so this host opens no subflow to them. Raise the accepted address limit.", v.received), v.received) }
            : { title: _("More addresses announced than accepted"), body: format(ngettext("A connection was announced $0 address, but this host accepts at most $1 per connection. Raise the accepted address limit to use them all.", "A connection was announced $0 addresses, but this host accepts at most $1 per connection. Raise the accepted address limit to use them all.", v.received), v.received, v.accepted) };
    case "joins-limited":
        return {
            title: _("This host's limits hold subflows back"),
            body: [
                v.rejected ? format(ngettext("This host refused $0 MP_JOIN request of a peer.", "This host refused $0 MP_JOIN requests of peers.", v.rejected), v.rejected) : "",
                v.atLimit ? format(ngettext("$0 connection has reached the subflow limit ($1) while more endpoints could be used.", "$0 connections have reached the subflow limit ($1) while more endpoints could be used.", v.atLimit), v.atLimit, v.subflows) : "",
                _("Raise the subflow limit."),
            ].filter(Boolean).join(" "),
        };
    case "subflows-unused":
        return {
            title: _("MPTCP connections get no additional subflows"),
            body: [
                v.endpoints === 0
                    ? _("This host has no MPTCP endpoints, so it neither opens nor announces additional paths.")
                    : _("The connections open and accept no additional subflows."),
                _("A client opens additional subflows from its endpoints with the subflow flag; a server invites them by announcing its endpoints with the signal flag."),
                v.endpoints > 0 && v.missing.includes("subflow") ? _("No endpoint here has the subflow flag: as a client this host opens none.") : "",
                v.endpoints > 0 && v.missing.includes("signal") ? _("No endpoint here has the signal flag: as a server this host announces no address.") : "",
                v.endpoints > 0 && v.missing.length === 0 ? _("The endpoints have both flags: the peer may have no other address, no signal endpoint, or a subflow limit of 0.") : "",
            ].filter(Boolean).join(" "),
        };
    case "no-mptcp-sockets":
        return {
            title: _("No application uses MPTCP"),
            body: [
                v.everSinceBoot
                    ? _("The kernel has counted no MPTCP connection since it started in this network namespace.")
                    : _("No MPTCP connection is open now."),
                v.listeners ? format(ngettext("$0 MPTCP listening socket is open.", "$0 MPTCP listening sockets are open.", v.listeners), v.listeners) : "",
                _("Applications use MPTCP only when they ask for it: start one with \"mptcpize run COMMAND\" (from mptcpd), or turn on its own MPTCP option where it has one. Which applications could, this page cannot know."),
            ].filter(Boolean).join(" "),
        };
    }
}
