// An invited person opens the link, sets a password, joins and can sign in again later; a person
// who already has an account signs in to accept, and the link never touches their password.
import { request as playwrightRequest } from "@playwright/test";
import { apiAs, checkPage, DEMO, demoCohortId, expect, signIn, signOut, test } from "./helpers";

test("an invited person accepts the invitation and signs in", async ({ page, request }) => {
  const email = `zoe.${Date.now().toString(36)}@example.org`;
  const cohortId = await demoCohortId(request);
  const organizer = await apiAs(request, DEMO.organizer.email);
  const link = await organizer.post<{ path: string }>(`/api/v1/cohorts/${cohortId}/invitations`, {
    email,
    display_name: "Zoe Invited",
    role: "alumnus",
  });
  expect(link.path).toMatch(/^\/invitation#token=/);

  await page.goto(link.path);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Accept your invitation");
  await expect(page.getByText("Winter 2027")).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await checkPage(page, "invitation");

  // Too short a password is refused next to the field, before anything is sent.
  await page.getByLabel("Choose a password").fill("short");
  await page.getByLabel("Repeat the password").fill("short");
  await page.getByRole("button", { name: "Accept and sign in" }).click();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();

  const password = "a long invited passphrase";
  await page.getByLabel("Choose a password").fill(password);
  await page.getByLabel("Repeat the password").fill(password);
  await page.getByRole("button", { name: "Accept and sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Zoe Invited");
  await expect(page.getByRole("link", { name: "The people of your cohort" })).toBeVisible();

  await signOut(page);
  await signIn(page, email, password);

  // The link works once.
  await page.goto(link.path);
  await expect(page.getByText("This invitation cannot be used.")).toBeVisible();
});

test("an existing account signs in to accept; the link sets no password", async ({ page, request }) => {
  const email = `uma.${Date.now().toString(36)}@example.org`;
  const password = "uma's own long passphrase";
  const cohortId = await demoCohortId(request);
  const organizer = await apiAs(request, DEMO.organizer.email);
  const invite = () =>
    organizer.post<{ path: string; token: string }>(`/api/v1/cohorts/${cohortId}/invitations`, {
      email,
      display_name: "Uma Existing",
      role: "alumnus",
    });
  const first = await invite();
  const second = await invite();
  // The first link creates the account, in a client of its own (neither this page's browser nor
  // the organizer's signed-in one).
  const origin = process.env.TRELLIS_E2E_URL!;
  const outsider = await playwrightRequest.newContext({ baseURL: origin });
  const created = await outsider.post("/api/v1/invitations/acceptance", {
    data: { token: first.token, password },
    headers: { Origin: origin },
  });
  expect(created.status()).toBe(201);
  await outsider.dispose();

  await page.goto(second.path);
  await expect(page.getByText(`You already have an account as ${email}: sign in to accept.`)).toBeVisible();
  await expect(page.getByLabel("Choose a password")).toHaveCount(0);
  await checkPage(page, "invitation-existing-account");

  await page.getByLabel("Your password").fill("not uma's password at all");
  await page.getByRole("button", { name: "Sign in to accept" }).click();
  await expect(page.getByText("Email or password is wrong.")).toBeVisible();

  await page.getByLabel("Your password").fill(password);
  await page.getByRole("button", { name: "Sign in to accept" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Uma Existing");
  await page.goto(second.path);
  await expect(page.getByText("This invitation cannot be used.")).toBeVisible();
});

test("an invitation page without its code explains what to do", async ({ page }) => {
  await page.goto("/invitation");
  await expect(page.getByText("This address has no invitation code.")).toBeVisible();
  await checkPage(page, "invitation-no-code");
});

test("an organizer creates an invitation link in the members page", async ({ page }) => {
  await signIn(page, DEMO.organizer.email);
  await page.goto("/people");
  const invite = page.getByRole("region", { name: "Invite by link" });
  await invite.getByLabel("Email").fill(`yan.${Date.now().toString(36)}@example.org`);
  await invite.getByRole("button", { name: "Create invitation" }).click();
  await expect(invite.getByText("Enter the person's name.")).toBeVisible();
  await invite.getByLabel("Name").fill("Yan Example");
  await invite.getByLabel("Stream").selectOption({ label: "Robustness" });
  await invite.getByRole("button", { name: "Create invitation" }).click();
  await expect(invite.getByRole("status")).toContainText("/invitation#token=");
});
