// The integration tests' handle on the lab (test/lab/lab.sh): its own state directory and port, so a
// lab that a person started for manual use is left alone.

import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

import { MULTI } from "../lab/facts";

const LAB = resolve(import.meta.dirname, "../lab/lab.sh");
export const PORT = Number(process.env.MPTCP_TEST_PORT ?? 9192);
/** The lab's state directory: its bridge finds packages in STATE/data/cockpit, then /usr/share/cockpit. */
export const STATE = process.env.MPTCP_TEST_STATE ?? "/tmp/mptcp-lab-test";
const env = { ...process.env, MPTCP_LAB_STATE: STATE, MPTCP_LAB_PORT: String(PORT) };

export const BASE = `http://127.0.0.1:${PORT}`;
export const PAGE = `${BASE}/cockpit/@localhost/mptcp/index.html`;

const lab = (...args: string[]) => execFileSync(LAB, args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** The shell host of test/lab/remote.sh (Cockpit reaching the lab host over SSH): its cockpit-ws port. */
export const REMOTE_PORT = PORT + 30;
export const REMOTE_BASE = `http://127.0.0.1:${REMOTE_PORT}`;
const REMOTE = resolve(import.meta.dirname, "../lab/remote.sh");
const remote = (...args: string[]) =>
    execFileSync(REMOTE, args, { env: { ...env, MPTCP_REMOTE_PORT: String(REMOTE_PORT) }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
export const startRemote = () => remote("start");
export const stopRemote = () => remote("stop");
/** Runs a command on the shell host and returns its output. */
export const onShellHost = (...args: string[]) => remote("shell", ...args);
/** The directory where remote.sh keeps its state (public host key, logs, PIDs). */
export const REMOTE_STATE = `${env.MPTCP_LAB_STATE}/remote`;

export const startLab = () => lab("start");
export const stopLab = () => lab("stop");
/** Runs a command on the lab host and returns its output. */
export const onLab = (...args: string[]) => lab("exec", ...args);
/** Runs a command on the lab's peer. */
export const onPeer = (...args: string[]) => lab("peer", ...args);
export const nm = (action: "start" | "stop") => lab("nm", action);
export const ipJson = <T = unknown>(...args: string[]): T => JSON.parse(onLab("ip", "-j", ...args) || "[]") as T;

export interface KernelEndpoint {
    address: string; id: number; dev?: string; signal?: boolean; subflow?: boolean; backup?: boolean; fullmesh?: boolean
}
export interface KernelLink { ifname: string; addr_info: { local: string; prefixlen: number }[] }

export const endpointFlags = (e: KernelEndpoint) =>
    (["signal", "subflow", "backup", "fullmesh"] as const).filter(f => e[f] === true).join(",");

/** The peer's address on the lab host's eth1 link (the lab's MULTI case), where test servers listen. */
export const PEER = MULTI.peer4;
const TRAFFIC = resolve(import.meta.dirname, "../lab/mptcp-traffic.py");

export const listening = (port: number) => onPeer("ss", "-Hltn", `sport = :${port}`).trim() !== "";

/** Starts a server on the peer for `seconds` (MPTCP, or plain TCP) and returns once it listens. */
export async function peerServer(port: number, { plain = false, seconds = 20 } = {}): Promise<void> {
    if (listening(port)) throw new Error(`port ${port} on the peer is in use`);
    onPeer("sh", "-c", 'python3 "$1" server "$2" "$3" --seconds "$4" $5 </dev/null >/dev/null 2>&1 &', "-",
        TRAFFIC, PEER, String(port), String(seconds), plain ? "--plain" : "");
    for (let i = 0; i < 50 && !listening(port); i++) await new Promise(r => setTimeout(r, 100));
    if (!listening(port)) throw new Error(`no server listens on ${PEER}:${port}`);
}

/** An MPTCP client on the lab host that holds its connection to the peer open for `seconds`, in the background. */
export function labClient(port: number, seconds = 10): void {
    onLab("sh", "-c", 'python3 "$1" client "$2" "$3" --seconds "$4" </dev/null >/dev/null 2>&1 &', "-", TRAFFIC, PEER, String(port), String(seconds));
}
