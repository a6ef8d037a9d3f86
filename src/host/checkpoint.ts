// NetworkManager's checkpoints, the way Cockpit's Networking page (with_checkpoint) and nmstate
// (with_nm_checkpoint) use them: take one of the devices before changing them, destroy it when the change
// worked, roll back to it when it did not. NetworkManager rolls back by itself when the checkpoint times out
// (the page or the host's link gone), and the checkpoint is gone with NetworkManager if it stops or restarts.

import { errorMessage } from "../model/error-message";
import type { DBusClient } from "./cockpit-types";
import { plain } from "./network-manager";
import { DBUS_PROPS, NM, NM_PATH } from "./nm-dbus";

/** NetworkManager rolls back by itself if the change does not finish (browser gone, host unreachable) in time. */
export const ROLLBACK_TIMEOUT_S = 60;

/** What became of the devices when the change failed. */
export type RollbackOutcome =
    /** every device is as it was */
    | { kind: "restored" }
    /** these devices (object paths) could not be restored */
    | { kind: "not-restored"; devices: string[] }
    /** NetworkManager left, or no longer holds the checkpoint: there was nothing to roll back to */
    | { kind: "lost" }
    /** the rollback failed; if the checkpoint is still held, NetworkManager rolls back by itself at `autoAt` */
    | { kind: "rollback-failed"; error: unknown; autoAt: number | null };

/** The change failed (`cause`), and this is what the checkpoint did about it. */
export class CheckpointFailure extends Error {
    constructor(readonly failure: unknown, readonly outcome: RollbackOutcome) {
        super(errorMessage(failure));
    }
}

export interface CheckpointOptions {
    timeoutS?: number;
    /** races each call to NetworkManager: rejects when NetworkManager leaves the bus */
    guard?: <T>(call: Promise<T>) => Promise<T>;
    /** whether NetworkManager left the bus meanwhile (then nothing is held) */
    left?: () => boolean;
}

/** Whether NetworkManager still holds the checkpoint; null when it cannot be asked. */
export async function checkpointHeld(client: DBusClient, checkpoint: string): Promise<boolean | null> {
    try {
        const [value] = await client.call(NM_PATH, DBUS_PROPS, "Get", [NM, "Checkpoints"], { type: "ss" });
        const paths = plain(value);
        return Array.isArray(paths) && paths.includes(checkpoint);
    } catch {
        return null;
    }
}

/**
 * Runs `change` under a checkpoint of `devices` (object paths). Its result when it succeeds (the checkpoint
 * is destroyed); a CheckpointFailure when it throws, after the rollback, saying what the rollback did.
 */
export async function withCheckpoint<T>(client: DBusClient, devices: string[], change: () => Promise<T>,
    { timeoutS = ROLLBACK_TIMEOUT_S, guard = call => call, left = () => false }: CheckpointOptions = {}): Promise<T> {
    const [checkpoint] = await client.call(NM_PATH, NM, "CheckpointCreate", [devices, timeoutS, 0], { type: "aouu" }) as [string];
    const autoAt = Date.now() + timeoutS * 1000;
    let result: T;
    try {
        result = await change();
        await guard(client.call(NM_PATH, NM, "CheckpointDestroy", [checkpoint], { type: "o" }));
    } catch (cause) {
        // NetworkManager went away (the owner changed), or no longer has our checkpoint: nothing to roll back to
        if (left() || await checkpointHeld(client, checkpoint) === false) throw new CheckpointFailure(cause, { kind: "lost" });
        let results: Record<string, number>;
        try {
            const call = client.call(NM_PATH, NM, "CheckpointRollback", [checkpoint], { type: "o" });
            [results] = await guard(call) as [Record<string, number>];
        } catch (error) {
            if (left()) throw new CheckpointFailure(cause, { kind: "lost" });
            // the checkpoint may still be there: then NetworkManager rolls back by itself when it expires
            const stillHeld = await checkpointHeld(client, checkpoint);
            throw new CheckpointFailure(cause, { kind: "rollback-failed", error, autoAt: stillHeld === false ? null : autoAt });
        }
        // NMRollbackResult per device: 0 is success
        const failed = Object.entries(results ?? {}).filter(([, r]) => Number(r) !== 0).map(([path]) => path);
        throw new CheckpointFailure(cause, failed.length ? { kind: "not-restored", devices: failed } : { kind: "restored" });
    }
    return result;
}
