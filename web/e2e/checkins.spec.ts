// Check-ins in the browser. A scholar of a cohort this file makes (so nothing else in the
// database changes what it sees) checks in from the home page, fills in a missed week late, reads
// their trend with its text and numbers, changes what they share and sees the history of their
// choices and what reached whom. Then the demo's mentor and organizer see only what the rules
// allow: the mentor a plain flag for the one scholar who allowed it, the organizer aggregates.
import type { APIRequestContext, Page } from "@playwright/test";
import { request as requests } from "@playwright/test";
import { apiAs, checkPage, DEMO, expect, signIn, signOut, test, uniqueSuffix } from "./helpers";

const suffix = uniqueSuffix();

/** YYYY-MM-DD, `days` after `date`. */
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function mondayOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return addDays(date, -((d.getUTCDay() + 6) % 7));
}

/** A new account with `role` in the cohort, invited by the administrator, with its own password. */
async function invite(request: APIRequestContext, cohortId: string, label: string, role: string, streamId?: string) {
  const account = {
    email: `${label.toLowerCase()}.${suffix}@example.org`,
    name: `${label} ${suffix}`,
    password: `${label} passphrase ${suffix}`,
  };
  const admin = await apiAs(request, DEMO.admin.email);
  const link = await admin.post<{ path: string }>(`/api/v1/cohorts/${cohortId}/invitations`, {
    email: account.email,
    display_name: account.name,
    role,
    ...(streamId ? { stream_id: streamId } : {}),
  });
  const token = new URLSearchParams(link.path.split("#")[1]).get("token");
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

/** A request context signed in as `email` with `password`, for arranging data. */
async function sessionOf(email: string, password: string) {
  const origin = process.env.TRELLIS_E2E_URL!;
  const context = await requests.newContext({ baseURL: origin });
  const signedIn = await context.post("/api/v1/sessions", { data: { email, password }, headers: { Origin: origin } });
  expect(signedIn.status()).toBe(201);
  const { csrf_token } = (await signedIn.json()) as { csrf_token: string };
  return { context, headers: { Origin: origin, "X-CSRF-Token": csrf_token } };
}

function scaleGroup(page: Page, question: string) {
  return page.getByRole("group", { name: question });
}

async function answer(page: Page, mood: string, energy: string, progress: string) {
  await scaleGroup(page, "How has your mood been this week?").getByRole("radio", { name: mood }).check();
  await scaleGroup(page, "How much energy have you had?").getByRole("radio", { name: energy }).check();
  await scaleGroup(page, "How did your research move forward?").getByRole("radio", { name: progress }).check();
}

test("a scholar checks in, sees the trend, changes consent and sees what was shared", async ({ page, request }) => {
  test.slow();
  // A program and a cohort of this test, begun three weeks ago; check-ins due on Sundays.
  const admin = await apiAs(request, DEMO.admin.email);
  const program = await admin.post<{ id: string }>("/api/v1/programs", {
    name: `Check-ins ${suffix}`,
    min_group_size: 3,
  });
  const thisMonday = mondayOf(new Date().toISOString().slice(0, 10));
  const cohort = await admin.post<{ id: string }>(`/api/v1/programs/${program.id}/cohorts`, {
    name: `Now ${suffix}`,
    starts_on: addDays(thisMonday, -21),
    ends_on: addDays(thisMonday, 60),
  });
  await admin.put(`/api/v1/cohorts/${cohort.id}/checkin-schedule`, { cadence: "weekly", due_weekday: 7 });
  const scholar = await invite(request, cohort.id, "Scholar", "scholar");
  const support = await invite(request, cohort.id, "Support", "support");

  // Three and two weeks ago the scholar checked in (by the API): mood 4, then 3.
  const mine = await sessionOf(scholar.email, scholar.password);
  const due = (await (await mine.context.get("/api/v1/me/checkins/due")).json()) as {
    items: { current: { period: { starts_on: string } } }[];
  };
  const thisWeek = due.items[0]!.current.period.starts_on;
  for (const [weeks, mood] of [
    [3, 4],
    [2, 3],
  ] as const) {
    const made = await mine.context.post("/api/v1/me/checkins", {
      headers: mine.headers,
      data: { cohort_id: cohort.id, period_start: addDays(thisWeek, -7 * weeks), mood, energy: 4, progress: 3 },
    });
    expect(made.status(), await made.text()).toBe(201);
  }

  // The home page says a check-in is due; the form asks with words on the scales.
  await signIn(page, scholar.email, scholar.password);
  const dueList = page.getByRole("list", { name: "Check-ins due" });
  await expect(dueList.getByText(/^Check-in due: week of/)).toBeVisible();
  await expect(dueList.getByText(/1 missed you can still fill in/)).toBeVisible();
  await dueList.getByRole("link", { name: "Check in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check in" })).toBeVisible();
  // Nothing chosen: each scale says so, and nothing is sent.
  await page.getByRole("button", { name: "Check in" }).click();
  await expect(page.getByText("Choose how your mood has been.")).toBeVisible();
  await answer(page, "2 — Low", "2 — Low", "2 — Slow");
  await page.getByLabel("I am stuck").check();
  await page.getByLabel("What are you stuck on?").fill("The probe does not train.");
  await page.getByLabel("Wins", { exact: true }).fill("Read two papers.");
  await page.getByLabel("A note for the support team").fill("A rough week.");
  await checkPage(page, "checkin-form");
  await page.getByRole("button", { name: "Check in" }).click();

  // The scholar's own page: saved, the trend in words, still stuck.
  await expect(page.getByRole("heading", { level: 1, name: "My check-ins" })).toBeVisible();
  await expect(page.getByText("Your check-in was saved.")).toBeVisible();
  const inWords = page.getByRole("list", { name: "Your trend in words" });
  await expect(inWords.getByText("Mood: latest 2, falling over the last 3 check-ins (average 3.0).")).toBeVisible();
  await expect(page.getByRole("list", { name: "Stuck stretches" }).getByText(/still stuck/)).toBeVisible();

  // Last week was missed: filled in late, dated to its own week.
  const missed = page.getByRole("list", { name: "Missed check-ins" });
  await missed.getByRole("link", { name: /^Fill in late: Week of/ }).click();
  await expect(page.getByText(/\(late: it will be dated to its own period\)/)).toBeVisible();
  await answer(page, "3 — Okay", "3 — Okay", "3 — Some");
  await page.getByRole("button", { name: "Check in" }).click();
  await expect(page.getByText("Your check-in was saved.")).toBeVisible();
  await expect(inWords.getByText("Mood: latest 2, falling over the last 4 check-ins (average 3.0).")).toBeVisible();
  await expect(page.getByRole("list", { name: "In numbers" }).getByText(/in a row/)).toContainText("4");
  await expect(page.getByRole("list", { name: "Missed check-ins" })).toHaveCount(0);
  await page.getByText("Show the numbers").click();
  const table = page.getByRole("table", { name: "Your answers per period" });
  await expect(table.getByRole("row")).toHaveCount(5); // header and four weeks
  await expect(table.getByRole("row").last()).toContainText("2");
  await checkPage(page, "checkins-mine");

  // Consent: nothing shared by default; the scholar chooses, twice, and the history keeps both.
  await page.getByRole("link", { name: "Your check-in privacy: what is shared" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check-in privacy" })).toBeVisible();
  await expect(
    page.getByText(/Now: Share nothing; your mentor sees nothing\. You have not chosen yet\./),
  ).toBeVisible();
  await expect(page.getByText("Nothing of your check-ins has been shared with anyone.")).toBeVisible();
  await page.getByRole("radio", { name: /Share alerts and answers/ }).check();
  await page.getByLabel("Let my mentor see a plain “could use support” flag").check();
  await page.getByRole("button", { name: "Save what I share" }).click();
  await expect(page.getByText(/^Saved\. It applies from now on/)).toBeVisible();
  await expect(page.getByText(/Now: Share alerts and answers; your mentor may see the flag/)).toBeVisible();
  await page.getByRole("radio", { name: /Share alerts only/ }).check();
  await page.getByRole("button", { name: "Save what I share" }).click();
  const choices = page.getByRole("table", { name: "Every change of what you share, newest first" });
  await expect(choices.getByRole("row")).toHaveCount(3);
  await expect(choices.getByRole("row").nth(1)).toContainText("Share alerts only");
  await expect(choices.getByRole("row").nth(2)).toContainText("Share alerts and answers");

  // While answers were shared the support member read this week's check-in: the log says who.
  await page.getByRole("radio", { name: /Share alerts and answers/ }).check();
  await page.getByRole("button", { name: "Save what I share" }).click();
  await expect(choices.getByRole("row")).toHaveCount(4);
  const history = (await (await mine.context.get(`/api/v1/me/checkins?cohort_id=${cohort.id}`)).json()) as {
    items: { id: string }[];
  };
  const theirs = await sessionOf(support.email, support.password);
  const read = await theirs.context.get(`/api/v1/checkins/${history.items[history.items.length - 1]!.id}`);
  expect(read.status()).toBe(200);
  await page.reload();
  const shared = page.getByRole("table", { name: "What of your check-ins reached whom, newest first" });
  await expect(shared.getByRole("row").nth(1)).toContainText(support.name);
  await expect(shared.getByRole("row").nth(1)).toContainText("a check-in's answers");
  await checkPage(page, "checkins-privacy");
  await mine.context.dispose();
  await theirs.context.dispose();
});

test("the demo's mentor sees only a flag and the organizer only aggregates", async ({ page }) => {
  // Helen Park's stream: Lukas Brandt allowed the flag and his mood fell; Sofia Marin's fell
  // too, but she shares nothing, so her mentor is not told.
  await signIn(page, DEMO.mentor.email);
  const flags = page.getByRole("list", { name: "Scholars who could use support" });
  await expect(flags.getByText("Lukas Brandt")).toBeVisible();
  await expect(flags.getByText("Sofia Marin")).toHaveCount(0);
  await expect(flags).not.toContainText("mood");
  await page.goto("/reports/checkins");
  await expect(page.getByRole("heading", { level: 1, name: "No access" })).toBeVisible();

  await signOut(page);
  await signIn(page, DEMO.organizer.email);
  await page.goto("/reports/checkins");
  await expect(page.getByRole("heading", { level: 1, name: "Check-in report" })).toBeVisible();
  await expect(page.getByText(/individual check-ins are never shown here/)).toBeVisible();
  await page.getByText("Show the numbers").first().click();
  await expect(page.getByRole("table", { name: "Check-ins per period" }).getByRole("row").nth(1)).toContainText(
    /\d+ of \d+/,
  );
  await checkPage(page, "checkins-report");
});
