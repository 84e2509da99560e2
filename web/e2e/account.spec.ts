// A person's own account: password, sessions, API tokens, and a password reset by one-time link.
// Each test works on an account of its own, so that no other test's sign-ins show up among its
// sessions and no other test finds a password changed under it.
import { checkPage, DEMO, expect, navLink, newAccount, signIn, signOut, test } from "./helpers";

test("a person changes their password; errors appear next to the field", async ({ page, request }) => {
  const { email, password } = await newAccount(request, "Lin");
  await signIn(page, email, password);
  await (await navLink(page, "Password")).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Change password");
  await checkPage(page, "change-password");

  await page.getByLabel("Current password").fill("wrong current password");
  await page.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
  await page.getByLabel("Repeat the new password").fill("a brand new passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  const current = page.getByLabel("Current password");
  await expect(current).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".field-invalid")).toContainText("Current password");

  await current.fill(password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password was changed")).toBeVisible();
  await signOut(page);
  await signIn(page, email, "a brand new passphrase");
});

test("sessions and API tokens", async ({ page, browser, request }) => {
  // Signed in three times: on accepting the invitation, in a second browser, and in this one.
  const { email, password } = await newAccount(request, "Sam");
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, email, password);

  await signIn(page, email, password);
  await (await navLink(page, "Sessions")).click();
  await expect(page.getByText("This browser")).toBeVisible();
  const endButtons = page.getByRole("button", { name: /^End the session/ });
  await expect(endButtons).toHaveCount(2);
  await checkPage(page, "sessions");
  await endButtons.first().click();
  await expect(endButtons).toHaveCount(1);
  await other.close();

  await (await navLink(page, "API tokens")).click();
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

test("an administrator issues a reset link, and its owner chooses a new password", async ({
  page,
  browser,
  request,
}) => {
  const owner = await newAccount(request, "Ria");
  await signIn(page, DEMO.admin.email);
  await (await navLink(page, "Accounts")).click();
  await page.getByLabel("Search", { exact: true }).fill(owner.name);
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(2);
  await checkPage(page, "accounts");
  await page.getByRole("button", { name: `Create a password reset link for ${owner.name}` }).click();
  const code = page.getByRole("status").locator("code");
  await expect(code).toContainText("/reset-password#token=");
  const link = await code.textContent();

  const context = await browser.newContext();
  const ownerPage = await context.newPage();
  await ownerPage.goto(link!);
  await expect(ownerPage.getByRole("heading", { level: 1 })).toHaveText("Choose a new password");
  await ownerPage.getByLabel("New password", { exact: true }).fill("the owner's new passphrase");
  await ownerPage.getByLabel("Repeat the new password").fill("something else entirely");
  await ownerPage.getByRole("button", { name: "Set password" }).click();
  await expect(ownerPage.getByText("The two passwords differ.")).toBeVisible();
  await ownerPage.getByLabel("Repeat the new password").fill("the owner's new passphrase");
  await ownerPage.getByRole("button", { name: "Set password" }).click();
  await expect(ownerPage.getByText("Your password was changed. Sign in with the new one.")).toBeVisible();
  await ownerPage.getByLabel("Email").fill(owner.email);
  await ownerPage.getByLabel("Password", { exact: true }).fill("the owner's new passphrase");
  await ownerPage.getByRole("button", { name: "Sign in" }).click();
  await expect(ownerPage.getByRole("heading", { level: 1 })).toHaveText(`Welcome, ${owner.name}`);
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
