import { useEffect, useState } from "react";

import type { HostSettings } from "../model/enablement";
import type { HostSnapshot } from "../model/types";
import type { EnablementActions } from "./enablement-actions";

const SETTLE_MS = 300;

/** The host settings beside the snapshot (rp_filter, limits, our files, mptcpd), re-read whenever the snapshot changes. */
export function useHostSettings(snapshot: HostSnapshot | null, actions: EnablementActions | undefined, generation: number) {
    // with the generation it was read for: a read from before the page last changed the host is stale
    const [state, setState] = useState<{ settings: HostSettings; mptcpd: boolean | null; generation: number } | null>(null);
    useEffect(() => {
        if (!snapshot || !actions) return;
        let live = true;
        const timer = setTimeout(() => {
            const names = snapshot.ip.links.filter(l => !l.loopback).map(l => l.name);
            actions.read(names).then(read => {
                if (live) setState({ ...read, generation });
            }, () => { /* the header's own verdicts still show what is known */ });
        }, SETTLE_MS);
        return () => {
            live = false;
            clearTimeout(timer);
        };
    }, [snapshot, actions, generation]);
    return state;
}
