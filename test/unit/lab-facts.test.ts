// The unit tests' captured `ip` output (test/unit/fixtures/*.json) and the lab's facts (test/lab/facts.env,
// which builds the lab) describe the same lab: a change to one without the other fails here.

import { describe, expect, it } from "vitest";

import { flagNames, nmcliFlags } from "../../src/model/flags";
import { DEFAULT, LINKS, MULTI, PREFIX4, PREFIX6, PROFILES, fact } from "../lab/facts";
import { labSnapshot } from "./fixtures/snapshot";

const snap = labSnapshot();
const captured = new Map(snap.ip.links.map(l => [l.name, l.addresses.filter(a => !a.address.startsWith("fe80:"))]));

describe("the lab's facts", () => {
    it("name each link once, with flags NetworkManager knows", () => {
        expect(new Set(LINKS.map(l => l.dev)).size).toBe(LINKS.length);
        expect(new Set(LINKS.map(l => l.peerDev)).size).toBe(LINKS.length);
        expect(new Set(PROFILES.map(p => p.profile)).size).toBe(PROFILES.length);
        for (const { profile, flags } of PROFILES) {
            expect(nmcliFlags(flags.raw).split(",").sort(), profile).toEqual(flags.names.split(",").sort());
            expect(flags.nmcli, profile).toBe(`0x${flags.raw.toString(16)}`);
        }
        expect(() => fact("NO_SUCH_FACT")).toThrow(/facts.env has no NO_SUCH_FACT/);
    });

    it("agree with the captured addresses: each link's own, nothing else", () => {
        const links = [...captured.keys()].filter(n => n !== "lo");
        // captured before the 802.1X link was added: every captured link is one of the lab's, in its order
        expect(links).toEqual(LINKS.map(l => l.dev).slice(0, links.length));
        for (const { dev, addr4 } of LINKS.filter(l => captured.has(l.dev))) {
            const v4 = captured.get(dev)?.filter(a => a.family === 4).map(a => `${a.address}/${a.prefix}`);
            expect(v4, dev).toEqual(addr4 === null ? [] : [`${addr4}/${PREFIX4}`]);
        }
        const v6 = captured.get(MULTI.dev)?.filter(a => a.family === 6).map(a => `${a.address}/${a.prefix}`);
        expect(v6).toEqual([`${MULTI.addr6}/${PREFIX6}`, `${MULTI.ula6}/${PREFIX6}`]);
    });

    it("agree with the captured default routes, endpoints and profiles", () => {
        const withRoute = LINKS.filter(l => captured.has(l.dev) && l.defaultRoute).map(l => l.dev);
        expect([...snap.ip.defaultRoutes[4]].sort()).toEqual(withRoute.sort());
        expect(snap.ip.defaultRoutes[6]).toEqual([MULTI.dev]);
        const endpoints = snap.ip.endpoints.map(e => [e.dev, e.address, e.flags.join(",")]);
        expect(endpoints).toEqual([
            [MULTI.dev, MULTI.addr4, MULTI.flags.names], [MULTI.dev, MULTI.addr6, MULTI.flags.names],
            // flags 0 is NetworkManager's default: subflow
            [DEFAULT.dev, DEFAULT.addr4, "subflow"],
        ]);
        const devices = snap.nm.running ? snap.nm.devices : [];
        for (const p of PROFILES.filter(p => captured.has(p.dev))) {
            const device = devices.find(d => d.name === p.dev);
            expect(device?.profile?.id, p.dev).toBe(p.profile);
            expect(flagNames(device?.profile?.mptcpFlags ?? -1), p.dev).toEqual(flagNames(p.flags.raw));
        }
    });
});
