// The shell's look, before the page is first drawn: a classic script in <head> (after cockpit.js and po.js,
// before the stylesheets apply), built on its own as shell-style.js, as Cockpit's own pages load their
// dark-theme helper. The entry module runs too late for that: the browser may paint the page light first.
//  - light or dark: the shell's choice ("shell:style" in localStorage: auto, light or dark), or the system's
//    under "auto"; followed when the shell's switcher changes it (its "cockpit-style" event in this frame,
//    or a storage event from another window) and when the system's preference changes
//  - the language and its direction from the translation po.js loaded: dir="rtl" for Arabic, Hebrew, ...

interface CockpitLocale {
    language?: string;
    language_direction?: string;
}

const DARK_CLASS = "pf-v6-theme-dark";
const html = document.documentElement;
const systemDark = window.matchMedia?.("(prefers-color-scheme: dark)");

function setStyle(style?: string): void {
    const chosen = style || localStorage.getItem("shell:style") || "auto";
    html.classList.toggle(DARK_CLASS, chosen === "dark" || (chosen === "auto" && !!systemDark?.matches));
}

window.addEventListener("storage", event => {
    if (event.key === "shell:style") setStyle();
});
window.addEventListener("cockpit-style", event => {
    if (event instanceof CustomEvent) setStyle((event.detail as { style?: string } | null)?.style);
});
systemDark?.addEventListener("change", () => setStyle());
setStyle();

const locale = (globalThis as { cockpit?: CockpitLocale }).cockpit;
if (locale?.language) html.lang = locale.language;
html.dir = locale?.language_direction === "rtl" ? "rtl" : "ltr";
