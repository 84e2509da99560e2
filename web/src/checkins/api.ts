// Types, cache keys and queries of the check-in API, and the pure helpers the check-in pages
// share: the words on the 1–5 scales and the sentences that describe a trend. Every mutation on
// these pages invalidates checkinKeys.all, so what is due, the history and the consent pages
// update without a reload.
import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../api/client";

export type Checkin = Schemas["Checkin"];
export type NewCheckin = Schemas["NewCheckin"];
export type CheckinPatch = Schemas["CheckinPatch"];
export type CheckinPeriod = Schemas["CheckinPeriod"];
export type CheckinHistory = Schemas["CheckinHistory"];
export type DueCheckins = Schemas["DueCheckins"];
export type StuckStretch = Schemas["StuckStretch"];
export type Consent = Schemas["CheckinConsent"];
export type ConsentLevel = Consent["level"];
export type ConsentChange = Schemas["CheckinConsentChange"];
export type Disclosure = Schemas["Disclosure"];
export type SupportFlag = Schemas["SupportFlag"];
export type CohortCheckinReport = Schemas["CohortCheckinReport"];
export type CohortCheckinPeriod = Schemas["CohortCheckinPeriod"];
export type PeriodAnswers = Schemas["PeriodAnswers"];
export type StuckNudge = Schemas["StuckNudge"];
export type CheckinSettings = Schemas["CheckinSettings"];
export type CheckinSettingsInput = Schemas["CheckinSettingsInput"];
export type SupportQueueItem = Schemas["SupportQueueItem"];
export type SupportQueueItemDetail = Schemas["SupportQueueItemDetail"];
export type SupportStatus = SupportQueueItem["status"];
export type AlertReason = SupportQueueItem["reason"];
export type CoachingNote = Schemas["CoachingNote"];
export type ConversationRequest = Schemas["ConversationRequest"];

export const checkinKeys = {
  all: ["checkins"] as const,
  due: ["checkins", "due"] as const,
  mine: (cohortId: string) => ["checkins", "mine", cohortId] as const,
  one: (id: string) => ["checkins", "one", id] as const,
  consent: (programId: string) => ["checkins", "consent", programId] as const,
  consentHistory: (programId: string) => ["checkins", "consent", programId, "history"] as const,
  disclosures: (programId: string) => ["checkins", "disclosures", programId] as const,
  flags: (streamId: string) => ["checkins", "flags", streamId] as const,
  report: (cohortId: string) => ["checkins", "report", cohortId] as const,
  settings: (programId: string) => ["checkins", "settings", programId] as const,
  conversations: (cohortId: string) => ["checkins", "conversations", cohortId] as const,
  queue: (statuses: string) => ["checkins", "support-queue", statuses] as const,
  queueItem: (id: string) => ["checkins", "support-queue", "item", id] as const,
};

export function useDueCheckins(enabled = true) {
  return useQuery({
    queryKey: checkinKeys.due,
    queryFn: async () => (await unwrap(api.GET("/api/v1/me/checkins/due"))).items,
    enabled,
  });
}

export function useMyCheckins(cohortId: string | undefined) {
  return useQuery({
    queryKey: checkinKeys.mine(cohortId ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/me/checkins", { params: { query: { cohort_id: cohortId! } } })),
    enabled: Boolean(cohortId),
  });
}

export function useCheckin(id: string | undefined) {
  return useQuery({
    queryKey: checkinKeys.one(id ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/checkins/{id}", { params: { path: { id: id! } } })),
    enabled: Boolean(id),
  });
}

export function useConsent(programId: string | undefined) {
  return useQuery({
    queryKey: checkinKeys.consent(programId ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/me/checkin-consent", { params: { query: { program_id: programId! } } })),
    enabled: Boolean(programId),
  });
}

export function useConsentHistory(programId: string | undefined) {
  return useQuery({
    queryKey: checkinKeys.consentHistory(programId ?? ""),
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/me/checkin-consent/history", { params: { query: { program_id: programId! } } })))
        .items,
    enabled: Boolean(programId),
  });
}

export function useDisclosures(programId: string | undefined) {
  return useQuery({
    queryKey: checkinKeys.disclosures(programId ?? ""),
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/me/disclosures", { params: { query: { program_id: programId! } } }))).items,
    enabled: Boolean(programId),
  });
}

export function useSupportFlags(streamId: string | undefined) {
  return useQuery({
    queryKey: checkinKeys.flags(streamId ?? ""),
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/streams/{id}/checkin-flags", { params: { path: { id: streamId! } } }))).items,
    enabled: Boolean(streamId),
  });
}

export function useCheckinReport(cohortId: string | undefined) {
  return useQuery({
    queryKey: checkinKeys.report(cohortId ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/cohorts/{id}/checkin-report", { params: { path: { id: cohortId! } } })),
    enabled: Boolean(cohortId),
    retry: false,
  });
}

export function useCheckinSettings(programId: string | undefined) {
  return useQuery({
    queryKey: checkinKeys.settings(programId ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/programs/{id}/checkin-settings", { params: { path: { id: programId! } } })),
    enabled: Boolean(programId),
  });
}

export function useMyConversationRequests(cohortId: string | undefined) {
  return useQuery({
    queryKey: checkinKeys.conversations(cohortId ?? ""),
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/me/conversation-requests", { params: { query: { cohort_id: cohortId! } } })))
        .items,
    enabled: Boolean(cohortId),
  });
}

/** The support queue, with the statuses given ("open,claimed" by default). */
export function useSupportQueue(statuses: string) {
  return useQuery({
    queryKey: checkinKeys.queue(statuses),
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/support-queue", { params: { query: { status: statuses } } }))).items,
  });
}

export function useSupportItem(id: string | undefined) {
  return useQuery({
    queryKey: checkinKeys.queueItem(id ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/support-queue/{id}", { params: { path: { id: id! } } })),
    enabled: Boolean(id),
  });
}

/** Why an item is in the support queue, as the team reads it. */
export const ALERT_REASONS: Record<AlertReason, string> = {
  low_mood: "Low mood in a row",
  falling_trend: "Falling mood",
  stuck: "Stuck without asking for help",
  missed_checkins: "Missed check-ins in a row",
  conversation_request: "Asked for a conversation",
};

export const SUPPORT_STATUSES: Record<SupportStatus, string> = {
  open: "Open",
  claimed: "Claimed",
  resolved: "Resolved",
};

// ---- words ----------------------------------------------------------------------------------

export type Scale = "energy" | "mood" | "progress";
export const SCALES: readonly Scale[] = ["mood", "energy", "progress"];

export const SCALE_NAMES: Record<Scale, string> = { energy: "Energy", mood: "Mood", progress: "Progress" };

/** The words on each 1–5 scale, index 0 for 1. */
export const SCALE_WORDS: Record<Scale, readonly string[]> = {
  energy: ["Drained", "Low", "Okay", "Good", "Full of energy"],
  mood: ["Very low", "Low", "Okay", "Good", "Great"],
  progress: ["Stalled", "Slow", "Some", "Good", "Excellent"],
};

export const SCALE_QUESTIONS: Record<Scale, string> = {
  mood: "How has your mood been this week?",
  energy: "How much energy have you had?",
  progress: "How did your research move forward?",
};

export function scaleWord(scale: Scale, value: number): string {
  return SCALE_WORDS[scale][value - 1] ?? String(value);
}

/** "3 — Okay" */
export function scaleLabel(scale: Scale, value: number): string {
  return `${value} — ${scaleWord(scale, value)}`;
}

export const CONSENT_LEVELS: readonly { value: ConsentLevel; label: string; text: string }[] = [
  {
    value: "none",
    label: "Share nothing",
    text: "Your check-ins stay yours. The support team is never told anything, not even that an alert rule fired.",
  },
  {
    value: "alerts",
    label: "Share alerts only",
    text: "The support team learns that a rule fired (for example, low mood twice in a row), but never your answers.",
  },
  {
    value: "alerts_and_answers",
    label: "Share alerts and answers",
    text: "The support team learns that a rule fired and may read your check-ins, including the note meant for them.",
  },
];

export function consentLabel(level: ConsentLevel): string {
  return CONSENT_LEVELS.find((l) => l.value === level)?.label ?? level;
}

export const DISCLOSURE_WHAT: Record<Disclosure["what"], string> = {
  alert: "that an alert rule fired",
  answers: "a check-in's answers",
  support_flag: "the “could use support” flag",
  conversation_request: "your request for a conversation",
};

/** Who a disclosure went to, as the scholar reads it. */
export function recipientLabel(d: Disclosure): string {
  if (d.recipient === "support_team") return "The support team";
  if (d.recipient === "mentor") return "Your mentor";
  return d.recipient_name ?? "Someone who has since left";
}

// ---- trends ---------------------------------------------------------------------------------

/** A value per period, or null where there is none. */
export interface Series {
  label: string;
  values: (number | null)[];
}

/** Least-squares slope of the non-null values against their position. */
export function slope(values: readonly (number | null)[]): number | undefined {
  const points = values.flatMap((v, i) => (v === null ? [] : [[i, v] as const]));
  if (points.length < 2) return undefined;
  const mx = points.reduce((s, [x]) => s + x, 0) / points.length;
  const my = points.reduce((s, [, y]) => s + y, 0) / points.length;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

/** "rising", "falling" or "steady", for a slope in points per period. */
export function direction(perPeriod: number | undefined): "rising" | "falling" | "steady" | undefined {
  if (perPeriod === undefined) return undefined;
  if (perPeriod >= 0.15) return "rising";
  if (perPeriod <= -0.15) return "falling";
  return "steady";
}

/**
 * One sentence per series over its last `window` values: where it stands and which way it has
 * moved, for the text that accompanies a trend chart.
 */
export function trendSentences(series: readonly Series[], window = 4): string[] {
  return series.flatMap((s) => {
    const recent = s.values.slice(-window);
    const known = recent.filter((v): v is number => v !== null);
    if (known.length === 0) return [];
    const latest = known[known.length - 1]!;
    const way = direction(slope(recent));
    const mean = known.reduce((a, b) => a + b, 0) / known.length;
    const movement =
      way === undefined
        ? ""
        : way === "steady"
          ? `, steady over the last ${known.length} check-ins`
          : `, ${way} over the last ${known.length} check-ins (average ${mean.toFixed(1)})`;
    return [`${s.label}: latest ${latest}${movement}.`];
  });
}
