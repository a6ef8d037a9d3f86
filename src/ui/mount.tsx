// PatternFly's base styles and ours come with the first view (first-view.ts), in the entry's stylesheet
import { createRoot } from "react-dom/client";

import { App } from "./app";
import type { HostPort } from "./host-port";

export function mount(host: HostPort): void {
    const container = document.getElementById("app");
    if (container) createRoot(container).render(<App host={host} />);
}
