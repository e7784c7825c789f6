// The web page in headless Chromium, as a person meets it: open /, type a
// name, submit the form, read the result; once with JavaScript and once
// without. Run by ../resolve_web.sh, which checks what this leaves in OUT.
//
//   node drive.mjs BASE NAME OUT EXPECT_JSON
//
// EXPECT_JSON: {"texts": [strings the result page must show], "paytext":
// the offer (or URI) in the copy box}. Writes OUT/{form,result,result-nojs,
// qr}.png and OUT/result.html; exits 1 with a message at the first failure.
import puppeteer from "puppeteer-core";

const [base, name, out, expectJson] = process.argv.slice(2);
const expect = JSON.parse(expectJson);
const fail = (msg) => {
  console.error(`FAIL: ${msg}`);
  process.exit(1);
};
// Nothing here may hang a test run.
setTimeout(() => fail("the browser run took longer than 90 s"), 90_000).unref();

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  // No sandbox and no GPU in a container; /dev/shm is often tiny there.
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  timeout: 30_000,
  protocolTimeout: 30_000,
});
try {
  for (const scripts of [true, false]) {
    const what = scripts ? "with JavaScript" : "without JavaScript";
    const page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    await page.setViewport({ width: 720, height: 1000 });
    await page.setJavaScriptEnabled(scripts);
    // The page must load nothing from anywhere, and the browser must refuse
    // nothing of it (a CSP hash that does not match shows up here).
    const problems = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith("data:")) problems.push(`request to ${r.url()}`);
    });
    page.on("console", (m) => {
      if (m.type() === "error" && !/favicon/.test(m.text()) && !/404/.test(m.text())) problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(String(e)));

    const form = await page.goto(`${base}/`, { waitUntil: "load" });
    if (form.status() !== 200) fail(`${what}: GET / answered ${form.status()}`);
    if (scripts) await page.screenshot({ path: `${out}/form.png` });
    await page.type("#name", name);
    const [result] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("button[type=submit]")]);
    if (result.status() !== 200) fail(`${what}: the form's result answered ${result.status()}`);
    const url = new URL(page.url());
    if (url.pathname !== "/pay" || url.searchParams.get("name") !== name)
      fail(`${what}: the form went to ${page.url()}`);
    const text = await page.$eval("main", (m) => m.innerText);
    for (const t of expect.texts) if (!text.includes(t)) fail(`${what}: the result page does not show "${t}":\n${text}`);
    const paytext = await page.$eval("#paytext", (e) => e.textContent);
    if (paytext !== expect.paytext) fail(`${what}: the copy box holds ${paytext}`);
    const copyShown = await page.$eval("#copy", (b) => !b.hidden && b.offsetParent !== null);
    if (copyShown !== scripts) fail(`${what}: the copy button is ${copyShown ? "shown" : "hidden"}`);
    if (scripts) {
      await page.screenshot({ path: `${out}/result.png`, fullPage: true });
      // The copy button puts the offer on the clipboard.
      await browser.defaultBrowserContext().overridePermissions(base, ["clipboard-read", "clipboard-sanitized-write"]);
      await page.click("#copy");
      await page.waitForFunction(() => document.getElementById("copy").textContent !== "Copy offer");
      const label = await page.$eval("#copy", (b) => b.textContent);
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      if (label !== "Copied" || copied !== expect.paytext) fail(`copy: button says "${label}", clipboard holds "${copied}"`);
      const qr = await page.$("svg.qr");
      if (!qr) fail("no QR code on the result page");
      await page.setViewport({ width: 720, height: 1000, deviceScaleFactor: 2 });
      await (await page.$("svg.qr")).screenshot({ path: `${out}/qr.png` });
      const fs = await import("node:fs");
      fs.writeFileSync(`${out}/result.html`, await page.content());
    } else {
      await page.screenshot({ path: `${out}/result-nojs.png`, fullPage: true });
    }
    if (problems.length) fail(`${what}: ${problems.join("; ")}`);
    console.log(`browser ${what}: form submitted, result page shows the name, amount, flag and offer`);
    await page.close();
  }
} finally {
  await browser.close();
}
