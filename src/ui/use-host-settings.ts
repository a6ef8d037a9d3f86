import { useEffect, useMemo, useState } from "react";

import type { HostSettings } from "../model/setup-plan";
import { endpointInterfaces } from "../model/readiness";
import type { HostSnapshot } from "../model/types";
import type { SetupPort } from "./host-port";

const SETTLE_MS = 300;

/**
 * What the readiness card's settings depend on in a snapshot: the interfaces whose rp_filter it judges
 * (those with IPv4 endpoints, or that will have them) and the kernel's MPTCP state. An address added to
 * an interface that carries no endpoint changes none of it, and reads nothing.
 */
export function hostSettingsKey(snapshot: HostSnapshot): { names: string[]; key: string } {
    const names = endpointInterfaces(snapshot);
    const { kernel, ip } = snapshot;
    return { names, key: JSON.stringify([names, kernel, ip.endpoints]) };
}

/**
 * The host settings beside the snapshot (rp_filter of `all` and of the interfaces with IPv4 endpoints,
 * limits, our files, mptcpd), read again when the snapshot's relevant parts change (hostSettingsKey).
 */
export function useHostSettings(snapshot: HostSnapshot | null, actions: SetupPort | undefined,
    generation: number) {
    // with the generation it was read for: a read from before the page last changed the host is stale
    type Read = { settings: HostSettings; mptcpd: boolean | null; generation: number };
    const [state, setState] = useState<Read | null>(null);
    const wanted = useMemo(() => (snapshot ? hostSettingsKey(snapshot) : null), [snapshot]);
    // a new snapshot with the same key keeps the same object: no new read
    const [current, setCurrent] = useState(wanted);
    if (wanted?.key !== current?.key) setCurrent(wanted);
    useEffect(() => {
        if (!current || !actions) return;
        let live = true;
        const timer = setTimeout(() => {
            actions.read(current.names).then(read => {
                if (live) setState({ ...read, generation });
            }, () => { /* the header's own verdicts still show what is known */ });
        }, SETTLE_MS);
        return () => {
            live = false;
            clearTimeout(timer);
        };
    }, [current, actions, generation]);
    return state;
}
