// Shared pieces of the end-to-end tests: the server's address, signing in, and the checks every
// page gets (axe-core accessibility rules, no Content-Security-Policy violations, a layout that
// fits at both widths, a screenshot).
//
// The test files run in parallel against one server and one database. A test asserts only on
// data it owns (its own cohort, round, study or account, or a filter that isolates it), never on
// "the newest item" or a count that other tests change. To wait, use Playwright's retrying
// `expect` (or `expect.poll`), never a fixed pause.
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, request as requests, type APIRequestContext, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = resolve(
  process.env.E2E_ARTIFACTS ?? resolve(here, "../../build/e2e-artifacts"),
  "screenshots",
);
mkdirSync(SCREENSHOTS, { recursive: true });

export const PASSWORD = "trellis-demo-password";
export const DEMO = {
  admin: { email: "admin@example.org", name: "Site Administrator" },
  organizer: { email: "priya.raman@example.org", name: "Priya Raman" },
  mentor: { email: "helen.park@example.org", name: "Helen Park" },
  scholar: { email: "amara.okafor@example.org", name: "Amara Okafor" },
  support: { email: "jonas.weber@example.org", name: "Jonas Weber" },
  analyst: { email: "mei.chen@example.org", name: "Mei Chen" },
  alumnus: { email: "tomas.ortega@example.org", name: "Tomás Ortega" },
} as const;
export type DemoRole = keyof typeof DEMO;

/** The test fixture: pages that fail the test on a script error or a CSP violation. */
export const test = base.extend({
  // Playwright reads a fixture's dependencies from this pattern; this one has none.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    const url = process.env.TRELLIS_E2E_URL;
    if (!url) throw new Error("TRELLIS_E2E_URL is not set (global-setup.ts starts the server)");
    await use(url);
  },
  page: async ({ page }, use) => {
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(`script error: ${e.message}`));
    // The browser reports every blocked load or eval, even one the code catches, as a
    // securitypolicyviolation event; the console text alone is not reliable enough to match.
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        console.error(
          `csp-violation: ${e.violatedDirective} blocked ${e.blockedURI} in ${e.sourceFile}:${e.lineNumber}`,
        );
      });
    });
    page.on("console", (m) => {
      if (m.type() === "error" && /csp-violation|Content.Security.Policy|Refused to/i.test(m.text())) {
        problems.push(m.text());
      }
    });
    await use(page);
    expect(problems, "the page logged script errors or CSP violations").toEqual([]);
  },
});
export { expect };

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Welcome,/ })).toBeVisible();
}

export async function signOut(page: Page) {
  const menu = page.getByRole("button", { name: "Menu" });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
}

/**
 * A link of the main navigation, its menu (Reports, Program setup, the account) opened first
 * when it sits in one.
 */
export async function navLink(page: Page, name: string) {
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Home", exact: true })).toBeVisible();
  const menu = nav.locator("details").filter({ has: page.locator("a", { hasText: new RegExp(`^${name}$`) }) });
  if ((await menu.count()) > 0 && !(await menu.evaluate((d: HTMLDetailsElement) => d.open)))
    await menu.locator("summary").click();
  return nav.getByRole("link", { name, exact: true });
}

/** Waits until the page shows no loading indicator. */
export async function settled(page: Page) {
  await expect(page.locator(".loading, .chart-loading")).toHaveCount(0);
}

/** The widths every page is checked at: a laptop and a phone. */
export const WIDTHS = [1280, 390] as const;

/**
 * What does not fit on the page as it is drawn now: the page scrolling sideways, a table header
 * broken inside a word, a chart label cut off by the canvas or shortened with "…".
 */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth + 1)
      problems.push(`the page scrolls sideways by ${doc.scrollWidth - window.innerWidth} px`);
    for (const th of Array.from(document.querySelectorAll("th"))) {
      if (th.offsetWidth <= 1 || th.closest(".visually-hidden, thead[style], [hidden]")) continue;
      if (getComputedStyle(th.closest("thead") ?? th).position === "absolute") continue;
      // Only the text drawn on screen: a visually hidden label ("Actions") is not read here.
      const texts: Text[] = [];
      const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode())
        if (!n.parentElement?.closest(".visually-hidden") && n.textContent?.trim()) texts.push(n as Text);
      const words = texts.flatMap((t) => t.textContent!.trim().split(/\s+/));
      if (words.length === 0) continue;
      const tops = texts.flatMap((t) => {
        const range = document.createRange();
        range.selectNodeContents(t);
        return Array.from(range.getClientRects()).map((r) => Math.round(r.top));
      });
      const lines = new Set(tops).size;
      if (lines > words.length) problems.push(`table header "${words.join(" ")}" breaks inside a word`);
    }
    for (const chart of Array.from(document.querySelectorAll<HTMLElement>("[data-clipped-labels]")))
      if (chart.dataset.clippedLabels)
        problems.push(
          `chart "${chart.closest("figure")?.querySelector("figcaption")?.textContent ?? "?"}" cuts off: ${chart.dataset.clippedLabels}`,
        );
    return problems;
  });
}

/** Checks the layout at each of WIDTHS (waiting for it to settle), then restores the width. */
async function checkLayout(page: Page, name: string) {
  const original = page.viewportSize();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: original?.height ?? 860 });
    await expect
      .poll(() => layoutProblems(page), { message: `layout of ${name} at ${width} px`, timeout: 10_000 })
      .toEqual([]);
  }
  if (original) await page.setViewportSize(original);
}

/**
 * The checks every page gets: no serious or critical axe-core violation (WCAG 2.1 A and AA
 * rules), a layout that fits at 1280 and 390 px, and a screenshot saved as a test artifact.
 */
export async function checkPage(page: Page, name: string) {
  await settled(page);
  await checkLayout(page, name);
  await settled(page);
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious, `axe-core found serious problems on ${name}`).toEqual([]);
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** An API session as a demo person, for arranging data the test is not about. */
export async function apiAs(request: APIRequestContext, email: string) {
  const origin = process.env.TRELLIS_E2E_URL!;
  const signedIn = await request.post("/api/v1/sessions", {
    data: { email, password: PASSWORD },
    headers: { Origin: origin },
  });
  expect(signedIn.status()).toBe(201);
  const { csrf_token } = (await signedIn.json()) as { csrf_token: string };
  const headers = { "X-CSRF-Token": csrf_token, Origin: origin };
  return {
    async get<T>(path: string): Promise<T> {
      const r = await request.get(path);
      expect(r.ok(), `GET ${path}`).toBe(true);
      return (await r.json()) as T;
    },
    async post<T>(path: string, data: unknown): Promise<T> {
      const r = await request.post(path, { data, headers });
      expect(r.ok(), `POST ${path}: ${await r.text()}`).toBe(true);
      return (await r.json()) as T;
    },
    async put<T>(path: string, data: unknown): Promise<T> {
      const r = await request.put(path, { data, headers });
      expect(r.ok(), `PUT ${path}: ${await r.text()}`).toBe(true);
      return (await r.json()) as T;
    },
    async patch<T>(path: string, data: unknown): Promise<T> {
      const r = await request.patch(path, { data, headers });
      expect(r.ok(), `PATCH ${path}: ${await r.text()}`).toBe(true);
      return (await r.json()) as T;
    },
  };
}

/** The demo cohort's id, as the organizer sees it. */
export async function demoCohortId(request: APIRequestContext): Promise<string> {
  const api = await apiAs(request, DEMO.organizer.email);
  const programs = await api.get<{ items: { id: string; name: string }[] }>("/api/v1/programs");
  const cohorts = await api.get<{ items: { id: string; name: string }[] }>(
    `/api/v1/programs/${programs.items.find((p) => p.name === "Trellis Research Fellowship")!.id}/cohorts`,
  );
  return cohorts.items.find((c) => c.name === "Winter 2027")!.id;
}

/** A unique, readable suffix for names a test creates. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * A new account that only the calling test uses (an alumnus of the demo cohort, so no count of
 * scholars or mentors changes): for tests that change or count what belongs to an account, such
 * as its password, sessions and tokens.
 */
export async function newAccount(request: APIRequestContext, label: string) {
  const suffix = uniqueSuffix();
  const account = {
    email: `${label.toLowerCase()}.${suffix}@example.org`,
    name: `${label} ${suffix}`,
    password: `${label} passphrase ${suffix}`,
  };
  const cohortId = await demoCohortId(request);
  const organizer = await apiAs(request, DEMO.organizer.email);
  const link = await organizer.post<{ path: string }>(`/api/v1/cohorts/${cohortId}/invitations`, {
    email: account.email,
    display_name: account.name,
    role: "alumnus",
  });
  const token = new URLSearchParams(link.path.split("#")[1]).get("token");
  // Accepted in a context of its own, so the caller's request context keeps its session.
  const origin = process.env.TRELLIS_E2E_URL!;
  const guest = await requests.newContext({ baseURL: origin });
  const accepted = await guest.post("/api/v1/invitations/acceptance", {
    data: { token, password: account.password },
    headers: { Origin: origin },
  });
  expect(accepted.status(), await accepted.text()).toBe(201);
  await guest.dispose();
  return account;
}
