import { diffLines } from "diff";

/** A unified diff of two texts, line by line, with + and - as in `diff -u`. */
export function TextDiff({ before, after, label }: { before: string; after: string; label: string }) {
    const lines = diffLines(before, after).flatMap(part => {
        const mark = part.added ? "+" : part.removed ? "-" : " ";
        const kind = part.added ? "added" : part.removed ? "removed" : "same";
        return part.value.replace(/\n$/, "").split("\n").map(text => ({ mark, kind, text }));
    });
    return (
        <pre className="mptcp-diff" aria-label={label}>
            {lines.map((l, i) => (
                <div key={i} className={`mptcp-diff-${l.kind}`}>{`${l.mark} ${l.text}`}</div>
            ))}
        </pre>
    );
}
