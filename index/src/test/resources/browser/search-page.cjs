// Drives the search page in headless Chromium: search, click a facet, open a document, show the
// evidence of an action item, open the action-item board, and check that a token for another
// collection sees none of it. A screenshot of every step goes to SCREENSHOTS.
// Environment: PRECIS_URL, ADMIN_TOKEN, ENGINEERING_TOKEN, CHROMIUM, SCREENSHOTS, USER_DATA.
const { chromium } = require("playwright-core");
const path = require("path");

const url = process.env.PRECIS_URL;
const shots = process.env.SCREENSHOTS;
const failures = [];
function check(ok, what) {
  console.log((ok ? "ok   " : "FAIL ") + what);
  if (!ok) failures.push(what);
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, name), fullPage: true });
}

(async () => {
  const context = await chromium.launchPersistentContext(process.env.USER_DATA, {
    executablePath: process.env.CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 860 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  // The page must work offline: any request that leaves this server fails the test.
  const foreign = [];
  context.on("request", (r) => { if (!r.url().startsWith(url)) foreign.push(r.url()); });
  try {
    const page = await context.newPage();
    await page.goto(url + "#token=" + process.env.ADMIN_TOKEN);
    await page.waitForSelector(".hit");
    check(!page.url().includes("token="), "the token is removed from the address bar");

    // 1. Search.
    await page.fill("#q", "Orion OR budget");
    await page.press("#q", "Enter");
    await page.waitForFunction(() => document.querySelector("#status").textContent.includes("Orion OR budget"));
    const titles = await page.$$eval(".hit h2", (hs) => hs.map((h) => h.textContent));
    check(titles.length >= 3, "search finds several documents: " + titles.join(" | "));
    const marks = await page.$$eval(".hit mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
    check(marks.some((m) => m === "orion" || m === "budget"), "matched words are highlighted: " + marks.join(","));
    await shot(page, "01-search.png");

    // 2. Click a facet.
    await page.click('button[data-facet="type"][data-value="transcript"]');
    await page.waitForSelector('button.on[data-facet="type"][data-value="transcript"]');
    const types = await page.$$eval(".hit .meta .pill:first-child", (ps) => ps.map((p) => p.textContent));
    check(types.length >= 1 && types.every((t) => t === "transcript"), "the type facet keeps transcripts only: " + types.join(","));
    await shot(page, "02-facet.png");

    // 3. Open a document.
    await page.click('.hit h2 a[data-doc="fin-q1"]');
    await page.waitForSelector("#doc h1");
    check((await page.textContent("#doc h1")) === "Q1 budget review", "the document view opens");
    check((await page.textContent("#doc .summary")).includes("invoice backlog"), "the summary is shown");
    check((await page.$$("#doc .item")).length === 2, "both action items are listed");
    await shot(page, "03-document.png");

    // 4. The evidence of an action item, highlighted in the text.
    await page.click('#doc button[data-evidence="0"]');
    await page.waitForSelector("mark.evidence.focus");
    const evidence = await page.textContent("mark.evidence.focus");
    check(evidence === "Bob, can you reconcile the Lisbon invoices by Friday?", "the evidence is highlighted: " + evidence);
    check(await page.isVisible("mark.evidence.focus"), "the evidence is scrolled into view");
    await shot(page, "04-evidence.png");

    // 5. The action-item board.
    await page.click("#tab-actions");
    await page.waitForSelector(".column.overdue .card");
    const overdue = await page.$$eval(".column.overdue .card .task", (cs) => cs.map((c) => c.textContent));
    check(overdue.length === 2, "two items are overdue: " + overdue.join(" | "));
    await page.click('#owners button[data-owner="Alice"]');
    await page.waitForFunction(() => document.querySelectorAll(".card").length === 1);
    check((await page.textContent(".card .task")).includes("present the migration plan"), "the owner filter shows what Alice owes");
    await page.click("#owners button:first-child");
    await page.waitForFunction(() => document.querySelectorAll(".card").length > 1);
    await shot(page, "05-board.png");

    // 6. Another token sees nothing of the finance collection: results, facets, board, document by id.
    const eng = await context.newPage();
    await eng.goto(url + "#token=" + process.env.ENGINEERING_TOKEN);
    await eng.waitForSelector(".hit");
    await eng.fill("#q", "invoices Lisbon budget payroll");
    await eng.press("#q", "Enter");
    await eng.waitForFunction(() => document.querySelector("#status").textContent !== "Searching…");
    let text = await eng.textContent("body");
    await shot(eng, "06-other-token-search.png");
    await eng.click("#tab-actions");
    await eng.waitForSelector(".column");
    text += await eng.textContent("body");
    await shot(eng, "07-other-token-board.png");
    const direct = await eng.evaluate(async () => (await fetch("/api/documents/fin-q1",
      { headers: { Authorization: "Bearer " + sessionStorage.getItem("precis-token") } })).status);
    check(direct === 404, "fetching a finance document by id gives 404: " + direct);
    for (const secret of ["Lisbon", "Bob", "Carol", "Dana", "payroll", "finance", "Q1 budget review"]) {
      check(!text.includes(secret), "the engineering token's pages do not show '" + secret + "'");
    }
    check(foreign.length === 0, "no request leaves the server: " + foreign.join(", "));
  } catch (e) {
    failures.push(String(e && e.stack || e));
    console.log("FAIL " + e);
  } finally {
    await context.close();
  }
  process.exit(failures.length === 0 ? 0 : 1);
})();
