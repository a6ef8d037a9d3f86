import type { SetupPlan, HostSettings, UndoPlan, UndoResult } from "../model/setup-plan";

/** The guide's access to the host; src/host provides it, tests fake it. */
export interface EnablementActions {
    read(interfaces: string[]): Promise<{ settings: HostSettings; mptcpd: boolean | null }>;
    apply(plan: SetupPlan): Promise<void>;
    /** runs every step of the plan, whatever the others did; `progress` hears of each as it ends */
    undo(plan: UndoPlan, progress: (index: number, result: UndoResult) => void): Promise<UndoResult[]>;
}
