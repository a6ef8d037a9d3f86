import { launchBrowser } from "./browser";
const b = await launchBrowser();
const p = await b.newPage(); p.on("console", m => console.log(m.text()));
await p.goto("http://127.0.0.1:9091/cockpit/@localhost/mptcp/index.html");
await p.locator('tr[data-interface="eth1"] li[data-address]').first().waitFor();
console.log(await p.evaluate(() => JSON.stringify(performance.getEntriesByType("resource").map(e => [e.name.split("/").pop(), Math.round(e.startTime), Math.round(e.duration)]))));
console.log(await p.evaluate(() => performance.now()));
await b.close();
