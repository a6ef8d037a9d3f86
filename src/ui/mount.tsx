// PatternFly's base styles and ours come with the first view (first-view.ts), in the entry's stylesheet
import { createRoot } from "react-dom/client";

import type { Actions } from "./actions";
import type { EnablementActions } from "./enablement-actions";
import { App } from "./app";
import type { ShellPort } from "./shell-port";
import type { TrafficActions } from "./traffic-actions";
import type { SnapshotSource } from "./use-snapshot";

export function mount(source: SnapshotSource, actions: Actions, enablement: EnablementActions, traffic: TrafficActions, shell: ShellPort): void {
    const container = document.getElementById("app");
    if (container) createRoot(container).render(<App source={source} actions={actions} enablement={enablement} traffic={traffic} shell={shell} />);
}
