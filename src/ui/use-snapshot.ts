import { useEffect, useState } from "react";

import type { HostSnapshot } from "../model/types";
import type { SnapshotSource } from "./host-port";

export function useSnapshot(source: SnapshotSource): HostSnapshot | null {
    const [snapshot, setSnapshot] = useState<HostSnapshot | null>(() => source.snapshot?.() ?? null);
    useEffect(() => source.subscribe(setSnapshot), [source]);
    return snapshot;
}
