import type { EnablementPlan, HostSettings } from "../model/enablement";

/** The guide's access to the host; src/host provides it, tests fake it. */
export interface EnablementActions {
    read(interfaces: string[]): Promise<{ settings: HostSettings; mptcpd: boolean | null }>;
    apply(plan: EnablementPlan): Promise<void>;
    undo(): Promise<void>;
}
