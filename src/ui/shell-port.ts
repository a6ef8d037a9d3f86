import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";

import { HOME, parseRoute, routePath, type Route } from "../model/route";
import type { ShellPort } from "./host-port";

/** The current route and a way to change it; without a shell (tests), the route lives in the component. */
export function useRoute(shell: ShellPort | undefined): [Route, (route: Route, how?: "push" | "replace") => void] {
    const [own, setOwn] = useState<Route>(HOME);
    // the shell's address as text, so that an unchanged address is the same value
    const subscribe = useCallback((changed: () => void) => (shell ? shell.watchRoute(changed) : () => {}), [shell]);
    const key = useSyncExternalStore(subscribe, () => JSON.stringify(routePath(shell ? shell.route() : own)));
    const route = useMemo(() => parseRoute(JSON.parse(key) as string[]), [key]);
    const go = useCallback((next: Route, how?: "push" | "replace") => {
        if (shell) shell.go(next, how);
        else setOwn(next);
    }, [shell]);
    return [route, go];
}

/** Administrative access: null until the session knows (show neither edits nor the read-only notice). */
export function useAdmin(shell: ShellPort | undefined): boolean | null {
    const [admin, setAdmin] = useState<boolean | null>(shell ? null : false);
    useEffect(() => (shell ? shell.watchAdmin(setAdmin) : undefined), [shell]);
    return admin;
}
