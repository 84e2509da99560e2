// Interview and survey studies in the browser: an analyst creates a study from the mentor
// interview template, imports transcripts, codes with the mouse and with the keyboard, manages
// the codebook and reads the reports; two coders code one study blind; a scholar answers an
// anonymous study; a scholar cannot reach the coding workspace.
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { resolve } from "node:path";
import { apiAs, checkPage, DEMO, expect, navLink, SCREENSHOTS, signIn, signOut, test } from "./helpers";

type Study = { id: string; title: string; template?: string; questions: { id: string }[] };

async function analystProgram(request: APIRequestContext) {
  const api = await apiAs(request, DEMO.analyst.email);
  const programs = await api.get<{ items: { id: string; name: string }[] }>("/api/v1/programs");
  const programId = programs.items.find((p) => p.name === "Trellis Research Fellowship")!.id;
  const cohorts = await api.get<{ items: { id: string; name: string }[] }>(`/api/v1/programs/${programId}/cohorts`);
  const cohortId = cohorts.items.find((c) => c.name === "Winter 2027")!.id;
  return { api, programId, cohortId };
}

/** Selects `passage` inside `region` by dragging the mouse from its first to its last character. */
async function selectWithMouse(page: Page, region: Locator, passage: string) {
  const box = await region.evaluate((el, wanted) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    let all = "";
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      nodes.push(n as Text);
      all += (n as Text).data;
    }
    const start = all.indexOf(wanted);
    if (start < 0) throw new Error(`"${wanted}" is not in the text`);
    const at = (offset: number, range: Range, end: boolean) => {
      let seen = 0;
      for (const n of nodes) {
        if (offset <= seen + n.data.length) {
          if (end) range.setEnd(n, offset - seen);
          else range.setStart(n, offset - seen);
          return;
        }
        seen += n.data.length;
      }
    };
    const range = document.createRange();
    at(start, range, false);
    at(start + wanted.length, range, true);
    const rects = range.getClientRects();
    const first = rects[0]!;
    const last = rects[rects.length - 1]!;
    return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
  }, passage);
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move(box.x2, box.y2, { steps: 8 });
  await page.mouse.up();
}

const TRANSCRIPT_A = `## 1
Ana kept going after two dead ends. She asked for help early and often.

## 2
Most lack the habit of reading every week.

## 3
Mine lacked concise updates.`;

const TRANSCRIPT_B = `Q1: Ben built a reading group with the other scholars.
Q2: Asking for help early.
Q3: Perseverance after the first dead end.`;

test("an analyst creates a mentor-interview study, imports transcripts, codes them and reads the reports", async ({
  page,
  request,
}) => {
  const suffix = Date.now().toString(36);
  const title = `Mentor interviews ${suffix}`;
  await signIn(page, DEMO.analyst.email);
  await (await navLink(page, "Studies")).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Studies");
  await expect(page.getByRole("link", { name: "Mentor interviews, winter 2027" })).toBeVisible();
  await checkPage(page, "studies");

  // From the template: its three questions are filled in and can be edited before creating.
  await expect(page.getByLabel("Mentor interview template")).toBeChecked();
  await expect(page.getByLabel("Prompt of question 3")).toHaveValue("What did your own scholars most lack?");
  await page.getByLabel("Anonymous: nobody can tell who gave an answer").check();
  await expect(page.getByText("What anonymous guarantees:")).toBeVisible();
  await page.getByLabel("Named: each answer shows who gave it").check();
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByRole("button", { name: "Create the study" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByText("A draft: nobody in the audience sees it yet.")).toBeVisible();
  await checkPage(page, "study-overview");

  // Transcripts: first one names a question the study does not have; every problem is listed
  // and nothing is imported.
  const studyNav = page.getByRole("navigation", { name: "Study" });
  await studyNav.getByRole("link", { name: "Transcripts" }).click();
  await page.getByLabel("Respondent of transcript 1").fill("Ana Mentor");
  await page.getByLabel("Text of transcript 1").fill(TRANSCRIPT_A.replace("## 3", "## 9"));
  await page.getByRole("button", { name: "Add another transcript" }).click();
  await page.getByLabel("Respondent of transcript 2").fill("Ben Mentor");
  await page.getByLabel("Format of transcript 2").selectOption("text");
  await page.getByLabel("Text of transcript 2").fill(TRANSCRIPT_B);
  await page.getByRole("button", { name: "Import" }).click();
  const problems = page.getByRole("alert").filter({ hasText: "Nothing was imported" });
  await expect(problems).toContainText("1 line was rejected");
  await expect(problems.getByRole("row").nth(1)).toContainText("Transcript 1 (Ana Mentor)");
  await expect(problems.getByRole("row").nth(1)).toContainText("names no question of this study");
  await checkPage(page, "study-transcripts-rejected");

  await page.getByLabel("Text of transcript 1").fill(TRANSCRIPT_A);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByText("Import finished.")).toBeVisible();
  await expect(page.getByText("2 transcripts with 6 answers were imported.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Transcripts in this study (2)" })).toBeVisible();
  await checkPage(page, "study-transcripts");

  // Coding with the mouse: drag over a passage, find the code by typing, apply.
  await page.getByRole("link", { name: "Start coding" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Coding: ${title}`);
  const text = page.getByRole("textbox", { name: "Answer of Ana Mentor to question 1" });
  await expect(text).toContainText("Ana kept going after two dead ends.");
  await selectWithMouse(page, text, "kept going after two dead ends");
  const status = page.locator(".selection-status");
  await expect(status).toContainText("Selected: kept going after two dead ends");
  await page.getByLabel("Find a code").fill("persev");
  await page.getByLabel("Find a code").press("Enter");
  await expect(page.getByRole("checkbox", { name: "Endurance and perseverance" })).toBeChecked();
  await page.getByRole("button", { name: "Apply code" }).click();
  const segments = page.getByRole("region", { name: /^Segments of this answer/ });
  await expect(segments).toHaveAccessibleName("Segments of this answer (1)");
  await expect(segments).toContainText("kept going after two dead ends");
  await expect(segments).toContainText("Endurance and perseverance");

  // Coding with the keyboard only: Down selects the next sentence, Enter goes to the codes.
  await text.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(status).toContainText("Selected: She asked for help early and often.");
  await page.keyboard.press("Shift+ArrowLeft"); // leave the full stop out
  await expect(status).toContainText("Selected: She asked for help early and often (characters");
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Find a code")).toBeFocused();
  await page.keyboard.type("help");
  await page.keyboard.press("Enter");
  await page.keyboard.type("peer");
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Apply 2 codes" }).focus();
  await page.keyboard.press("Enter");
  await expect(segments).toHaveAccessibleName("Segments of this answer (3)");
  await expect(segments).toContainText("Asking for help, social agency");
  await expect(segments).toContainText("Peer collaboration");
  // The codes are in colour on the text, the overlap-free passages each once.
  await expect(text.locator(".coded")).toHaveCount(2);

  // Remove one and add a memo to another.
  await segments.getByRole("button", { name: "Remove Peer collaboration" }).click();
  await expect(segments).toHaveAccessibleName("Segments of this answer (2)");
  await segments.getByRole("button", { name: "Memo on Endurance and perseverance" }).click();
  await segments.getByLabel("Memo on this Endurance and perseverance segment").fill("Two dead ends, still going.");
  await segments.getByRole("button", { name: "Save memo" }).click();
  await expect(segments).toContainText("Memo: Two dead ends, still going.");
  await page.getByRole("button", { name: "Next answer" }).click();
  await expect(page.getByRole("textbox", { name: "Answer of Ana Mentor to question 2" })).toBeVisible();
  await checkPage(page, "study-coding");

  // The codebook: add a code, see what deleting it would remove, confirm.
  await studyNav.getByRole("link", { name: "Codebook" }).click();
  const newCode = page.getByRole("region", { name: "New code" });
  await newCode.getByLabel("Code name").fill("Curiosity");
  await newCode.getByLabel("Description").fill("Asks why, follows surprises");
  await newCode.getByRole("button", { name: "Add the code" }).click();
  await expect(page.getByText("Code “Curiosity” added.")).toBeVisible();
  await page.getByRole("button", { name: "Delete Curiosity" }).click();
  await expect(
    page.getByText("Deleting “Curiosity” removes 1 code(s) (with its children), 0 coded segment(s) and 0 memo(s)."),
  ).toBeVisible();
  await checkPage(page, "study-codebook");
  await page.getByRole("button", { name: "Confirm: delete “Curiosity”" }).click();
  await expect(page.getByRole("button", { name: "Delete Curiosity" })).toHaveCount(0);

  // A category groups codes and is never applied; the codebook marks it.
  await newCode.getByLabel("Code name").fill("Obstacles");
  await newCode.getByLabel("Category", { exact: true }).check();
  await newCode.getByRole("button", { name: "Add the code" }).click();
  await expect(page.getByText("Code “Obstacles” added.")).toBeVisible();
  await expect(page.locator(".code-row", { hasText: "Obstacles" }).locator(".badge")).toHaveText("Category");

  // Someone else changes the codebook while a rename is being typed: the rename is refused and
  // the page says why, showing the current codebook.
  const studyId = new URL(page.url()).pathname.split("/")[2]!;
  await page.getByRole("button", { name: "Edit Reading habit" }).click();
  const { api } = await analystProgram(request);
  const book = await api.get<{ version: number }>(`/api/v1/studies/${studyId}/codes`);
  await api.post(`/api/v1/studies/${studyId}/codes`, {
    name: `Added elsewhere ${suffix}`,
    codebook_version: book.version,
  });
  await page.getByLabel("Code name").first().fill("Reading widely");
  await page.getByRole("button", { name: "Save Reading habit" }).click();
  await expect(page.getByText("Someone else changed the codebook first.")).toBeVisible();
  await expect(page.locator(".code-name", { hasText: `Added elsewhere ${suffix}` })).toBeVisible();

  // Reports: themes, and the headline comparison with the scholars' self-perception study.
  await studyNav.getByRole("link", { name: "Reports" }).click();
  const side = page.getByRole("region", { name: "What scholars say they lack vs what mentors say scholars lack" });
  await expect(side.getByLabel("Compare with")).toHaveValue(/.+/);
  await expect(side.locator("figure figcaption")).toContainText("Share of respondents naming each theme");
  await expect(side.getByText("Side by side, code by code (table)")).toBeVisible();
  const themes = page.getByRole("region", { name: "Themes", exact: true });
  await expect(themes.getByRole("row", { name: /Endurance and perseverance/ })).toContainText("50%");
  await expect(page.getByRole("link", { name: "Export coded segments (CSV)" })).toHaveAttribute(
    "href",
    `/api/v1/studies/${studyId}/segments.csv`,
  );
  await checkPage(page, "study-reports");
});

test("the demo interview study shows its coding and the side-by-side report", async ({ page }) => {
  await signIn(page, DEMO.analyst.email);
  await page.goto("/studies");
  await page.getByRole("link", { name: "Mentor interviews, winter 2027" }).click();
  await page.getByRole("navigation", { name: "Study" }).getByRole("link", { name: "Coding" }).click();
  await page.getByLabel(/^Answer to code/).selectOption({ label: "Helen Park — question 1" });
  const text = page.getByRole("textbox", { name: "Answer of Helen Park to question 1" });
  await expect(text.locator(".coded")).toHaveCount(2);
  await text.focus();
  await page.keyboard.press("ArrowDown");
  await expect(page.locator(".selection-status")).toContainText("Selected: Amara.");
  await page.keyboard.press("ArrowDown");
  await expect(page.locator(".selection-status")).toContainText("Selected: In week three her probing idea died");
  await page.getByLabel("Find a code").fill("resource");
  await page.getByLabel("Find a code").press("Enter");
  await checkPage(page, "docs-coding-workspace");
  await page.getByRole("navigation", { name: "Study" }).getByRole("link", { name: "Reports" }).click();
  const side = page.getByRole("region", { name: "What scholars say they lack vs what mentors say scholars lack" });
  await expect(side).toContainText("Raw intelligence");
  await checkPage(page, "docs-reports");
  await side.scrollIntoViewIfNeeded();
  await side.screenshot({ path: resolve(SCREENSHOTS, "docs-side-by-side.png") });
});

test("two coders code a study blind and see each other's coding only once finished", async ({
  page,
  browser,
  request,
}) => {
  const suffix = Date.now().toString(36);
  const { api, programId, cohortId } = await analystProgram(request);
  const study = await api.post<Study>(`/api/v1/programs/${programId}/studies`, {
    template: "mentor_interview",
    title: `Blind ${suffix}`,
    cohort_id: cohortId,
    blind_coding: true,
  });
  const job = await api.post<{ id: string }>(`/api/v1/studies/${study.id}/transcript-imports`, {
    transcripts: [
      {
        respondent: "Cleo Mentor",
        group: "mentor",
        format: "markdown",
        text: "## 1\nShe never gave up. She read every week.\n\n## 2\nHelp.\n\n## 3\nSleep.",
      },
    ],
  });
  await expect.poll(async () => (await api.get<{ status: string }>(`/api/v1/jobs/${job.id}`)).status).toBe("succeeded");

  // Coder 1, the analyst, with the keyboard: the first sentence, perseverance.
  await signIn(page, DEMO.analyst.email);
  await page.goto(`/studies/${study.id}/coding`);
  const blind = page.getByRole("region", { name: "Coders" });
  await expect(blind).toContainText("Coding blind.");
  const text = page.getByRole("textbox", { name: "Answer of Cleo Mentor to question 1" });
  await text.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.keyboard.type("perseverance");
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Apply code" }).click();
  const segments = page.getByRole("region", { name: /^Segments of this answer/ });
  await expect(segments).toHaveAccessibleName("Segments of this answer (1)");

  // Coder 2, the organizer, in another browser: sees nothing of coder 1, codes differently.
  const other = await browser.newContext({ baseURL: process.env.TRELLIS_E2E_URL! });
  const page2 = await other.newPage();
  await signIn(page2, DEMO.organizer.email);
  await page2.goto(`/studies/${study.id}/coding`);
  const segments2 = page2.getByRole("region", { name: /^Segments of this answer/ });
  await expect(page2.getByRole("region", { name: "Coders" })).toContainText("Coding blind.");
  await expect(segments2).toHaveAccessibleName("Segments of this answer (0)");
  await expect(
    page2.getByRole("textbox", { name: "Answer of Cleo Mentor to question 1" }).locator(".coded"),
  ).toHaveCount(0);
  await selectWithMouse(
    page2,
    page2.getByRole("textbox", { name: "Answer of Cleo Mentor to question 1" }),
    "She read every week.",
  );
  await page2.getByLabel("Find a code").fill("reading");
  await page2.getByLabel("Find a code").press("Enter");
  await page2.getByRole("button", { name: "Apply code" }).click();
  await expect(segments2).toHaveAccessibleName("Segments of this answer (1)");
  await expect(segments2).not.toContainText("Endurance and perseverance");

  // Coder 1 still sees only their own; finishing reveals coder 2's work.
  await page.reload();
  await expect(segments).toHaveAccessibleName("Segments of this answer (1)");
  await checkPage(page, "study-coding-blind");
  await page.getByRole("button", { name: "Mark my coding finished" }).click();
  await expect(blind).toContainText("You marked your coding finished.");
  await expect(segments).toHaveAccessibleName("Segments of this answer (2)");
  await expect(segments).toContainText("by Priya Raman");

  // Coder 2 has not finished: still only their own coding and reports, until they finish too.
  await page2.reload();
  await expect(segments2).toHaveAccessibleName("Segments of this answer (1)");
  await page2.getByRole("navigation", { name: "Study" }).getByRole("link", { name: "Reports" }).click();
  await expect(page2.getByText("You are coding blind.")).toBeVisible();
  await expect(page2.getByRole("region", { name: "Inter-coder agreement" })).toHaveCount(0);
  await page2.getByRole("navigation", { name: "Study" }).getByRole("link", { name: "Coding" }).click();
  await page2.getByRole("button", { name: "Mark my coding finished" }).click();
  await expect(segments2).toHaveAccessibleName("Segments of this answer (2)");
  await expect(segments2).toContainText("by Mei Chen");

  // Both see their agreement per code and the disagreements to review.
  await page.getByRole("link", { name: "See the reports" }).click();
  const agreement = page.getByRole("region", { name: "Inter-coder agreement" });
  await expect(agreement.getByRole("row", { name: /Endurance and perseverance/ })).toBeVisible();
  await expect(agreement.getByRole("heading", { name: "Disagreements to review (2)" })).toBeVisible();
  await expect(agreement).toContainText(
    "Endurance and perseverance on the answer of Cleo Mentor to question 1: applied by you, not by Priya Raman.",
  );
  await expect(agreement).toContainText(
    "Reading habit on the answer of Cleo Mentor to question 1: applied by Priya Raman, not by you.",
  );
  await checkPage(page, "study-agreement");
  await page2.goto(`/studies/${study.id}/reports`);
  const agreement2 = page2.getByRole("region", { name: "Inter-coder agreement" });
  await expect(agreement2).toContainText("applied by Mei Chen, not by you");
  await agreement2.getByRole("link", { name: "Review" }).first().click();
  await expect(page2.getByRole("textbox", { name: "Answer of Cleo Mentor to question 1" })).toBeVisible();
  await other.close();
});

test("a scholar answers an anonymous study from the home page, and cannot open the coding workspace", async ({
  page,
  request,
}) => {
  const suffix = Date.now().toString(36);
  const { api, programId, cohortId } = await analystProgram(request);
  const study = await api.post<Study>(`/api/v1/programs/${programId}/studies`, {
    template: "scholar_self_perception",
    title: `What you lack ${suffix}`,
    cohort_id: cohortId,
    mode: "anonymous",
  });
  await api.patch(`/api/v1/studies/${study.id}`, { status: "open" });

  await signIn(page, DEMO.scholar.email);
  const due = page.getByRole("region", { name: "Studies to answer" });
  await expect(due).toContainText("Anonymous: your answer cannot be linked to you.");
  await due.getByRole("link", { name: `What you lack ${suffix}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`What you lack ${suffix}`);
  await expect(page.getByRole("note", { name: "Your answer is anonymous" })).toContainText("Nobody");
  await checkPage(page, "study-respond");
  await page.getByRole("button", { name: "Send my anonymous answer" }).click();
  await expect(page.getByText("This question needs an answer.")).toBeHidden();
  await expect(page.getByText("Answer at least one question.")).toBeVisible();
  await page
    .getByLabel(/What do you feel you most lack as a researcher/)
    .fill("Confidence to ask questions in public.");
  await page.getByRole("button", { name: "Send my anonymous answer" }).click();
  await expect(page.getByText("Thank you — your answer was received.")).toBeVisible();
  await expect(page.getByText("It was stored anonymously")).toBeVisible();
  await page.getByRole("link", { name: "Back to your home page" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Welcome,/ })).toBeVisible();
  await expect(page.getByRole("link", { name: `What you lack ${suffix}` })).toHaveCount(0);

  // The staff pages are not the scholar's, by link or by URL.
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Studies" })).toHaveCount(0);
  await page.goto(`/studies/${study.id}/coding`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("No access");
  await page.goto(`/studies/${study.id}/reports`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("No access");
  await signOut(page);
});

test.describe("on a 360 px wide phone", () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test("the study pages fit the screen", async ({ page }) => {
    await signIn(page, DEMO.analyst.email);
    await page.goto("/studies");
    await page.getByRole("link", { name: "Mentor interviews, winter 2027" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mentor interviews, winter 2027");
    for (const [section, name] of [
      ["Overview", "mobile-study-overview"],
      ["Codebook", "mobile-study-codebook"],
      ["Coding", "mobile-study-coding"],
      ["Reports", "mobile-study-reports"],
    ] as const) {
      await page.getByRole("navigation", { name: "Study" }).getByRole("link", { name: section }).click();
      await expect(
        page.getByRole("navigation", { name: "Study" }).getByRole("link", { name: section }),
      ).toHaveAttribute("aria-current", "page");
      await checkPage(page, name);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${section} scrolls sideways`).toBeLessThanOrEqual(360);
    }
  });
});
