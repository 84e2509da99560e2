// REFI-QDA interchange in the browser: an analyst downloads the demo interview study as a .qdpx
// from its overview, imports that file from the studies page into a new study, opens it and
// finds the codes and the coded segments; a file that is not a project is refused clearly.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkPage, DEMO, expect, navLink, signIn, test } from "./helpers";

test("a study goes out as a REFI-QDA project and comes back in as a new study", async ({ page }) => {
  await signIn(page, DEMO.analyst.email);
  await page.goto("/studies");
  await page.getByRole("link", { name: "Mentor interviews, winter 2027" }).click();
  const studyUrl = page.url();
  const studyId = studyUrl.split("/studies/")[1]!.split(/[/?#]/)[0]!;
  const csv = page.getByRole("link", { name: "Download coded segments (CSV)" });
  await expect(csv).toHaveAttribute("href", `/api/v1/studies/${studyId}/segments.csv`);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download REFI-QDA project (.qdpx)" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("mentor-interviews-winter-2027.qdpx");
  const file = join(tmpdir(), `trellis-e2e-${Date.now()}.qdpx`);
  await download.saveAs(file);

  await (await navLink(page, "Studies")).click();
  const importCard = page.getByRole("region", { name: "Import a REFI-QDA project" });
  await importCard.getByLabel("Project file (.qdpx)").setInputFiles(file);
  await importCard.getByLabel("Title (optional)").fill("Mentor interviews, imported");
  await importCard.getByRole("button", { name: "Import the project" }).click();
  const done = importCard.getByRole("status");
  await expect(done).toContainText(
    /Imported Mentor interviews, imported: \d+ sources?, \d+ codes?, \d+ coded segments?/,
  );
  await checkPage(page, "study-import");
  await done.getByRole("link", { name: "Mentor interviews, imported" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Mentor interviews, imported");

  // The codebook came along, with the demo's codes.
  const studyNav = page.getByRole("navigation", { name: "Study" });
  await studyNav.getByRole("link", { name: "Codebook" }).click();
  await expect(page.getByText("Endurance and perseverance").first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Download .qdc" })).toBeVisible();

  // So did the coded segments: Helen Park's first answer is coded twice, as in the demo.
  await studyNav.getByRole("link", { name: "Coding" }).click();
  const picker = page.getByLabel(/^Answer to code/);
  const helen = await picker.locator("option").filter({ hasText: "Helen Park" }).first().textContent();
  await picker.selectOption({ label: helen! });
  await expect(page.getByRole("region", { name: /^Segments of this answer \([1-9]/ })).toBeVisible();
  await expect(page.locator(".coded").first()).toBeVisible();
});

test("a file that is not a REFI-QDA project is refused with a clear message", async ({ page }) => {
  await signIn(page, DEMO.organizer.email);
  await page.goto("/studies");
  const file = join(tmpdir(), `trellis-e2e-bad-${Date.now()}.qdpx`);
  writeFileSync(file, "this is not a zip archive");
  const importCard = page.getByRole("region", { name: "Import a REFI-QDA project" });
  await importCard.getByLabel("Project file (.qdpx)").setInputFiles(file);
  await importCard.getByRole("button", { name: "Import the project" }).click();
  const alert = importCard.getByRole("alert");
  await expect(alert).toContainText("The project was not imported; nothing was stored.");
  await expect(alert).toContainText(/zip/i);
});
