import { defineConfig } from "vitest/config";

// Integration tests share one lab (one NetworkManager, one kernel): one file at a time, in order.
export default defineConfig({
    test: {
        include: ["test/integration/**/*.test.ts"],
        globalSetup: ["test/integration/global-setup.ts"],
        fileParallelism: false,
        testTimeout: 60_000,
        hookTimeout: 120_000,
    },
});
