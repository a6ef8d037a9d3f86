// The reverse path filter of interfaces, as the kernel has it now: read by the editor's plan (an IPv4
// endpoint on a strictly filtered interface) and by the setup guide.

import { validInterfaceName } from "../model/address";
import type { RpFilterValues } from "../model/readiness";
import { cockpit } from "./cockpit";
import { readFile } from "./read-file";

/** Above this many interfaces, one `grep` reads them all instead of one file channel each. */
const RP_FILES_AT_ONCE = 8;

/** net.ipv4.conf.{all,IFACE}.rp_filter for the given interfaces (those that exist; missing ones are left out). */
export async function readRpFilter(interfaces: string[]): Promise<RpFilterValues> {
    const keys = ["all", ...new Set(interfaces.filter(validInterfaceName))];
    const path = (k: string) => `/proc/sys/net/ipv4/conf/${k}/rp_filter`;
    if (keys.length > RP_FILES_AT_ONCE) {
        // "PATH:VALUE" per file; an interface gone meanwhile is skipped (grep -s), and is no failure
        const argv: [string, ...string[]] = ["sh", "-c", 'grep -sH "" "$@"; exit 0', "-", ...keys.map(path)];
        const out = await cockpit.spawn(argv, { err: "ignore" }).catch(() => null);
        if (out !== null) {
            const values: Record<string, number> = {};
            for (const line of out.split("\n")) {
                const m = /^\/proc\/sys\/net\/ipv4\/conf\/([^/]+)\/rp_filter:(\d+)$/.exec(line);
                if (m) values[m[1]] = Number(m[2]);
            }
            return values;
        }
    }
    const values = await Promise.all(keys.map(k => readFile(path(k))));
    return Object.fromEntries(keys.flatMap((k, i) => (values[i] === null ? [] : [[k, Number(values[i]?.trim())]])));
}
