// "Test MPTCP to a server": the target's validation, the argv that runs src/host/mptcp-selftest.py, and the
// parser of its one JSON object. The host and port the administrator typed are data on an argv, never code:
// targetProblems() accepts only IP literals and RFC 1123 host names, and selfTestArgv() refuses anything else.

import { familyOf, parseIPv4 } from "./address";
import { ParseError } from "./ip-parse";

/** Why a host or port cannot be tested; the UI words each kind. */
export type SelfTestInputProblem =
    | "host-empty"
    | "host-too-long"
    /** "[2001:db8::1]": the address goes without brackets (the port has its own field) */
    | "host-bracketed"
    /** not an IPv4 or IPv6 address nor a DNS host name */
    | "host-invalid"
    | "port-empty"
    /** not a decimal integer */
    | "port-invalid"
    /** 0 or above 65535 */
    | "port-out-of-range";

/** A DNS name's longest text form (RFC 1035), without the optional trailing dot */
export const MAX_HOST_LENGTH = 253;

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** a part that inet_aton() reads as a number: decimal, octal or 0x hex */
const ATON_PART = /^(?:0x[0-9a-f]*|[0-9]+)$/i;

function validIPv4(host: string): boolean {
    // parseIPv4 takes "010.0.0.1" as 10.0.0.1, but the resolver reads the leading 0 as octal (8.0.0.1)
    return parseIPv4(host) !== null && host.split(".").every(o => o === "0" || !o.startsWith("0"));
}

function validHostName(host: string): boolean {
    const labels = (host.endsWith(".") ? host.slice(0, -1) : host).split(".");
    if (!labels.every(l => LABEL.test(l))) return false;
    // what the resolver would take for a number ("1.2.3", "0x7f000001", "127.1"), and a numeric top-level
    // label (RFC 3696 section 2), are not names
    if (labels.length <= 4 && labels.every(l => ATON_PART.test(l))) return false;
    return !/^[0-9]+$/.test(labels[labels.length - 1]);
}

function hostProblem(host: string): SelfTestInputProblem | null {
    if (host === "") return "host-empty";
    if (host.length > MAX_HOST_LENGTH + (host.endsWith(".") ? 1 : 0)) return "host-too-long";
    if (host.startsWith("[") && host.endsWith("]") && familyOf(host.slice(1, -1)) === 6) return "host-bracketed";
    if (host.includes(":")) return familyOf(host) === 6 ? null : "host-invalid";
    if (/^[0-9.]+$/.test(host)) return validIPv4(host) ? null : "host-invalid";
    return validHostName(host) ? null : "host-invalid";
}

function portProblem(port: string): SelfTestInputProblem | null {
    if (port === "") return "port-empty";
    if (!/^[0-9]+$/.test(port)) return "port-invalid";
    const n = Number(port);
    return n >= 1 && n <= 65535 ? null : "port-out-of-range";
}

/**
 * What is wrong with a target as typed (empty: it can be tested). Nothing is trimmed: callers trim what the
 * administrator typed. Accepted hosts: an IPv4 address in dotted decimal, an IPv6 address without brackets
 * or zone, or a DNS name of letters, digits and inner hyphens; so no white space, no leading "-" and no
 * shell or URL syntax ever passes.
 */
export function targetProblems(host: string, port: string): SelfTestInputProblem[] {
    return [hostProblem(host), portProblem(port)].filter((p): p is SelfTestInputProblem => p !== null);
}

/**
 * The argv that runs the self-test script: `python3 -I -c SCRIPT -- HOST PORT`. Python keeps the "--" as
 * sys.argv[1] after -c; the script drops it. -I: no PYTHON* environment, no user site, no current directory
 * on the import path. Throws when the target is not valid.
 */
export function selfTestArgv(script: string, host: string, port: number): [string, ...string[]] {
    const problems = targetProblems(host, String(port));
    if (problems.length) throw new Error(`invalid self-test target: ${problems.join(", ")}`);
    return ["python3", "-I", "-c", script, "--", host, String(port)];
}

export type SelfTestOutcome =
    | "mptcp" | "fallback" | "no-mptcp-socket" | "resolve-failed" | "connect-failed" | "timeout";

/**
 * How the outcome was found: "mptcp-info" — getsockopt(MPTCP_INFO) answered (fallback flag clear or set);
 * "mptcp-info-refused" — it answered before connect and refused after, as kernels do on a fallback;
 * "passthrough" — a kernel before 5.16 without MPTCP_INFO: a socket option that only TCP handles (the hop
 * limit) answers after a fallback and is refused on an MPTCP connection.
 */
export type SelfTestDetection = "mptcp-info" | "mptcp-info-refused" | "passthrough";

export const TCP_STATES = [
    "established", "syn-sent", "syn-recv", "fin-wait1", "fin-wait2", "time-wait", "close", "close-wait",
    "last-ack", "listen", "closing", "new-syn-recv",
] as const;
export type TcpState = (typeof TCP_STATES)[number];

export interface SocketAddress {
    address: string;
    port: number;
}

export interface SelfTestAttempt {
    remote: SocketAddress;
    error: string | null;
    errno: number | null;
}

export interface SelfTestSubflow {
    local: SocketAddress;
    remote: SocketAddress;
    /** the connection's first subflow (the handshake's addresses) */
    initial: boolean;
    /** the subflow's TCP state; null when it could not be read */
    state: TcpState | null;
}

/** struct mptcp_info of the client's connection. Fields after csum's are null on kernels whose struct is shorter. */
export interface SelfTestInfo {
    /** additional subflows (the initial one not counted), including joins not yet answered */
    subflows: number;
    addAddrSignal: number;
    addAddrAccepted: number;
    subflowsMax: number;
    addAddrSignalMax: number;
    addAddrAcceptedMax: number;
    flags: number;
    /** MPTCP_INFO_FLAG_FALLBACK */
    fallback: boolean;
    /** MPTCP_INFO_FLAG_REMOTE_KEY_RECEIVED */
    remoteKeyReceived: boolean;
    /** the connection token in hex, as `ss -M` shows it */
    token: string;
    localAddrUsed: number | null;
    localAddrMax: number | null;
    csumEnabled: boolean | null;
    retransmits: number | null;
    bytesRetrans: number | null;
    bytesSent: number | null;
    bytesReceived: number | null;
    bytesAcked: number | null;
    subflowsTotal: number | null;
    lastDataSent: number | null;
    lastDataRecv: number | null;
    lastAckRecv: number | null;
    /** bytes the kernel returned */
    length: number;
}

export interface SelfTestResult {
    outcome: SelfTestOutcome;
    /** what failed (resolving, the socket, connecting), or why the test stopped */
    error: string | null;
    errno: number | null;
    host: string;
    port: number;
    /** the address connected to, or the last one tried */
    remote: SocketAddress | null;
    /** the connection's local address (null unless connected) */
    local: SocketAddress | null;
    /** each resolved address tried, in order, with its error */
    attempts: SelfTestAttempt[];
    detection: SelfTestDetection | null;
    /** MPTCP_INFO; null on a fallback (kernels refuse it), before 5.16 (no MPTCP_INFO), or when not connected */
    info: SelfTestInfo | null;
    /** every subflow including the initial one; null when not MPTCP or the kernel cannot list them (before 5.16) */
    subflows: SelfTestSubflow[] | null;
    /** bytes sent */
    sent: number;
    /** the send failed (the server closed or reset); the outcome still stands */
    sendError: string | null;
    /** changes of this host's MPTcpExt counters (/proc/net/netstat) during the test; null when unreadable */
    counters: Record<string, number> | null;
    elapsedMs: number;
}

/** The subflows beyond the initial one that completed their handshake (or whose state is unknown). */
export const joinedSubflows = (r: SelfTestResult): SelfTestSubflow[] =>
    (r.subflows ?? []).filter(s => !s.initial && (s.state === "established" || s.state === null));

const OUTCOMES: readonly SelfTestOutcome[] =
    ["mptcp", "fallback", "no-mptcp-socket", "resolve-failed", "connect-failed", "timeout"];
const DETECTIONS: readonly SelfTestDetection[] = ["mptcp-info", "mptcp-info-refused", "passthrough"];

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads fields of one JSON object, throwing a ParseError that names the field. */
class Reader {
    constructor(private readonly obj: Json, private readonly path: string) {}

    private fail(key: string, what: string): never {
        throw new ParseError(`self-test: ${this.path}${key} is not ${what}`);
    }
    private get(key: string): unknown {
        if (!Object.hasOwn(this.obj, key)) throw new ParseError(`self-test: ${this.path}${key} is missing`);
        return this.obj[key];
    }
    int(key: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
        const v = this.get(key);
        if (typeof v === "number" && Number.isInteger(v) && v >= min && v <= max) return v;
        return this.fail(key, `an integer from ${min} to ${max}`);
    }
    intOrNull(key: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | null {
        return this.get(key) === null ? null : this.int(key, min, max);
    }
    str(key: string): string {
        const v = this.get(key);
        return typeof v === "string" ? v : this.fail(key, "a string");
    }
    strOrNull(key: string): string | null {
        return this.get(key) === null ? null : this.str(key);
    }
    bool(key: string): boolean {
        const v = this.get(key);
        return typeof v === "boolean" ? v : this.fail(key, "true or false");
    }
    oneOf<T extends string>(key: string, values: readonly T[]): T {
        const v = this.get(key);
        return values.includes(v as T) ? (v as T) : this.fail(key, `one of ${values.join(", ")}`);
    }
    oneOfOrNull<T extends string>(key: string, values: readonly T[]): T | null {
        return this.get(key) === null ? null : this.oneOf(key, values);
    }
    object(key: string): Reader {
        const v = this.get(key);
        return isRecord(v) ? new Reader(v, `${this.path}${key}.`) : this.fail(key, "an object");
    }
    objectOrNull(key: string): Reader | null {
        return this.get(key) === null ? null : this.object(key);
    }
    array(key: string): Reader[] {
        const v = this.get(key);
        if (!Array.isArray(v)) return this.fail(key, "an array");
        return v.map((e, i) =>
            (isRecord(e) ? new Reader(e, `${this.path}${key}[${i}].`) : this.fail(`${key}[${i}]`, "an object")));
    }
    arrayOrNull(key: string): Reader[] | null {
        return this.get(key) === null ? null : this.array(key);
    }
    entries(): [string, unknown][] {
        return Object.entries(this.obj);
    }
}

function socketAddress(r: Reader): SocketAddress {
    const address = r.str("address");
    if (familyOf(address) === null) throw new ParseError(`self-test: "${address}" is not an IP address`);
    return { address, port: r.int("port", 0, 65535) };
}

function info(r: Reader): SelfTestInfo {
    const u8 = (key: string) => r.int(key, 0, 255);
    const u8OrNull = (key: string) => r.intOrNull(key, 0, 255);
    const u32OrNull = (key: string) => r.intOrNull(key, 0, 0xffffffff);
    const u64OrNull = (key: string) => r.intOrNull(key);
    const flags = r.int("flags", 0, 0xffffffff);
    const token = r.str("token");
    if (!/^[0-9a-f]{8}$/.test(token)) throw new ParseError(`self-test: info.token "${token}" is not 8 hex digits`);
    const csum = u8OrNull("csum_enabled");
    return {
        subflows: u8("subflows"),
        addAddrSignal: u8("add_addr_signal"),
        addAddrAccepted: u8("add_addr_accepted"),
        subflowsMax: u8("subflows_max"),
        addAddrSignalMax: u8("add_addr_signal_max"),
        addAddrAcceptedMax: u8("add_addr_accepted_max"),
        flags,
        fallback: (flags & 1) !== 0,
        remoteKeyReceived: (flags & 2) !== 0,
        token,
        localAddrUsed: u8OrNull("local_addr_used"),
        localAddrMax: u8OrNull("local_addr_max"),
        csumEnabled: csum === null ? null : csum !== 0,
        retransmits: u32OrNull("retransmits"),
        bytesRetrans: u64OrNull("bytes_retrans"),
        bytesSent: u64OrNull("bytes_sent"),
        bytesReceived: u64OrNull("bytes_received"),
        bytesAcked: u64OrNull("bytes_acked"),
        subflowsTotal: u8OrNull("subflows_total"),
        lastDataSent: u32OrNull("last_data_sent"),
        lastDataRecv: u32OrNull("last_data_recv"),
        lastAckRecv: u32OrNull("last_ack_recv"),
        length: r.int("length", 0, 4096),
    };
}

function counters(r: Reader): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, value] of r.entries()) {
        if (!/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(name))
            throw new ParseError(`self-test: "${name}" is not a counter name`);
        if (typeof value !== "number" || !Number.isSafeInteger(value))
            throw new ParseError(`self-test: counter ${name} is not an integer`);
        out[name] = value;
    }
    return out;
}

/** The one JSON object that mptcp-selftest.py prints (schema v 1). Throws a ParseError for anything else. */
export function parseSelfTest(stdout: string): SelfTestResult {
    let data: unknown;
    try {
        data = JSON.parse(stdout);
    } catch {
        throw new ParseError(`self-test: the output is not JSON: "${stdout.trim().slice(0, 200)}"`);
    }
    if (!isRecord(data)) throw new ParseError("self-test: the output is not a JSON object");
    if (data.v !== 1) throw new ParseError(`self-test: unsupported output version ${JSON.stringify(data.v ?? null)}`);
    const r = new Reader(data, "");
    const result: SelfTestResult = {
        outcome: r.oneOf("outcome", OUTCOMES),
        error: r.strOrNull("error"),
        errno: r.intOrNull("errno", 0, 4095),
        host: r.str("host"),
        port: r.int("port", 1, 65535),
        remote: (a => a && socketAddress(a))(r.objectOrNull("remote")),
        local: (a => a && socketAddress(a))(r.objectOrNull("local")),
        attempts: r.array("attempts").map(a => ({
            remote: socketAddress(a.object("remote")),
            error: a.strOrNull("error"),
            errno: a.intOrNull("errno", 0, 4095),
        })),
        detection: r.oneOfOrNull("detection", DETECTIONS),
        info: (i => i && info(i))(r.objectOrNull("info")),
        subflows: r.arrayOrNull("subflows")?.map(s => ({
            local: socketAddress(s.object("local")),
            remote: socketAddress(s.object("remote")),
            initial: s.bool("initial"),
            state: s.oneOfOrNull("state", TCP_STATES),
        })) ?? null,
        sent: r.int("sent"),
        sendError: r.strOrNull("send_error"),
        counters: (c => c && counters(c))(r.objectOrNull("counters")),
        elapsedMs: r.int("elapsed_ms"),
    };
    const connected = result.outcome === "mptcp" || result.outcome === "fallback";
    if (connected && (result.local === null || result.remote === null || result.detection === null))
        throw new ParseError(`self-test: a "${result.outcome}" outcome without its addresses or detection`);
    if (!connected && (result.info !== null || result.subflows !== null))
        throw new ParseError(`self-test: a "${result.outcome}" outcome with connection details`);
    return result;
}
