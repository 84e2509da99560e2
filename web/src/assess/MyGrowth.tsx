// The scholar's own report, in the cohort they are a scholar of (the most recent, when several).
import { useQueries } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { keys } from "../api/queries";
import { ScholarReportView } from "./ScholarReportView";
import { useAccount } from "../auth/session";
import { CohortPicker, useSelectedCohort } from "../components/CohortPicker";
import { EmptyState, ErrorAlert, Loading, PageHeader } from "../components/ui";

export default function MyGrowth() {
  const account = useAccount();
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
    .filter((c): c is { cohort: NonNullable<typeof c.cohort>; program: NonNullable<typeof c.program> } =>
      Boolean(c.cohort && c.program),
    )
    .sort((a, b) => b.cohort.starts_on.localeCompare(a.cohort.starts_on));
  const selected = useSelectedCohort(choices);
  const error = cohorts.find((q) => q.error)?.error ?? programs.find((q) => q.error)?.error;
  if (error)
    return (
      <>
        <PageHeader title="Your report" />
        <ErrorAlert error={error} />
      </>
    );
  if (cohorts.some((q) => q.isPending) || programs.some((q) => q.isPending)) return <Loading />;
  if (!selected)
    return (
      <>
        <PageHeader title="Your report" />
        <EmptyState title="You are not a scholar in any cohort." />
      </>
    );
  return (
    <ScholarReportView
      key={selected.cohort.id}
      cohortId={selected.cohort.id}
      scholarId={account.id}
      own
      picker={<CohortPicker choices={choices} selected={selected} />}
    />
  );
}
