// The page's addresses (Cockpit's location: the part of the shell's URL after "mptcp#"), so that links from
// the readiness card and from other pages land on a view, and the browser's back button leaves it again.
//   /                    the interface table
//   /interface/NAME      the table, with the editor open for NAME
//   /traffic             the Traffic view (is MPTCP working?)
//   /setup[/STEP]        the setup guide, at STEP: sysctl, limits, rp-filter or review
// Anything else is the table: an old or mistyped link still opens the page.

import type { GuideStep } from "./verdicts";

export const SETUP_STEPS = ["sysctl", "limits", "rp-filter", "review"] as const;
/** The setup guide's pages, as they appear in its address. */
export type SetupStep = (typeof SETUP_STEPS)[number];

export type Route =
    | { view: "interfaces"; edit: string | null }
    | { view: "traffic" }
    | { view: "setup"; step: SetupStep | null };

export const HOME: Route = { view: "interfaces", edit: null };

const isSetupStep = (s: string | undefined): s is SetupStep => (SETUP_STEPS as readonly string[]).includes(s ?? "");

/** The route of a location path (Cockpit gives it already split and decoded). */
export function parseRoute(path: readonly string[]): Route {
    const [first, second, ...rest] = path;
    if (first === "traffic" && second === undefined) return { view: "traffic" };
    if (first === "setup" && rest.length === 0) return { view: "setup", step: isSetupStep(second) ? second : null };
    if (first === "interface" && second && rest.length === 0) return { view: "interfaces", edit: second };
    return HOME;
}

/** The location path of a route: parseRoute(routePath(r)) is r. */
export function routePath(route: Route): string[] {
    switch (route.view) {
    case "traffic": return ["traffic"];
    case "setup": return route.step ? ["setup", route.step] : ["setup"];
    case "interfaces": return route.edit ? ["interface", route.edit] : [];
    }
}

/** The guide's page that fixes a verdict's problem. */
export const setupStepOf = (step: GuideStep): SetupStep =>
    (step === "subflows" || step === "add-addr" ? "limits" : step);

/** Whether two routes are the same address. */
export const sameRoute = (a: Route, b: Route) => routePath(a).join("/") === routePath(b).join("/");
