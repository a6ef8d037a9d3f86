import type { ApplyStep, Plan } from "../model/plan";
import type { MptcpSetting } from "../model/setting";

/** A previewed change, ready to apply. */
export interface Prepared {
    plan: Plan;
}

/** What the page can do to the host; src/host provides it, tests fake it. */
export interface Actions {
    prepare(names: string[], setting: MptcpSetting): Promise<Prepared>;
    apply(prepared: Prepared, progress: (step: ApplyStep, detail?: string) => void): Promise<void>;
}
