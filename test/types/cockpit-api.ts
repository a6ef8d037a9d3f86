// Compile-time tests of our Cockpit declarations (checked by `npm run check`, never run): each
// expect-error line is a misuse that tsc must reject, or the check fails.

import type { CockpitApi } from "../../src/host/cockpit-types";

export function misuses(cockpit: CockpitApi): void {
    // a shell string instead of an argv array
    // @ts-expect-error spawn takes an argv array
    void cockpit.spawn("ip -j address show");
    // @ts-expect-error an empty argv names no program
    void cockpit.spawn([]);
    // @ts-expect-error superuser is "try" or "require"
    void cockpit.spawn(["ip"], { superuser: "yes" });
    // @ts-expect-error unknown option
    void cockpit.spawn(["ip"], { shell: true });
    // @ts-expect-error a spawn resolves to its output text
    cockpit.spawn(["ip"]).then((out: number) => out);
    // @ts-expect-error file contents are text or null (missing)
    void cockpit.file("/proc/sys/net/mptcp/enabled").read().then((v: string) => v);
    // @ts-expect-error D-Bus results are unknown until checked
    void cockpit.dbus("org.freedesktop.NetworkManager").call("/", "i", "M", []).then(([v]) => v.length);
    // @ts-expect-error unknown bus
    cockpit.dbus(null, { bus: "user" });
    // @ts-expect-error format arguments are strings or numbers
    cockpit.format("$0", { a: 1 });
    // @ts-expect-error the client has no such event
    cockpit.dbus(null).addEventListener("changed", () => {});
    // @ts-expect-error permission is asked for admin
    cockpit.permission({ user: "root" });
}

export function uses(cockpit: CockpitApi): void {
    void cockpit.spawn(["ip", "-j", "mptcp", "endpoint", "show"], { superuser: "try", err: "message" }).stream(() => {});
    cockpit.dbus("org.freedesktop.NetworkManager", { superuser: "try" }).addEventListener("owner", (_e, owner) => owner?.length);
}
