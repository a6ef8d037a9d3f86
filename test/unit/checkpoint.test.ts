// withCheckpoint: one checkpoint helper for the editor's change and the setup guide's reapply.
import { describe, expect, it } from "vitest";

import { CheckpointFailure, withCheckpoint } from "../../src/host/checkpoint";
import type { DBusClient } from "../../src/host/cockpit-types";

/** NetworkManager's checkpoint methods, answering as told; every call is recorded. */
function fakeNm({ held = true, rollback = { "/dev/1": 0 } as Record<string, number> | Error } = {}) {
    const calls: string[] = [];
    const client = {
        call: async (_path: string, _iface: string, method: string, args: unknown[]) => {
            calls.push(method === "Get" ? `Get ${String(args[1])}` : method);
            if (method === "CheckpointCreate") return ["/cp/1"];
            if (method === "Get") return [{ t: "ao", v: held ? ["/cp/1"] : [] }];
            if (method === "CheckpointRollback") {
                if (rollback instanceof Error) throw rollback;
                return [rollback];
            }
            return [];
        },
    } as unknown as DBusClient;
    return { client, calls };
}

const failure = async (run: Promise<unknown>) => {
    try {
        await run;
    } catch (e) {
        if (e instanceof CheckpointFailure) return e;
        throw e;
    }
    throw new Error("did not fail");
};

describe("withCheckpoint", () => {
    it("destroys the checkpoint when the change works, and returns its result", async () => {
        const { client, calls } = fakeNm();
        await expect(withCheckpoint(client, ["/dev/1"], async () => 42)).resolves.toBe(42);
        expect(calls).toEqual(["CheckpointCreate", "CheckpointDestroy"]);
    });

    it("rolls back when the change fails, and says every device is restored", async () => {
        const { client, calls } = fakeNm();
        const e = await failure(withCheckpoint(client, ["/dev/1"], async () => {
            throw new Error("reapply refused");
        }));
        expect(e.message).toBe("reapply refused");
        expect(e.outcome).toEqual({ kind: "restored" });
        expect(calls).toEqual(["CheckpointCreate", "Get Checkpoints", "CheckpointRollback"]);
    });

    it("names the devices the rollback could not restore", async () => {
        const { client } = fakeNm({ rollback: { "/dev/1": 0, "/dev/2": 1 } });
        const e = await failure(withCheckpoint(client, ["/dev/1", "/dev/2"], async () => {
            throw new Error("x");
        }));
        expect(e.outcome).toEqual({ kind: "not-restored", devices: ["/dev/2"] });
    });

    it("does not roll back what NetworkManager no longer holds", async () => {
        const { client, calls } = fakeNm({ held: false });
        const e = await failure(withCheckpoint(client, ["/dev/1"], async () => {
            throw new Error("x");
        }));
        expect(e.outcome).toEqual({ kind: "lost" });
        expect(calls).not.toContain("CheckpointRollback");
    });

    it("a failed rollback: NetworkManager rolls back by itself while it holds the checkpoint", async () => {
        const { client } = fakeNm({ rollback: new Error("Timeout was reached") });
        const before = Date.now();
        const e = await failure(withCheckpoint(client, ["/dev/1"], async () => {
            throw new Error("x");
        }, { timeoutS: 60 }));
        expect(e.outcome).toMatchObject({ kind: "rollback-failed" });
        const autoAt = e.outcome.kind === "rollback-failed" ? e.outcome.autoAt : null;
        expect(autoAt).toBeGreaterThanOrEqual(before + 60_000);
    });
});
