// NetworkManager over D-Bus, as Cockpit's Networking page reads it: one client, one watch of the whole
// object tree (the bridge sends every object, then only changes), GetSettings only for the profiles in use.

import type { NmDevice, NmProfile, NmState } from "../model/types";
import { cockpit } from "./cockpit";
import { NM, NM_ACTIVE as ACTIVE, NM_DEVICE as DEVICE, NM_PATH, NM_SETTINGS_CONN as SETTINGS_CONN } from "./nm-dbus";
import type { CockpitError, DBusClient, DBusNotifyData, DBusWatch, Variant } from "./cockpit-types";

/** NMSettingsConnectionFlags */
const FLAG_UNSAVED = 0x1;
const FLAG_VOLATILE = 0x4;
/** generated for a device configured outside NetworkManager */
const FLAG_EXTERNAL = 0x8;
/** after the client's channel closed (administrative access turned off or on, the bridge restarted): start again */
const RESTART_MS = 1000;
/** GetSettings of a profile NetworkManager does not export yet: again this often, this long apart */
const SETTINGS_RETRIES = 20;
const SETTINGS_RETRY_MS = 250;

type Props = Record<string, unknown>;
type ProfileSettings = Pick<NmProfile, "id" | "uuid" | "mptcpFlags">;

const str = (v: unknown) => (typeof v === "string" ? v : "");
const num = (v: unknown) => (typeof v === "number" ? v : 0);
const objectPath = (v: unknown) => (typeof v === "string" && v !== "/" ? v : null);

/** Where NetworkManager keeps a profile: Update2 must keep it there. */
export interface Storage {
    inMemory: boolean;
    volatile: boolean;
}

const plain = (v: unknown): unknown => (v && typeof v === "object" && "v" in v ? (v as Variant).v : v);

/**
 * Where a profile is kept, from its Settings.Connection properties (plain, or as variants): in memory when
 * it is unsaved (a keyfile in /run, or changes not written to disk), on disk otherwise.
 */
export function storageOf(props: Record<string, unknown>): Storage {
    const flags = num(plain(props.Flags));
    return {
        inMemory: plain(props.Unsaved) === true || (flags & FLAG_UNSAVED) !== 0 || str(plain(props.Filename)).startsWith("/run/"),
        volatile: (flags & FLAG_VOLATILE) !== 0,
    };
}

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
    private stopped = false;
    private settingsRetries = 0;
    private restartTimer: ReturnType<typeof setTimeout> | null = null;

    constructor(private readonly onChange: () => void) {}

    start(): void {
        this.stopped = false;
        const client = cockpit.dbus(NM, { superuser: "try" });
        this.client = client;
        client.addEventListener("notify", (_ev, data) => this.merge(data));
        // One watch for the client's lifetime: the bridge follows the name across NetworkManager
        // restarts and reports objects vanishing and appearing. Watching anew would lose what it
        // believes we already have.
        client.addEventListener("owner", (_ev, owner) => {
            this.owner = owner;
            this.settings.clear();
            this.settingsRetries = 0;
            this.ready = false;
            if (owner) this.fetchMissingSettings();
            else this.fail(null);
        });
        client.addEventListener("close", (_ev, options) => {
            if (this.client !== client) return;
            this.fail(options.problem ?? "disconnected");
            // a closed channel stays closed: watch again over a new one
            this.restartTimer ??= setTimeout(() => this.restart(), RESTART_MS);
        });
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
        this.stopped = true;
        if (this.restartTimer) clearTimeout(this.restartTimer);
        this.restartTimer = null;
        const client = this.client;
        this.client = null;
        this.watch?.remove();
        this.watch = null;
        client?.close();
    }

    /** Forget everything the old client told and watch again. */
    private restart(): void {
        this.restartTimer = null;
        if (this.stopped) return;
        this.client = null;
        this.watch = null;
        this.objects.clear();
        this.settings.clear();
        this.fetching.clear();
        this.watching = false;
        this.owner = undefined;
        this.start();
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
        const props = this.objects.get(settingsPath)?.[SETTINGS_CONN] ?? {};
        return { ...settings, settingsPath, external: (num(props.Flags) & FLAG_EXTERNAL) !== 0, inMemory: storageOf(props).inMemory };
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
                .then(() => true, () => false)
                .finally(() => this.fetching.delete(path));
        });
        void Promise.all(reads).then(ok => {
            // A profile can vanish meanwhile (the next notify tells), or not be there yet: a NetworkManager
            // that just started exports its devices before all of its profiles, and may send nothing more.
            if (ok.every(Boolean)) {
                this.settingsRetries = 0;
                this.fetchMissingSettings();
            } else if (this.settingsRetries < SETTINGS_RETRIES) {
                setTimeout(() => { this.settingsRetries++; this.fetchMissingSettings() }, SETTINGS_RETRY_MS);
            } else if (this.fetching.size === 0) {
                this.markReady(); // what could be read; a notify brings the rest
            }
        });
    }

    private markReady(): void {
        this.ready = true;
        this.onChange();
    }
}
