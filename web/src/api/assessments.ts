// Types, cache keys and queries of the assessment API: frameworks, rounds, assessments and reports.
// Only the assessment pages and the home page's "What is due" list import this module.
import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "./client";
import { fetchAllPages, PAGE_SIZE } from "./paging";

export type Quality = Schemas["Quality"];
export type FrameworkVersion = Schemas["FrameworkVersion"];
export type FrameworkVersionSummary = Schemas["FrameworkVersionSummary"];
export type FrameworkEdit = Schemas["FrameworkEdit"];
export type AssessmentRound = Schemas["AssessmentRound"];
export type NewAssessmentRound = Schemas["NewAssessmentRound"];
export type Assignment = Schemas["Assignment"];
/** An assignment in a round's list: a peer's progress is left out for everyone but that peer. */
export type AssignmentListing = Schemas["AssignmentListing"];
export type Assessment = Schemas["Assessment"];
export type Rating = Schemas["Rating"];
export type DueAssessment = Schemas["DueAssessment"];
export type CohortReport = Schemas["CohortReport"];
export type CohortQuality = Schemas["CohortQuality"];
export type RatingStats = Schemas["RatingStats"];
export type PerceptionGap = Schemas["PerceptionGap"];
export type RatingChange = Schemas["RatingChange"];
export type Heatmap = Schemas["Heatmap"];
export type ScholarReport = Schemas["ScholarReport"];
export type ScholarQuality = Schemas["ScholarQuality"];
/** "Suppressed: not enough responses", as the API marks an aggregate over too small a group. */
export type Suppressed = Schemas["Suppressed"];
export type RaterKind = AssessmentRound["rater_kinds"][number];
export type RoundState = AssessmentRound["state"];
export type PeerSelection = AssessmentRound["peer_selection"];

export const RATER_KINDS: readonly RaterKind[] = ["self", "mentor", "peer", "support"];

export const assessmentKeys = {
  framework: (programId: string) => ["programs", programId, "framework"] as const,
  frameworkVersions: (programId: string) => ["programs", programId, "framework", "versions"] as const,
  frameworkVersion: (id: string) => ["framework-versions", id] as const,
  rounds: (cohortId: string) => ["cohorts", cohortId, "assessment-rounds"] as const,
  round: (id: string) => ["assessment-rounds", id] as const,
  assignments: (roundId: string) => ["assessment-rounds", roundId, "assignments"] as const,
  assessment: (id: string) => ["assessments", id] as const,
  due: ["me", "assessments"] as const,
  cohortReport: (roundId: string) => ["assessment-rounds", roundId, "cohort-report"] as const,
  heatmap: (roundId: string, cursor: string) => ["assessment-rounds", roundId, "heatmap", cursor] as const,
  scholarReport: (cohortId: string, scholarId: string, roundId: string) =>
    ["cohorts", cohortId, "scholars", scholarId, "assessment-report", roundId] as const,
};

export function isSuppressed<T>(v: T | Suppressed): v is Suppressed {
  return typeof v === "object" && v !== null && "suppressed" in v && v.suppressed === true;
}

/** For a figure the API left out without a reason of its own (a stream's mean beside shown ones). */
export const NOT_ENOUGH = "Not enough responses";

/** Why a figure is not shown: the reason the API gave, or `fallback` when it gave none. */
export function withheldNote(v: unknown, fallback = "—"): string {
  return isSuppressed(v) ? withheldText(v) : fallback;
}

/** Why a figure is withheld, in the words of the reason the API gives. */
export function withheldText(s: { reason?: string; n?: number; min_group_size?: number }): string {
  switch (s.reason) {
    case "group_too_small":
      return s.n !== undefined && s.min_group_size !== undefined
        ? `Group too small (${s.n} < ${s.min_group_size})`
        : "Group too small";
    case "complement":
      return "Hidden: it would reveal a smaller group";
    case "round_open":
      return "Shown when the round closes";
    case "not_comparable":
      return "Not rated in the earlier round";
    default:
      return NOT_ENOUGH;
  }
}

export function kindLabel(kind: string): string {
  switch (kind) {
    case "self":
      return "Self";
    case "mentor":
      return "Mentor";
    case "peer":
      return "Peers";
    case "support":
      return "Support";
    default:
      return kind;
  }
}

/** One order for a person's assessments wherever they are listed: their self-assessment first,
 * then by rater kind (mentor, peer, support) and by the name of the person rated. */
export function byKindThenName<T>(kind: (x: T) => RaterKind, name: (x: T) => string): (a: T, b: T) => number {
  return (a, b) => RATER_KINDS.indexOf(kind(a)) - RATER_KINDS.indexOf(kind(b)) || name(a).localeCompare(name(b));
}

/** What people call a round's state: "scheduled" is "upcoming" to them. */
export function stateLabel(state: RoundState): string {
  return state === "scheduled" ? "Upcoming" : state === "open" ? "Open" : "Closed";
}

export function useFramework(programId: string | undefined) {
  return useQuery({
    queryKey: assessmentKeys.framework(programId ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/programs/{id}/framework", { params: { path: { id: programId! } } })),
    enabled: Boolean(programId),
  });
}

export function useFrameworkVersions(programId: string | undefined) {
  return useQuery({
    queryKey: assessmentKeys.frameworkVersions(programId ?? ""),
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/programs/{id}/framework/versions", { params: { path: { id: programId! } } })))
        .items,
    enabled: Boolean(programId),
  });
}

export function useFrameworkVersion(id: string | undefined) {
  return useQuery({
    queryKey: assessmentKeys.frameworkVersion(id ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/framework-versions/{id}", { params: { path: { id: id! } } })),
    enabled: Boolean(id),
    staleTime: Infinity, // a version never changes
  });
}

export function useRounds(cohortId: string | undefined) {
  return useQuery({
    queryKey: assessmentKeys.rounds(cohortId ?? ""),
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/cohorts/{id}/assessment-rounds", { params: { path: { id: cohortId! } } }))).items,
    enabled: Boolean(cohortId),
  });
}

export function useRound(id: string | undefined) {
  return useQuery({
    queryKey: assessmentKeys.round(id ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/assessment-rounds/{id}", { params: { path: { id: id! } } })),
    enabled: Boolean(id),
  });
}

/** Every assignment of the round the caller may see (organizers: all; others: their own). */
export async function fetchAssignments(roundId: string): Promise<AssignmentListing[]> {
  return fetchAllPages((cursor) =>
    unwrap(
      api.GET("/api/v1/assessment-rounds/{id}/assignments", {
        params: { path: { id: roundId }, query: { limit: PAGE_SIZE, cursor } },
      }),
    ),
  );
}

export function useAssignments(roundId: string | undefined) {
  return useQuery({
    queryKey: assessmentKeys.assignments(roundId ?? ""),
    queryFn: () => fetchAssignments(roundId!),
    enabled: Boolean(roundId),
  });
}

export function useDue(enabled = true) {
  return useQuery({
    queryKey: assessmentKeys.due,
    queryFn: async () => (await unwrap(api.GET("/api/v1/me/assessments"))).items,
    enabled,
  });
}

/** The round a report shows by default: the latest one that has opened. */
export function latestOpened(rounds: readonly AssessmentRound[]): AssessmentRound | undefined {
  return rounds
    .filter((r) => r.state !== "scheduled")
    .reduce<AssessmentRound | undefined>((best, r) => (!best || r.opens_at > best.opens_at ? r : best), undefined);
}

/**
 * The round a report opens on when none is asked for: the newest opened round that has a submitted
 * rating, so a round that has just opened does not greet people with empty charts. `newer` is the
 * newest opened round when it was passed over (the page says so).
 */
export function reportRound(rounds: readonly AssessmentRound[]): {
  round: AssessmentRound | undefined;
  newer?: AssessmentRound;
} {
  const newest = latestOpened(rounds);
  const withData = latestOpened(rounds.filter((r) => r.submitted > 0));
  if (!withData || withData.id === newest?.id) return { round: newest };
  return { round: withData, newer: newest };
}

/** Says which round a report opened on when the newest had no ratings yet. */
export function passedOverNote(shown: AssessmentRound, newer: AssessmentRound | undefined): string | undefined {
  return newer && newer.id !== shown.id
    ? `Showing ${shown.name}, the latest round with ratings: ${newer.name} has none yet.`
    : undefined;
}
