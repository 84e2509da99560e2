// Queries of the study pages, with their cache keys. Every mutation on these pages invalidates
// the study's keys (["studies", id, …]) so lists, the workspace and reports update without a reload.
import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Code, type ResponseWithAnswers, type Segment, type Study } from "../api/client";
import { fetchAllPages, PAGE_SIZE } from "../api/paging";

export const studyKeys = {
  templates: ["study-templates"] as const,
  due: ["studies-due"] as const,
  list: (programId: string) => ["programs", programId, "studies"] as const,
  all: (id: string) => ["studies", id] as const,
  study: (id: string) => ["studies", id, "view"] as const,
  responses: (id: string) => ["studies", id, "responses"] as const,
  participation: (id: string) => ["studies", id, "participation"] as const,
  codebook: (id: string) => ["studies", id, "codebook"] as const,
  segments: (id: string, answerId: string) => ["studies", id, "segments", answerId] as const,
  coders: (id: string) => ["studies", id, "coders"] as const,
  progress: (id: string) => ["studies", id, "coding-progress"] as const,
  memos: (id: string, codeId?: string) => ["studies", id, "memos", codeId ?? ""] as const,
  report: (id: string, name: string, params: Record<string, string | undefined> = {}) =>
    ["studies", id, "reports", name, params] as const,
  job: (id: string) => ["jobs", id] as const,
};

export async function fetchStudies(programId: string): Promise<Study[]> {
  return fetchAllPages((cursor) =>
    unwrap(
      api.GET("/api/v1/programs/{id}/studies", {
        params: { path: { id: programId }, query: { limit: PAGE_SIZE, cursor } },
      }),
    ),
  );
}

export function useStudies(programId: string | undefined) {
  return useQuery({
    queryKey: studyKeys.list(programId ?? ""),
    queryFn: () => fetchStudies(programId!),
    enabled: Boolean(programId),
  });
}

export function useStudy(id: string) {
  return useQuery({
    queryKey: studyKeys.study(id),
    queryFn: () => unwrap(api.GET("/api/v1/studies/{id}", { params: { path: { id } } })),
  });
}

export function useTemplates() {
  return useQuery({
    queryKey: studyKeys.templates,
    queryFn: async () => (await unwrap(api.GET("/api/v1/study-templates"))).items,
    staleTime: Infinity,
  });
}

async function fetchResponses(studyId: string): Promise<ResponseWithAnswers[]> {
  return fetchAllPages((cursor) =>
    unwrap(
      api.GET("/api/v1/studies/{id}/responses", {
        params: { path: { id: studyId }, query: { limit: PAGE_SIZE, cursor } },
      }),
    ),
  );
}

export function useResponses(studyId: string, enabled = true) {
  return useQuery({ queryKey: studyKeys.responses(studyId), queryFn: () => fetchResponses(studyId), enabled });
}

export function useCodebook(studyId: string) {
  return useQuery({
    queryKey: studyKeys.codebook(studyId),
    queryFn: () => unwrap(api.GET("/api/v1/studies/{id}/codes", { params: { path: { id: studyId } } })),
  });
}

export function useAnswerSegments(studyId: string, answerId: string | undefined) {
  return useQuery({
    queryKey: studyKeys.segments(studyId, answerId ?? ""),
    queryFn: async (): Promise<Segment[]> =>
      (await unwrap(api.GET("/api/v1/answers/{id}/segments", { params: { path: { id: answerId! } } }))).items,
    enabled: Boolean(answerId),
  });
}

/** How many open answers are coded, and which (the caller's own coding only when blind). */
export function useCodingProgress(studyId: string) {
  return useQuery({
    queryKey: studyKeys.progress(studyId),
    queryFn: () => unwrap(api.GET("/api/v1/studies/{id}/coding-progress", { params: { path: { id: studyId } } })),
  });
}

export function useCoders(studyId: string) {
  return useQuery({
    queryKey: studyKeys.coders(studyId),
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/studies/{id}/coders", { params: { path: { id: studyId } } }))).items,
  });
}

/** Codes in tree order (parents before children, siblings by name), with their depth. */
export function codeTree(codes: readonly Code[]): { code: Code; depth: number }[] {
  const children = new Map<string, Code[]>();
  for (const c of codes) {
    const key = c.parent_id ?? "";
    children.set(key, [...(children.get(key) ?? []), c]);
  }
  const out: { code: Code; depth: number }[] = [];
  const visit = (parent: string, depth: number) => {
    const list = [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    for (const c of list) {
      out.push({ code: c, depth });
      visit(c.id, depth + 1);
    }
  };
  visit("", 0);
  // Codes whose parent is missing (should not happen) still show, at the top level.
  const seen = new Set(out.map((x) => x.code.id));
  for (const c of codes) if (!seen.has(c.id)) out.push({ code: c, depth: 0 });
  return out;
}

/** The code's colour, or a neutral grey for codes without one. */
export function colourOf(code: Pick<Code, "colour"> | undefined): string {
  return code?.colour ?? "#8a948f";
}

export const QUESTION_KINDS = [
  { value: "open_text", label: "Open text" },
  { value: "single_choice", label: "Single choice" },
  { value: "multiple_choice", label: "Multiple choice" },
  { value: "rating", label: "Rating 1–5" },
  { value: "ranking", label: "Ranking" },
] as const;

const PLURAL: Record<string, string> = {
  scholar: "Scholars",
  mentor: "Mentors",
  support: "Support staff",
  organizer: "Organizers",
  alumnus: "Alumni",
  analyst: "Analysts",
};

/** "Mentors", "Alumni": a role (or respondent group) as a group of people. */
export function rolePlural(role: string): string {
  return PLURAL[role] ?? role;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

export const STATUS_LABEL: Record<Study["status"], string> = { draft: "Draft", open: "Open", closed: "Closed" };
