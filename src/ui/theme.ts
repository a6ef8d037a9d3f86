// Follow the Cockpit shell's light/dark choice (its "shell:style" localStorage key) and the system's.

import { useEffect } from "react";

const DARK_CLASS = "pf-v6-theme-dark";

function apply(): void {
    const style = localStorage.getItem("shell:style") ?? "auto";
    const dark = style === "dark" ||
        (style === "auto" && window.matchMedia?.("(prefers-color-scheme: dark)").matches);
    document.documentElement.classList.toggle(DARK_CLASS, dark);
}

export function useShellTheme(): void {
    useEffect(() => {
        apply();
        const media = window.matchMedia?.("(prefers-color-scheme: dark)");
        window.addEventListener("storage", apply);
        media?.addEventListener("change", apply);
        return () => {
            window.removeEventListener("storage", apply);
            media?.removeEventListener("change", apply);
        };
    }, []);
}
