// Our declarations for the parts of Cockpit's cockpit.js that we use (there is no npm package). Kept
// precise: options are closed unions, D-Bus results are `unknown` until checked.

export type Superuser = "try" | "require";

export interface CockpitError {
    problem: string | null;
    message: string;
    exit_status?: number | null;
    exit_signal?: string | null;
}

export interface SpawnOptions {
    superuser?: Superuser;
    /** "message": stderr becomes the error's message; "out": merged into stdout */
    err?: "out" | "ignore" | "message";
    environ?: string[];
    directory?: string;
}

/** A running process: a promise of its whole output that can also stream it. */
export interface Spawn extends Promise<string> {
    stream(callback: (data: string) => void): Spawn;
    input(data?: string, stream?: boolean): Spawn;
    close(problem?: string): void;
}

export interface FileOptions {
    superuser?: Superuser;
    max_read_size?: number;
}

export interface CockpitFile {
    /** null when the file does not exist */
    read(): Promise<string | null>;
    replace(content: string | null, expectedTag?: string): Promise<string>;
    close(): void;
}

export interface DBusOptions {
    superuser?: Superuser;
    bus?: "system" | "session" | "internal";
}

/** Properties of one object as the bridge reports them: interface → property → value (null: interface removed) */
export type DBusNotifyData = Record<string, Record<string, Record<string, unknown> | null>>;

export interface DBusSubscription {
    remove(): void;
}

export interface DBusMatch {
    interface?: string;
    member?: string;
    path?: string;
    path_namespace?: string;
}

export interface DBusWatch extends Promise<void> {
    remove(): void;
}

export interface DBusEvents {
    notify: (event: Event, data: DBusNotifyData) => void;
    owner: (event: Event, owner: string | null) => void;
    close: (event: Event, options: { problem?: string }) => void;
}

export interface DBusClient {
    call(path: string, iface: string, method: string, args: unknown[] | null,
        options?: { type?: string; timeout?: number }): Promise<unknown[]>;
    watch(match: { path_namespace: string } | { path: string }): DBusWatch;
    subscribe(match: DBusMatch,
        callback: (path: string, iface: string, signal: string, args: unknown[]) => void): DBusSubscription;
    addEventListener<K extends keyof DBusEvents>(type: K, listener: DBusEvents[K]): void;
    removeEventListener<K extends keyof DBusEvents>(type: K, listener: DBusEvents[K]): void;
    close(problem?: string): void;
    proxy(iface: string, path: string): DBusProxy;
}

/** A D-Bus variant as the bridge encodes it: signature and value */
export interface Variant {
    t: string;
    v: unknown;
}

export interface Permission {
    allowed: boolean | null;
    addEventListener(type: "changed", listener: () => void): void;
    removeEventListener(type: "changed", listener: () => void): void;
    close(): void;
}

export interface CockpitApi {
    gettext(message: string): string;
    gettext(context: string, message: string): string;
    ngettext(singular: string, plural: string, n: number): string;
    format(template: string, ...args: (string | number)[]): string;
    spawn(args: [string, ...string[]], options?: SpawnOptions): Spawn;
    file(path: string, options?: FileOptions): CockpitFile;
    dbus(name: string | null, options?: DBusOptions): DBusClient;
    permission(options: { admin: true }): Permission;
    variant(type: string, value: unknown): Variant;
    hint(name: "ignore_transport_health_check", options: { data: boolean }): void;
    readonly hidden: boolean;
    readonly language: string;
    addEventListener(type: "visibilitychange" | "locationchanged", listener: () => void): void;
    removeEventListener(type: "visibilitychange" | "locationchanged", listener: () => void): void;
    transport: { wait(callback: () => void): void; control(command: string, options: Record<string, unknown>): void };
    /** the page's own part of the shell's URL: `path` is split at "/" and decoded */
    readonly location: CockpitLocation;
    /** opens another page of the shell (on this page's host unless `host` says otherwise) */
    jump(path: string, host?: string): void;
}

export interface CockpitLocation {
    readonly path: string[];
    go(path: string[]): void;
    replace(path: string[]): void;
}

/** A D-Bus proxy's properties, as the bridge keeps them up to date. */
export interface DBusProxy {
    readonly valid: boolean;
    readonly [property: string]: unknown;
    wait(callback: () => void): void;
    addEventListener(type: "changed", listener: () => void): void;
    removeEventListener(type: "changed", listener: () => void): void;
}
