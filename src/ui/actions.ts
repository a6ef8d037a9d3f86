import type { InterfaceRow } from "../model/interfaces";
import { loadYaml } from "../model/nmstate";
import { planFlagChange, type ChangeRequest, type Guard, type FlagChangePlan } from "../model/plan";
import type { HostSnapshot } from "../model/types";
import type { ApplyProgress, FlagChangePort } from "./host-port";


/** A previewed change, ready to apply: the plan, and what apply checks has not changed since the preview. */
export interface FlagChangePreview {
    plan: FlagChangePlan;
    guards: Guard[];
}

/** What the editor does: preview a change of these interfaces (or putting given values back), and apply it. */
export interface Actions {
    prepare(names: string[], change: ChangeRequest): Promise<FlagChangePreview>;
    apply(preview: FlagChangePreview, progress: ApplyProgress): Promise<void>;
}

/**
 * The editor's actions on what the table shows: the plan is the model's, made from the snapshot and rows the
 * user saw; the host only reads what the plan needs (rp_filter) and what apply checks (the guards).
 */
export function editorActions(port: FlagChangePort, snapshot: HostSnapshot, rows: InterfaceRow[]): Actions {
    return {
        prepare: async (names, change) => {
            const [rpFilter] = await Promise.all([port.readRpFilter(names), loadYaml()]);
            const plan = planFlagChange(snapshot, rows, names, change, rpFilter);
            return { plan, guards: plan.problems.length ? [] : await port.readGuards(plan) };
        },
        apply: (preview, progress) => port.apply(preview.plan, preview.guards, progress),
    };
}
