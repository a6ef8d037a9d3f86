import { defineConfig } from "vitest/config";
import type { TestUserConfig } from "vitest/node";

// Two projects. "unit": model unit tests and component tests (node, or jsdom where a file asks for it), in
// parallel. "integration": the lab tests; they share one lab (one NetworkManager, one kernel), started once by
// the global setup, so they run one file at a time. `vitest run` alone runs the unit tests only (the lab needs
// root, a build and a free port): `vitest run --project integration` the lab tests.
const test: TestUserConfig = {
    // the default when no --project is given
    project: "unit",
    projects: [
        {
            test: {
                name: "unit",
                include: ["test/unit/**/*.test.{ts,tsx}"],
                environment: "node",
                setupFiles: ["test/unit/setup.ts"],
            },
        },
        {
            test: {
                name: "integration",
                include: ["test/integration/**/*.test.ts"],
                globalSetup: ["test/integration/global-setup.ts"],
                fileParallelism: false,
                testTimeout: 60_000,
                hookTimeout: 120_000,
            },
        },
    ],
};

export default defineConfig({ test });
