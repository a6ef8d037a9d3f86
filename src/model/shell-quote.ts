// Shell quoting for the commands the page shows for copy and paste (the guide's, the editor's, exports).
// The page itself never runs a shell: it passes argv to cockpit.spawn. These strings are for a person's
// root shell, so every value is quoted so that the shell passes it on as one word, unchanged.

/** Words a POSIX shell passes on unchanged without quotes (ASCII only: no globs, expansions, separators, tilde). */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * One word for a POSIX shell: plain words as they are, anything else in single quotes (in which nothing
 * is special; a single quote itself becomes '\''). The empty word is ''.
 */
export const shellQuote = (word: string): string => (PLAIN.test(word) ? word : singleQuoted(word));

const singleQuoted = (word: string): string => `'${word.replace(/'/g, "'\\''")}'`;

/**
 * A command line that runs exactly `argv`. The command's name is quoted also when it contains "=", which
 * the shell would otherwise take for a variable assignment.
 */
export function shellCommand(argv: readonly string[]): string {
    return argv.map((word, i) => (i === 0 && word.includes("=") ? singleQuoted(word) : shellQuote(word))).join(" ");
}

/**
 * A command that writes `content` to `path`, byte for byte: a quoted here-document (no expansion inside)
 * whose delimiter is no line of the content, or printf when the content does not end in a newline.
 */
export function writeFileCommand(path: string, content: string): string {
    if (content === "" || !content.endsWith("\n")) return `printf '%s' ${shellQuote(content)} > ${shellQuote(path)}`;
    const lines = new Set(content.slice(0, -1).split("\n"));
    let delimiter = "EOF";
    for (let i = 1; lines.has(delimiter); i++) delimiter = `EOF${i}`;
    return `cat > ${shellQuote(path)} <<'${delimiter}'\n${content}${delimiter}`;
}
