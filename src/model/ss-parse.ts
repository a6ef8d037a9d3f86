// Parsers for `ss -MnaiHp` (MPTCP connections) and `ss -tnaiHp` (their TCP subflows). iproute2's `ss` has
// no JSON output, so this reads its text: one main line per socket (State Recv-Q Send-Q Local Peer
// [Process] ...), followed by detail lines that start with whitespace (-i), or everything on one line (-O).
// A header line, a Netid column, unknown fields and lines it cannot understand are skipped; input that
// does not end with a newline was cut off, and its unfinished last line is dropped. Never throws.
//
// Formats seen (fixtures in test/unit/fixtures/live/): iproute2 5.15, 6.1 and 7.1 on kernel 6.18.
//   - the MPTCP info line prints only non-zero values: `subflows:2 add_addr_signal:1 subflows_max:2
//     add_addr_signal_max:2 remote_key token:1655f04c write_seq:...`; iproute2 >= 6.5 on kernels >= 6.5 adds
//     `bytes_sent: bytes_received: bytes_acked:` (and more); a fallback connection prints `fallback`.
//   - a subflow's TCP detail line ends with `tcp-ulp-mptcp flags:Jjec token:REMOTE(id:R)/LOCAL(id:L) seq:...`;
//     listeners print a bare `tcp-ulp-mptcp`.
//   - tokens: `token:%x` in the MPTCP info (no leading zeros), `%04x` in the subflow's; both are returned
//     here as 8 lowercase hex digits (the form `ip mptcp monitor` prints), so they compare equal.

export interface SockAddr {
    /** without brackets: "198.51.100.1", "2001:db8::1", "::ffff:198.51.100.1", "*" (any), "0.0.0.0" */
    address: string;
    /** null for "*" (any) or a service name */
    port: number | null;
    /** the device of `ADDR%DEV:PORT` (a socket bound to a device, e.g. a subflow of a `subflow dev X` endpoint) */
    dev: string | null;
}

export interface SsProcess { name: string; pid: number; fd: number | null }

export interface MptcpSocket {
    /** as ss prints it: "ESTAB", "LISTEN", "SYN-SENT", "CLOSE-WAIT", ... */
    state: string;
    recvQ: number;
    sendQ: number;
    local: SockAddr;
    remote: SockAddr;
    processes: SsProcess[];
    /** 8 lowercase hex digits; null when ss printed none (listeners, or output without -i) */
    token: string | null;
    /** additional subflows (beyond the initial one); ss omits zero values */
    subflows: number;
    subflowsMax: number | null;
    addAddrSignal: number;
    addAddrAccepted: number;
    addAddrSignalMax: number | null;
    addAddrAcceptedMax: number | null;
    /** the peer answered as plain TCP: the connection runs as TCP on its only subflow */
    fallback: boolean;
    /** the peer's key was received (the MPTCP handshake completed) */
    remoteKey: boolean;
    /** only from iproute2 >= 6.5 with kernel >= 6.5; null when absent (ss omits zero values, too) */
    bytesSent: number | null;
    bytesReceived: number | null;
    bytesAcked: number | null;
}

export interface TcpSubflow {
    state: string;
    local: SockAddr;
    remote: SockAddr;
    /** the MPTCP connection's token (the local one, after the slash), 8 lowercase hex digits */
    token: string;
    /** ss prints `token:REMOTE_TOKEN(id:REMOTE_ID)/LOCAL_TOKEN(id:LOCAL_ID)`: in the lab, a client's subflow
     *  from the `subflow` endpoint with id 6 shows `750c0a5d(id:0)/1655f04c(id:6)`, and the server's side of
     *  the same subflow `0000(id:6)/750c0a5d(id:0)`. So localId is the id after the slash (the local endpoint's
     *  id, 0 for the initial subflow) and remoteId the one before it. */
    localId: number | null;
    remoteId: number | null;
    /** iproute2's letters: M/m MP_CAPABLE remote/local, J/j MP_JOIN remote/local, B/b backup remote/local,
     *  e fully established, c connected, v map valid; "" when ss printed no flags */
    flags: string;
    /** the local or the remote side marked the subflow as backup (b or B) */
    backup: boolean;
    rttMs: number | null;
    bytesSent: number | null;
    bytesReceived: number | null;
    bytesAcked: number | null;
}

const SP = 32, TAB = 9, NL = 10, CR = 13;
const isSpace = (c: number) => c === SP || c === TAB || c === CR;
/** "rtt:12.5/3.1": the RTT ends at the slash, a space or the line's end */
const endsRtt = (c: number) => c === 47 /* / */ || isSpace(c) || c === NL;

/** "1655f04c", "0x1655f04c", "655f04c" -> "01655f04c"-style 8 digits; null when not 1..8 hex digits */
export function normalizeToken(hex: string): string | null {
    let s = hex.toLowerCase();
    if (s.startsWith("0x")) s = s.slice(2);
    if (s.length === 0 || s.length > 8) return null;
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return null;
    }
    return s.length === 8 ? s : s.padStart(8, "0");
}

/** a non-negative decimal integer, or null */
function uint(s: string): number | null {
    if (s.length === 0 || s.length > 20) return null;
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c < 48 || c > 57) return null;
    }
    return Number(s);
}

/** `ss` address column: "198.18.4.2%eth4:56387", "[2001:db8::1]:80", "2001:db8::1:80" (old ss), "*:5000",
 *  "0.0.0.0:*", "[::]:5000", "[::ffff:1.2.3.4]:80", "[fe80::1]%eth1:22" */
export function parseSockAddr(s: string): SockAddr | null {
    const colon = s.lastIndexOf(":");
    if (colon <= 0) return null;
    const portText = s.slice(colon + 1);
    const n = uint(portText);
    const port = n !== null && n <= 65535 ? n : null;
    if (n === null && portText !== "*" && !/^[A-Za-z][\w.+-]*$/.test(portText)) return null;
    let address = s.slice(0, colon);
    let dev: string | null = null;
    const pct = address.lastIndexOf("%");
    if (pct >= 0 && pct > address.lastIndexOf("]")) {
        dev = address.slice(pct + 1) || null;
        address = address.slice(0, pct);
    }
    if (address.charCodeAt(0) === 91 /* [ */ && address.charCodeAt(address.length - 1) === 93 /* ] */) {
        address = address.slice(1, -1);
    }
    if (address.length === 0) return null;
    return { address, port, dev };
}

// ---- records ---------------------------------------------------------------------------------------------

/** Calls fn for every record: a line that starts with a non-blank character and the following lines that
 *  start with whitespace. `incomplete`: the input was cut off right after this record's main line, so its
 *  detail lines may be missing. */
function forEachRecord(
    text: string, fn: (start: number, mainEnd: number, end: number, incomplete: boolean) => void,
): void {
    const len = text.length;
    let limit = len;
    let truncated = false;
    if (len > 0 && text.charCodeAt(len - 1) !== NL) {
        limit = text.lastIndexOf("\n") + 1; // drop the unfinished last line
        truncated = true;
    }
    let recStart = -1, recMainEnd = -1, hasDetail = false;
    let pos = 0;
    while (pos < limit) {
        let nl = text.indexOf("\n", pos);
        if (nl < 0 || nl > limit) nl = limit;
        const c = text.charCodeAt(pos);
        if (pos < nl && isSpace(c)) {
            if (recStart >= 0) hasDetail = true;
        } else if (pos < nl) {
            if (recStart >= 0) fn(recStart, recMainEnd, pos, false);
            recStart = pos;
            recMainEnd = nl;
            hasDetail = false;
        }
        pos = nl + 1;
    }
    if (recStart >= 0) fn(recStart, recMainEnd, limit, truncated && !hasDetail);
}

// A tiny scanner over one record string; results in module state to stay allocation-free.
let tokStart = 0, tokEnd = 0;
function nextToken(s: string, pos: number, end: number): boolean {
    while (pos < end && (isSpace(s.charCodeAt(pos)) || s.charCodeAt(pos) === NL)) pos++;
    if (pos >= end) return false;
    tokStart = pos;
    while (pos < end) {
        const c = s.charCodeAt(pos);
        if (isSpace(c) || c === NL) break;
        pos++;
    }
    tokEnd = pos;
    return true;
}

/** A socket's main line: its address part; the rest comes from the detail after `detailStart`. */
type MainLine = Pick<MptcpSocket, "state" | "recvQ" | "sendQ" | "local" | "remote" | "processes"> & { detailStart: number };

/** the main line's columns of record string `r` (main line ends at mainEnd); null for a header or garbage */
function parseMain(r: string, mainEnd: number): MainLine | null {
    const t: string[] = [];
    let pos = 0;
    // State Recv-Q Send-Q Local Peer, with an optional leading Netid column (ss -K, or several socket types)
    while (t.length < 6 && nextToken(r, pos, mainEnd)) {
        t.push(r.slice(tokStart, tokEnd));
        pos = tokEnd;
        if (t.length === 5 && uint(t[1]) !== null && uint(t[2]) !== null) break;
    }
    let i: number;
    if (t.length >= 5 && uint(t[1]) !== null && uint(t[2]) !== null) i = 0;
    else if (t.length === 6 && uint(t[2]) !== null && uint(t[3]) !== null) i = 1;
    else return null;
    const local = parseSockAddr(t[i + 3]);
    const remote = parseSockAddr(t[i + 4]);
    if (!local || !remote) return null;
    const processes: SsProcess[] = [];
    while (pos < mainEnd && isSpace(r.charCodeAt(pos))) pos++;
    if (r.startsWith("users:(", pos)) pos = parseUsers(r, pos + 7, mainEnd, processes);
    const [recvQ, sendQ] = [Number(t[i + 1]), Number(t[i + 2])];
    return { state: t[i], recvQ, sendQ, local, remote, processes, detailStart: pos };
}

/** users:(("python3",pid=190,fd=3),("x",pid=2,fd=4)) from p (after "users:("); returns where it ended */
function parseUsers(r: string, p: number, end: number, out: SsProcess[]): number {
    while (p < end && r.charCodeAt(p) === 40 /* ( */ && r.charCodeAt(p + 1) === 34 /* " */) {
        const nameStart = p + 2;
        const q = r.indexOf("\",", nameStart);
        if (q < 0 || q >= end) return end;
        const name = r.slice(nameStart, q);
        p = q + 2;
        if (r.startsWith("pid=", p)) p += 4;
        let d = p;
        while (d < end && r.charCodeAt(d) >= 48 && r.charCodeAt(d) <= 57) d++;
        const pid = d > p ? Number(r.slice(p, d)) : NaN;
        p = d;
        let fd: number | null = null;
        if (r.charCodeAt(p) === 44 /* , */) {
            p++;
            if (r.startsWith("fd=", p)) p += 3;
            d = p;
            while (d < end && r.charCodeAt(d) >= 48 && r.charCodeAt(d) <= 57) d++;
            if (d > p) fd = Number(r.slice(p, d));
            p = d;
        }
        const close = r.indexOf(")", p); // skips further fields (e.g. proc_ctx= with -Z)
        if (close < 0 || close >= end) return end;
        if (!Number.isNaN(pid)) out.push({ name, pid, fd });
        p = close + 1;
        if (r.charCodeAt(p) === 44) p++;
        else break;
    }
    if (r.charCodeAt(p) === 41 /* ) */) p++;
    return p;
}

// ---- ss -M -------------------------------------------------------------------------------------------------

/** `ss -MnaiHp` (also with a header line, or -O one-line output) */
export function parseMptcpSockets(text: string): MptcpSocket[] {
    const out: MptcpSocket[] = [];
    forEachRecord(text, (start, mainEnd, end, incomplete) => {
        const r = text.slice(start, end);
        const m = parseMain(r, mainEnd - start);
        if (!m) return;
        const s: MptcpSocket = {
            state: m.state, recvQ: m.recvQ, sendQ: m.sendQ, local: m.local, remote: m.remote, processes: m.processes,
            token: null, subflows: 0, subflowsMax: null, addAddrSignal: 0, addAddrAccepted: 0,
            addAddrSignalMax: null, addAddrAcceptedMax: null, fallback: false, remoteKey: false,
            bytesSent: null, bytesReceived: null, bytesAcked: null,
        };
        let known = 0;
        let pos = m.detailStart;
        const len = r.length;
        while (nextToken(r, pos, len)) {
            pos = tokEnd;
            const colon = r.indexOf(":", tokStart);
            if (colon < 0 || colon >= tokEnd) {
                const word = r.slice(tokStart, tokEnd);
                if (word === "fallback") s.fallback = true;
                else if (word === "remote_key") s.remoteKey = true;
                else continue;
                known++;
                continue;
            }
            const key = r.slice(tokStart, colon);
            const value = r.slice(colon + 1, tokEnd);
            if (key === "token") {
                s.token = normalizeToken(value);
                known++;
                continue;
            }
            const n = uint(value);
            if (n === null) continue;
            switch (key) {
            case "subflows":
                s.subflows = n;
                break;
            case "subflows_max":
                s.subflowsMax = n;
                break;
            case "add_addr_signal":
                s.addAddrSignal = n;
                break;
            case "add_addr_accepted":
                s.addAddrAccepted = n;
                break;
            case "add_addr_signal_max":
                s.addAddrSignalMax = n;
                break;
            case "add_addr_accepted_max":
                s.addAddrAcceptedMax = n;
                break;
            case "bytes_sent":
                s.bytesSent = n;
                break;
            case "bytes_received":
                s.bytesReceived = n;
                break;
            case "bytes_acked":
                s.bytesAcked = n;
                break;
            default:
                continue;
            }
            known++;
        }
        // cut off right after the main line: the detail line may be missing, so the socket is unknown
        if (incomplete && known === 0) return;
        out.push(s);
    });
    return out;
}

// ---- ss -t -------------------------------------------------------------------------------------------------

/** index of `key` in s at or after from, where it starts a whitespace-separated field; -1 if none */
function findField(s: string, key: string, from: number): number {
    let i = s.indexOf(key, from);
    while (i >= 0) {
        const c = s.charCodeAt(i - 1);
        if (i === 0 || isSpace(c) || c === NL) return i;
        i = s.indexOf(key, i + 1);
    }
    return -1;
}

/** the unsigned integer right after key ("bytes_sent:") in s, or null */
function fieldUint(s: string, key: string, from: number): number | null {
    const i = findField(s, key, from);
    if (i < 0) return null;
    let p = i + key.length, n = 0;
    const start = p;
    while (p < s.length) {
        const c = s.charCodeAt(p);
        if (c < 48 || c > 57) break;
        n = n * 10 + (c - 48);
        p++;
    }
    return p > start ? n : null;
}

/** `ss -tnaiHp` (also with a header line, or -O one-line output): the sockets that are MPTCP subflows.
 *  Sockets without `tcp-ulp-mptcp`, listeners and sockets without a subflow token are skipped. */
export function parseTcpSubflows(text: string): TcpSubflow[] {
    const out: TcpSubflow[] = [];
    const ULP = "tcp-ulp-mptcp";
    let ulpAt = text.indexOf(ULP);
    forEachRecord(text, (start, mainEnd, end) => {
        if (ulpAt < 0) return;
        if (ulpAt < start) ulpAt = text.indexOf(ULP, start);
        if (ulpAt < 0 || ulpAt >= end) return; // the common case: a plain TCP socket, never looked at
        ulpAt = text.indexOf(ULP, end);
        const r = text.slice(start, end);
        const m = parseMain(r, mainEnd - start);
        if (!m || m.state === "LISTEN") return;
        const u = findField(r, ULP, m.detailStart);
        if (u < 0) return;
        const tk = findField(r, "token:", u);
        if (tk < 0) return;
        // token:REMOTE(id:R)/LOCAL(id:L)
        let e = tk + 6;
        while (e < r.length && !isSpace(r.charCodeAt(e)) && r.charCodeAt(e) !== NL) e++;
        const tokenField = r.slice(tk + 6, e);
        const slash = tokenField.indexOf("/");
        if (slash < 0) return;
        const remoteToken = idPart(tokenField.slice(0, slash));
        const localToken = idPart(tokenField.slice(slash + 1));
        if (!localToken.token) return;
        let flags = "";
        const f = findField(r, "flags:", u);
        if (f >= 0 && f < tk) {
            let fe = f + 6;
            while (fe < r.length && !isSpace(r.charCodeAt(fe)) && r.charCodeAt(fe) !== NL) fe++;
            flags = r.slice(f + 6, fe);
        }
        let rttMs: number | null = null;
        const rt = findField(r, "rtt:", m.detailStart);
        if (rt >= 0 && rt < u) {
            let re = rt + 4;
            while (re < r.length && !endsRtt(r.charCodeAt(re))) re++;
            const v = Number(r.slice(rt + 4, re));
            if (re > rt + 4 && Number.isFinite(v)) rttMs = v;
        }
        out.push({
            state: m.state, local: m.local, remote: m.remote,
            token: localToken.token, localId: localToken.id, remoteId: remoteToken.id,
            flags, backup: flags.includes("b") || flags.includes("B"),
            rttMs,
            bytesSent: fieldUint(r, "bytes_sent:", m.detailStart),
            bytesReceived: fieldUint(r, "bytes_received:", m.detailStart),
            bytesAcked: fieldUint(r, "bytes_acked:", m.detailStart),
        });
    });
    return out;
}

/** "1655f04c(id:6)" */
function idPart(s: string): { token: string | null; id: number | null } {
    const p = s.indexOf("(id:");
    if (p < 0) return { token: normalizeToken(s), id: null };
    const close = s.indexOf(")", p);
    return { token: normalizeToken(s.slice(0, p)), id: uint(s.slice(p + 4, close < 0 ? s.length : close)) };
}

// ---- filter ------------------------------------------------------------------------------------------------

/** The argv tail for `ss -tnaiHp` that restricts the listing to sockets that can be these connections'
 *  subflows, as separate argv tokens: ["(", "sport", "=", ":443", "or", "dport", "=", ":5000", ")"].
 *
 *  Every subflow of a connection shares a port with it: on the side that connected, all subflows go to the
 *  connection's remote port (dport); on the side that accepted (its local port is one of the listeners in
 *  `sockets`), all arrive at its local port (sport) — plus, when it accepted announced addresses
 *  (add_addr_accepted), subflows it opened itself to the remote port. So one term per connection suffices,
 *  and a busy server needs one term, not one per client. `extraPorts` (endpoints with a port, ports of
 *  ANNOUNCED events) are added as both sport and dport.
 *
 *  Returns [] when `sockets` holds no connection (only listeners, or nothing): then the caller need not run
 *  `ss -t` at all. Returns null (list everything, unfiltered) when more than `max` distinct ports would be
 *  needed, or when a connection's ports are unknown. */
export function subflowFilter(sockets: MptcpSocket[], extraPorts: number[], max = 64): string[] | null {
    const listening = new Set<number>();
    for (const s of sockets) if (s.state === "LISTEN" && s.local.port !== null) listening.add(s.local.port);
    const sports = new Set<number>(), dports = new Set<number>();
    let conns = 0;
    for (const s of sockets) {
        if (s.state === "LISTEN") continue;
        conns++;
        const l = s.local.port, r = s.remote.port;
        if (l !== null && listening.has(l)) {
            sports.add(l);
            if (s.addAddrAccepted > 0) {
                if (r === null) return null;
                dports.add(r);
            }
        } else if (r !== null) {
            dports.add(r);
        } else {
            return null;
        }
    }
    if (conns === 0) return [];
    for (const p of extraPorts) {
        if (Number.isInteger(p) && p > 0 && p <= 65535) {
            sports.add(p);
            dports.add(p);
        }
    }
    const distinct = new Set(sports);
    for (const p of dports) distinct.add(p);
    if (distinct.size > max) return null;
    const argv: string[] = ["("];
    const term = (dir: string, p: number) => {
        if (argv.length > 1) argv.push("or");
        argv.push(dir, "=", `:${p}`);
    };
    for (const p of [...sports].sort((a, b) => a - b)) term("sport", p);
    for (const p of [...dports].sort((a, b) => a - b)) term("dport", p);
    argv.push(")");
    return argv;
}
