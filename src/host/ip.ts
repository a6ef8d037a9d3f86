// Kernel state through `ip` and /proc/sys. Every argv is fixed: nothing from outside reaches a command line.

import { errorMessage } from "../model/error-message";
import { parseAddrShow, parseDefaultRoutes, parseEndpoints, parseLimits, parsePathManager } from "../model/ip-parse";
import type { IpLink, IpState, KernelState } from "../model/types";
import { cockpit } from "./cockpit";
import { readFile } from "./read-file";
import type { Spawn } from "./cockpit-types";

const ip = (...args: string[]): Spawn => cockpit.spawn(["ip", ...args], { err: "message" });

/** iproute2 without MPTCP support says: Object "mptcp" is unknown, try "ip help". */
const isUnknownObject = (e: unknown) => /Object "mptcp" is unknown/i.test(errorMessage(e));

const readProcSys = (name: string) => readFile(`/proc/sys/net/mptcp/${name}`);

/** One interface and its addresses; null when it is gone (or cannot be read: the caller reads all instead). */
export async function readLink(name: string): Promise<IpLink | null> {
    try {
        return parseAddrShow(await ip("-j", "address", "show", "dev", name)).find(l => l.name === name) ?? null;
    } catch {
        return null;
    }
}

/** The interfaces with a default route of one family. */
const defaultRoutes = (family: 4 | 6) => ip("-j", `-${family}`, "route", "show", "default").then(parseDefaultRoutes);

/** The default routes of both families. */
export async function readDefaultRoutes(): Promise<IpState["defaultRoutes"]> {
    const [v4, v6] = await Promise.all([defaultRoutes(4), defaultRoutes(6)]);
    return { 4: v4, 6: v6 };
}

/** Interfaces, their addresses and default routes: one `ip` call per listing, run in parallel. */
export async function readLinks(): Promise<{ ip: Omit<IpState, "endpoints">; errors: string[] }> {
    const [addrs, v4, v6] = await Promise.allSettled([
        ip("-j", "address", "show").then(parseAddrShow),
        defaultRoutes(4),
        defaultRoutes(6),
    ]);
    const errors = [addrs, v4, v6].flatMap(r => (r.status === "rejected" ? [errorMessage(r.reason)] : []));
    const value = <T>(r: PromiseSettledResult<T>, fallback: T): T => (r.status === "fulfilled" ? r.value : fallback);
    return {
        ip: { links: value(addrs, []), defaultRoutes: { 4: value(v4, []), 6: value(v6, []) } },
        errors,
    };
}

const readLimitsOrThrow = () => ip("-j", "mptcp", "limits", "show").then(parseLimits);

/** The MPTCP limits, or null when they cannot be read. */
export const readLimits = () => readLimitsOrThrow().catch(() => null);

/** MPTCP's own state: sysctls, limits and endpoints. Nothing announces changes to these, so it is polled. */
export async function readMptcp(): Promise<{ kernel: KernelState; endpoints: IpState["endpoints"] }> {
    // All at once, one round trip over a slow link; the listings are moot when the kernel has no MPTCP.
    // Newer kernels name the path manager in path_manager; older ones only have pm_type.
    const [enabled, pathManager, endpoints, limits] = await Promise.all([
        readProcSys("enabled"),
        readProcSys("path_manager"),
        settle(ip("-j", "mptcp", "endpoint", "show").then(parseEndpoints)),
        settle(readLimitsOrThrow()),
    ]);
    if (enabled === null) {
        const kernel: KernelState = {
            mptcp: false, enabled: null, pathManager: null, limits: null, ipMptcp: false, errors: [],
        };
        return { kernel, endpoints: [] };
    }
    const pmType = pathManager === null ? await readProcSys("pm_type") : null;

    const failures = [endpoints, limits].flatMap(r => (r.status === "rejected" ? [r.reason] : []));
    const ipMptcp = !failures.some(isUnknownObject);
    return {
        kernel: {
            mptcp: true,
            enabled: enabled.trim() === "1",
            pathManager: parsePathManager(pathManager ?? pmType ?? ""),
            limits: limits.status === "fulfilled" ? limits.value : null,
            ipMptcp,
            errors: ipMptcp ? failures.map(errorMessage) : [],
            // a failed listing is no listing: the page must not read it as "no endpoints"
            ...(endpoints.status === "rejected" ? { endpointsUnknown: true } : {}),
        },
        endpoints: endpoints.status === "fulfilled" ? endpoints.value : [],
    };
}

/** A promise's outcome, fulfilled or rejected, as Promise.allSettled gives it for one. */
const settle = <T>(p: Promise<T>): Promise<PromiseSettledResult<T>> =>
    p.then(value => ({ status: "fulfilled", value }), (reason: unknown) => ({ status: "rejected", reason }));

/** Calls onEvent with each line `ip monitor` prints for a link, address or route change; returns a stop function. */
export function monitorLinks(onEvent: (line: string) => void, onEnd: () => void): () => void {
    const proc = ip("monitor", "link", "address", "route");
    let partial = "";
    proc.stream(data => {
        const lines = (partial + data).split("\n");
        partial = lines.pop() ?? "";
        lines.forEach(onEvent);
    });
    proc.then(onEnd, onEnd);
    return () => proc.close();
}
