// A lab with a thousand extra interfaces, as a container host has: veth pairs with two IPv4 and two IPv6
// addresses each, most of them unmanaged by NetworkManager (a configuration snippet in the lab's /run says
// so, as udev does for container veths), a few managed (NetworkManager generates profiles for those,
// configured outside it). A lab of its own, on its own port and state: the interfaces, and the work
// NetworkManager has with them, would weigh on everything else in a shared one. The scale test and the
// bench both use it.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const UNMANAGED = 980;
export const MANAGED = 20;
/** ve0..: unmanaged */
export const unmanaged = Array.from({ length: UNMANAGED }, (_, i) => `ve${i}`);
/** ethv0..: managed, as the lab manages eth* */
export const managed = Array.from({ length: MANAGED }, (_, i) => `ethv${i}`);
const CONF = "/run/NetworkManager/conf.d/90-mptcp-scale-test.conf";

export interface ScaleLab {
    port: number;
    /** the page alone, as /cockpit/@localhost/mptcp/index.html */
    page: string;
    onLab: (...args: string[]) => string;
    onPeer: (...args: string[]) => string;
    /** how long making the interfaces took, in ms */
    madeInMs: number;
    stop: () => void;
}

/** One `ip -batch` file for the lab's side and one for the peer's: thousands of commands in two processes. */
function batches(dir: string): { lab: string; peer: string } {
    const lab: string[] = [];
    const peer: string[] = [];
    [...unmanaged, ...managed].forEach((name, i) => {
        lab.push(`link add ${name} type veth peer name vq${i} netns peer`);
        peer.push(`link set vq${i} up`);
    });
    [...unmanaged, ...managed].forEach((name, i) => {
        const [hi, lo, hex] = [i >> 8, i & 255, i.toString(16)];
        lab.push(`link set ${name} up`, `addr add 10.${hi}.${lo}.1/24 dev ${name}`, `addr add 10.${hi + 100}.${lo}.1/24 dev ${name}`,
            `addr add 2001:db8:100:${hex}::1/64 dev ${name} nodad`, `addr add 2001:db8:100:${hex}::2/64 dev ${name} nodad`);
    });
    writeFileSync(join(dir, "lab.batch"), lab.join("\n") + "\n");
    writeFileSync(join(dir, "peer.batch"), peer.join("\n") + "\n");
    return { lab: join(dir, "lab.batch"), peer: join(dir, "peer.batch") };
}

/**
 * Starts the lab on port (and port + 1) with state in stateDir, and makes the interfaces. before(packages)
 * runs once the lab's packages directory exists and before the interfaces are made (the bench puts its floor
 * page there; the bridge looks for packages as it starts, so the lab restarts once if before is given).
 */
export function startScaleLab(port: number, stateDir: string, before?: (packagesDir: string) => void): ScaleLab {
    const env = { ...process.env, MPTCP_LAB_STATE: stateDir, MPTCP_LAB_PORT: String(port) };
    const lab = (...args: string[]) => execFileSync(resolve(import.meta.dirname, "lab.sh"), args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const onLab = (...args: string[]) => lab("exec", ...args);
    const onPeer = (...args: string[]) => lab("peer", ...args);
    lab("stop");
    if (before) {
        before(join(stateDir, "data/cockpit"));
    }
    lab("start");
    const dir = mkdtempSync(join(tmpdir(), "mptcp-scale-"));
    try {
        const files = batches(dir);
        onLab("sh", "-c", `mkdir -p /run/NetworkManager/conf.d && printf '[device-mptcp-scale]\\nmatch-device=interface-name:ve*\\nmanaged=0\\n' > ${CONF} && nmcli general reload conf`);
        const t0 = Date.now();
        onLab("ip", "-batch", files.lab);
        onPeer("ip", "-batch", files.peer);
        return {
            port,
            page: `http://127.0.0.1:${port}/cockpit/@localhost/mptcp/index.html`,
            onLab,
            onPeer,
            madeInMs: Date.now() - t0,
            // the interfaces, the configuration snippet and NetworkManager go with the lab
            stop: () => lab("stop"),
        };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
