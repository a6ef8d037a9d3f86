import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// The architecture, enforced: only src/host talks to Cockpit; the model is pure.
const noHost = {
    group: ["**/host/*", "!**/host/cockpit-types"],
    message: "Only src/host talks to Cockpit; pass data and actions in.",
};
const noUi = { group: ["react", "react-dom", "@patternfly/*", "**/ui/*"], message: "The model is pure TypeScript." };

export default tseslint.config(
    { ignores: ["dist/", "node_modules/"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    { rules: { "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }] } },
    {
        // Lines of at most 120 characters, but for what is one string (a translatable sentence, a URL, a pattern),
        // as Cockpit's projects have it; one statement per line.
        files: ["src/**", "tools/**", "po/**", "test/**", "*.config.ts"],
        rules: {
            "max-len": ["error", {
                code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true,
            }],
            "max-statements-per-line": ["error", { max: 1 }],
        },
    },
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
        // Accessibility of what the components render (the integration tests add axe-core on the real page).
        ...jsxA11y.flatConfigs.recommended,
        files: ["src/ui/**/*.tsx"],
        // PatternFly's components render these elements; checked as such.
        settings: {
            "jsx-a11y": {
                components: {
                    Button: "button", TextInput: "input", TextArea: "textarea", Checkbox: "input", Radio: "input",
                    Form: "form", Table: "table", Tr: "tr", Th: "th", Td: "td",
                },
            },
        },
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
