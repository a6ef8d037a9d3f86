/**
 * The text of anything thrown: an Error, a Cockpit failure ({ problem, message }), or a plain value.
 * Cockpit's failures are plain objects, not Errors, so `String(e)` alone would say "[object Object]".
 */
export function errorMessage(e: unknown): string {
    if (e instanceof Error) return e.message;
    if (typeof e === "object" && e !== null) {
        const { message, problem } = e as { message?: unknown; problem?: unknown };
        if (typeof message === "string" && message) return message;
        if (typeof problem === "string" && problem) return problem;
    }
    return String(e);
}
