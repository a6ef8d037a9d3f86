import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// The architecture, enforced: only src/host talks to Cockpit; the model is pure.
const noHost = { group: ["**/host/*", "!**/host/cockpit-types"], message: "Only src/host talks to Cockpit; pass data and actions in." };
const noUi = { group: ["react", "react-dom", "@patternfly/*", "**/ui/*"], message: "The model is pure TypeScript." };

export default tseslint.config(
    { ignores: ["dist/", "node_modules/"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    { rules: { "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }] } },
    {
        files: ["src/**/*.{ts,tsx}"],
        languageOptions: { globals: globals.browser },
        plugins: { "react-hooks": reactHooks },
        rules: {
            ...reactHooks.configs.recommended.rules,
            "react-hooks/exhaustive-deps": "error",
        },
    },
    {
        files: ["src/ui/**"],
        rules: { "no-restricted-imports": ["error", { patterns: [noHost] }] },
    },
    {
        files: ["src/model/**"],
        rules: { "no-restricted-imports": ["error", { patterns: [noHost, noUi] }] },
    },
    {
        files: ["test/**", "po/**", "*.config.ts", "*.js"],
        languageOptions: { globals: globals.node },
    },
);
