// Phones (360 px wide) and the dark theme.
import { checkPage, DEMO, expect, signIn, test } from "./helpers";

test.describe("on a 360 px wide phone", () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  async function noSideways(page: import("@playwright/test").Page) {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, "the page scrolls sideways").toBeLessThanOrEqual(360);
  }

  test("home and members pages fit, and the menu opens and closes", async ({ page }) => {
    await signIn(page, DEMO.organizer.email);
    await noSideways(page);
    await checkPage(page, "mobile-home-organizer");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeHidden();
    const menu = page.getByRole("button", { name: "Menu" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await nav.getByRole("link", { name: "People" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("People");
    await expect(nav).toBeHidden(); // closes after navigating
    const cohort = page.getByLabel("Cohort", { exact: true });
    if (await cohort.isVisible()) await cohort.selectOption({ label: "Trellis Research Fellowship — Winter 2027" });
    await expect(page.getByRole("table")).toContainText("Amara Okafor");
    await noSideways(page);
    await checkPage(page, "mobile-members");
  });

  test("a scholar's home fits", async ({ page }) => {
    await signIn(page, DEMO.scholar.email);
    await noSideways(page);
    await checkPage(page, "mobile-home-scholar");
  });
});

test.describe("in the dark theme", () => {
  test.use({ colorScheme: "dark" });

  test("pages keep their contrast", async ({ page }) => {
    await signIn(page, DEMO.organizer.email);
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(background).toBe("rgb(21, 26, 23)");
    await checkPage(page, "dark-home-organizer");
    await page.goto("/roster-import");
    await checkPage(page, "dark-roster-import");
  });
});
