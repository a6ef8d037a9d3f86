import { cockpit } from "./cockpit";

/** A file's text; null when it does not exist or cannot be read (a missing sysctl, no permission). */
export async function readFile(path: string, superuser?: "try"): Promise<string | null> {
    const file = cockpit.file(path, superuser ? { superuser } : {});
    try {
        return await file.read();
    } catch {
        return null;
    } finally {
        file.close();
    }
}
