// "Test MPTCP to a server": runs mptcp-selftest.py with python3 on the host. The script is bundled as text
// and passed with -c; the host and port are arguments after "--", validated before they get there.
// No superuser: opening a connection and reading /proc/net/netstat need no privileges.

import script from "./mptcp-selftest.py?raw";
import { errorMessage } from "../model/error-message";
import { parseSelfTest, selfTestArgv, type SelfTestResult } from "../model/selftest";
import { _, format } from "../i18n";
import { cockpit } from "./cockpit";

/** The script answers within its timeout (5 s) plus 5 s; this only guards against a stuck bridge. */
const HARD_TIMEOUT_MS = 20_000;

/** Opens one MPTCP connection from this host to host:port and reports what the kernel negotiated. */
export async function runSelfTest(host: string, port: number): Promise<SelfTestResult> {
    const proc = cockpit.spawn(selfTestArgv(script, host, port), { err: "message" });
    const timer = setTimeout(() => proc.close("timeout"), HARD_TIMEOUT_MS);
    let output: string;
    try {
        output = await proc;
    } catch (e) {
        const problem = typeof e === "object" && e !== null ? (e as { problem?: unknown }).problem : null;
        if (problem === "not-found")
            throw new Error(_("The test needs python3 on this host, and python3 was not found."), { cause: e });
        if (problem === "timeout")
            throw new Error(_("The test did not finish in time."), { cause: e });
        throw new Error(format(_("The test could not run: $0"), errorMessage(e)), { cause: e });
    } finally {
        clearTimeout(timer);
    }
    return parseSelfTest(output);
}
