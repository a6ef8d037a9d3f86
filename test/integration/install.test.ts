// The page loaded from exactly what is installed: the bridge sends every script and stylesheet compressed,
// and the fonts come from the shell, not from our package. Two ways, chosen as the lab is:
// - MPTCP_LAB_DIST=installed (tools/test-all.sh, after installing the .deb): the suite's lab, whose bridge
//   finds the package in /usr/share/cockpit/mptcp as any Cockpit does;
// - otherwise: `make install DESTDIR=... PREFIX=/usr` of the build under test, served by a second lab of its own.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchBrowser } from "./browser";
import { PORT } from "./lab";

const repo = resolve(import.meta.dirname, "../..");
const LAB = resolve(repo, "test/lab/lab.sh");
const INSTALLED = process.env.MPTCP_LAB_DIST === "installed";
// Clear of the suite's lab (PORT, PORT + 1), the bench's (9195, 9196) and the manual one (9091, 9092)
const port = INSTALLED ? PORT : PORT + 10;
const state = INSTALLED ? process.env.MPTCP_TEST_STATE ?? "/tmp/mptcp-lab-test" : `${process.env.MPTCP_TEST_STATE ?? "/tmp/mptcp-lab-test"}-install`;
/** What Cockpit's own packages ship uncompressed, and what the bridge makes up itself. */
const PLAIN = new Set(["index.html", "manifest.json", "po.js"]);

let tmp: string | undefined;
/** The package's directory, as installed */
let installed: string;
let metainfo: string;
let labEnv: NodeJS.ProcessEnv | undefined;
let browser: Browser;
const lab = (action: string) => execFileSync(LAB, [action], { env: labEnv, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

beforeAll(async () => {
    if (INSTALLED) {
        installed = "/usr/share/cockpit/mptcp";
        metainfo = "/usr/share/metainfo/org.cockpit_project.mptcp.metainfo.xml";
    } else {
        tmp = mkdtempSync(join(tmpdir(), "mptcp-install-"));
        // The build under test: the one the suite's lab serves
        const dist = process.env.MPTCP_LAB_DIST ?? join(repo, "dist");
        execFileSync("make", ["-s", "-C", repo, "install", `DESTDIR=${tmp}`, "PREFIX=/usr", `DIST=${dist}`], { stdio: "pipe" });
        installed = join(tmp, "usr/share/cockpit/mptcp");
        metainfo = join(tmp, "usr/share/metainfo/org.cockpit_project.mptcp.metainfo.xml");
        labEnv = { ...process.env, MPTCP_LAB_DIST: installed, MPTCP_LAB_STATE: state, MPTCP_LAB_PORT: String(port) };
        lab("stop");
        lab("start");
    }
    browser = await launchBrowser();
});

afterAll(async () => {
    await browser?.close();
    if (labEnv) lab("stop");
    if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("the package the lab's Cockpit serves", () => {
    it(`is the one installed in ${INSTALLED ? "/usr/share/cockpit/mptcp" : "the DESTDIR"}, as the lab's own bridge lists it`, () => {
        // the very program cockpit-ws runs as the lab's bridge, asked what packages it sees
        const out = execFileSync(join(state, "bridge-admin"), ["--packages"], { encoding: "utf8" });
        const line = out.split("\n").find(l => /^mptcp\s/.test(l));
        const dir = line?.trim().split(/\s+/).at(-1) ?? "";
        // installed: the bridge's own find; otherwise the lab's link to the DESTDIR
        if (INSTALLED) expect(dir).toBe(installed);
        else expect(realpathSync(dir)).toBe(realpathSync(installed));
    });

    it("sends the installed manifest and page", async () => {
        for (const f of ["manifest.json", "index.html"]) {
            const response = await fetch(`http://127.0.0.1:${port}/cockpit/@localhost/mptcp/${f}`);
            expect(response.status, f).toBe(200);
            expect(await response.text(), f).toBe(readFileSync(join(installed, f), "utf8"));
        }
    });
});

describe("what is installed", () => {
    it("installs the AppStream metainfo, and appstreamcli finds it valid", () => {
        expect(existsSync(metainfo)).toBe(true);
        const out = execFileSync("appstreamcli", ["validate", "--no-net", "--pedantic", metainfo], { encoding: "utf8" });
        expect(out).toContain("Validation was successful");
        expect(readFileSync(metainfo, "utf8")).toContain('<launchable type="cockpit-manifest">mptcp</launchable>');
    });

    it("holds scripts and styles only compressed, each one final, and no fonts, images or build lists", () => {
        const files = readdirSync(installed);
        expect(files.filter(f => /^(bundled-npm\.tsv|licenses\.txt)/.test(f))).toEqual([]);
        expect(files).toContain("index.html");
        expect(files).toContain("manifest.json");
        expect(files).toContain("index.js.gz");
        expect(files.filter(f => /\.(js|css)$/.test(f))).toEqual([]);
        expect(files.filter(f => /\.(woff2?|ttf|svg|png|jpe?g)(\.gz)?$/.test(f))).toEqual([]);
        for (const f of files.filter(f => f.endsWith(".gz"))) {
            expect(gunzipSync(readFileSync(join(installed, f))).toString(), f).not.toContain("__VITE_PRELOAD__");
        }
    });
});

interface Seen { path: string; status: number; encoding: string | undefined }

/** Opens the page in `locale` and records every response for our package's own files. */
async function load(locale: string): Promise<{
    page: Page; seen: Seen[]; fonts: string[]; close: () => Promise<void>
}> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale });
    const seen: Seen[] = [];
    const fonts: string[] = [];
    const errors: string[] = [];
    page.on("pageerror", e => errors.push(String(e)));
    page.on("response", response => {
        const url = new URL(response.url());
        const ours = /^\/cockpit\/@localhost\/mptcp\/(.*)$/.exec(url.pathname);
        if (ours) seen.push({ path: ours[1] ?? "", status: response.status(), encoding: response.headers()["content-encoding"] });
        if (response.request().resourceType() === "font") fonts.push(`${response.status()} ${url.pathname}`);
    });
    await page.goto(`http://127.0.0.1:${port}/cockpit/@localhost/mptcp/index.html`);
    await page.locator('tr[data-interface="eth1"]').waitFor({ timeout: 20_000 });
    // the app, which takes the first view's place
    await page.locator(".mptcp-tabs").waitFor({ timeout: 20_000 });
    // the fonts and stylesheets have settled once the table shows
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    expect(errors).toEqual([]);
    return { page, seen, fonts, close: () => page.close() };
}

describe("the page from the installed files", () => {
    it("shows the table, every file of ours sent compressed, fonts from the shell", async () => {
        const { seen, fonts, close } = await load("en-US");
        try {
            expect(seen.map(s => s.path)).toEqual(expect.arrayContaining(["index.html", "index.js", "mount.js", "mount.css"]));
            for (const s of seen) {
                expect(s.status, s.path).toBe(200);
                if (!PLAIN.has(s.path)) expect(s.encoding, s.path).toBe("gzip");
            }
            // nothing but scripts, stylesheets and the page itself from our package
            expect(seen.filter(s => !/\.(js|css|html|json)$/.test(s.path))).toEqual([]);
            expect(fonts.length).toBeGreaterThan(0);
            for (const f of fonts) expect(f).toMatch(/^200 \/cockpit\/static\/fonts\/RedHat[A-Za-z]+-[A-Za-z]+\.woff2$/);
        } finally {
            await close();
        }
    });

    it("draws the first table before the app's code is fetched; then the app takes its place", async () => {
        const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        try {
            // notes, from inside the page, when eth1's addresses first show, and whether the app was there then
            await page.addInitScript({ content: `new MutationObserver((_m, o) => {
                if (!document.querySelector('tr[data-interface="eth1"] li[data-address]')) return;
                o.disconnect();
                window.__first = { at: performance.now(), app: !!document.querySelector(".mptcp-tabs"), view: !!document.querySelector(".mptcp-first-view") };
            }).observe(document, { childList: true, subtree: true });` });
            await page.goto(`http://127.0.0.1:${port}/cockpit/@localhost/mptcp/index.html`);
            await page.locator(".mptcp-tabs").waitFor({ timeout: 20_000 });
            const first = await page.evaluate(
                () => (window as unknown as { __first?: { at: number; app: boolean; view: boolean } }).__first
            );
            const mount = await page.evaluate(() => performance.getEntriesByType("resource").find(e => new URL(e.name).pathname.endsWith("/mount.js"))?.startTime);
            expect(first).toMatchObject({ app: false, view: true });
            expect(mount).toBeGreaterThan(first?.at ?? Infinity);
            // one table of interfaces now: the app's, with its controls
            await expect(page.locator(".mptcp-first-view").count()).resolves.toBe(0);
            await expect(page.locator("table.mptcp-interfaces").count()).resolves.toBe(1);
            await page.getByRole("button", { name: "Edit eth1", exact: true }).waitFor();
        } finally {
            await page.close();
        }
    });

    it("sends the translations compressed too, and shows them", async () => {
        const { page, seen, close } = await load("de-DE");
        try {
            await expect(page.getByRole("tab", { name: "Schnittstellen" }).count()).resolves.toBe(1);
            const po = seen.find(s => s.path === "po.js");
            expect(po?.encoding).toBe("gzip");
            expect(existsSync(join(installed, "po.de.js.gz"))).toBe(true);
        } finally {
            await close();
        }
    });
});
