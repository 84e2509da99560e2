// Each demo person signs in and sees the navigation of their roles, and nothing more.
import { checkPage, DEMO, expect, signIn, signOut, test, type DemoRole } from "./helpers";

const ACCOUNT = ["Password", "Sessions", "API tokens"];
const MEMBER = ["Home", "People", ...ACCOUNT];
const MANAGE = [
  "Cohort report",
  "Check-in report",
  "Studies",
  "Programs",
  "Framework",
  "Rounds",
  "Roster import",
  "Audit log",
];
const ORGANIZER = ["Home", "People", ...MANAGE, ...ACCOUNT];
const ADMIN = ["Home", "People", ...MANAGE, "Accounts", ...ACCOUNT];

const expected: Record<DemoRole, string[]> = {
  scholar: ["Home", "People", "Assessments", "My growth", "Check-ins", ...ACCOUNT],
  mentor: ["Home", "People", "Assessments", "Cohort report", ...ACCOUNT],
  support: ["Home", "People", "Assessments", "Support queue", ...ACCOUNT],
  analyst: ["Home", "People", "Cohort report", "Check-in report", "Studies", ...ACCOUNT],
  alumnus: MEMBER,
  organizer: ORGANIZER,
  admin: ADMIN,
};

// Each role's home page leads to its own work; none promises features that do not exist yet.
const homeText: Record<DemoRole, RegExp> = {
  scholar: /Your check-ins and trend/,
  mentor: /Your assessments and your scholars' reports/,
  support: /The support queue: alerts and requests for a conversation/,
  analyst: /interview and survey studies: answers, coding and theme reports/,
  alumnus: /The people of your cohort/,
  organizer: /Programs and cohorts/,
  admin: /You manage every program and account/,
};

// The menus of the bar: reports and program setup when a role has more than one of them, and
// the account menu under the person's name.
const menus: Record<DemoRole, string[]> = {
  scholar: [],
  mentor: [],
  support: [],
  analyst: ["Reports"],
  alumnus: [],
  organizer: ["Reports", "Program setup"],
  admin: ["Reports", "Program setup"],
};

for (const role of Object.keys(DEMO) as DemoRole[]) {
  test(`${role} sees their own navigation and home page`, async ({ page }) => {
    await signIn(page, DEMO[role].email);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Welcome, ${DEMO[role].name}`);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.locator("summary")).toHaveText([...menus[role], DEMO[role].name]);
    await expect(page.getByText("will appear here")).toHaveCount(0);
    await expect(page.getByText(homeText[role])).toBeVisible();
    await checkPage(page, `home-${role}`);
    // Every menu opened, the links are those of the person's roles, in order.
    for (const summary of await nav.locator("summary").all()) await summary.click();
    await expect(nav.getByRole("link")).toHaveText(expected[role]);
    await signOut(page);
    // Signed out, the home page sends to sign-in.
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in\?next=%2F$/);
  });
}

test("a mentor's home lists the scholars of their stream", async ({ page }) => {
  await signIn(page, DEMO.mentor.email);
  const scholars = page.getByRole("heading", { name: "Your scholars" }).locator("xpath=following-sibling::ul[1]");
  await expect(scholars.getByRole("listitem")).toHaveCount(4);
  await expect(scholars).toContainText("Amara Okafor");
  await expect(scholars).not.toContainText("Chloé Dubois"); // another stream
});

test("the organizer's home draws the roster chart without breaking the CSP", async ({ page }) => {
  await signIn(page, DEMO.organizer.email);
  const chart = page.getByRole("figure").filter({ hasText: "Winter 2027: members by role" });
  await expect(chart.locator("canvas")).toBeVisible();
  await expect(chart).toContainText("Scholar: 12");
});

test("the sign-in form shows the server's answer to a wrong password", async ({ page }) => {
  await page.goto("/sign-in");
  await checkPage(page, "sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter your email address.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Email").fill(DEMO.alumnus.email);
  await page.getByLabel("Password", { exact: true }).fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("Email or password is wrong.");
  await checkPage(page, "sign-in-error");
});
