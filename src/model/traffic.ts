// MPTCP at work: the connections with their subflows, the path manager's events and the kernel's counters,
// gathered once a second into one state. A pure reducer: the host layer hands in samples, the page renders
// the state, and the diagnosis (verdicts.ts) reads it.

import { COUNTER_GROUPS, counterRows, rebaseStart, type CounterRow } from "./counters";
import { addressKey } from "./interfaces";
import { addEvents, type PmEvent, type TimedEvent } from "./pm-events";
import type { MptcpSocket, SockAddr, TcpSubflow } from "./ss-parse";
import type { IpLink } from "./types";

/** One reading of the host: what `ss` and /proc/net/netstat said at `at` (ms). */
export interface TrafficSample {
    at: number;
    /** `ss -M`: connections and listeners */
    sockets: MptcpSocket[];
    /** `ss -t`: the TCP subflows of those connections */
    subflows: TcpSubflow[];
    /** MPTcpExt counters; null when the kernel has none or they could not be read */
    counters: Record<string, number> | null;
    /** interfaces, to name the one each subflow leaves by */
    links: IpLink[];
}

export type Role = "client" | "server";
/**
 * When a connection fell back to TCP: in the handshake (no MP_CAPABLE) or later (a middlebox broke MPTCP's
 * options).
 */
export type FallbackStage = "handshake" | "established";

export interface SubflowRow {
    local: SockAddr;
    remote: SockAddr;
    /** the interface it leaves by: the bound device, else the one with the local address */
    iface: string | null;
    state: string;
    backup: boolean;
    /** the first subflow (MP_CAPABLE), or an additional one (MP_JOIN) */
    initial: boolean;
    rttMs: number | null;
    bytesSent: number | null;
    bytesReceived: number | null;
}

export interface ConnectionRow {
    /** the connection's token; the key of its subflows and its events */
    token: string | null;
    key: string;
    state: string;
    local: SockAddr;
    remote: SockAddr;
    role: Role;
    processes: MptcpSocket["processes"];
    fallback: FallbackStage | null;
    /** additional subflows as the kernel counts them, and its limit for this connection */
    extraSubflows: number;
    subflowsMax: number | null;
    addAddrAccepted: number;
    subflows: SubflowRow[];
    bytes: number;
}

export interface TrafficState {
    /** when the counters' baseline was taken: the page opened, or the user reset */
    startedAt: number;
    baseline: Record<string, number> | null;
    previous: { at: number; values: Record<string, number> } | null;
    last: { at: number; values: Record<string, number> } | null;
    connections: ConnectionRow[];
    listeners: number;
    /** tokens of connections seen in the sample before this one: long enough for the path manager to act */
    settled: ReadonlySet<string>;
    events: TimedEvent[];
    nextSeq: number;
}

export const EVENTS_KEPT = 500;

export function emptyTraffic(now: number): TrafficState {
    return {
        startedAt: now, baseline: null, previous: null, last: null, connections: [], listeners: 0, settled: new Set(),
        events: [], nextSeq: 1,
    };
}

const isListener = (s: MptcpSocket) => s.state === "LISTEN" || s.state === "UNCONN";

/** The interface that holds each local address. */
function interfaceByAddress(links: IpLink[]): Map<string, string> {
    const map = new Map<string, string>();
    for (const l of links) for (const a of l.addresses) map.set(addressKey(a.address), l.name);
    return map;
}

const wildcard = (address: string) => address === "*" || address === "0.0.0.0" || address === "::";

/** A connection accepted by a listener of ours (same port, same or wildcard address) is the server's side. */
function roleOf(s: MptcpSocket, listeners: MptcpSocket[]): Role {
    const listens = listeners.some(l => l.local.port === s.local.port &&
        (wildcard(l.local.address) || addressKey(l.local.address) === addressKey(s.local.address)));
    return listens ? "server" : "client";
}

export function fallbackStage(s: MptcpSocket): FallbackStage | null {
    if (!s.fallback) return null;
    // the peer's key arrives in the handshake: without it, MPTCP never got going
    return s.remoteKey ? "established" : "handshake";
}

/** Joins each connection with its subflows (by token), and names the interfaces; busiest first. */
export function buildConnections(
    sockets: MptcpSocket[], subflows: TcpSubflow[], links: IpLink[],
): { connections: ConnectionRow[]; listeners: number } {
    const listeners = sockets.filter(isListener);
    const byToken = new Map<string, TcpSubflow[]>();
    for (const sf of subflows) {
        const list = byToken.get(sf.token);
        if (list) list.push(sf);
        else byToken.set(sf.token, [sf]);
    }
    const ifaces = interfaceByAddress(links);
    const connections = sockets.filter(s => !isListener(s)).map((s, i): ConnectionRow => {
        const rows = (s.token ? byToken.get(s.token) ?? [] : []).map((sf): SubflowRow => ({
            local: sf.local,
            remote: sf.remote,
            iface: sf.local.dev ?? ifaces.get(addressKey(sf.local.address)) ?? null,
            state: sf.state,
            backup: sf.backup,
            initial: /[Mm]/.test(sf.flags) || !/[Jj]/.test(sf.flags),
            rttMs: sf.rttMs,
            bytesSent: sf.bytesSent,
            bytesReceived: sf.bytesReceived,
        }));
        // the initial subflow first, then by interface
        rows.sort((a, b) => Number(b.initial) - Number(a.initial) || (a.iface ?? "").localeCompare(b.iface ?? ""));
        const fromSubflows = rows.reduce((n, r) => n + (r.bytesSent ?? 0) + (r.bytesReceived ?? 0), 0);
        return {
            token: s.token,
            key: s.token ?? `${s.local.address}:${s.local.port}-${s.remote.address}:${s.remote.port}-${i}`,
            state: s.state,
            local: s.local,
            remote: s.remote,
            role: roleOf(s, listeners),
            processes: s.processes,
            fallback: fallbackStage(s),
            extraSubflows: s.subflows,
            subflowsMax: s.subflowsMax,
            addAddrAccepted: s.addAddrAccepted,
            subflows: rows,
            bytes: fromSubflows || (s.bytesSent ?? 0) + (s.bytesReceived ?? 0),
        };
    });
    connections.sort((a, b) =>
        b.bytes - a.bytes || b.subflows.length - a.subflows.length || a.key.localeCompare(b.key));
    return { connections, listeners: listeners.length };
}

/** Counting starts from these counter values, read at `at`. */
export function withBaseline(state: TrafficState, values: Record<string, number>, at: number): TrafficState {
    return { ...state, startedAt: at, baseline: values, last: state.last ?? { at, values } };
}

/** The state after one more sample. */
export function addSample(state: TrafficState, sample: TrafficSample): TrafficState {
    const { connections, listeners } = buildConnections(sample.sockets, sample.subflows, sample.links);
    const values = sample.counters;
    return {
        ...state,
        // counters that went backwards (the namespace was made anew) count from 0
        baseline: state.baseline && values ? rebaseStart(state.baseline, values) : state.baseline ?? values,
        previous: state.last,
        last: values ? { at: sample.at, values } : state.last,
        connections,
        listeners,
        settled: new Set(state.connections.flatMap(c => (c.token ? [c.token] : []))),
    };
}

/** The state after events from `ip mptcp monitor`. */
export function addPmEvents(state: TrafficState, events: PmEvent[], at: number): TrafficState {
    if (!events.length) return state;
    const kept = addEvents(state.events, events, at, state.nextSeq, EVENTS_KEPT);
    return { ...state, events: kept, nextSeq: state.nextSeq + events.length };
}

/** Counting starts again from now: the counters' baseline and the events. */
export function resetTraffic(state: TrafficState, now: number): TrafficState {
    return { ...state, startedAt: now, baseline: state.last?.values ?? null, events: [] };
}

/** The counters that matter, as deltas since the start and per second. */
export function trafficCounters(
    state: TrafficState,
): { group: (typeof COUNTER_GROUPS)[number]["id"]; rows: CounterRow[] }[] {
    if (!state.last || !state.baseline) return [];
    const { baseline, previous, last } = state;
    return COUNTER_GROUPS.map(g => ({ group: g.id, rows: counterRows(baseline, previous, last, g.names) }));
}

/** A counter's growth since the start; 0 where the kernel lacks it. */
export function sinceStart(state: TrafficState, name: string): number {
    if (!state.last || !state.baseline) return 0;
    return counterRows(state.baseline, null, state.last, [name])[0]?.sinceStart ?? 0;
}

/** The interface that holds a local address. */
export function interfaceOf(links: IpLink[], address: string): string | null {
    const key = addressKey(address);
    return links.find(l => l.addresses.some(a => addressKey(a.address) === key))?.name ?? null;
}

/** The interface that holds an event's local address. */
export const eventInterface = (e: PmEvent, links: IpLink[]): string | null =>
    (e.saddr ? interfaceOf(links, e.saddr) : null);
