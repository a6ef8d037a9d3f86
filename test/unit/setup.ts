import { loadYaml } from "../../src/model/nmstate";

// Unit and component tests run without Cockpit: a stand-in for the gettext part of its API, which
// translates nothing and formats as cockpit.format does ($0, $1, ...).

const format = (template: string, ...args: (string | number)[]) =>
    template.replace(/\$(\d+)/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));

Object.assign(globalThis, {
    cockpit: {
        gettext: (message: string) => message,
        ngettext: (singular: string, plural: string, n: number) => (n === 1 ? singular : plural),
        format,
    },
});

// The model's YAML output needs the yaml package, which the page loads only when it is needed
await loadYaml();
