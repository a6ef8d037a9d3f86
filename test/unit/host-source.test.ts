// The host source on stand-ins for its reads: answers that come back out of order do not undo newer ones.

import { beforeEach, describe, expect, it, vi } from "vitest";

import type { KernelState } from "../../src/model/types";

/** readMptcp's calls, each answered when the test says */
const mptcpReads: ((enabled: boolean) => void)[] = [];

vi.mock("../../src/host/ip", () => ({
    readLinks: async () => ({ ip: { links: [], defaultRoutes: { 4: [], 6: [] } }, errors: [] }),
    readLink: async () => null,
    readDefaultRoutes: async () => ({ 4: [], 6: [] }),
    monitorLinks: () => () => {},
    readMptcp: () => new Promise(resolve => mptcpReads.push(enabled => resolve({
        kernel: { mptcp: true, enabled, pathManager: "kernel", limits: null, ipMptcp: true, errors: [] } satisfies KernelState,
        endpoints: [],
    }))),
}));
vi.mock("../../src/host/network-manager", () => ({
    NetworkManagerWatcher: class {
        start() {}
        stop() {}
        snapshot() { return { running: true, version: "1.42.4", devices: [] } }
    },
}));

beforeEach(() => {
    mptcpReads.length = 0;
    Object.assign(
        (globalThis as unknown as { cockpit: Record<string, unknown> }).cockpit,
        { hidden: false, addEventListener() {}, removeEventListener() {} },
    );
});

describe("HostSource", () => {
    it("keeps the newer of two MPTCP reads when the older one answers last", async () => {
        const { HostSource } = await import("../../src/host/host-source");
        const source = new HostSource();
        const seen: (boolean | null)[] = [];
        const stop = source.subscribe(s => seen.push(s.kernel.enabled));
        // the first read (net.mptcp.enabled still 0), then a refresh after it was set to 1
        const refreshed = source.refresh();
        expect(mptcpReads).toHaveLength(2);
        mptcpReads[1]?.(true);
        await refreshed;
        mptcpReads[0]?.(false);
        await new Promise(r => setTimeout(r, 150));
        expect(source.snapshot()?.kernel.enabled).toBe(true);
        expect(seen).toEqual([true]);
        stop();
    });
});
