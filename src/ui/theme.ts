// Follow the Cockpit shell's light/dark choice (its "shell:style" localStorage key) and the system's.
// No React here: the entry point calls it before the first view is drawn, so that it is drawn in the right theme.

const DARK_CLASS = "pf-v6-theme-dark";

function apply(): void {
    const style = localStorage.getItem("shell:style") ?? "auto";
    const dark = style === "dark" ||
        (style === "auto" && window.matchMedia?.("(prefers-color-scheme: dark)").matches);
    document.documentElement.classList.toggle(DARK_CLASS, dark);
}

/** Sets the theme now and on every change (the shell's choice in another frame, the system's); returns a stop function. */
export function followShellTheme(): () => void {
    apply();
    const media = window.matchMedia?.("(prefers-color-scheme: dark)");
    window.addEventListener("storage", apply);
    media?.addEventListener("change", apply);
    return () => {
        window.removeEventListener("storage", apply);
        media?.removeEventListener("change", apply);
    };
}
