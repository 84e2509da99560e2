// Queries shared by several pages, with their cache keys. Mutations invalidate by these keys so a
// change shows everywhere without a reload.
import { useQueries, useQuery } from "@tanstack/react-query";
import { api, unwrap, type Account, type Cohort, type Member, type Program, type Role } from "./client";
import { managesProgram } from "../auth/access";
import { fetchAllPages, PAGE_SIZE } from "./paging";

export const keys = {
  programs: ["programs"] as const,
  program: (id: string) => ["programs", id] as const,
  cohorts: (programId: string) => ["programs", programId, "cohorts"] as const,
  cohort: (id: string) => ["cohorts", id] as const,
  streams: (cohortId: string) => ["cohorts", cohortId, "streams"] as const,
  members: (cohortId: string) => ["cohorts", cohortId, "members"] as const,
  audit: (programId: string) => ["programs", programId, "audit"] as const,
  sessions: ["me", "sessions"] as const,
  tokens: ["me", "tokens"] as const,
  users: ["users"] as const,
};

export async function fetchPrograms(): Promise<Program[]> {
  return fetchAllPages((cursor) =>
    unwrap(api.GET("/api/v1/programs", { params: { query: { limit: PAGE_SIZE, cursor } } })),
  );
}

export async function fetchCohorts(programId: string): Promise<Cohort[]> {
  return fetchAllPages((cursor) =>
    unwrap(
      api.GET("/api/v1/programs/{id}/cohorts", {
        params: { path: { id: programId }, query: { limit: PAGE_SIZE, cursor } },
      }),
    ),
  );
}

export interface MemberFilter {
  role?: Role | undefined;
  streamId?: string | undefined;
}

/** Every member of the cohort the caller may see (rosters are small: a few hundred at most). */
export async function fetchMembers(cohortId: string, filter: MemberFilter): Promise<Member[]> {
  return fetchAllPages((cursor) =>
    unwrap(
      api.GET("/api/v1/cohorts/{id}/members", {
        params: {
          path: { id: cohortId },
          query: { limit: PAGE_SIZE, cursor, role: filter.role, stream_id: filter.streamId },
        },
      }),
    ),
  );
}

export function usePrograms() {
  return useQuery({ queryKey: keys.programs, queryFn: fetchPrograms });
}

export function useCohorts(programId: string | undefined) {
  return useQuery({
    queryKey: keys.cohorts(programId ?? ""),
    queryFn: () => fetchCohorts(programId!),
    enabled: Boolean(programId),
  });
}

export function useCohort(id: string | undefined) {
  return useQuery({
    queryKey: keys.cohort(id ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/cohorts/{id}", { params: { path: { id: id! } } })),
    enabled: Boolean(id),
  });
}

export function useStreams(cohortId: string | undefined) {
  return useQuery({
    queryKey: keys.streams(cohortId ?? ""),
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/cohorts/{id}/streams", { params: { path: { id: cohortId! } } }))).items,
    enabled: Boolean(cohortId),
  });
}

export function useMembers(cohortId: string | undefined, filter: MemberFilter = {}) {
  return useQuery({
    queryKey: [...keys.members(cohortId ?? ""), filter.role ?? "", filter.streamId ?? ""],
    queryFn: () => fetchMembers(cohortId!, filter),
    enabled: Boolean(cohortId),
  });
}

export interface CohortChoice {
  cohort: Cohort;
  program: Program;
}

// Running cohorts first, then upcoming ones (soonest first), then past ones (latest first).
function byRelevance(a: CohortChoice, b: CohortChoice): number {
  const today = new Date().toISOString().slice(0, 10);
  const rank = (c: Cohort) => (c.ends_on < today ? 2 : c.starts_on > today ? 1 : 0);
  const ra = rank(a.cohort);
  const rb = rank(b.cohort);
  if (ra !== rb) return ra - rb;
  if (ra === 1) return a.cohort.starts_on.localeCompare(b.cohort.starts_on);
  return b.cohort.starts_on.localeCompare(a.cohort.starts_on);
}

/**
 * The cohorts a page can offer this account, the most relevant first: for "manage", those of programs it
 * organizes (all, for administrators); for "member", also those it holds any role in.
 */
export function useCohortChoices(account: Account, mode: "manage" | "member") {
  const programs = usePrograms();
  const cohortQueries = useQueries({
    queries: (programs.data ?? []).map((p) => ({
      queryKey: keys.cohorts(p.id),
      queryFn: () => fetchCohorts(p.id),
    })),
  });
  const granted = new Set(account.roles.map((g) => g.cohort_id));
  const choices: CohortChoice[] = [];
  (programs.data ?? []).forEach((program, i) => {
    for (const cohort of cohortQueries[i]?.data ?? []) {
      const manages = managesProgram(account, program.id);
      if (manages || (mode === "member" && granted.has(cohort.id))) {
        choices.push({ cohort, program });
      }
    }
  });
  choices.sort(byRelevance);
  return {
    choices,
    isLoading: programs.isPending || cohortQueries.some((q) => q.isPending),
    error: programs.error ?? cohortQueries.find((q) => q.error)?.error,
  };
}

/**
 * The cohorts the account is a scholar of, newest first, with their programs: the choices of a
 * scholar's own pages (their report, their check-ins).
 */
export function useScholarCohorts(account: Account) {
  const grants = account.roles.filter((g) => g.role === "scholar");
  const cohorts = useQueries({
    queries: grants.map((g) => ({
      queryKey: keys.cohort(g.cohort_id),
      queryFn: () => unwrap(api.GET("/api/v1/cohorts/{id}", { params: { path: { id: g.cohort_id } } })),
    })),
  });
  const programs = useQueries({
    queries: grants.map((g) => ({
      queryKey: keys.program(g.program_id),
      queryFn: () => unwrap(api.GET("/api/v1/programs/{id}", { params: { path: { id: g.program_id } } })),
    })),
  });
  const choices = grants
    .map((_, i) => ({ cohort: cohorts[i]?.data, program: programs[i]?.data }))
    .filter((c): c is CohortChoice => Boolean(c.cohort && c.program))
    .sort((a, b) => b.cohort.starts_on.localeCompare(a.cohort.starts_on));
  return {
    choices,
    error: cohorts.find((q) => q.error)?.error ?? programs.find((q) => q.error)?.error,
    isLoading: cohorts.some((q) => q.isPending) || programs.some((q) => q.isPending),
  };
}
