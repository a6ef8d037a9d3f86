// Takes a screenshot of the page in the running lab:
//   npx tsx test/integration/screenshot.ts [URL] [OUT.png]
import { launchBrowser } from "./browser";

const url = process.argv[2] || `http://127.0.0.1:${process.env.MPTCP_LAB_PORT ?? 9091}/cockpit/@localhost/mptcp/index.html`;
const out = process.argv[3] ?? "screenshot.png";
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
page.on("console", msg => console.log(`console.${msg.type()}: ${msg.text()}`));
await page.goto(url);
await page.waitForTimeout(3000);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
console.log(`wrote ${out}`);
