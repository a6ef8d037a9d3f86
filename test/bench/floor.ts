// The raw floor: the least a Cockpit page can do to show the same table. It loads cockpit.js, makes the
// same three reads as the MPTCP page (ip -j address, ip -j mptcp endpoint show, NetworkManager's
// GetManagedObjects) in parallel and writes a plain table, one row per interface with its addresses. The
// bench writes it as a package "mptcp-floor" beside the lab's "mptcp"; #floor-done appears when the table
// is shown.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const FLOOR_PACKAGE = "mptcp-floor";

const MANIFEST = { name: FLOOR_PACKAGE, menu: { index: { label: "MPTCP floor" } } };

const INDEX = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>MPTCP floor</title>
<script src="../base1/cockpit.js"></script>
</head>
<body>
<table id="floor"><thead><tr><th>Interface</th><th>NetworkManager</th><th>Addresses</th></tr></thead><tbody></tbody></table>
<script src="floor.js"></script>
</body>
</html>
`;

// in a file of its own: Cockpit's content security policy refuses inline scripts
const SCRIPT = `const spawnJson = args => cockpit.spawn(args, { err: "message" }).then(out => JSON.parse(out || "[]"));
const nm = cockpit.dbus("org.freedesktop.NetworkManager");
Promise.all([
    spawnJson(["ip", "-j", "address"]),
    spawnJson(["ip", "-j", "mptcp", "endpoint", "show"]),
    nm.call("/org/freedesktop", "org.freedesktop.DBus.ObjectManager", "GetManagedObjects", []),
]).then(([links, endpoints, [objects]]) => {
    const managed = new Set();
    for (const ifaces of Object.values(objects)) {
        const dev = ifaces["org.freedesktop.NetworkManager.Device"];
        if (dev && dev.Managed && dev.Managed.v) managed.add(dev.Interface.v);
    }
    const eps = new Map(endpoints.map(e => [e.address, e]));
    const tbody = document.querySelector("#floor tbody");
    for (const link of links) {
        const tr = document.createElement("tr");
        const addrs = (link.addr_info || []).map(a => a.local + "/" + a.prefixlen + (eps.has(a.local) ? " (endpoint " + eps.get(a.local).id + ")" : ""));
        for (const text of [link.ifname, managed.has(link.ifname) ? "managed" : "", addrs.join(", ")]) {
            const td = document.createElement("td");
            td.textContent = text;
            tr.appendChild(td);
        }
        tr.dataset.interface = link.ifname;
        tbody.appendChild(tr);
    }
    const done = document.createElement("p");
    done.id = "floor-done";
    done.textContent = links.length + " interfaces";
    document.body.appendChild(done);
}, err => {
    document.body.append("error: " + (err.message || err));
});
`;

/** Writes the floor package into a directory the lab's bridge reads packages from (DIR/mptcp-floor). */
export function writeFloor(packagesDir: string): void {
    const dir = join(packagesDir, FLOOR_PACKAGE);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(MANIFEST, null, 2) + "\n");
    writeFileSync(join(dir, "index.html"), INDEX);
    writeFileSync(join(dir, "floor.js"), SCRIPT);
}
