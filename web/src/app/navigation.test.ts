import { describe, expect, it } from "vitest";
import type { Account, Grant, Role } from "../api/client";
import { mayOpen } from "../auth/access";
import { navigationBar, navigationFor } from "./navigation";
import { PAGES } from "./pages";

function account(roles: Role[], isAdmin = false): Account {
  return {
    id: "u1",
    email: "a@example.org",
    display_name: "A",
    is_admin: isAdmin,
    disabled: false,
    created_at: "2026-01-01T00:00:00Z",
    roles: roles.map((role): Grant => ({ role, program_id: "p1", cohort_id: "c1" })),
  };
}

const labels = (a: Account) => navigationFor(a).map((l) => l.label);
const ACCOUNT_LINKS = ["Password", "Sessions", "API tokens"];

describe("navigation", () => {
  it("gives members of a cohort their home and people pages", () => {
    for (const role of ["alumnus"] as Role[]) {
      expect(labels(account([role]))).toEqual(["Home", "People", ...ACCOUNT_LINKS]);
    }
  });

  it("gives each role its assessment pages", () => {
    expect(labels(account(["scholar"]))).toEqual([
      "Home",
      "People",
      "Assessments",
      "My growth",
      "Check-ins",
      ...ACCOUNT_LINKS,
    ]);
    expect(labels(account(["mentor"]))).toEqual(["Home", "People", "Assessments", "Cohort report", ...ACCOUNT_LINKS]);
    expect(labels(account(["support"]))).toEqual(["Home", "People", "Assessments", "Support queue", ...ACCOUNT_LINKS]);
    expect(labels(account(["analyst"]))).toEqual([
      "Home",
      "People",
      "Cohort report",
      "Check-in report",
      "Studies",
      ...ACCOUNT_LINKS,
    ]);
  });

  it("adds program administration for organizers", () => {
    expect(labels(account(["organizer"]))).toEqual([
      "Home",
      "People",
      "Cohort report",
      "Check-in report",
      "Studies",
      "Programs",
      "Framework",
      "Rounds",
      "Roster import",
      "Audit log",
      ...ACCOUNT_LINKS,
    ]);
  });

  it("adds accounts for site administrators, even without a cohort role, but no pages about one's own ratings", () => {
    expect(labels(account([], true))).toEqual([
      "Home",
      "People",
      "Cohort report",
      "Check-in report",
      "Studies",
      "Programs",
      "Framework",
      "Rounds",
      "Roster import",
      "Audit log",
      "Accounts",
      ...ACCOUNT_LINKS,
    ]);
  });

  it("shows an account without roles only its home and settings", () => {
    expect(labels(account([]))).toEqual(["Home", ...ACCOUNT_LINKS]);
  });
});

describe("page access", () => {
  const page = (path: string) => PAGES.find((p) => p.path === path)!;

  it("keeps organizer pages from scholars", () => {
    for (const path of ["/programs", "/programs/:programId", "/cohorts/:cohortId", "/roster-import", "/audit"]) {
      expect(mayOpen(page(path).audience, account(["scholar"]))).toBe(false);
      expect(mayOpen(page(path).audience, account(["organizer"]))).toBe(true);
    }
  });

  it("sends signed-in people away from the sign-in page, and lets anyone open invitations", () => {
    expect(mayOpen(page("/sign-in").audience, account(["scholar"]))).toBe(false);
    expect(mayOpen(page("/sign-in").audience, undefined)).toBe(true);
    expect(mayOpen(page("/invitation").audience, undefined)).toBe(true);
    expect(mayOpen(page("/invitation").audience, account(["mentor"]))).toBe(true);
    expect(mayOpen(page("/respond").audience, undefined)).toBe(true);
    expect(mayOpen(page("/").audience, undefined)).toBe(false);
  });

  it("keeps assessment management from scholars and mentors, and cohort reports from scholars", () => {
    for (const path of ["/framework", "/rounds"]) {
      expect(mayOpen(page(path).audience, account(["scholar"]))).toBe(false);
      expect(mayOpen(page(path).audience, account(["mentor"]))).toBe(false);
      expect(mayOpen(page(path).audience, account(["organizer"]))).toBe(true);
    }
    expect(mayOpen(page("/reports/cohort").audience, account(["scholar"]))).toBe(false);
    expect(mayOpen(page("/reports/cohort").audience, account(["support"]))).toBe(false);
    expect(mayOpen(page("/reports/cohort").audience, account(["analyst"]))).toBe(true);
    // A scholar may open report addresses; the server answers only for their own.
    expect(mayOpen(page("/cohorts/:cohortId/scholars/:scholarId/report").audience, account(["scholar"]))).toBe(true);
    expect(mayOpen(page("/growth").audience, account(["mentor"]))).toBe(false);
  });

  it("keeps the study staff pages from the audience, and lets the audience answer", () => {
    const staff = [
      "/studies",
      "/studies/:studyId/transcripts",
      "/studies/:studyId/codebook",
      "/studies/:studyId/coding",
      "/studies/:studyId/reports",
    ];
    for (const path of staff) {
      for (const role of ["scholar", "mentor", "support", "alumnus"] as Role[])
        expect(mayOpen(page(path).audience, account([role]))).toBe(false);
      expect(mayOpen(page(path).audience, account(["analyst"]))).toBe(true);
      expect(mayOpen(page(path).audience, account(["organizer"]))).toBe(true);
    }
    expect(mayOpen(page("/studies/:studyId/respond").audience, account(["scholar"]))).toBe(true);
    expect(mayOpen(page("/studies/:studyId").audience, account(["mentor"]))).toBe(true);
  });

  it("opens the accounts page to administrators only", () => {
    expect(mayOpen(page("/users").audience, account(["organizer"]))).toBe(false);
    expect(mayOpen(page("/users").audience, account([], true))).toBe(true);
  });
});

describe("navigation bar", () => {
  const bar = (a: Account) =>
    navigationBar(navigationFor(a)).map((e) =>
      e.kind === "link" ? e.link.label : `${e.label}: ${e.links.map((l) => l.label).join(", ")}`,
    );

  it("groups an organizer's reports and program setup into two menus, where their first link would be", () => {
    expect(bar(account(["organizer"]))).toEqual([
      "Home",
      "People",
      "Reports: Cohort report, Check-in report",
      "Studies",
      "Program setup: Programs, Framework, Rounds, Roster import, Audit log",
    ]);
  });

  it("shows a menu of one link as that link, and leaves the account links out", () => {
    expect(bar(account(["mentor"]))).toEqual(["Home", "People", "Assessments", "Cohort report"]);
  });
});
