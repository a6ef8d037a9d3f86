// The kernel's MPTCP counters: the `MPTcpExt:` pair of lines in /proc/net/netstat (a header line of names,
// then a line of values, like every pair in /proc/net/netstat and /proc/net/snmp). The names have been stable
// since kernel 5.6; later kernels only add names (kernel 6.18 has 76), so a counter an older kernel lacks is
// simply absent. Lookups fall back to a case-insensitive match, should a kernel ever spell one differently.

/** the MPTcpExt: pairs; null when there is no MPTcpExt line (a kernel without MPTCP) */
export function parseMptcpCounters(text: string): Record<string, number> | null {
    const PREFIX = "MPTcpExt:";
    let names: string[] | null = null;
    let values: string[] | null = null;
    let pos = 0;
    while (pos < text.length) {
        let nl = text.indexOf("\n", pos);
        if (nl < 0) nl = text.length;
        if (text.startsWith(PREFIX, pos)) {
            const fields = text.slice(pos + PREFIX.length, nl).trim().split(/\s+/).filter(f => f !== "");
            if (names === null) names = fields;
            else {
                values = fields;
                break;
            }
        }
        pos = nl + 1;
    }
    if (names === null) return null;
    const out: Record<string, number> = {};
    if (values === null) return out;
    const n = Math.min(names.length, values.length);
    for (let i = 0; i < n; i++) {
        if (!/^\d+$/.test(values[i])) continue;
        out[names[i]] = Number(values[i]);
    }
    return out;
}

export interface CounterRow {
    name: string;
    /** the kernel's value now */
    total: number;
    /** since the page opened (start); for a gauge (GAUGES) the signed change */
    sinceStart: number;
    /** since the previous sample; null without one, for a gauge, or when no time passed */
    perSecond: number | null;
}

/** values that go up and down (current state), not counters */
export const GAUGES: ReadonlySet<string> = new Set(["MPCurrEstab"]);

function lookup(values: Record<string, number>, name: string): number | undefined {
    const v = values[name];
    if (v !== undefined) return v;
    const lower = name.toLowerCase();
    for (const k in values) if (k.toLowerCase() === lower) return values[k];
    return undefined;
}

/** Deltas since the page opened (start) and per second since the previous sample. A counter that went
 *  backwards (network namespace recreated, wrap) restarts from its new value: its delta is the new value.
 *  Names the kernel lacks give no row. */
export function counterRows(
    start: Record<string, number>,
    prev: { at: number; values: Record<string, number> } | null,
    now: { at: number; values: Record<string, number> },
    names: readonly string[],
): CounterRow[] {
    const rows: CounterRow[] = [];
    const seconds = prev ? (now.at - prev.at) / 1000 : 0;
    for (const name of names) {
        const total = lookup(now.values, name);
        if (total === undefined) continue;
        const s = lookup(start, name) ?? 0;
        if (GAUGES.has(name)) {
            rows.push({ name, total, sinceStart: total - s, perSecond: null });
            continue;
        }
        const sinceStart = total >= s ? total - s : total;
        let perSecond: number | null = null;
        const p = prev ? lookup(prev.values, name) : undefined;
        if (p !== undefined && seconds > 0) perSecond = (total >= p ? total - p : total) / seconds;
        rows.push({ name, total, sinceStart, perSecond });
    }
    return rows;
}

/** The start to keep using after sample `now`: counters that went below their start value (reset) get the
 *  start 0, so that later samples keep counting from the reset. Returns `start` itself when nothing reset. */
export function rebaseStart(start: Record<string, number>, now: Record<string, number>): Record<string, number> {
    let out: Record<string, number> | null = null;
    for (const k in start) {
        if (GAUGES.has(k)) continue;
        const v = now[k];
        if (v !== undefined && v < start[k]) {
            out ??= { ...start };
            out[k] = 0;
        }
    }
    return out ?? start;
}

/** The counters that matter, in display order, grouped. Every name is in kernel 6.18's list; older kernels
 *  lack some (e.g. MPCapableSYNTX, MPJoinSynTx*, MPJoinRejected, MPCurrEstab, Blackhole). */
export const COUNTER_GROUPS: readonly {
    id: "handshake" | "join" | "address" | "failure";
    names: readonly string[];
}[] = [
    {
        id: "handshake",
        names: ["MPCurrEstab", "MPCapableSYNTX", "MPCapableSYNRX", "MPCapableSYNACKRX", "MPCapableACKRX",
            "MPCapableFallbackSYNACK", "MPCapableFallbackACK"],
    },
    {
        id: "join",
        names: ["MPJoinSynTx", "MPJoinSynRx", "MPJoinSynAckRx", "MPJoinAckRx", "MPJoinRejected",
            "MPJoinSynTxConnectErr", "MPJoinSynTxCreatSkErr", "MPJoinSynTxBindErr", "MPJoinNoTokenFound"],
    },
    {
        id: "address",
        names: [
            "AddAddr", "AddAddrTx", "AddAddrDrop", "EchoAdd", "RmAddr", "RmAddrTx", "RmSubflow", "MPPrioTx", "MPPrioRx",
        ],
    },
    {
        id: "failure",
        names: ["MPFailTx", "MPFailRx", "MPFastcloseTx", "MPFastcloseRx", "MPRstTx", "MPRstRx", "DSSCorruptionFallback",
            "MPJoinSynAckHMacFailure", "MPJoinAckHMacFailure", "Blackhole"],
    },
];
