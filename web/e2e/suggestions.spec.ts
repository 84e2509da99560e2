// Suggested codes in the coding workspace of the demo mentor-interview study: the analyst sees
// suggestions with confidences for the uncoded sentences of an answer, accepts one (it becomes a
// segment marked as coming from a suggestion, and stays after a reload) and rejects another (it
// is not offered again after a reload).
import { checkPage, DEMO, expect, settled, signIn, test } from "./helpers";

async function openAnswer(page: import("@playwright/test").Page, label: string) {
  await page.getByLabel(/^Answer to code/).selectOption({ label });
  await settled(page);
  return page.getByRole("region", { name: "Suggestions", exact: true });
}

test("an analyst accepts and rejects suggested codes in the demo interview study", async ({ page }) => {
  await signIn(page, DEMO.analyst.email);
  await page.goto("/studies");
  await page.getByRole("link", { name: "Mentor interviews, winter 2027" }).click();
  await page.getByRole("navigation", { name: "Study" }).getByRole("link", { name: "Coding" }).click();

  // Accept: Laura Novak's third answer has a sentence nobody coded ("One burned out …").
  let panel = await openAnswer(page, "Laura Novak — question 3");
  await expect(panel).toContainText(/Suggestions learn from this study's codebook and coding \(\d+ coded examples/);
  await expect(panel).toContainText(/Model suggest-v1-[0-9a-f]{16}/);
  const unit = panel.locator(".suggestion-unit").filter({ hasText: "One burned out in week eight" });
  await expect(unit).toHaveCount(1);
  const first = unit.locator(".suggestion").first();
  await expect(first.locator(".confidence")).toHaveText(/^\d{1,3}%$/);
  const accepted = (await first.locator(".code-chip").innerText()).trim();
  await checkPage(page, "study-coding-suggestions");
  await first.getByRole("button", { name: /^Accept/ }).click();
  const segments = page.getByRole("region", { name: /^Segments of this answer/ });
  const made = segments.locator(".segment").filter({ hasText: "One burned out in week eight" });
  await expect(made).toContainText(accepted);
  await expect(made).toContainText("(suggestion)");
  await expect(unit).toHaveCount(0);
  await page.reload();
  await settled(page);
  await expect(
    page
      .getByRole("region", { name: /^Segments of this answer/ })
      .locator(".segment")
      .filter({ hasText: "One burned out in week eight" }),
  ).toContainText(accepted);

  // Reject: the top suggestion for Helen Park's uncoded sentence about the bug goes away, and
  // stays away after a reload; nothing is coded.
  panel = await openAnswer(page, "Helen Park — question 2");
  const bug = panel.locator(".suggestion-unit").filter({ hasText: "Two weeks stuck on a bug" });
  await expect(bug).toHaveCount(1);
  const top = bug.locator(".suggestion").first();
  const rejected = (await top.locator(".code-chip").innerText()).trim();
  // Keyboard: focus the Reject button and press Enter.
  await top.getByRole("button", { name: /^Reject/ }).focus();
  await page.keyboard.press("Enter");
  await expect(bug.locator(".code-chip").filter({ hasText: rejected })).toHaveCount(0);
  await page.reload();
  await settled(page);
  const after = page
    .getByRole("region", { name: "Suggestions", exact: true })
    .locator(".suggestion-unit")
    .filter({ hasText: "Two weeks stuck on a bug" });
  await expect(after.locator(".code-chip").filter({ hasText: rejected })).toHaveCount(0);
  await expect(
    page
      .getByRole("region", { name: /^Segments of this answer/ })
      .locator(".segment")
      .filter({ hasText: "Two weeks stuck" }),
  ).toHaveCount(0);
});
