// Parser for `ip mptcp monitor`: the MPTCP path manager's events, one line each:
//   [       CREATED] token=1655f04c remid=0 locid=0 saddr4=198.51.100.2 daddr4=198.51.100.1 sport=33114 dport=5000
//   [SF_ESTABLISHED] token=1655f04c remid=0 locid=6 saddr4=198.18.4.2 daddr4=198.51.100.1 sport=56387 dport=5000 \
//       backup=0 ifindex=5   (one line; broken here)
//   [     SF_CLOSED] token=278b88e7 remid=0 locid=6 ... backup=0 error=111 ifindex=5
//   [UNKNOWN 15]
// The event name is right-aligned in 14 columns (iproute2 < 6.2) or 16 (later). iproute2 < 6.2 does not know
// the listener events (kernel 6.2+) and prints their number: `[UNKNOWN 15]`, `[UNKNOWN 16]`; here they get
// their names from the kernel's numbering (include/uapi/linux/mptcp_pm.h). Later versions print a listener
// event without a token (`[LISTENER_CREATED] saddr4=0.0.0.0 sport=6000`), `ifindex=5 dev=eth4`,
// `server_side` instead of `flags=2`, `reset_reason=0 reset_flags=0x0` on SF_CLOSED; `ip -ts` prefixes
// `[2025-01-01T10:00:00.123456] `, `ip -t` prints a `Timestamp: ...` line first. `ip -j mptcp monitor`
// (iproute2 7.1) writes one JSON array only when it exits, so it cannot be streamed: not parsed here.
// Unknown fields are ignored; lines that are not events give null.

import { normalizeToken } from "./ss-parse";

export type PmEventType =
    | "created" | "established" | "closed" | "announced" | "removed"
    | "sf-established" | "sf-closed" | "sf-priority" | "listener-created" | "listener-closed" | "unknown";

export interface PmEvent {
    type: PmEventType;
    /** the word in brackets, trimmed: "SF_CLOSED", "UNKNOWN 15" */
    raw: string;
    /** 8 lowercase hex digits */
    token: string | null;
    localId: number | null;
    remoteId: number | null;
    /** saddr4 or saddr6; daddr4 or daddr6 */
    saddr: string | null;
    daddr: string | null;
    sport: number | null;
    dport: number | null;
    backup: boolean | null;
    ifindex: number | null;
    /** errno of SF_CLOSED: 111 ECONNREFUSED (join refused), 104 ECONNRESET, 103 ECONNABORTED, 110 ETIMEDOUT */
    error: number | null;
}

/** iproute2's names (SF_PRIO; SF_PRIORITY accepted too) */
const BY_NAME: Record<string, PmEventType> = {
    CREATED: "created", ESTABLISHED: "established", CLOSED: "closed", ANNOUNCED: "announced", REMOVED: "removed",
    SF_ESTABLISHED: "sf-established", SF_CLOSED: "sf-closed", SF_PRIO: "sf-priority", SF_PRIORITY: "sf-priority",
    LISTENER_CREATED: "listener-created", LISTENER_CLOSED: "listener-closed",
};

/** the kernel's event numbers (enum mptcp_event_type), for `[UNKNOWN n]` of an older iproute2 */
const BY_NUMBER: Record<number, PmEventType> = {
    1: "created", 2: "established", 3: "closed", 6: "announced", 7: "removed",
    10: "sf-established", 11: "sf-closed", 13: "sf-priority", 15: "listener-created", 16: "listener-closed",
};

const NAME = /^[A-Z][A-Z_]*$/;
const UNKNOWN = /^UNKNOWN (\d{1,5})$/;

function uint(s: string): number | null {
    return /^\d{1,10}$/.test(s) ? Number(s) : null;
}

export function parseMonitorLine(line: string): PmEvent | null {
    let s = line.trim();
    if (s.charCodeAt(0) !== 91 /* [ */) return null;
    let close = s.indexOf("]");
    if (close < 0) return null;
    // `ip -ts`: a [timestamp] before the event
    if (s.charCodeAt(1) >= 48 && s.charCodeAt(1) <= 57) {
        s = s.slice(close + 1).trimStart();
        if (s.charCodeAt(0) !== 91) return null;
        close = s.indexOf("]");
        if (close < 0) return null;
    }
    const raw = s.slice(1, close).trim();
    let type: PmEventType;
    if (NAME.test(raw)) {
        type = BY_NAME[raw] ?? "unknown";
    } else {
        const m = UNKNOWN.exec(raw);
        if (!m) return null;
        type = BY_NUMBER[Number(m[1])] ?? "unknown";
    }
    const ev: PmEvent = {
        type, raw, token: null, localId: null, remoteId: null, saddr: null, daddr: null,
        sport: null, dport: null, backup: null, ifindex: null, error: null,
    };
    for (const field of s.slice(close + 1).split(" ")) {
        const eq = field.indexOf("=");
        if (eq <= 0) continue;
        const key = field.slice(0, eq);
        const value = field.slice(eq + 1);
        switch (key) {
        case "token":
            ev.token = normalizeToken(value);
            break;
        case "remid":
            ev.remoteId = uint(value);
            break;
        case "locid":
            ev.localId = uint(value);
            break;
        case "saddr4":
        case "saddr6":
            ev.saddr = value || null;
            break;
        case "daddr4":
        case "daddr6":
            ev.daddr = value || null;
            break;
        case "sport":
            ev.sport = uint(value);
            break;
        case "dport":
            ev.dport = uint(value);
            break;
        case "backup": {
            const b = uint(value);
            ev.backup = b === null ? null : b !== 0;
            break;
        }
        case "ifindex":
            ev.ifindex = uint(value);
            break;
        case "error":
            ev.error = uint(value);
            break;
        default:
            break;
        }
    }
    return ev;
}

/** splits a streamed chunk into complete lines, returning the events and the unfinished remainder */
export function parseMonitorChunk(pending: string, chunk: string): { events: PmEvent[]; rest: string } {
    const text = pending + chunk;
    const last = text.lastIndexOf("\n");
    if (last < 0) return { events: [], rest: text };
    const events: PmEvent[] = [];
    let pos = 0;
    while (pos <= last) {
        const nl = text.indexOf("\n", pos);
        const ev = parseMonitorLine(text.slice(pos, nl));
        if (ev) events.push(ev);
        pos = nl + 1;
    }
    return { events, rest: text.slice(last + 1) };
}

export interface TimedEvent extends PmEvent {
    seq: number;
    /** ms since the epoch, given by the caller */
    time: number;
}

/** Newest first, bounded: returns a new array of at most max entries. events are in the order they
 *  arrived; they get seq nextSeq, nextSeq + 1, ... (the caller's next nextSeq is nextSeq + events.length). */
export function addEvents(
    log: readonly TimedEvent[], events: PmEvent[], time: number, nextSeq: number, max = 500,
): TimedEvent[] {
    const out: TimedEvent[] = [];
    const limit = Math.max(0, max);
    for (let i = events.length - 1; i >= 0 && out.length < limit; i--)
        out.push({ ...events[i], seq: nextSeq + i, time });
    for (let i = 0; i < log.length && out.length < limit; i++) out.push(log[i]);
    return out;
}
