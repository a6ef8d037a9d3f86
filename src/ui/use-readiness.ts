import { useEffect, useState } from "react";

import type { HostSettings } from "../model/enablement";
import { readiness, type Check } from "../model/readiness";
import type { HostSnapshot } from "../model/types";
import type { EnablementActions } from "./enablement-actions";

const SETTLE_MS = 300;

/** The readiness checks, re-read (rp_filter, limits, our files) whenever the host's snapshot changes. */
export function useReadiness(snapshot: HostSnapshot | null, actions: EnablementActions | undefined, generation: number) {
    const [state, setState] = useState<{ checks: Check[]; settings: HostSettings } | null>(null);
    useEffect(() => {
        if (!snapshot || !actions) return;
        let live = true;
        const timer = setTimeout(() => {
            const names = snapshot.ip.links.filter(l => !l.loopback).map(l => l.name);
            actions.read(names).then(({ settings, mptcpd }) => {
                if (live) setState({ checks: readiness(snapshot, settings.rp, mptcpd), settings });
            }, () => { /* the header's own checks still show what is known */ });
        }, SETTLE_MS);
        return () => {
            live = false;
            clearTimeout(timer);
        };
    }, [snapshot, actions, generation]);
    return state;
}
