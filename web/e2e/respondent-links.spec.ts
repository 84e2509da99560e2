// Respondents outside the program: an analyst makes a one-time link on the study's overview, a
// person without an account opens it in a fresh browser, answers every kind of question and sees
// the confirmation; the same link is refused the second time, and the overview counts the
// answer and the used link.
import { apiAs, checkPage, DEMO, expect, signIn, test } from "./helpers";

type Study = { id: string; questions: { id: string }[] };

test("an external respondent answers once through a one-time link", async ({ page, browser, request }) => {
  const api = await apiAs(request, DEMO.analyst.email);
  const programs = await api.get<{ items: { id: string; name: string }[] }>("/api/v1/programs");
  const programId = programs.items.find((p) => p.name === "Trellis Research Fellowship")!.id;
  const cohorts = await api.get<{ items: { id: string; name: string }[] }>(`/api/v1/programs/${programId}/cohorts`);
  const cohortId = cohorts.items.find((c) => c.name === "Winter 2027")!.id;
  const title = `Guest mentors ${Date.now()}`;
  const study = await api.post<Study>(`/api/v1/programs/${programId}/studies`, {
    title,
    cohort_id: cohortId,
    audience: ["mentor"],
    external_respondents: true,
    questions: [
      { kind: "open_text", prompt: "What do most scholars lack?", required: true },
      {
        kind: "single_choice",
        prompt: "How long have you mentored?",
        options: ["Under a year", "One to three years", "Longer"],
      },
      { kind: "multiple_choice", prompt: "Which fields?", options: ["Interpretability", "Evaluations", "Governance"] },
      { kind: "rating", prompt: "How prepared are new scholars?" },
      {
        kind: "ranking",
        prompt: "Rank what scholars lack most",
        options: ["Reading habit", "Raw intelligence", "Technical knowledge"],
      },
    ],
  });
  await api.patch(`/api/v1/studies/${study.id}`, { status: "open" });

  // The analyst makes a link on the overview; its address is shown once.
  await signIn(page, DEMO.analyst.email);
  await page.goto(`/studies/${study.id}`);
  const section = page.getByRole("region", { name: "Respondents outside the program" });
  await expect(section.getByText("0 links made, 0 used.")).toBeVisible();
  await section.getByLabel("Label").fill("Visiting mentor");
  await section.getByLabel("E-mail (optional)").fill("guest@example.org");
  await section.getByRole("button", { name: "Create a link" }).click();
  await expect(section.getByText("This address is shown only once.")).toBeVisible();
  const url = await section.getByLabel("Link", { exact: true }).inputValue();
  expect(url).toMatch(/\/respond#token=/);
  await expect(section.getByText("1 link made, 0 used.")).toBeVisible();
  await checkPage(page, "study-respondent-links");

  // A fresh browser, signed in as nobody, answers every question.
  const guest = await browser.newContext();
  const guestPage = await guest.newPage();
  await guestPage.goto(url);
  await expect(guestPage.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await guestPage.getByLabel(/What do most scholars lack\?/).fill("They rarely ask for help early.");
  await guestPage.getByLabel("One to three years").check();
  await guestPage.getByLabel("Evaluations").check();
  await guestPage.getByLabel("Governance").check();
  await guestPage
    .getByRole("group", { name: /How prepared are new scholars/ })
    .getByLabel("4")
    .check();
  await guestPage.getByRole("button", { name: "Move “Technical knowledge” up" }).click();
  await expect(guestPage.locator("ol.ranking li").first()).toContainText("Reading habit");
  await expect(guestPage.locator("ol.ranking li").nth(1)).toContainText("Technical knowledge");
  await guestPage.getByRole("button", { name: "Send my answer" }).click();
  await expect(guestPage.getByText("Thank you — your answer was received.")).toBeVisible();
  await guest.close();

  // The link is used up: opening it again says so.
  const again = await browser.newContext();
  const againPage = await again.newPage();
  await againPage.goto(url);
  await expect(againPage.getByText("This link was used already.")).toBeVisible();
  await again.close();

  // A mangled link is not valid.
  const wrong = await browser.newContext();
  const wrongPage = await wrong.newPage();
  await wrongPage.goto(url.replace(/token=.*/, "token=tsl_not-a-real-link"));
  await expect(wrongPage.getByText("This link is not valid.")).toBeVisible();
  await wrong.close();

  // The overview counts the used link and the response.
  await page.reload();
  await expect(section.getByText("1 link made, 1 used.")).toBeVisible();
  const participation = page.getByRole("region", { name: "Participation" });
  await expect(participation.getByText(/^1\s+responses/)).toBeVisible();
  const responses = await api.get<{ items: { respondent?: string; group: string; answers: unknown[] }[] }>(
    `/api/v1/studies/${study.id}/responses`,
  );
  expect(responses.items).toHaveLength(1);
  expect(responses.items[0]!.respondent).toBe("Visiting mentor");
  expect(responses.items[0]!.answers).toHaveLength(5);
});

test("the public answer page checks cleanly without a link code", async ({ page }) => {
  await page.goto("/respond");
  await expect(page.getByText("This address has no link code.")).toBeVisible();
  await checkPage(page, "respond-without-link");
});
