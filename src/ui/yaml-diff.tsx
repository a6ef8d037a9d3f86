import { diffLines } from "diff";

import { _ } from "../i18n";

/** A unified diff of two YAML texts, line by line, with + and - as in `diff -u`. */
export function YamlDiff({ before, after }: { before: string; after: string }) {
    const lines = diffLines(before, after).flatMap(part => {
        const mark = part.added ? "+" : part.removed ? "-" : " ";
        const kind = part.added ? "added" : part.removed ? "removed" : "same";
        return part.value.replace(/\n$/, "").split("\n").map(text => ({ mark, kind, text }));
    });
    return (
        <pre className="mptcp-diff" aria-label={_("Changes as nmstate YAML")}>
            {lines.map((l, i) => (
                <div key={i} className={`mptcp-diff-${l.kind}`}>{`${l.mark} ${l.text}`}</div>
            ))}
        </pre>
    );
}
