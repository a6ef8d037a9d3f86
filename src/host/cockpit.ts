// The one place that reaches Cockpit's global: the page loads ../base1/cockpit.js before our bundle.

import type { CockpitApi } from "./cockpit-types";

export const cockpit: CockpitApi = (globalThis as unknown as { cockpit: CockpitApi }).cockpit;
