import { diffLines } from "diff";

/**
 * A unified diff of two texts, line by line, with + and - as in `diff -u`. It scrolls when long, so it takes
 * the focus: a keyboard user scrolls it with the arrow keys.
 */
export function TextDiff({ before, after, label }: { before: string; after: string; label: string }) {
    const lines = diffLines(before, after).flatMap(part => {
        const mark = part.added ? "+" : part.removed ? "-" : " ";
        const kind = part.added ? "added" : part.removed ? "removed" : "same";
        return part.value.replace(/\n$/, "").split("\n").map(text => ({ mark, kind, text }));
    });
    return (
        // jsx-a11y counts a <pre> as not interactive, but a scrolling one must be reachable by keyboard (WCAG 2.1.1)
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        <pre className="mptcp-diff" aria-label={label} tabIndex={0}>
            {lines.map((l, i) => (
                <div key={i} className={`mptcp-diff-${l.kind}`}>{`${l.mark} ${l.text}`}</div>
            ))}
        </pre>
    );
}
