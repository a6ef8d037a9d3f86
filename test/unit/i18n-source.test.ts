// Every user-visible string goes through gettext, as a whole, and reaches the template. xgettext reads our
// TypeScript with its C parser (po/extract.sh): this reads the same sources with TypeScript's own parser and
// type checker, so that a string xgettext misses (a literal it cannot see, a file it misreads), a count
// written with _() instead of ngettext, or words written straight into the page fail here, each with its place.

import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { po } from "gettext-parser";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

const repo = resolve(import.meta.dirname, "../..");

const sourceFiles = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") ? [join(dir, e.name)] : []);

/** The gettext functions and which of their arguments are messages (po/extract.sh's keywords). */
const KEYWORDS: Record<string, { msgid: number; plural?: number; context?: number }> = {
    _: { msgid: 0 }, N_: { msgid: 0 }, gettext: { msgid: 0 }, ngettext: { msgid: 0, plural: 1 },
    C_: { context: 0, msgid: 1 },
};

/**
 * Messages with a number in them that is not a count (an identifier, a position, a value, a unit symbol):
 * they need no plural forms. Anything else formatted with a number is a count and must be an ngettext.
 */
const NOT_COUNTS: Record<string, string> = {
    "Endpoint $0 flags": "an endpoint's id",
    "endpoint $0": "an endpoint's id",
    "remote id $0": "an address id",
    "error $0": "an error number",
    "line $0, column $1": "a position",
    "MPTCP limits: subflows $0, add_addr_accepted $1": "sysctl-like values",
    "This changes every interface: net.ipv4.conf.all.rp_filter goes from $0 to $1": "sysctl values",
    "Each limit must be a whole number from 0 to $0.": "a range's bound",
    "$0 B": "a unit symbol (no plural)",
    "$0 KiB": "a unit symbol (no plural)",
    "$0 MiB": "a unit symbol (no plural)",
    "$0 GiB": "a unit symbol (no plural)",
    "$0 ms": "a unit symbol (no plural)",
    "Applied and verified in $0 s": "a unit symbol (no plural)",
};

/** Words in the page's markup that are the same in every language: identifiers the user types or reads as code. */
const TECHNICAL_TEXT = new Set(["net.mptcp.enabled", "rp_filter", "MPTCP", "mptcp.example.org"]);

/**
 * Whole sentences joined with a space: each is a message of its own, which translates correctly (and one
 * listed exception). Anything else built by joining translated pieces fixes an English word order, and fails.
 */
const SENTENCE_JOINS = new Set([
    "The rollback failed: $0",
    "The kernel refused an MPTCP socket: MPTCP is not built in, or net.mptcp.enabled is 0.",
    "NetworkManager is not running.",
    "The kernel's MPTCP state is still shown; profiles and configured flags are not.",
    "fullmesh cannot be combined with signal: the kernel refuses such endpoints.",
    "($0)",
    // PatternFly's pagination writes "1 - 50 of 120 interfaces" from its ofWord and items itself; the per-page
    // button's name repeats that visible text in the same order (it must contain it), so it joins them alike
    "of",
    "interfaces",
]);

/** Attributes whose text a user sees or hears. */
const TEXT_ATTRIBUTES = /^(aria-label|aria-valuetext|aria-description|title|titleText|placeholder|alt|label|description|helperText|toggleText|screenReaderText|tooltip|content|body|header|actionClose|closeBtnAriaLabel|buttonText|emptyStateText)$/;

interface Message { msgid: string; plural?: string; context?: string; where: string }
interface Finding { where: string; what: string }

let messages: Message[] = [];
const findings: Record<"notLiteral" | "count" | "jsxText" | "attribute" | "joined" | "prose" | "decimals" | "patternfly", Finding[]> =
    { notLiteral: [], count: [], jsxText: [], attribute: [], joined: [], prose: [], decimals: [], patternfly: [] };

/** PatternFly components whose own words are English, and what gives them ours. */
const PATTERNFLY_WORDS: Record<string, { wrapper: string } | { props: string[] }> = {
    Alert: { wrapper: "src/ui/alert.tsx" },
    Modal: { wrapper: "src/ui/modal.tsx" },
    Pagination: { props: ["titles"] },
    LabelGroup: { props: ["collapsedText", "expandedText"] },
    Wizard: { props: ["footer", "navAriaLabel"] },
};

function gettextCall(node: ts.Node): string | null {
    if (!ts.isCallExpression(node)) return null;
    const callee = node.expression;
    const name = ts.isIdentifier(callee) ? callee.text
        : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "cockpit" ? callee.name.text : null;
    return name && Object.hasOwn(KEYWORDS, name) ? name : null;
}

/** The messages of a gettext call inside an expression, if any. */
function messagesIn(node: ts.Node): string[] {
    const out: string[] = [];
    const visit = (n: ts.Node) => {
        if (gettextCall(n)) {
            const arg = (n as ts.CallExpression).arguments[0];
            if (arg && ts.isStringLiteral(arg)) out.push(arg.text);
        }
        ts.forEachChild(n, visit);
    };
    visit(node);
    return out;
}

beforeAll(() => {
    const files = sourceFiles(join(repo, "src")).sort();
    const program = ts.createProgram(files, {
        strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        jsx: ts.JsxEmit.ReactJSX, skipLibCheck: true, noEmit: true, types: [],
    });
    const checker = program.getTypeChecker();
    messages = [];
    for (const file of files) {
        const sf = program.getSourceFile(file);
        if (!sf) throw new Error(`not parsed: ${file}`);
        const rel = relative(repo, file);
        const at = (n: ts.Node) => `${rel}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
        const inModel = rel.startsWith("src/model/");

        const visit = (n: ts.Node) => {
            const keyword = gettextCall(n);
            if (keyword) {
                const call = n as ts.CallExpression;
                const spec = KEYWORDS[keyword];
                const literal = (i: number | undefined): string | undefined => {
                    if (i === undefined) return undefined;
                    const arg = call.arguments[i];
                    // xgettext's C parser sees only double-quoted literals
                    if (arg && ts.isStringLiteral(arg) && arg.getText(sf).startsWith("\"")) return arg.text;
                    findings.notLiteral.push({ where: at(call), what: call.getText(sf).slice(0, 100) });
                    return undefined;
                };
                const msgid = literal(spec.msgid);
                const plural = literal(spec.plural);
                const context = literal(spec.context);
                if (msgid !== undefined) messages.push({
                    msgid, ...(plural !== undefined && { plural }), ...(context !== undefined && { context }),
                    where: at(call),
                });
            }

            // format(_("... $0 ..."), n): a count that _() cannot give plural forms
            if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "format") {
                const template = n.arguments[0];
                if (template && gettextCall(template) && gettextCall(template) !== "ngettext") {
                    const msgid = messagesIn(template)[0] ?? "";
                    const numeric = n.arguments.slice(1).some(a => {
                        const type = checker.getTypeAtLocation(a);
                        const converted = ts.isCallExpression(a) && (
                            (ts.isIdentifier(a.expression) && a.expression.text === "String") ||
                            (ts.isPropertyAccessExpression(a.expression) && /^(toString|toFixed|toLocaleString)$/.test(a.expression.name.text)));
                        return (type.flags & ts.TypeFlags.NumberLike) !== 0 || converted;
                    });
                    if (numeric && !Object.hasOwn(NOT_COUNTS, msgid))
                        findings.count.push({ where: at(n), what: msgid });
                }
            }

            // words written straight into the markup
            if (ts.isJsxText(n) && /\p{L}{2,}/u.test(n.text) && !TECHNICAL_TEXT.has(n.text.trim()))
                findings.jsxText.push({ where: at(n), what: n.text.trim() });
            if (ts.isJsxAttribute(n) && n.initializer && TEXT_ATTRIBUTES.test(n.name.getText(sf))) {
                const value = ts.isStringLiteral(n.initializer) ? n.initializer
                    : ts.isJsxExpression(n.initializer) && n.initializer.expression
                        && ts.isStringLiteralLike(n.initializer.expression) ? n.initializer.expression : null;
                if (value && /\p{L}{2,}/u.test(value.text) && !TECHNICAL_TEXT.has(value.text))
                    findings.attribute.push({ where: at(n), what: n.getText(sf) });
            }

            // translated pieces joined into a phrase
            const joined = (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken)
                || ts.isTemplateExpression(n);
            if (joined
                && !(ts.isBinaryExpression(n.parent) && n.parent.operatorToken.kind === ts.SyntaxKind.PlusToken)) {
                const inside = messagesIn(n);
                if (inside.some(m => !SENTENCE_JOINS.has(m)))
                    findings.joined.push({ where: at(n), what: n.getText(sf).slice(0, 120) });
            }

            // prose outside gettext (the model's strings are file contents and identifiers: English by design)
            if (!inModel && ts.isStringLiteralLike(n) && /^\p{Lu}\p{Ll}+( \p{Ll}+){2,}/u.test(n.text) && !gettextCall(n.parent) &&
                !ts.isImportDeclaration(n.parent) && !ts.isExportDeclaration(n.parent) &&
                !ts.isLiteralTypeNode(n.parent))
                findings.prose.push({ where: at(n), what: n.text.slice(0, 100) });

            // PatternFly's English: Alert and Modal through our wrappers; the others given our words
            if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier) && n.moduleSpecifier.text === "@patternfly/react-core") {
                const bindings = n.importClause?.namedBindings;
                for (const el of bindings && ts.isNamedImports(bindings) ? bindings.elements : []) {
                    const rule = PATTERNFLY_WORDS[(el.propertyName ?? el.name).text];
                    if (rule && "wrapper" in rule && rel !== rule.wrapper)
                        findings.patternfly.push({ where: at(el), what: `${el.getText(sf)}: import it from ./${rule.wrapper.split("/").pop()?.replace(/\.tsx$/, "")}` });
                }
            }
            if ((ts.isJsxSelfClosingElement(n) || ts.isJsxOpeningElement(n)) && ts.isIdentifier(n.tagName)) {
                const rule = PATTERNFLY_WORDS[n.tagName.text];
                const given = n.attributes.properties.map(a => (ts.isJsxAttribute(a) ? a.name.getText(sf) : "..."));
                if (rule && "props" in rule && !given.includes("...") && rule.props.some(p => !given.includes(p)))
                    findings.patternfly.push({ where: at(n), what: `<${n.tagName.text}> without ${rule.props.filter(p => !given.includes(p)).join(", ")}` });
                // Td's expand toggle is named "Details", with no way to give it another name
                if (n.tagName.text === "Td" && given.includes("expand")) findings.patternfly.push({ where: at(n), what: "<Td expand>: an own toggle button" });
            }

            // a decimal point where German writes a comma
            if (rel.startsWith("src/ui/") && ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === "toFixed")
                findings.decimals.push({ where: at(n), what: n.getText(sf) });

            ts.forEachChild(n, visit);
        };
        visit(sf);
    }
}, 60_000);

const list = (f: Finding[]) => f.map(x => `${x.where}: ${x.what}`);

describe("the sources' strings", () => {
    it("pass only double-quoted literals to gettext, so that xgettext extracts them", () => {
        expect(messages.length).toBeGreaterThan(400);
        expect(list(findings.notLiteral)).toEqual([]);
    });

    it("are all in the template, with the same plural (run npm run po:extract)", () => {
        const pot = po.parse(readFileSync(join(repo, "po/cockpit-mptcp.pot"), "utf8")).translations;
        const missing = messages.filter(m => pot[m.context ?? ""]?.[m.msgid] === undefined).map(m => `${m.where}: ${m.msgid}`);
        expect(missing).toEqual([]);
        const wrongPlural = messages.filter(m => m.plural !== undefined && pot[m.context ?? ""]?.[m.msgid]?.msgid_plural !== m.plural)
            .map(m => `${m.where}: ${m.msgid}`);
        expect(wrongPlural).toEqual([]);
    });

    it("count with ngettext: no _() message is formatted with a number, except the listed non-counts", () => {
        expect(list(findings.count)).toEqual([]);
        // each exception is still in use: a message that became a count or went away is taken off the list
        const used = new Set(messages.map(m => m.msgid));
        expect(Object.keys(NOT_COUNTS).filter(m => !used.has(m))).toEqual([]);
    });

    it("write no words straight into the markup or its text attributes", () => {
        expect(list(findings.jsxText)).toEqual([]);
        expect(list(findings.attribute)).toEqual([]);
    });

    it("join translated pieces only as whole sentences", () => {
        expect(list(findings.joined)).toEqual([]);
    });

    it("hold no sentences outside gettext in the page's code", () => {
        expect(list(findings.prose)).toEqual([]);
    });

    it("leave PatternFly no English of its own (its Alert, Modal, Pagination, LabelGroup, Wizard, Td expand)", () => {
        expect(list(findings.patternfly)).toEqual([]);
    });

    it("write decimals in the page's language (decimal() in src/i18n.ts), not with toFixed", () => {
        expect(list(findings.decimals)).toEqual([]);
    });
});
