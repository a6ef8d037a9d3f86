import type { ApplyStep, ChangeRequest, FlagChangePlan } from "../model/plan";

/** A previewed change, ready to apply. */
export interface Prepared {
    plan: FlagChangePlan;
}

/** What the page can do to the host; src/host provides it, tests fake it. */
export interface Actions {
    /** The plan for the editor's edit of these interfaces, or for putting given values back. */
    prepare(names: string[], change: ChangeRequest): Promise<Prepared>;
    apply(prepared: Prepared, progress: (step: ApplyStep, detail?: string) => void): Promise<void>;
}
