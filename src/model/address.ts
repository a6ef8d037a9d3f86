// Address classes that NetworkManager and nmstate never turn into MPTCP endpoints.

export type Family = 4 | 6;

export type AddressClass = "global" | "loopback" | "link-local" | "multicast" | "unique-local";

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The four octets of a dotted IPv4 address, or null when it is not one. */
export function parseIPv4(text: string): number[] | null {
    const m = IPV4.exec(text);
    if (!m) return null;
    const octets = m.slice(1).map(Number);
    return octets.every(o => o <= 255) ? octets : null;
}

/** The eight 16-bit groups of an IPv6 address (with "::" and a trailing dotted quad), or null. */
export function parseIPv6(text: string): number[] | null {
    let body = text;
    if (body.includes(".")) {
        // ::ffff:192.0.2.1 — the dotted quad stands for the last two groups
        const cut = body.lastIndexOf(":");
        const v4 = parseIPv4(body.slice(cut + 1));
        if (!v4) return null;
        body = body.slice(0, cut + 1) + ((v4[0] << 8) | v4[1]).toString(16) + ":" + ((v4[2] << 8) | v4[3]).toString(16);
    }
    if (!/^[0-9a-fA-F:]+$/.test(body)) return null;
    const halves = body.split("::");
    if (halves.length > 2) return null;
    const groupsOf = (s: string): number[] | null => {
        if (s === "") return [];
        const groups = s.split(":");
        return groups.every(g => /^[0-9a-fA-F]{1,4}$/.test(g)) ? groups.map(g => parseInt(g, 16)) : null;
    };
    const head = groupsOf(halves[0]);
    if (!head) return null;
    if (halves.length === 1) return head.length === 8 ? head : null;
    const tail = groupsOf(halves[1]);
    if (!tail || head.length + tail.length > 7) return null;
    return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

export function familyOf(address: string): Family | null {
    if (parseIPv4(address)) return 4;
    if (parseIPv6(address)) return 6;
    return null;
}

/** Which class an address is in; null when the text is not an IP address. */
export function classifyAddress(address: string): AddressClass | null {
    const v4 = parseIPv4(address);
    if (v4) {
        if (v4[0] === 127) return "loopback";
        if (v4[0] === 169 && v4[1] === 254) return "link-local";
        if (v4[0] >= 224 && v4[0] <= 239) return "multicast";
        return "global";
    }
    const v6 = parseIPv6(address);
    if (!v6) return null;
    if (v6.slice(0, 7).every(g => g === 0) && v6[7] === 1) return "loopback";
    if ((v6[0] & 0xffc0) === 0xfe80) return "link-local";
    if ((v6[0] & 0xff00) === 0xff00) return "multicast";
    if ((v6[0] & 0xfe00) === 0xfc00) return "unique-local";
    return "global";
}

/** A Linux interface name (IFNAMSIZ, no slash or white space, not "." or ".."): safe to use in a /proc path. */
export function validInterfaceName(name: string): boolean {
    return /^[^\s/:]{1,15}$/.test(name) && name !== "." && name !== "..";
}
