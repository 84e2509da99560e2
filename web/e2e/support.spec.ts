// The support team's queue in the browser, on the demo data: the support member sees the alerts
// the rules raised for Lukas Brandt (he shares answers, and his mood fell) and none for Sofia
// Marin (hers fell too, but she shares nothing); opens one, claims it, writes a coaching note and
// resolves it. Then Ravi Iyer, stuck for a week without asking anyone, sees the nudge on his home
// page and asks the support team for a conversation, which then appears in the queue.
import { checkPage, expect, navLink, signIn, signOut, test } from "./helpers";

const SUPPORT = "jonas.weber@example.org";
const RAVI = "ravi.iyer@example.org";

test("the support member works the demo alert, and a stuck scholar's request reaches the queue", async ({ page }) => {
  test.slow();
  await signIn(page, SUPPORT);
  await (await navLink(page, "Support queue")).click();
  await expect(page.getByRole("heading", { level: 1, name: "Support queue" })).toBeVisible();
  const queue = page.getByRole("list", { name: "Support queue" });
  const lowMood = queue
    .getByRole("listitem")
    .filter({ hasText: "Lukas Brandt" })
    .filter({ hasText: "Low mood in a row" });
  await expect(lowMood).toHaveCount(1);
  await expect(
    queue.getByRole("listitem").filter({ hasText: "Lukas Brandt" }).filter({ hasText: "Falling mood" }),
  ).toHaveCount(1);
  await expect(queue.getByText("Sofia Marin")).toHaveCount(0);
  await checkPage(page, "support-queue");

  // The item: Lukas shares answers, so his latest check-ins are there, note for the team included.
  await lowMood.getByRole("link", { name: "Lukas Brandt" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Lukas Brandt: Low mood in a row" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Latest check-ins" })).toContainText("Could someone talk to me?");
  await checkPage(page, "support-item");

  await page.getByRole("button", { name: "Claim", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Now claimed.");
  await page
    .getByRole("textbox", { name: "Coaching note" })
    .fill("Called Lukas; we meet on Thursday. His mentor is away this week.");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByRole("list", { name: "Coaching notes" })).toContainText("we meet on Thursday");
  await expect(page.getByRole("textbox", { name: "Coaching note" })).toHaveValue("");
  await page.getByRole("button", { name: "Resolve", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Now resolved.");
  await expect(page.getByRole("button", { name: "Reopen" })).toBeVisible();

  // Resolved items leave the default list; the other alert stays.
  await page.getByRole("link", { name: "Support queue" }).first().click();
  await expect(queue.getByRole("listitem").filter({ hasText: "Falling mood" })).toHaveCount(1);
  await expect(queue.getByRole("listitem").filter({ hasText: "Low mood in a row" })).toHaveCount(0);
  await signOut(page);

  // Ravi: stuck since last week, has not asked anyone: the nudge, with the program's channels.
  await signIn(page, RAVI);
  const nudge = page.getByRole("region", { name: "Time to ask for help" });
  await expect(nudge).toContainText("You have been stuck for");
  await expect(nudge).toContainText("#stuck on the cohort chat");
  await checkPage(page, "home-nudge");
  await nudge.getByRole("button", { name: "Ask the support team for a conversation" }).click();
  await expect(page.getByRole("region", { name: "Time to ask for help" })).toHaveCount(0);
  await page.goto("/checkins");
  await expect(page.getByText("You asked the support team for a conversation")).toBeVisible();
  await signOut(page);

  await signIn(page, SUPPORT);
  await page.goto("/support");
  await expect(
    page.getByRole("list", { name: "Support queue" }).getByRole("listitem").filter({ hasText: "Ravi Iyer" }).filter({
      hasText: "Asked for a conversation",
    }),
  ).toHaveCount(1);
});
