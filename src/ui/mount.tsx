import "@patternfly/react-core/dist/styles/base.css";
import "./app.css";

import { createRoot } from "react-dom/client";

import { App } from "./app";
import type { SnapshotSource } from "./use-snapshot";

export function mount(source: SnapshotSource): void {
    const container = document.getElementById("app");
    if (container) createRoot(container).render(<App source={source} />);
}
