// Pages are guarded in the browser as well as on the server.
import { checkPage, DEMO, expect, signIn, test } from "./helpers";

test("a scholar cannot open organizer pages by typing their address", async ({ page }) => {
  await signIn(page, DEMO.scholar.email);
  const auditCalls: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/audit-events")) auditCalls.push(r.url());
  });
  for (const path of ["/audit", "/programs", "/roster-import", "/users"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("No access");
    await expect(page.getByText("This page is not available to your account.")).toBeVisible();
  }
  await checkPage(page, "no-access");
  expect(auditCalls).toEqual([]);
});

test("a signed-out visitor is sent to sign in, then on to the page they asked for", async ({ page }) => {
  await page.goto("/people?role=mentor");
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByLabel("Email").fill(DEMO.support.email);
  await page.getByLabel("Password", { exact: true }).fill("trellis-demo-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("People");
  await expect(page).toHaveURL(/\/people\?role=mentor$/);
  await expect(page.getByRole("table")).toContainText("Helen Park");
});

test("an unknown address shows a not-found page", async ({ page }) => {
  await signIn(page, DEMO.scholar.email);
  await page.goto("/no/such/page");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await checkPage(page, "not-found");
});

test("the whole app works with the keyboard alone", async ({ page }) => {
  await page.goto("/sign-in");
  // Tab from the top: the skip link comes first, then the form.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.getByLabel("Email").focus();
  await page.keyboard.type(DEMO.organizer.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type("trellis-demo-password");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: /^Welcome/ })).toBeFocused();
  // Reach "People" in the navigation by tabbing, and follow it with Enter.
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => document.activeElement?.textContent ?? "");
    if (focused === "People") break;
  }
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe("none"); // focus is visible
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "People" })).toBeFocused();
});
