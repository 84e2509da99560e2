// Time to the first drawn chart of the chart pages, in Debian's Chromium: from the start of the
// navigation (performance.now() = 0) to the moment the first chart canvas enters the page. Each
// run uses a fresh browser context, as a first visit would. Prints one TSV line per page:
// page, median ms, min ms, max ms.
//
//   node scripts/chart-timing.mjs BASE_URL EMAIL PASSWORD [RUNS]
/* global window, document, MutationObserver -- the init script and the waits run in the page */
import { chromium } from "@playwright/test";

const [base, email, password, runsArg] = process.argv.slice(2);
if (!base || !email || !password) {
  console.error("usage: node scripts/chart-timing.mjs BASE_URL EMAIL PASSWORD [RUNS]");
  process.exit(2);
}
const runs = Number(runsArg ?? 5);
if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
  console.error(`RUNS must be a whole number from 1 to 50 (got '${runsArg}')`);
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-proxy-server"],
});

async function signedInContext() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const answer = await context.request.post(`${base}/api/v1/sessions`, { data: { email, password } });
  if (!answer.ok()) throw new Error(`sign-in failed: ${answer.status()} ${await answer.text()}`);
  // Records when the first chart canvas is added, before any of the page's own code runs.
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector("figure.chart canvas")) {
        window.__firstChart = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  return context;
}

async function firstItem(context, path) {
  const answer = await context.request.get(`${base}${path}`);
  if (!answer.ok()) throw new Error(`${path}: ${answer.status()}`);
  const body = await answer.json();
  const item = (body.items ?? body)[0];
  if (!item) throw new Error(`${path}: nothing listed`);
  return item;
}

async function timeTo(url) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const context = await signedInContext();
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.__firstChart !== undefined, null, { timeout: 60_000 });
    times.push(await page.evaluate(() => window.__firstChart));
    await context.close();
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  const median = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  return [median, times[0], times[times.length - 1]].map((t) => t.toFixed(0));
}

try {
  const setup = await signedInContext();
  const program = await firstItem(setup, "/api/v1/programs");
  const cohort = await firstItem(setup, `/api/v1/programs/${program.id}/cohorts`);
  const study = await firstItem(setup, `/api/v1/programs/${program.id}/studies`);
  await setup.close();
  const pages = [
    ["Cohort report", `${base}/reports/cohort?cohort=${cohort.id}`],
    ["Study reports", `${base}/studies/${study.id}/reports`],
  ];
  for (const [name, url] of pages) console.log([name, ...(await timeTo(url))].join("\t"));
} finally {
  await browser.close();
}
