// Assessments in the browser: the framework, rounds, the rating form with autosave, and the
// reports, each seen by scholar, mentor and organizer exactly as the access rules allow. Rounds
// made here carry a unique suffix, so the file does not depend on other rounds in the database.
import type { APIRequestContext, Page } from "@playwright/test";
import { resolve } from "node:path";
import {
  apiAs,
  checkPage,
  DEMO,
  demoCohortId,
  expect,
  navLink,
  SCREENSHOTS,
  signIn,
  test,
  uniqueSuffix,
} from "./helpers";

test.describe.configure({ mode: "serial" });

const suffix = uniqueSuffix();

interface Round {
  id: string;
  name: string;
  state: string;
  framework_version_id: string;
}
/** A round this file made, with the number of qualities its framework version rates. */
interface ArrangedRound extends Round {
  qualities: number;
}
interface Assignment {
  id: string;
  rater_id: string;
  subject_id: string;
  rater_kind: string;
}
interface Member {
  user_id: string;
  email: string;
  display_name: string;
  role: string;
}

let cohortId = "";
let members: Member[] = [];
const byEmail = (email: string) => members.find((m) => m.email === email)!;
const byName = (name: string) => members.find((m) => m.display_name === name)!;

function hash(text: string): number {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
}

/**
 * Opens a round through the API and, for the assignments `rate` picks, signs in as each rater
 * and submits ratings: mentors rate a little lower than scholars rate themselves, and a later
 * `step` a little higher, so gaps and growth have something to show.
 */
async function arrangeRound(
  request: APIRequestContext,
  name: string,
  body: Record<string, unknown>,
  rate: (a: Assignment) => boolean,
  step = 0,
): Promise<ArrangedRound> {
  const org = await apiAs(request, DEMO.organizer.email);
  const round = await org.post<Round>(`/api/v1/cohorts/${cohortId}/assessment-rounds`, {
    name,
    opens_at: new Date(Date.now() - 60_000).toISOString(),
    closes_at: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    rater_kinds: ["self", "mentor"],
    ...body,
  });
  const framework = await org.get<{ qualities: { key: string; retired: boolean }[] }>(
    `/api/v1/framework-versions/${round.framework_version_id}`,
  );
  const keys = framework.qualities.filter((q) => !q.retired).map((q) => q.key);
  if (body.peer_selection === "organizer") {
    // The organizer asks three peers for each scholar, from anywhere in the cohort.
    const scholars = members.filter((m) => m.role === "scholar");
    for (const [i, subject] of scholars.entries()) {
      const peers = scholars.filter((m) => m.user_id !== subject.user_id);
      for (let k = 0; k < 3; k++) {
        const rater = peers[(i + k * 3) % peers.length]!;
        await org.post(`/api/v1/assessment-rounds/${round.id}/peer-nominations`, {
          subject_id: subject.user_id,
          rater_id: rater.user_id,
        });
      }
    }
  }
  const assignments = (
    await org.get<{ items: Assignment[] }>(`/api/v1/assessment-rounds/${round.id}/assignments?limit=200`)
  ).items;
  const raters = new Map<string, Assignment[]>();
  for (const a of assignments.filter(rate)) raters.set(a.rater_id, [...(raters.get(a.rater_id) ?? []), a]);
  for (const [raterId, mine] of raters) {
    const rater = members.find((m) => m.user_id === raterId)!;
    const api = await apiAs(request, rater.email);
    for (const a of mine) {
      const ratings = keys.map((k) => {
        const base = 2 + (hash(a.subject_id + k) % 3);
        const offset = a.rater_kind === "self" ? hash(k) % 2 : a.rater_kind === "peer" ? hash(a.rater_id + k) % 2 : 0;
        return { quality: k, score: Math.min(5, base + offset + step) };
      });
      // The organizer's list leaves out a peer's version (peer progress is the peer's own), so
      // the rater reads their assessment first.
      const { version } = await api.get<{ version: number }>(`/api/v1/assessments/${a.id}`);
      await api.put(`/api/v1/assessments/${a.id}`, { version, status: "submitted", ratings });
    }
  }
  return { ...round, qualities: keys.length };
}

async function closeRound(request: APIRequestContext, round: Round) {
  const org = await apiAs(request, DEMO.organizer.email);
  await org.post(`/api/v1/assessment-rounds/${round.id}/closure`, {});
}

function block(page: Page, index: number) {
  return page.locator(".quality-block").nth(index);
}

let spring: ArrangedRound;

test.beforeAll(async ({ request }) => {
  cohortId = await demoCohortId(request);
  const org = await apiAs(request, DEMO.organizer.email);
  members = (await org.get<{ items: Member[] }>(`/api/v1/cohorts/${cohortId}/members?limit=200`)).items;
});

test("the demo program's reports: a scholar's radar and growth, the cohort's charts", async ({ page, request }) => {
  const org = await apiAs(request, DEMO.organizer.email);
  const rounds = (await org.get<{ items: Round[] }>(`/api/v1/cohorts/${cohortId}/assessment-rounds`)).items;
  const midpoint = rounds.find((r) => r.name === "Midpoint (week 8)");
  expect(midpoint, "the demo has a closed midpoint round").toBeTruthy();
  await signIn(page, DEMO.scholar.email);
  await (await navLink(page, "My growth")).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your report");
  await page.getByLabel("Round", { exact: true }).selectOption({ label: "Midpoint (week 8) (closed)" });
  await expect(page.getByRole("figure").filter({ hasText: "Self vs mentor" }).locator("canvas")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Growth across rounds" })).toBeVisible();
  await checkPage(page, "docs-scholar-report");
  // The screen-sized pictures in docs/screenshots are these.
  await page
    .getByRole("heading", { name: "Self vs mentor", exact: true })
    .evaluate((h) => h.closest("section")!.scrollIntoView());
  await page.screenshot({ path: resolve(SCREENSHOTS, "scholar-report.png") });

  await page.context().clearCookies();
  await signIn(page, DEMO.organizer.email);
  await page.goto(`/reports/cohort?cohort=${cohortId}&round=${midpoint!.id}`);
  await expect(page.getByRole("region", { name: "Distribution of ratings" }).locator("canvas")).toBeVisible();
  await expect(page.getByRole("region", { name: "Inter-rater reliability" })).toContainText("Weighted kappa");
  await checkPage(page, "docs-cohort-report");
  await page
    .getByRole("heading", { name: "Perception gap (self − mentor)" })
    .evaluate((h) => h.closest("section")!.scrollIntoView());
  await page.screenshot({ path: resolve(SCREENSHOTS, "cohort-report.png") });
});

test("an organizer edits the framework; the server's field errors appear next to their field", async ({ page }) => {
  await signIn(page, DEMO.organizer.email);
  await (await navLink(page, "Framework")).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Framework");
  await expect(page.getByRole("heading", { name: "Endurance and perseverance" })).toBeVisible();
  await expect(page.getByText("Level 5").first()).toBeVisible();
  await checkPage(page, "framework");

  await page.getByRole("button", { name: "Edit the framework" }).click();
  const level3 = page.getByLabel("Endurance and perseverance: level 3 (usually)");
  const before = await level3.inputValue();
  await level3.fill("");
  await page.getByRole("button", { name: /^Save as version/ }).click();
  await expect(level3).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("qualities[0].levels[3] is required.")).toBeVisible();
  await level3.fill(before);

  const name = `Teaching others ${suffix}`;
  await page.getByRole("button", { name: "Add a quality" }).click();
  await page
    .getByLabel(/^Name of quality \d+$/)
    .last()
    .fill(name);
  await page.getByLabel(`Summary of ${name}`).fill("Explains what they learned so others can use it.");
  await page.getByLabel(`${name}: level 1 (rarely shows it)`).fill("Keeps what they learn to themself.");
  await page.getByLabel(`${name}: level 3 (usually)`).fill("Shares results and methods when asked.");
  await page
    .getByLabel(`${name}: level 5 (a model for others)`)
    .fill("Runs reading groups and writes guides others reuse.");
  await page.getByRole("button", { name: `Move ${name} up` }).click();
  await checkPage(page, "framework-edit");
  await page.getByRole("button", { name: /^Save as version/ }).click();
  await expect(page.getByText(/^Saved as version \d+\.$/)).toBeVisible();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  const history = page.getByRole("region", { name: "Version history" });
  await expect(history.getByRole("listitem")).not.toHaveCount(1);
  // The earlier version is still there, without the new quality.
  await history
    .getByRole("button", { name: /^Show version/ })
    .first()
    .click();
  await expect(page.getByText("This is an earlier version.")).toBeVisible();
  await expect(page.getByRole("heading", { name })).toHaveCount(0);
});

test("a scholar fills in and submits their self-assessment; the draft survives a reload", async ({ page, request }) => {
  spring = await arrangeRound(request, `Spring ${suffix}`, {}, () => false);
  await signIn(page, DEMO.scholar.email);
  const due = page
    .getByRole("list", { name: "Assessments due" })
    .getByRole("listitem")
    .filter({ hasText: spring.name });
  await expect(due).toContainText("closes in 7 days");
  await checkPage(page, "home-scholar-due");
  await due.getByRole("link", { name: "Your self-assessment" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your self-assessment");
  // The form rates every quality of the round's framework version (the demo's nine and more).
  const count = spring.qualities;
  expect(count).toBeGreaterThanOrEqual(9);
  await expect(page.locator(".quality-block")).toHaveCount(count);
  // A self-assessment speaks to the scholar, never about "the scholar".
  await expect(page.getByText(/choose the description that fits you best/)).toBeVisible();
  await expect(block(page, 0)).toContainText("You cannot say yet.");
  await expect(page.locator("main")).not.toContainText(/the scholar/i);

  // A choice and evidence are saved as a draft, and are there after a reload.
  await block(page, 0).getByRole("radio", { name: "3 — Usually shows it" }).check();
  await block(page, 0).getByRole("textbox").fill("Kept going after two failed training runs.");
  await expect(page.getByRole("status").filter({ hasText: /^Saved/ })).toBeVisible();
  await page.reload();
  await expect(block(page, 0).getByRole("radio", { name: "3 — Usually shows it" })).toBeChecked();
  await expect(block(page, 0).getByRole("textbox")).toHaveValue("Kept going after two failed training runs.");
  await expect(page.getByText("Draft", { exact: true })).toBeVisible();

  // The radio group works with the keyboard: arrow keys move the choice.
  await block(page, 1).getByRole("radio", { name: "1 — Rarely shows it" }).focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowRight");
  await expect(block(page, 1).getByRole("radio", { name: "2", exact: true })).toBeChecked();

  // Submitting with qualities left is refused, naming them.
  await page.getByRole("button", { name: "Submit", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("Rate every quality before submitting");
  await expect(block(page, 2).getByText("Choose a level, or “Cannot judge”.")).toBeVisible();
  // The first quality left is brought into view, its first choice focused.
  await expect(block(page, 2).getByRole("radio").first()).toBeFocused();
  await expect(block(page, 2)).toBeInViewport();

  for (let i = 2; i < count - 1; i++) await block(page, i).getByRole("radio", { name: "4", exact: true }).check();
  await block(page, count - 1)
    .getByRole("radio", { name: "Cannot judge" })
    .check();
  await page.getByRole("button", { name: "Submit", exact: true }).click();
  await expect(page.getByText(/^Submitted\. You can change your answers until the round closes/)).toBeVisible();
  await expect(page.getByText("Submitted ✓")).toBeInViewport();
  await checkPage(page, "assessment-form");

  // Changed after submitting: saved in place, still submitted.
  await block(page, 0).getByRole("radio", { name: "5 — A model for others" }).check();
  await expect(page.getByRole("status").filter({ hasText: /^Saved/ })).toBeVisible();
  await page.reload();
  await expect(block(page, 0).getByRole("radio", { name: "5 — A model for others" })).toBeChecked();
  await expect(page.getByText("Submitted", { exact: true })).toBeVisible();

  // Saved elsewhere in the meantime: the form says so and shows the newer answers.
  const other = await apiAs(request, DEMO.scholar.email);
  const current = await other.get<{ version: number; ratings: { quality: string; score: number | null }[] }>(
    page.url().replace(/^.*\/assessments\//, "/api/v1/assessments/"),
  );
  await other.put(page.url().replace(/^.*\/assessments\//, "/api/v1/assessments/"), {
    version: current.version,
    status: "submitted",
    ratings: current.ratings.map((r, i) => (i === 0 ? { ...r, score: 2 } : r)),
  });
  await block(page, 1).getByRole("radio", { name: "3 — Usually shows it" }).check();
  await expect(page.getByRole("alert")).toContainText("changed somewhere else");
  await expect(block(page, 0).getByRole("radio", { name: "2", exact: true })).toBeChecked();

  // Nothing is due any more in this round.
  await page.getByRole("link", { name: "Trellis" }).click();
  await expect(page.getByRole("heading", { name: "What is due" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: spring.name })).toHaveCount(0);
});

test("a mentor rates a scholar of their stream", async ({ page }) => {
  await signIn(page, DEMO.mentor.email);
  const due = page
    .getByRole("list", { name: "Assessments due" })
    .getByRole("listitem")
    .filter({ hasText: spring.name });
  await expect(due).toHaveCount(4); // the four scholars of Helen's stream
  await due.getByRole("link", { name: "Rate Amara Okafor (mentor)" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rate Amara Okafor");
  const count = spring.qualities;
  await expect(page.locator(".quality-block")).toHaveCount(count);
  for (let i = 0; i < count; i++)
    await block(page, i)
      .getByRole("radio", { name: i % 2 ? "2" : "3 — Usually shows it", exact: true })
      .check();
  await block(page, 0).getByRole("textbox").fill("Tried three new angles when the baseline failed.");
  await page.getByRole("button", { name: "Submit", exact: true }).click();
  await expect(page.getByText(/^Submitted\./)).toBeVisible();
  await checkPage(page, "assessment-form-mentor");
  await (await navLink(page, "Assessments")).click();
  await expect(page.getByRole("link", { name: `Change: Amara Okafor (mentor), ${spring.name}` })).toBeVisible();
  await checkPage(page, "assessments-mentor");
});

test("an organizer opens a new round and closes it early", async ({ page }) => {
  await signIn(page, DEMO.organizer.email);
  await (await navLink(page, "Rounds")).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Assessment rounds");
  const form = page.getByRole("region", { name: "Open a round" });
  const name = `Pulse ${suffix}`;
  await form.getByLabel("Round name").fill(name);
  await form.getByLabel("Closes").fill("2020-01-01T09:00");
  await form.getByRole("button", { name: "Open the round" }).click();
  await expect(form.getByText("The round must close after it opens.")).toBeVisible();
  const closes = new Date(Date.now() + 10 * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  await form
    .getByLabel("Closes")
    .fill(`${closes.getFullYear()}-${pad(closes.getMonth() + 1)}-${pad(closes.getDate())}T17:00`);
  await form.getByLabel("Support (every scholar)").check();
  await form.getByRole("button", { name: "Open the round" }).click();
  await expect(form.getByText(`${name} is open`)).toBeVisible();
  const item = page.getByRole("region", { name: "Rounds" }).getByRole("listitem").filter({ hasText: name });
  await expect(item).toContainText("Open");
  await expect(item).toContainText("Raters: Self, Mentor, Support");
  await checkPage(page, "rounds");
  await item.getByRole("button", { name: `Close ${name} early` }).click();
  await item.getByRole("button", { name: `Confirm: close ${name} now` }).click();
  await expect(item).toContainText("Closed");
  await expect(item).toContainText("(closed early)");
  await expect(item.getByRole("button", { name: /^Close/ })).toHaveCount(0);
});

test("each role sees exactly the reports the rules allow", async ({ page, request }) => {
  // Arranging two rounds signs in every rater of the cohort and submits over a hundred
  // assessments before the pages are checked: three times the usual time on a busy machine.
  test.slow();
  // Two finished rounds with (nearly) every scholar rated, peers too in the second, for growth.
  const everyone = () => true;
  const autumn = await arrangeRound(request, `Autumn ${suffix}`, {}, everyone, 0);
  await closeRound(request, autumn);
  const winter = await arrangeRound(
    request,
    `Winter ${suffix}`,
    { rater_kinds: ["self", "mentor", "peer"], peers_per_scholar: 3, peer_selection: "organizer" },
    everyone,
    1,
  );
  await closeRound(request, winter);
  const amara = byEmail(DEMO.scholar.email);
  const lukas = byName("Lukas Brandt");
  const chloe = byName("Chloé Dubois");

  // The scholar: own report without mentor ratings while the round is open…
  await signIn(page, DEMO.scholar.email);
  await page.goto(`/growth?round=${spring.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your report");
  await expect(page.getByText("Mentor ratings are shown after the round closes")).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Mentor" })).toHaveCount(0);
  await checkPage(page, "scholar-report-open");
  // …and with them once it is closed.
  await closeRound(request, spring);
  await page.reload();
  await expect(page.getByRole("columnheader", { name: "Mentor" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Gap" })).toBeVisible();
  await expect(page.getByText("Mentor ratings are shown after the round closes")).toHaveCount(0);

  await page.goto(`/growth?round=${winter.id}`);
  const radar = page.getByRole("figure").filter({ hasText: "Self vs mentor vs peers" });
  await expect(radar.locator("canvas")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Strongest qualities" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Peers (mean)" })).toBeVisible();
  await expect(page.getByText(/^Mentor: [+−]?\d\.\d points/).first()).toBeVisible();
  await checkPage(page, "scholar-report-closed");

  // Another scholar's report, by its address, is refused; so is the cohort report.
  await page.goto(`/cohorts/${cohortId}/scholars/${lukas.user_id}/report`);
  await expect(page.getByText("This report cannot be shown.")).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
  await page.goto(`/reports/cohort`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("No access");

  // The mentor: their scholar's report with mentor ratings; not another stream's scholar.
  await page.context().clearCookies();
  await signIn(page, DEMO.mentor.email);
  await page.goto(`/cohorts/${cohortId}/scholars/${amara.user_id}/report?round=${winter.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Report of Amara Okafor");
  await expect(page.getByRole("columnheader", { name: "Mentor" })).toBeVisible();
  await checkPage(page, "scholar-report-mentor");
  await page.goto(`/cohorts/${cohortId}/scholars/${chloe.user_id}/report?round=${winter.id}`);
  await expect(page.getByText("This report cannot be shown.")).toBeVisible();
  // The mentor's cohort report: the heatmap holds their own stream only.
  await page.goto(`/reports/cohort?cohort=${cohortId}&round=${winter.id}`);
  const heatmap = page.getByRole("region", { name: "Scholars × qualities" });
  await expect(heatmap.getByRole("link", { name: "Report of Amara Okafor" })).toBeVisible();
  await expect(heatmap).not.toContainText("Chloé Dubois");
  await checkPage(page, "cohort-report-mentor");

  // The organizer: everything, with the numbers behind each chart.
  await page.context().clearCookies();
  await signIn(page, DEMO.organizer.email);
  await expect(await navLink(page, "Cohort report")).toBeVisible();
  await page.goto(`/reports/cohort?cohort=${cohortId}`);
  await page.getByLabel("Round", { exact: true }).selectOption({ label: `${winter.name} (closed)` });
  await expect(page.getByRole("region", { name: "Distribution of ratings" }).locator("canvas")).toBeVisible();
  await expect(page.getByRole("region", { name: "Perception gap (self − mentor)" })).toContainText(
    "95% confidence interval",
  );
  const grid = page.getByRole("region", { name: "Scholars × qualities" });
  await expect(grid.getByRole("link", { name: /^Report of / })).toHaveCount(12);
  await expect(page.getByRole("region", { name: "Change since the previous round" })).toBeVisible();
  await page
    .getByRole("region", { name: "Perception gap (self − mentor)" })
    .getByText("Show the numbers")
    .first()
    .click();
  await expect(
    page.getByRole("region", { name: "Perception gap (self − mentor)" }).getByRole("columnheader", { name: "95% CI" }),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: "Download CSV" })).toHaveAttribute(
    "href",
    `/api/v1/cohorts/${cohortId}/assessment-export?format=csv`,
  );
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  expect((await download).suggestedFilename()).toBe("assessments.csv");
  await checkPage(page, "cohort-report-organizer");

  // A round with too few responses says so, with the numbers: "Group too small (2 < 5)".
  await page.getByLabel("Round", { exact: true }).selectOption({ label: `${spring.name} (closed)` });
  await expect(
    page
      .getByText(/Group too small \(\d+ < \d+\)/)
      .filter({ visible: true })
      .first(),
  ).toBeVisible();
  await checkPage(page, "cohort-report-suppressed");
});
