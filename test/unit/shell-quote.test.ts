import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

import { shellCommand, shellQuote, writeFileCommand } from "../../src/model/shell-quote";

// interface names the kernel accepts, and worse
const HOSTILE = [
    "$(id)", "$(>pwn)", "`>pwn`", "-dash", "--help", "*", "q?", "b[1]", "ä€x", "abcdefghijklmno", "a.b", "a=b", "it's",
    "a\"b", "back\\sl", "~u", "x&y", "a;b", "a|b", "#h", "!x", "{a,b}", "a b", "tab\there", "new\nline", "'", "''", "",
];

// every command runs in an empty directory: an injected "> pwn" would leave a file there
const dir = mkdtempSync(join(tmpdir(), "shell-quote-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bash = (script: string) => execFileSync("bash", ["-c", script], { cwd: dir, encoding: "utf8" });

describe("shellQuote", () => {
    it("leaves plain words as they are", () => {
        for (const w of ["eth0", "net.mptcp.enabled=1", "/etc/sysctl.d/99-zz-cockpit-mptcp.conf", "enabled,also-without-sysctl,subflow", "-w", "--", "0x30", "a@b%c+d:e"])
            expect(shellQuote(w), w).toBe(w);
    });
    it("quotes anything else in single quotes", () => {
        expect(shellQuote("$(id)")).toBe("'$(id)'");
        expect(shellQuote("it's")).toBe("'it'\\''s'");
        expect(shellQuote("")).toBe("''");
        expect(shellQuote("ä€x")).toBe("'ä€x'");
        expect(shellQuote("~u")).toBe("'~u'");
    });
    it("bash reads every quoted word back as it was, and runs nothing", () => {
        for (const w of HOSTILE) {
            expect(bash(`printf '%s\\0' ${shellQuote(w)}`), JSON.stringify(w)).toBe(`${w}\0`);
        }
        expect(readdirSync(dir)).toEqual([]);
    });
});

describe("shellCommand", () => {
    it("passes exactly argv", () => {
        const argv = ["printf", "%s\\0", ...HOSTILE];
        expect(bash(shellCommand(argv))).toBe(HOSTILE.map(w => `${w}\0`).join(""));
        expect(readdirSync(dir)).toEqual([]);
    });
    it("quotes a command name that would be read as an assignment", () => {
        expect(shellCommand(["a=b", "c=d"])).toBe("'a=b' c=d");
        expect(shellCommand(["sysctl", "-w", "--", "net.ipv4.conf.$(id).rp_filter=2"])).toBe("sysctl -w -- 'net.ipv4.conf.$(id).rp_filter=2'");
    });
});

describe("writeFileCommand", () => {
    it("writes the content byte for byte, whatever lines it has", () => {
        const contents = [
            "net.mptcp.enabled = 1\n",
            "# $(id) `id` ${HOME}\nEOF\nEOF1\n\\\n",
            "no newline at the end $(id)",
            "",
            "'quoted'\n\n",
        ];
        for (const [i, content] of contents.entries()) {
            const path = join(dir, `out ${i}$(id)`);
            bash(writeFileCommand(path, content));
            expect(readFileSync(path, "utf8"), JSON.stringify(content)).toBe(content);
            rmSync(path);
        }
        expect(readdirSync(dir)).toEqual([]);
    });
    it("a here-document for text files", () => {
        expect(writeFileCommand("/etc/x.conf", "a = 1\n")).toBe("cat > /etc/x.conf <<'EOF'\na = 1\nEOF");
        expect(writeFileCommand("/etc/x.conf", "EOF\n")).toBe("cat > /etc/x.conf <<'EOF1'\nEOF\nEOF1");
    });
});
