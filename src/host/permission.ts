// Whether the session may change the host (Cockpit's administrative access), following the shell's
// "turn on administrative access" as it happens.

import { cockpit } from "./cockpit";

export function watchAdmin(listener: (allowed: boolean) => void): () => void {
    const permission = cockpit.permission({ admin: true });
    const changed = () => listener(permission.allowed === true);
    permission.addEventListener("changed", changed);
    changed();
    return () => {
        permission.removeEventListener("changed", changed);
        permission.close();
    };
}
