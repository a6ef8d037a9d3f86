// sysctl.d(5) files: our own (rendered), and everyone else's (parsed), to tell whether a value we persist
// will still be the one in force after a reboot.

/** The file we own; late in the order so that it wins over the usual distribution defaults. */
export const OUR_SYSCTL_FILE = "/etc/sysctl.d/99-zz-cockpit-mptcp.conf";

/** Where systemd-sysctl and `sysctl --system` look, in their precedence for equal file names. */
export const SYSCTL_DIRS = [
    "/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d", "/lib/sysctl.d",
];
export const SYSCTL_CONF = "/etc/sysctl.conf";

/**
 * "net/ipv4/conf/eth0.100/rp_filter" and "net.ipv4.conf.eth0/100.rp_filter" are the same key: use dots, with an
 * interface's own dots as slashes.
 */
export function normalizeKey(key: string): string {
    const k = key.trim().replace(/^-/, "");
    // slash form: separators are slashes, dots belong to names
    return k.includes("/") ? k.split("/").map(part => part.replace(/\./g, "/")).join(".") : k;
}

/** The key for an interface's own sysctl, with dots in its name written as sysctl.d expects. */
export const interfaceKey = (family: "ipv4" | "ipv6", iface: string, name: string) =>
    `net.${family}.conf.${iface.replace(/\./g, "/")}.${name}`;

/** The interface of a `net.ipv4.conf.IFACE.NAME` key (its slashes back to dots); null for any other key. */
export function keyInterface(key: string, family: "ipv4" | "ipv6", name: string): string | null {
    const prefix = `net.${family}.conf.`;
    const suffix = `.${name}`;
    if (!key.startsWith(prefix) || !key.endsWith(suffix) || key.length <= prefix.length + suffix.length) return null;
    const middle = key.slice(prefix.length, -suffix.length);
    return middle.includes(".") ? null : middle.replace(/\//g, ".");
}

/**
 * Why an interface's name cannot be written in a sysctl key, or null when it can. systemd-sysctl (and
 * procps' `sysctl -p`/`--system`) expand keys with "*", "?" or "[" as glob patterns, so a key for an
 * interface named "*" would set every interface, "all" and "default" included. Bracket escapes ("[*]")
 * work with systemd 252 and procps 4.0, but older versions read keys literally, so the same file would mean
 * different things on different hosts: such names are refused rather than escaped. "=" ends the key, in a
 * file and for `sysctl -w` alike.
 */
export function interfaceKeyProblem(iface: string): "pattern" | "separator" | null {
    if (/[*?[]/.test(iface)) return "pattern";
    if (iface.includes("=")) return "separator";
    return null;
}

export function parseSysctlConf(text: string): Map<string, string> {
    const values = new Map<string, string>();
    for (const raw of text.split("\n")) {
        const line = raw.trim();
        if (!line || line.startsWith("#") || line.startsWith(";")) continue;
        const eq = line.indexOf("=");
        if (eq < 0) continue;
        values.set(normalizeKey(line.slice(0, eq)), line.slice(eq + 1).trim());
    }
    return values;
}

export const OUR_HEADER =
    "# Written by Cockpit's MPTCP page. Changes made here are kept, but the page rewrites the keys it manages.";

export function renderSysctlConf(values: Map<string, string>): string {
    const keys = [...values.keys()].sort();
    return [OUR_HEADER, ...keys.map(k => `${k} = ${values.get(k)}`), ""].join("\n");
}

/** A "# was:" line: the runtime value of a key before our file first set it, for undo. */
export const wasLine = (key: string, value: string) => `# was: ${key} = ${value}`;
const WAS = /^# was: (\S+) = (.*)$/;

/** The "# was:" lines of our file, by key (normalized); the first one of a key counts. */
export function parseWas(text: string | null): Map<string, string> {
    const was = new Map<string, string>();
    for (const line of (text ?? "").split("\n")) {
        const m = WAS.exec(line.trimEnd());
        if (m && !was.has(normalizeKey(m[1]))) was.set(normalizeKey(m[1]), m[2].trim());
    }
    return was;
}

/**
 * Our file with `values` set and `was` lines added, keeping everything else in it as it is: the
 * administrator's comments and lines, the order, the "# was:" lines already there. A key already in the
 * file gets its new value in place (each line that sets it); new keys go at the end, new "# was:" lines
 * after the last one there (or after our header).
 */
export function updateSysctlConf(before: string | null, values: Map<string, string>, was: Map<string, string>): string {
    if (!before?.trim()) {
        const wasText = [...was].map(([k, v]) => wasLine(k, v));
        const text = renderSysctlConf(values).split("\n");
        return [text[0], ...wasText, ...text.slice(1)].join("\n");
    }
    const lines = before.endsWith("\n") ? before.slice(0, -1).split("\n") : before.split("\n");
    const set = new Set<string>();
    const out = lines.map(raw => {
        const line = raw.trim();
        if (!line || line.startsWith("#") || line.startsWith(";")) return raw;
        const eq = line.indexOf("=");
        if (eq < 0) return raw;
        const key = normalizeKey(line.slice(0, eq));
        const value = values.get(key);
        if (value === undefined) return raw;
        set.add(key);
        return `${line.slice(0, eq).trim()} = ${value}`;
    });
    const newWas = [...was].filter(([k]) => !parseWas(before).has(k)).map(([k, v]) => wasLine(k, v));
    if (newWas.length) {
        let at = -1;
        out.forEach((l, i) => {
            if (WAS.test(l.trimEnd())) at = i;
        });
        if (at < 0 && out[0] === OUR_HEADER) at = 0;
        out.splice(at + 1, 0, ...newWas);
    }
    const added = [...values.keys()].filter(k => !set.has(k)).sort();
    return [...out, ...added.map(k => `${k} = ${values.get(k)}`), ""].join("\n");
}

export interface SysctlFile {
    path: string;
    text: string;
}

export interface Override {
    key: string;
    /** the file whose value is in force after a reboot */
    path: string;
    value: string;
}

const basename = (path: string) => path.slice(path.lastIndexOf("/") + 1);
const dirname = (path: string) => path.slice(0, path.lastIndexOf("/"));

/**
 * The files in the order they are applied at boot: *.conf from every directory, a name in an earlier
 * directory hiding the same name in a later one, sorted by file name; /etc/sysctl.conf last.
 */
export function bootOrder(files: SysctlFile[]): SysctlFile[] {
    const byName = new Map<string, SysctlFile>();
    const rank = (f: SysctlFile) => SYSCTL_DIRS.indexOf(dirname(f.path));
    for (const f of files) {
        if (f.path === SYSCTL_CONF || !f.path.endsWith(".conf") || rank(f) < 0) continue;
        const seen = byName.get(basename(f.path));
        if (!seen || rank(f) < rank(seen)) byName.set(basename(f.path), f);
    }
    const ordered = [...byName.values()].sort((a, b) => (basename(a.path) < basename(b.path) ? -1 : 1));
    const conf = files.find(f => f.path === SYSCTL_CONF);
    return conf ? [...ordered, conf] : ordered;
}

/**
 * For each of our keys, the file that would set it last at boot once ours holds these values, when that is not
 * ours.
 */
export function findOverrides(files: SysctlFile[], ours: Map<string, string>, ourPath = OUR_SYSCTL_FILE): Override[] {
    const withOurs = [...files.filter(f => f.path !== ourPath), { path: ourPath, text: renderSysctlConf(ours) }];
    const last = new Map<string, { path: string; value: string }>();
    for (const f of bootOrder(withOurs)) {
        for (const [key, value] of parseSysctlConf(f.text)) last.set(key, { path: f.path, value });
    }
    const overrides: Override[] = [];
    for (const [key, value] of ours) {
        const winner = last.get(normalizeKey(key));
        if (winner && winner.path !== ourPath && winner.value !== value) overrides.push({ key, ...winner });
    }
    return overrides;
}
