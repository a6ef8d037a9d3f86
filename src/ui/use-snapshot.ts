import { useEffect, useState } from "react";

import type { HostSnapshot } from "../model/types";

/** Anything that delivers host snapshots: the real host source, or a fake in tests. */
export interface SnapshotSource {
    subscribe(listener: (snapshot: HostSnapshot) => void): () => void;
    /** the latest snapshot, if there is one yet: the first render shows it rather than "loading" */
    snapshot?(): HostSnapshot | null;
}

export function useSnapshot(source: SnapshotSource): HostSnapshot | null {
    const [snapshot, setSnapshot] = useState<HostSnapshot | null>(() => source.snapshot?.() ?? null);
    useEffect(() => source.subscribe(setSnapshot), [source]);
    return snapshot;
}
