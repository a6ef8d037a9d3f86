// The page's part in Cockpit's shell: its address (cockpit.location), the status it shows beside the menu
// entry (page_status), jumps to other pages, and the session's administrative access (superuser).

import { parseRoute, routePath } from "../model/route";
import type { PageStatus, ShellPort } from "../ui/host-port";
import { cockpit } from "./cockpit";

/**
 * Administrative access as Cockpit's own pages follow it (pkg/lib/superuser.js): the bridge's
 * cockpit.Superuser "Current" is "init" while the session starts (not known: null, so that no read-only
 * notice flashes at load), "none" without access, and the method's name with it. Changes arrive as the
 * shell's switch is used, without a reload. A bridge without the interface falls back to cockpit.permission.
 */
function watchAdmin(listener: (admin: boolean | null) => void): () => void {
    const proxy = cockpit.dbus(null, { bus: "internal" }).proxy("cockpit.Superuser", "/superuser");
    let last: boolean | null | undefined;
    const tell = (admin: boolean | null) => {
        if (admin === last) return;
        last = admin;
        listener(admin);
    };
    const current = () => (!proxy.valid || proxy.Current === undefined || proxy.Current === "init" ? null : proxy.Current !== "none");
    let fallback: (() => void) | null = null;
    const changed = () => {
        if (!fallback) tell(current());
    };
    proxy.addEventListener("changed", changed);
    proxy.wait(() => {
        if (proxy.valid) return changed();
        const permission = cockpit.permission({ admin: true });
        const update = () => tell(permission.allowed);
        permission.addEventListener("changed", update);
        fallback = () => {
            permission.removeEventListener("changed", update);
            permission.close();
        };
        update();
    });
    tell(null);
    return () => {
        proxy.removeEventListener("changed", changed);
        fallback?.();
    };
}

let ownStatus = "null";
/** The shell keeps one status per page and shows its type as an icon beside the menu entry, its title as a tooltip. */
function setPageStatus(status: PageStatus | null): void {
    const text = JSON.stringify(status);
    if (text === ownStatus) return;
    ownStatus = text;
    cockpit.transport.control("notify", { page_status: status });
}

export const shell: ShellPort = {
    route: () => parseRoute(cockpit.location.path),
    watchRoute: listener => {
        const changed = () => listener(parseRoute(cockpit.location.path));
        cockpit.addEventListener("locationchanged", changed);
        return () => cockpit.removeEventListener("locationchanged", changed);
    },
    go: (route, how = "push") => {
        if (how === "replace") cockpit.location.replace(routePath(route));
        else cockpit.location.go(routePath(route));
    },
    // Cockpit's Networking page shows one interface at /network#/NAME, on this page's host
    openNetworking: name => cockpit.jump(`/network#/${encodeURIComponent(name)}`),
    setPageStatus,
    watchAdmin,
};
