// An organizer builds a cohort: creates it and a stream, imports a roster (first with a bad row,
// which writes nothing), invites everyone who has no password yet, changes a member's role, and sees
// the result everywhere, the audit log included, without reloading.
import { checkPage, DEMO, demoCohortId, expect, navLink, signIn, test, uniqueSuffix } from "./helpers";

test("an organizer creates a cohort and a stream and imports a roster", async ({ page }) => {
  const suffix = uniqueSuffix();
  const cohortName = `Summer ${suffix}`;
  const streamName = `Agents ${suffix}`;

  await signIn(page, DEMO.organizer.email);
  await (await navLink(page, "Programs")).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Programs");
  await checkPage(page, "programs");
  await page.getByRole("link", { name: "Trellis Research Fellowship" }).click();
  await expect(page.getByRole("link", { name: "Winter 2027" })).toBeVisible();
  await checkPage(page, "program");

  // A cohort whose end is before its start is refused in the form, next to the field.
  const newCohort = page.getByRole("region", { name: "New cohort" });
  await newCohort.getByLabel("Cohort name").fill(cohortName);
  await newCohort.getByLabel("Starts on").fill("2027-06-01");
  await newCohort.getByLabel("Ends on").fill("2027-05-01");
  await newCohort.getByRole("button", { name: "Create cohort" }).click();
  await expect(newCohort.getByText("The end must not be before the start.")).toBeVisible();
  await newCohort.getByLabel("Ends on").fill("2027-09-30");
  await newCohort.getByRole("button", { name: "Create cohort" }).click();
  await page.getByRole("link", { name: cohortName }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(cohortName);
  await expect(page.getByText("No streams yet.")).toBeVisible();

  await page.getByRole("region", { name: "New stream" }).getByLabel("Stream name").fill(streamName);
  await page.getByRole("button", { name: "Create stream" }).click();
  await expect(page.getByRole("region", { name: "Streams" }).getByText(streamName, { exact: true })).toBeVisible();
  await checkPage(page, "cohort");

  // The roster: first with two bad rows (line 3 a broken email address, line 4 an unknown
  // role), both reported at once; then with one; nothing is written until all rows are good.
  await page.getByRole("link", { name: "Import a roster" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Roster import");
  await expect(page.getByText(`Into Trellis Research Fellowship — ${cohortName}`)).toBeVisible();
  const good = [
    "email,name,role,stream",
    `ana.${suffix}@example.org,Ana Silva,scholar,${streamName}`,
    `ben.${suffix}@example.org,Ben Okoro,mentor,${streamName}`,
    `cleo.${suffix}@example.org,Cleo Wu,support,`,
  ];
  const twoBad = [...good];
  twoBad[2] = `ben.${suffix}-at-example.org,Ben Okoro,mentor,${streamName}`;
  twoBad[3] = `cleo.${suffix}@example.org,Cleo Wu,supporter,`;
  await page.getByLabel("Or paste the rows").fill(twoBad.join("\n"));
  await page.getByRole("button", { name: "Check the roster" }).click();
  const problems = page.getByRole("alert").filter({ hasText: "Nothing was written" });
  await expect(problems).toContainText("2 problems found");
  const rows = problems.getByRole("row");
  await expect(rows).toHaveCount(3); // header + 2
  await expect(rows.nth(1)).toContainText("3");
  await expect(rows.nth(1)).toContainText("email");
  await expect(rows.nth(2)).toContainText("4");
  await expect(rows.nth(2)).toContainText("role");
  await expect(page.getByRole("button", { name: /^Import/ })).toHaveCount(0);

  const oneBad = [...good];
  oneBad[3] = twoBad[3]!;
  await page.getByLabel("Or paste the rows").fill(oneBad.join("\n"));
  await page.getByRole("button", { name: "Check the roster" }).click();
  await expect(problems).toContainText("1 problem found");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText("unknown role 'supporter'");
  await expect(page.getByRole("button", { name: /^Import/ })).toHaveCount(0);
  await checkPage(page, "roster-import-errors");

  // Nothing was written: the cohort still has no members.
  const cohortId = new URL(page.url()).searchParams.get("cohort");
  expect(cohortId).toBeTruthy();
  await page.goto(`/people?cohort=${cohortId}`);
  await expect(page.getByText("Nobody in this cohort yet.")).toBeVisible();
  await page.goBack();

  await page.getByLabel("Or paste the rows").fill(good.join("\n"));
  await page.getByRole("button", { name: "Check the roster" }).click();
  await expect(page.getByText("The roster is valid. Nothing has been written yet.")).toBeVisible();
  await expect(page.getByText("3 memberships would be added")).toBeVisible();
  await checkPage(page, "roster-import-checked");
  await page.getByRole("button", { name: "Import 3 rows" }).click();
  await expect(page.getByText("Roster imported.")).toBeVisible();
  await checkPage(page, "roster-import-done");

  // The members page shows the new people at once, with search and filters.
  await page.getByRole("link", { name: `See the members of ${cohortName}` }).click();
  const table = page.getByRole("table", { name: `Members of ${cohortName}` });
  await expect(table.getByRole("row")).toHaveCount(4);
  await page.getByLabel("Role", { exact: true }).first().selectOption("mentor");
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table).toContainText("Ben Okoro");
  await page.getByLabel("Role", { exact: true }).first().selectOption("");
  await page.getByLabel("Search", { exact: true }).fill("cleo");
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table).toContainText("Cleo Wu");
  await page.getByLabel("Search", { exact: true }).fill("");
  await checkPage(page, "members-organizer");

  // Everyone imported has never signed in and has no password; one batch makes a link for each.
  await expect(table.getByRole("row").filter({ hasText: "Never signed in" })).toHaveCount(3);
  const invite = page.getByRole("region", { name: "Invite people who have no password yet" });
  await expect(invite).toContainText("3 members have no password yet");
  await invite.getByRole("button", { name: "Make invitation links" }).click();
  await expect(invite.getByRole("status")).toHaveText("3 links made. Send each person their own.");
  const links = invite.getByRole("table", { name: "Invitation links" });
  await expect(links.getByRole("row")).toHaveCount(4);
  await expect(links.getByRole("row").filter({ hasText: "Ben Okoro" })).toContainText("/invitation#");
  await expect(table.getByRole("row").filter({ hasText: "Invited" })).toHaveCount(3);
  await checkPage(page, "invitation-links");

  // The organizer moves Ben from mentor to support, out of the stream; the change shows at once.
  await page.getByRole("button", { name: "Change role or stream of Ben Okoro" }).click();
  const editor = page.getByRole("form", { name: "Role and stream of Ben Okoro" });
  await editor.getByLabel("Role").selectOption("support");
  await editor.getByLabel("Stream").selectOption("");
  await editor.getByRole("button", { name: "Save" }).click();
  const benRow = table.getByRole("row").filter({ hasText: "Ben Okoro" });
  await expect(benRow).toContainText("Support");
  await expect(benRow.getByRole("cell").nth(3)).toHaveText("—");

  // Removing someone asks for confirmation and updates the list without a reload.
  await page.getByRole("button", { name: "Remove Cleo Wu as support" }).click();
  await page.getByRole("button", { name: "Confirm: remove Cleo Wu as support" }).click();
  await expect(table.getByRole("row")).toHaveCount(3);

  // The audit log records the import. Other tests write to this program's log at the same time,
  // so the import is looked for among roster imports, in the row of this test's cohort.
  await (await navLink(page, "Audit log")).click();
  await expect(page.getByRole("table", { name: "Audit events, newest first" })).toBeVisible();
  await page.getByLabel("Action starts with").fill("roster.");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=roster\./);
  const importRow = page.getByRole("row").filter({ hasText: cohortName });
  await expect(importRow).toHaveCount(1);
  await expect(importRow).toContainText("roster.import");
  await expect(importRow).toContainText("3 added, 3 accounts created");
  await page.getByLabel("Action starts with").fill("member.");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=member\./);
  // Records and actors are named, not shown as ids.
  const updateRow = page.getByRole("row").filter({ hasText: "member.update" }).filter({ hasText: "Ben Okoro" });
  await expect(updateRow).toHaveCount(1);
  await expect(updateRow).toContainText("role mentor -> support; stream changed");
  await expect(updateRow).toContainText(DEMO.organizer.name);
  await checkPage(page, "audit-log");
});

test("the demo cohort's members page lists everyone, filtered by stream", async ({ page, request }) => {
  const cohortId = await demoCohortId(request);
  await signIn(page, DEMO.organizer.email);
  await page.goto(`/people?cohort=${cohortId}`);
  await expect(page.locator(".page-header .intro")).toHaveText("Trellis Research Fellowship — Winter 2027");
  const table = page.getByRole("table");
  await expect(table.getByRole("row")).not.toHaveCount(0);
  await page.getByLabel("Stream", { exact: true }).first().selectOption({ label: "Evaluations" });
  await expect(table.getByRole("row")).toHaveCount(6); // header, mentor, 4 scholars
  await expect(table).toContainText("Kwame Mensah");
});

test("a scholar sees their stream and the staff, and no management controls", async ({ page }) => {
  await signIn(page, DEMO.scholar.email);
  await (await navLink(page, "People")).click();
  const table = page.getByRole("table");
  await expect(table).toContainText("Lukas Brandt");
  await expect(table).toContainText("Priya Raman");
  await expect(table).not.toContainText("Chloé Dubois");
  await expect(page.getByRole("button", { name: /^Remove/ })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Invite by link" })).toHaveCount(0);
  await checkPage(page, "members-scholar");
});
