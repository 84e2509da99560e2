// A person's own account: password, sessions, API tokens, and a password reset by one-time link.
import { checkPage, DEMO, expect, PASSWORD, signIn, signOut, test } from "./helpers";

test("a scholar changes their password; errors appear next to the field", async ({ page }) => {
  const email = "lukas.brandt@example.org";
  await signIn(page, email);
  await page.getByRole("link", { name: "Password" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Change password");
  await checkPage(page, "change-password");

  await page.getByLabel("Current password").fill("wrong current password");
  await page.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
  await page.getByLabel("Repeat the new password").fill("a brand new passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  const current = page.getByLabel("Current password");
  await expect(current).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".field-invalid")).toContainText("Current password");

  await current.fill(PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password was changed")).toBeVisible();
  await signOut(page);
  await signIn(page, email, "a brand new passphrase");
});

test("sessions and API tokens", async ({ page, browser }) => {
  // A second browser signed in as the same person shows up as another session.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, DEMO.analyst.email);

  await signIn(page, DEMO.analyst.email);
  await page.getByRole("link", { name: "Sessions" }).click();
  await expect(page.getByText("This browser")).toBeVisible();
  const endButtons = page.getByRole("button", { name: /^End the session/ });
  const before = await endButtons.count();
  expect(before).toBeGreaterThan(0);
  await checkPage(page, "sessions");
  await endButtons.first().click();
  await expect(endButtons).toHaveCount(before - 1);
  await other.close();

  await page.getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByText("No API tokens yet.")).toBeVisible();
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText("Name the token")).toBeVisible();
  await page.getByLabel("Token name").fill("weekly export");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText(/^trl_[0-9a-f]+$/)).toBeVisible();
  await expect(page.getByRole("region", { name: "Your tokens" })).toContainText("weekly export");
  await checkPage(page, "tokens");
  await page.getByRole("button", { name: "Revoke the token weekly export" }).click();
  await expect(page.getByText("No API tokens yet.")).toBeVisible();
});

test("an administrator issues a reset link, and its owner chooses a new password", async ({ page, browser }) => {
  await signIn(page, DEMO.admin.email);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Accounts" }).click();
  await page.getByLabel("Search", { exact: true }).fill("sofia");
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(2);
  await checkPage(page, "accounts");
  await page.getByRole("button", { name: "Create a password reset link for Sofia Marin" }).click();
  const link = await page.getByRole("status").locator("code").textContent();
  expect(link).toMatch(/\/reset-password#token=/);

  const context = await browser.newContext();
  const owner = await context.newPage();
  await owner.goto(link!);
  await expect(owner.getByRole("heading", { level: 1 })).toHaveText("Choose a new password");
  await owner.getByLabel("New password", { exact: true }).fill("sofia's new passphrase");
  await owner.getByLabel("Repeat the new password").fill("something else entirely");
  await owner.getByRole("button", { name: "Set password" }).click();
  await expect(owner.getByText("The two passwords differ.")).toBeVisible();
  await owner.getByLabel("Repeat the new password").fill("sofia's new passphrase");
  await owner.getByRole("button", { name: "Set password" }).click();
  await expect(owner.getByText("Your password was changed. Sign in with the new one.")).toBeVisible();
  await owner.getByLabel("Email").fill("sofia.marin@example.org");
  await owner.getByLabel("Password", { exact: true }).fill("sofia's new passphrase");
  await owner.getByRole("button", { name: "Sign in" }).click();
  await expect(owner.getByRole("heading", { level: 1 })).toHaveText("Welcome, Sofia Marin");
  await context.close();
});

test("the forgot-password and reset pages explain themselves", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByText("Trellis does not send email.")).toBeVisible();
  await checkPage(page, "forgot-password");
  await page.goto("/reset-password");
  await expect(page.getByText("This address has no reset code.")).toBeVisible();
  await checkPage(page, "reset-password-no-code");
  await page.goto("/reset-password#token=0000");
  await checkPage(page, "reset-password");
});
