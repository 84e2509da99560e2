// The one table of pages. Each page is loaded lazily, on first visit, so adding a page does not
// grow the first load. Later features add their pages here: the router, the navigation and the
// access checks all read this table.
import type { ComponentType } from "react";
import type { Audience } from "../auth/access";

/** Where a page's link sits: the bar itself, a menu of the bar (reports, program setup), or the
 * account menu. A menu that would hold one link shows it on the bar instead. */
export type NavGroup = "main" | "reports" | "program" | "account";

export interface PageDef {
  /** Route path (react-router syntax). */
  path: string;
  /** Document title, and the link text when the page is in the navigation. */
  title: string;
  audience: Audience;
  load: () => Promise<{ default: ComponentType }>;
  /** Present when the page has a link in the navigation. */
  nav?: { group: NavGroup; label?: string };
}

const organizers: Audience = { kind: "roles", roles: ["organizer"] };
const raters: Audience = { kind: "holds", roles: ["scholar", "mentor", "support"] };
const reportReaders: Audience = { kind: "roles", roles: ["organizer", "mentor", "analyst"] };
// Studies are run by a program's organizers and its cohorts' analysts; the server checks the
// exact program and cohort.
const studyStaff: Audience = { kind: "roles", roles: ["organizer", "analyst"] };
// The cohort's check-in aggregates: its organizers and analysts (and administrators).
const checkinReaders: Audience = { kind: "roles", roles: ["organizer", "analyst"] };

export const PAGES: readonly PageDef[] = [
  // Signed out
  {
    path: "/sign-in",
    title: "Sign in",
    audience: { kind: "signed-out" },
    load: () => import("../auth/SignIn"),
  },
  {
    path: "/forgot-password",
    title: "Forgot password",
    audience: { kind: "signed-out" },
    load: () => import("../auth/ForgotPassword"),
  },
  {
    path: "/reset-password",
    title: "Choose a new password",
    audience: { kind: "anyone" },
    load: () => import("../auth/ResetPassword"),
  },
  {
    path: "/invitation",
    title: "Accept your invitation",
    audience: { kind: "anyone" },
    load: () => import("../auth/Invitation"),
  },
  {
    // Respondents outside the program answer a study through a one-time link: no sign-in.
    path: "/respond",
    title: "Answer a study",
    audience: { kind: "anyone" },
    load: () => import("../studies/StudyLinkRespond"),
  },

  // Everyone signed in
  {
    path: "/",
    title: "Home",
    audience: { kind: "signed-in" },
    load: () => import("./Home"),
    nav: { group: "main" },
  },
  {
    path: "/people",
    title: "People",
    audience: { kind: "member" },
    load: () => import("../programs/Members"),
    nav: { group: "main" },
  },

  // Assessments: raters fill in forms; the scholar, their mentor and organizers read a
  // scholar's report (the server decides whose); organizers, mentors and analysts the cohort's.
  {
    path: "/assessments",
    title: "Assessments",
    audience: raters,
    load: () => import("../assess/Assessments"),
    nav: { group: "main" },
  },
  {
    path: "/assessments/:assessmentId",
    title: "Assessment",
    audience: { kind: "member" },
    load: () => import("../assess/AssessmentForm"),
  },
  {
    path: "/growth",
    title: "My growth",
    audience: { kind: "holds", roles: ["scholar"] },
    load: () => import("../assess/MyGrowth"),
    nav: { group: "main" },
  },
  {
    path: "/cohorts/:cohortId/scholars/:scholarId/report",
    title: "Scholar report",
    audience: { kind: "member" },
    load: () => import("../assess/ScholarReport"),
  },
  {
    path: "/reports/cohort",
    title: "Cohort report",
    audience: reportReaders,
    load: () => import("../assess/cohort-report/CohortReport"),
    nav: { group: "reports" },
  },
  // Check-ins: scholars check in and read their own; organizers and analysts the cohort's
  // aggregates (the server decides which cohorts).
  {
    path: "/checkins",
    title: "My check-ins",
    audience: { kind: "holds", roles: ["scholar"] },
    load: () => import("../checkins/MyCheckins"),
    nav: { group: "main", label: "Check-ins" },
  },
  {
    path: "/check-in",
    title: "Check in",
    audience: { kind: "holds", roles: ["scholar"] },
    load: () => import("../checkins/CheckinForm"),
  },
  {
    path: "/checkins/privacy",
    title: "Check-in privacy",
    audience: { kind: "holds", roles: ["scholar"] },
    load: () => import("../checkins/Privacy"),
  },
  {
    path: "/checkins/:checkinId",
    title: "Change your check-in",
    audience: { kind: "holds", roles: ["scholar"] },
    load: () => import("../checkins/CheckinForm"),
  },
  {
    path: "/reports/checkins",
    title: "Check-in report",
    audience: checkinReaders,
    load: () => import("../checkins/CheckinReport"),
    nav: { group: "reports" },
  },
  // The support team's queue of alerts and requests for a conversation.
  {
    path: "/support",
    title: "Support queue",
    audience: { kind: "holds", roles: ["support"] },
    load: () => import("../checkins/SupportQueue"),
    nav: { group: "main" },
  },
  {
    path: "/support/:itemId",
    title: "Support queue item",
    audience: { kind: "holds", roles: ["support"] },
    load: () => import("../checkins/SupportItem"),
  },
  // Studies: staff pages, and the page where the audience answers
  {
    path: "/studies",
    title: "Studies",
    audience: studyStaff,
    load: () => import("../studies/Studies"),
    nav: { group: "main" },
  },
  {
    path: "/studies/:studyId",
    title: "Study",
    audience: { kind: "member" },
    load: () => import("../studies/StudyOverview"),
  },
  {
    path: "/studies/:studyId/respond",
    title: "Answer a study",
    audience: { kind: "member" },
    load: () => import("../studies/StudyRespond"),
  },
  {
    path: "/studies/:studyId/transcripts",
    title: "Transcripts",
    audience: studyStaff,
    load: () => import("../studies/StudyTranscripts"),
  },
  {
    path: "/studies/:studyId/transcripts/:responseId",
    title: "Transcript",
    audience: studyStaff,
    load: () => import("../studies/StudyTranscript"),
  },
  {
    path: "/studies/:studyId/codebook",
    title: "Codebook",
    audience: studyStaff,
    load: () => import("../studies/StudyCodebook"),
  },
  {
    path: "/studies/:studyId/coding",
    title: "Coding",
    audience: studyStaff,
    load: () => import("../studies/StudyCoding"),
  },
  {
    path: "/studies/:studyId/passages",
    title: "Passages of a code",
    audience: studyStaff,
    load: () => import("../studies/StudyPassages"),
  },
  {
    path: "/studies/:studyId/reports",
    title: "Study reports",
    audience: studyStaff,
    load: () => import("../studies/StudyReports"),
  },

  // Organizers (and administrators)
  {
    path: "/programs",
    title: "Programs",
    audience: organizers,
    load: () => import("../programs/Programs"),
    nav: { group: "program" },
  },
  {
    path: "/programs/:programId",
    title: "Program",
    audience: organizers,
    load: () => import("../programs/ProgramDetail"),
  },
  {
    path: "/cohorts/:cohortId",
    title: "Cohort",
    audience: organizers,
    load: () => import("../programs/CohortDetail"),
  },
  {
    path: "/framework",
    title: "Framework",
    audience: organizers,
    load: () => import("../assess/Framework"),
    nav: { group: "program" },
  },
  {
    path: "/rounds",
    title: "Assessment rounds",
    audience: organizers,
    load: () => import("../assess/Rounds"),
    nav: { group: "program", label: "Rounds" },
  },
  {
    path: "/roster-import",
    title: "Roster import",
    audience: organizers,
    load: () => import("../programs/RosterImport"),
    nav: { group: "program" },
  },
  {
    path: "/audit",
    title: "Audit log",
    audience: organizers,
    load: () => import("../programs/AuditLog"),
    nav: { group: "program" },
  },

  // Administrators
  {
    path: "/users",
    title: "Accounts",
    audience: { kind: "admin" },
    load: () => import("../auth/Users"),
    nav: { group: "main" },
  },

  // The account's own settings
  {
    path: "/account/password",
    title: "Change password",
    audience: { kind: "signed-in" },
    load: () => import("../auth/ChangePassword"),
    nav: { group: "account", label: "Password" },
  },
  {
    path: "/account/sessions",
    title: "Sessions",
    audience: { kind: "signed-in" },
    load: () => import("../auth/Sessions"),
    nav: { group: "account" },
  },
  {
    path: "/account/tokens",
    title: "API tokens",
    audience: { kind: "signed-in" },
    load: () => import("../auth/Tokens"),
    nav: { group: "account" },
  },
];
