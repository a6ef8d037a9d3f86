// NetworkManager's D-Bus names, for every adapter that talks to it.

export const NM = "org.freedesktop.NetworkManager";
export const NM_PATH = "/org/freedesktop/NetworkManager";
export const NM_DEVICE = `${NM}.Device`;
export const NM_ACTIVE = `${NM}.Connection.Active`;
export const NM_SETTINGS_CONN = `${NM}.Settings.Connection`;
export const NM_SETTINGS = `${NM}.Settings`;
export const NM_SETTINGS_PATH = `${NM_PATH}/Settings`;
export const DBUS_PROPS = "org.freedesktop.DBus.Properties";
export const OBJECT_MANAGER = "org.freedesktop.DBus.ObjectManager";
/** where NetworkManager's ObjectManager is */
export const NM_OBJECT_MANAGER_PATH = "/org/freedesktop";
