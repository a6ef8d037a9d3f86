// The lab's facts (facts.env, which the lab's shell scripts source) for the tests: the devices, profiles,
// addresses and flags the lab is built with, so that a change to the lab is made in one place.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { MptcpFlag, type MptcpFlagName } from "../../src/model/flags";

const text = readFileSync(resolve(import.meta.dirname, "facts.env"), "utf8");
const facts = new Map(text.split("\n")
    .filter(line => /^[A-Z0-9_]+=/.test(line))
    .map(line => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)] as const));

/** One fact; a name the file does not have is a mistake in the test, not an empty value. */
export function fact(name: string): string {
    const value = facts.get(name);
    if (value === undefined) throw new Error(`test/lab/facts.env has no ${name}`);
    return value;
}

/** A profile's connection.mptcp-flags: as given to nmcli, as a number, and as `nmcli -g` prints it. */
export interface LabFlags { names: string; raw: number; nmcli: string }

function flags(names: string): LabFlags {
    const raw = names.split(",").filter(n => n !== "").reduce((r, n) => {
        // nmcli's words ("also-without-sysctl") are the model's names in kebab case
        const name = n.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
        if (!(name in MptcpFlag)) throw new Error(`facts.env: unknown MPTCP flag ${n}`);
        return r | MptcpFlag[name as MptcpFlagName];
    }, 0);
    return { names, raw, nmcli: `0x${raw.toString(16)}` };
}

/** A link of the lab: its device on the lab host and its end on the peer. */
export interface LabLink { dev: string; peerDev: string }
/** A link with a NetworkManager profile and an IPv4 address (the peer's is the gateway where it has one). */
export interface LabProfile extends LabLink { profile: string; flags: LabFlags; addr4: string; peer4: string }

const link = (role: string): LabLink => ({ dev: fact(`${role}_DEV`), peerDev: fact(`${role}_PEER_DEV`) });
const profile = (role: string): LabProfile => ({
    ...link(role), profile: fact(`${role}_PROFILE`), flags: flags(fact(`${role}_FLAGS`)),
    addr4: fact(`${role}_ADDR4`), peer4: fact(`${role}_PEER4`),
});

export const PREFIX4 = Number(fact("PREFIX4"));
export const PREFIX6 = Number(fact("PREFIX6"));

/** Several IPv4/IPv6 addresses, a ULA and a link-local, default routes in both families, signal+subflow. */
export const MULTI = {
    ...profile("MULTI"), addr6: fact("MULTI_ADDR6"), ula6: fact("MULTI_ULA6"), peer6: fact("MULTI_PEER6"),
};
/** No default route on the device: NetworkManager configures no endpoint. */
export const NOROUTE = profile("NOROUTE");
/** MPTCP disabled in the profile. */
export const DISABLED = profile("DISABLED");
/** Flags 0: NetworkManager's default (enabled, subflow). */
export const DEFAULT = profile("DEFAULT");
/** A managed device without a profile. */
export const BARE = link("BARE");
/** A device NetworkManager does not manage, its address set by hand. */
export const UNMANAGED = { ...link("UNMANAGED"), addr4: fact("UNMANAGED_ADDR4"), peer4: fact("UNMANAGED_PEER4") };
/** An 802.1X profile with a password. */
export const DOT1X = { ...profile("DOT1X"), identity: fact("DOT1X_IDENTITY"), password: fact("DOT1X_PASSWORD") };

/** The lab's profiles (each case with one), in the order the lab makes them. */
export const PROFILES: readonly LabProfile[] = [MULTI, NOROUTE, DISABLED, DEFAULT, DOT1X];
/** Every link of the lab host, in the order the lab makes them: its case (the facts' prefix), its IPv4
 * address if it has one, and whether its profile makes a default route. */
export interface LabLinkFacts extends LabLink { role: string; addr4: string | null; defaultRoute: boolean }
export const LINKS: readonly LabLinkFacts[] = fact("LINKS").split(",").map(role => ({
    role, ...link(role), addr4: facts.get(`${role}_ADDR4`) ?? null, defaultRoute: facts.has(`${role}_METRIC`),
}));

/** remote.sh: the shell host and its link to the lab host. */
export const REMOTE = {
    labName: fact("REMOTE_LAB_NAME"), labDev: fact("REMOTE_LAB_DEV"), labAddr4: fact("REMOTE_LAB_ADDR4"),
    shellName: fact("REMOTE_SHELL_NAME"), shellDev: fact("REMOTE_SHELL_DEV"), shellAddr4: fact("REMOTE_SHELL_ADDR4"),
};
