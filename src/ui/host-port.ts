import type { FlagChangePort } from "./actions";
import type { EnablementActions } from "./enablement-actions";
import type { ShellPort } from "./shell-port";
import type { TrafficActions } from "./traffic-actions";
import type { SnapshotSource } from "./use-snapshot";

/**
 * Everything the page asks of the host and the shell, in one place (src/index.ts makes it from src/host;
 * tests fake the parts they need). Without a part, the page offers none of what needs it.
 */
export interface HostPort {
    /** the host's state, as it changes */
    snapshots: SnapshotSource;
    /** changing interfaces' MPTCP flags (the editor) */
    flags?: FlagChangePort;
    /** the host settings MPTCP needs (the readiness card's settings, the setup guide, undo) */
    setup?: EnablementActions;
    /** the Traffic view */
    traffic?: TrafficActions;
    /** the page's address, menu status, jumps and administrative access */
    shell?: ShellPort;
}
