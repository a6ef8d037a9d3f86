// Words for the traffic view: the path manager's events, the kernel's counters, fallback stages.

import type { PmEventType } from "../model/pm-events";
import type { FallbackStage, Role } from "../model/traffic";
import { _ } from "../i18n";

export function eventText(type: PmEventType): string {
    switch (type) {
    case "created": return _("Connection created");
    case "established": return _("Connection established");
    case "closed": return _("Connection closed");
    case "announced": return _("Peer announced an address");
    case "removed": return _("Peer removed an address");
    case "sf-established": return _("Subflow established");
    case "sf-closed": return _("Subflow closed");
    case "sf-priority": return _("Subflow priority changed");
    case "listener-created": return _("Listener created");
    case "listener-closed": return _("Listener closed");
    case "unknown": return _("Other event");
    }
}

/** One line each: what a counter of the kernel's MPTcpExt counts. Counters not listed show their name only. */
const COUNTER_MEANINGS: Record<string, () => string> = {
    MPCapableSYNTX: () => _("MPTCP connection requests sent (SYN with MP_CAPABLE)"),
    MPCapableSYNRX: () => _("MPTCP connection requests received"),
    MPCapableSYNACKRX: () => _("Servers that answered an MPTCP request with MPTCP"),
    MPCapableACKRX: () => _("Clients that completed an MPTCP handshake with this host"),
    MPCapableFallbackSYNACK: () => _("Fell back to TCP: the server answered without MP_CAPABLE"),
    MPCapableFallbackACK: () => _("Fell back to TCP: the client's handshake ACK had no MP_CAPABLE"),
    MPJoinSynTx: () => _("Additional subflows requested (MP_JOIN SYN sent)"),
    MPJoinSynRx: () => _("Additional subflows requested by peers (MP_JOIN SYN received)"),
    MPJoinSynAckRx: () => _("Additional subflow requests answered by the peer (MP_JOIN SYN/ACK received)"),
    MPJoinAckRx: () => _("Additional subflows of peers completed (MP_JOIN ACK received)"),
    MPJoinRejected: () => _("Additional subflows of peers refused by this host's limits"),
    MPJoinSynTxCreatSkErr: () => _("Additional subflows not started: no socket could be made"),
    MPJoinSynTxBindErr: () => _("Additional subflows not started: the local address could not be bound"),
    MPJoinSynAckHMacFailure: () => _("MP_JOIN answers with a wrong HMAC"),
    MPJoinAckHMacFailure: () => _("MP_JOIN completions with a wrong HMAC"),
    Blackhole: () => _("Paths that dropped MPTCP options: MPTCP was turned off for a while"),
    MPJoinNoTokenFound: () => _("MP_JOIN for a connection this host does not know"),
    MPJoinSynTxConnectErr: () => _("Additional subflows that could not be started here"),
    AddAddr: () => _("Addresses announced by peers (ADD_ADDR received)"),
    AddAddrTx: () => _("Addresses announced to peers (ADD_ADDR sent)"),
    AddAddrDrop: () => _("Announced addresses dropped for lack of resources"),
    AddAddrTxDrop: () => _("Announcements that could not be sent"),
    EchoAdd: () => _("Announcements of this host confirmed by peers"),
    RmAddr: () => _("Address removals received (RM_ADDR)"),
    RmAddrTx: () => _("Address removals sent"),
    RmSubflow: () => _("Subflows removed"),
    MPPrioTx: () => _("Backup priority changes sent (MP_PRIO)"),
    MPPrioRx: () => _("Backup priority changes received"),
    MPFailTx: () => _("MP_FAIL sent: data checksum failed, subflow falls back"),
    MPFailRx: () => _("MP_FAIL received from peers"),
    MPFastcloseTx: () => _("Connections reset by this host (MP_FASTCLOSE sent)"),
    MPFastcloseRx: () => _("Connections reset by peers (MP_FASTCLOSE received)"),
    MPRstTx: () => _("Subflows reset by this host (MP_TCPRST sent)"),
    MPRstRx: () => _("Subflows reset by peers (MP_TCPRST received)"),
    DSSCorruptionFallback: () => _("Fell back to TCP after the data mapping was corrupted by a middlebox"),
    DSSCorruptionReset: () => _("Subflows reset after the data mapping was corrupted"),
    MPCurrEstab: () => _("MPTCP connections established now"),
};

export const counterMeaning = (name: string): string => COUNTER_MEANINGS[name]?.() ?? "";

export function groupText(group: "handshake" | "join" | "address" | "failure"): string {
    switch (group) {
    case "handshake": return _("Handshakes");
    case "join": return _("Additional subflows");
    case "address": return _("Address announcements");
    case "failure": return _("Failures and resets");
    }
}

/** When a connection fell back to TCP, as a note under its label. */
export const fallbackStageText = (stage: FallbackStage): string =>
    (stage === "handshake" ? _("in the handshake") : _("after the handshake"));

export const roleText = (role: Role): string => (role === "client" ? _("Client") : _("Server"));

/** An address and port as `ss` writes them: IPv6 in brackets. */
export const addrText = (a: { address: string; port: number | null }) => {
    const host = a.address.includes(":") ? `[${a.address}]` : a.address;
    return a.port === null ? host : `${host}:${a.port}`;
};
