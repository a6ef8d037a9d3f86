// NetworkManager over D-Bus, as Cockpit's Networking page reads it: one client, one watch of the whole
// object tree (the bridge sends every object, then only changes), GetSettings only for the profiles in use.

import type { NmDevice, NmProfile, NmState } from "../model/types";
import { cockpit } from "./cockpit";
import { NM, NM_ACTIVE as ACTIVE, NM_DEVICE as DEVICE, NM_PATH, NM_SETTINGS_CONN as SETTINGS_CONN } from "./nm-dbus";
import type { CockpitError, DBusClient, DBusNotifyData, DBusWatch, Variant } from "./cockpit-types";

/** NM_SETTINGS_CONNECTION_FLAG_EXTERNAL: generated for a device configured outside NetworkManager */
const FLAG_EXTERNAL = 0x8;

type Props = Record<string, unknown>;
type ProfileSettings = Pick<NmProfile, "id" | "uuid" | "mptcpFlags">;

const str = (v: unknown) => (typeof v === "string" ? v : "");
const num = (v: unknown) => (typeof v === "number" ? v : 0);
const objectPath = (v: unknown) => (typeof v === "string" && v !== "/" ? v : null);

/** The part of GetSettings' a{sa{sv}} that we show. */
export function profileFromSettings(settings: unknown): ProfileSettings {
    const conn = ((settings as Record<string, Record<string, Variant>> | null)?.connection) ?? {};
    return { id: str(conn.id?.v), uuid: str(conn.uuid?.v), mptcpFlags: num(conn["mptcp-flags"]?.v) };
}

export class NetworkManagerWatcher {
    private client: DBusClient | null = null;
    private watch: DBusWatch | null = null;
    private objects = new Map<string, Record<string, Props>>();
    private settings = new Map<string, ProfileSettings>();
    private fetching = new Set<string>();
    /** the bridge has sent every object once */
    private watching = false;
    /** null until the bus has told us who owns the name */
    private owner: string | null | undefined = undefined;
    private message: string | null = null;
    private ready = false;

    constructor(private readonly onChange: () => void) {}

    start(): void {
        const client = cockpit.dbus(NM, { superuser: "try" });
        this.client = client;
        client.addEventListener("notify", (_ev, data) => this.merge(data));
        // One watch for the client's lifetime: the bridge follows the name across NetworkManager
        // restarts and reports objects vanishing and appearing. Watching anew would lose what it
        // believes we already have.
        client.addEventListener("owner", (_ev, owner) => {
            this.owner = owner;
            this.settings.clear();
            this.ready = false;
            if (owner) this.fetchMissingSettings();
            else this.fail(null);
        });
        client.addEventListener("close", (_ev, options) => this.fail(options.problem ?? "disconnected"));
        client.subscribe({ interface: SETTINGS_CONN, member: "Updated" }, path => {
            this.settings.delete(path);
            this.fetchMissingSettings();
        });
        this.watch = client.watch({ path_namespace: NM_PATH });
        this.watch.then(
            () => {
                this.watching = true;
                this.fetchMissingSettings();
            },
            (e: CockpitError) => this.fail(e.message || String(e.problem)),
        );
    }

    stop(): void {
        this.watch?.remove();
        this.client?.close();
        this.client = null;
    }

    /** null until the first full read is in */
    snapshot(): NmState | null {
        if (!this.ready) return null;
        if (!this.owner) return { running: false, message: this.message };
        const version = str(this.objects.get(NM_PATH)?.[NM]?.Version);
        const devices: NmDevice[] = [];
        for (const [path, ifaces] of this.objects) {
            const dev = ifaces[DEVICE];
            if (!dev) continue;
            devices.push({
                path,
                name: str(dev.Interface),
                type: num(dev.DeviceType),
                state: num(dev.State),
                managed: dev.Managed === true,
                profile: this.profileOf(objectPath(dev.ActiveConnection)),
            });
        }
        return { running: true, version, devices };
    }

    private profileOf(activePath: string | null): NmProfile | null {
        const settingsPath = activePath ? objectPath(this.objects.get(activePath)?.[ACTIVE]?.Connection) : null;
        const settings = settingsPath ? this.settings.get(settingsPath) : undefined;
        if (!settingsPath || !settings) return null;
        const flags = num(this.objects.get(settingsPath)?.[SETTINGS_CONN]?.Flags);
        return { ...settings, settingsPath, external: (flags & FLAG_EXTERNAL) !== 0 };
    }

    private fail(message: string | null): void {
        this.owner = null;
        this.message = message;
        this.ready = true;
        this.onChange();
    }

    private merge(data: DBusNotifyData): void {
        for (const [path, ifaces] of Object.entries(data)) {
            const obj = this.objects.get(path) ?? {};
            for (const [iface, props] of Object.entries(ifaces)) {
                if (props === null) delete obj[iface];
                else obj[iface] = { ...obj[iface], ...props };
            }
            if (Object.keys(obj).length === 0) this.objects.delete(path);
            else this.objects.set(path, obj);
        }
        if (this.owner) this.fetchMissingSettings();
    }

    /** GetSettings for each profile in use that we have not read yet, all in parallel; then one change. */
    private fetchMissingSettings(): void {
        const client = this.client;
        if (!client || !this.owner || !this.watching) return;
        const wanted = new Set<string>();
        for (const ifaces of this.objects.values()) {
            const conn = objectPath(ifaces[ACTIVE]?.Connection);
            if (conn && !this.settings.has(conn) && !this.fetching.has(conn)) wanted.add(conn);
        }
        if (wanted.size === 0) {
            if (this.fetching.size === 0) this.markReady();
            return;
        }
        const reads = [...wanted].map(path => {
            this.fetching.add(path);
            return client.call(path, SETTINGS_CONN, "GetSettings", [])
                .then(([settings]) => { this.settings.set(path, profileFromSettings(settings)) })
                .catch(() => { /* the profile vanished meanwhile: the next notify tells */ })
                .finally(() => this.fetching.delete(path));
        });
        void Promise.all(reads).then(() => this.fetchMissingSettings());
    }

    private markReady(): void {
        this.ready = true;
        this.onChange();
    }
}
