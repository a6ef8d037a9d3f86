// Parsers for the output of `ip -j ...` listings. Input is untrusted text: anything malformed is an error
// with a message, never a crash or a half-built value.

import { familyOf } from "./address";
import { ENDPOINT_FLAGS, type EndpointFlag } from "./flags";
import type { Endpoint, IpLink, Limits } from "./types";

export class ParseError extends Error {}

function parseJsonArray(text: string, what: string): unknown[] {
    let data: unknown;
    try {
        data = JSON.parse(text.trim() === "" ? "[]" : text);
    } catch {
        throw new ParseError(`${what}: not JSON`);
    }
    if (!Array.isArray(data)) throw new ParseError(`${what}: not a JSON array`);
    return data;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const int = (v: unknown): number | null => (typeof v === "number" && Number.isInteger(v) ? v : null);

/** `ip -j addr show` */
export function parseAddrShow(text: string): IpLink[] {
    return parseJsonArray(text, "ip addr").flatMap(entry => {
        if (!isRecord(entry)) return [];
        const name = str(entry.ifname);
        if (!name) return [];
        const flags = Array.isArray(entry.flags) ? entry.flags : [];
        const addrInfo = Array.isArray(entry.addr_info) ? entry.addr_info : [];
        const addresses = addrInfo.flatMap(a => {
            if (!isRecord(a)) return [];
            const address = str(a.local);
            const prefix = int(a.prefixlen);
            const family = address ? familyOf(address) : null;
            if (!address || prefix === null || !family) return [];
            return [{ address, prefix, family, temporary: a.temporary === true, tentative: a.tentative === true }];
        });
        const linkType = str(entry.link_type);
        const link: IpLink = { name, loopback: flags.includes("LOOPBACK"), up: flags.includes("UP"), addresses };
        if (linkType) link.linkType = linkType;
        return [link];
    });
}

/** `ip -j mptcp endpoint show` */
export function parseEndpoints(text: string): Endpoint[] {
    return parseJsonArray(text, "ip mptcp endpoint").flatMap(e => {
        if (!isRecord(e)) return [];
        const id = int(e.id);
        const address = str(e.address);
        if (id === null || !address) return [];
        const flags: EndpointFlag[] = ENDPOINT_FLAGS.filter(f => e[f] === true);
        return [{ id, address, dev: str(e.dev), flags, port: int(e.port) }];
    });
}

/** `ip -j route show default` (and `-6`): the devices that have a unicast default route. */
export function parseDefaultRoutes(text: string): string[] {
    const devs = parseJsonArray(text, "ip route").flatMap(r => {
        if (!isRecord(r) || r.dst !== "default") return [];
        const type = str(r.type);
        if (type !== null && type !== "unicast") return [];
        const dev = str(r.dev);
        // multipath routes name their devices per next hop
        const hops = Array.isArray(r.nexthops) ? r.nexthops.map(h => (isRecord(h) ? str(h.dev) : null)) : [];
        return [dev, ...hops].filter((d): d is string => d !== null);
    });
    return [...new Set(devs)];
}

/** `ip -j mptcp limits show`: JSON on newer iproute2, "add_addr_accepted 0 subflows 2" on older. */
export function parseLimits(text: string): Limits {
    let fields: Record<string, unknown>;
    const trimmed = text.trim();
    if (trimmed.startsWith("{")) {
        try {
            const data: unknown = JSON.parse(trimmed);
            if (!isRecord(data)) throw new ParseError("ip mptcp limits: not an object");
            fields = data;
        } catch (e) {
            throw e instanceof ParseError ? e : new ParseError("ip mptcp limits: not JSON");
        }
    } else {
        const words = trimmed.split(/\s+/);
        fields = {};
        for (let i = 0; i + 1 < words.length; i += 2) fields[words[i]] = Number(words[i + 1]);
    }
    const subflows = int(fields.subflows);
    const addAddrAccepted = int(fields.add_addr_accepted);
    if (subflows === null || addAddrAccepted === null)
        throw new ParseError(`ip mptcp limits: unexpected output "${trimmed}"`);
    return { subflows, addAddrAccepted };
}

/** net.mptcp.pm_type (0 kernel, 1 userspace) or the newer net.mptcp.path_manager ("kernel"/"userspace"). */
export function parsePathManager(text: string): "kernel" | "userspace" | null {
    const v = text.trim();
    if (v === "0" || v === "kernel" || v === "in-kernel") return "kernel";
    if (v === "1" || v === "userspace") return "userspace";
    return null;
}

/** What one line of `ip monitor link address route` says changed, for what must be read again. */
export type MonitorChange =
    /** an address of this interface (added, removed or changed) */
    | { kind: "address"; dev: string }
    /** a default route */
    | { kind: "default-route" }
    /** a line that needs no read: a detail line of an event before it, or a route other than a default one */
    | { kind: "none" }
    /** a link appeared, went or changed, or a line this parser does not know: everything is read again */
    | { kind: "all" };

/**
 * One line of `ip monitor link address route` (iproute2's text: no JSON for monitor). An address event
 * starts with "[Deleted ]INDEX: NAME    inet[6] ..." (a name holds no whitespace); a route event with the
 * route, "default ..." for a default one; detail lines are indented. Link events ("INDEX: NAME[@PEER]: <...")
 * and anything else ask for a whole read: a name may itself hold "@", so no guess at which link it was.
 */
export function monitorChange(line: string): MonitorChange {
    if (line.trim() === "" || /^\s/.test(line)) return { kind: "none" };
    const event = line.replace(/^Deleted /, "");
    const address = /^\d+: (\S+)\s+inet6? /.exec(event);
    if (address) return { kind: "address", dev: address[1] ?? "" };
    if (/^default /.test(event)) return { kind: "default-route" };
    // other routes: a prefix, or one of local, broadcast, multicast, anycast, unreachable, ... before an address
    if (/^([a-z]+ )?[0-9a-f.:]+(\/\d+)? /i.test(event) && !/^\d+: /.test(event)) return { kind: "none" };
    return { kind: "all" };
}
