// Takes a screenshot of the page in the running lab:
//   npx tsx test/integration/screenshot.ts [URL] [OUT.png]
// SHOT_TAB=traffic opens the Traffic tab; SHOT_WIDTH=N sets the viewport's width; SHOT_DARK=1 the dark theme.
import { launchBrowser } from "./browser";

const url = process.argv[2] || `http://127.0.0.1:${process.env.MPTCP_LAB_PORT ?? 9091}/cockpit/@localhost/mptcp/index.html`;
const out = process.argv[3] ?? "screenshot.png";
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: Number(process.env.SHOT_WIDTH ?? 1400), height: 900 }, colorScheme: process.env.SHOT_DARK ? "dark" : "light" });
page.on("console", msg => console.log(`console.${msg.type()}: ${msg.text()}`));
page.on("pageerror", e => console.log(`page error: ${String(e)}`));
await page.goto(url);
await page.waitForTimeout(2000);
if (process.env.SHOT_TAB) await page.getByRole("tab", { name: process.env.SHOT_TAB === "traffic" ? "Traffic" : "Interfaces" }).click();
await page.waitForTimeout(Number(process.env.SHOT_WAIT ?? 2500));
await page.screenshot({ path: out, fullPage: true });
await browser.close();
console.log(`wrote ${out}`);
