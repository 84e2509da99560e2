// The scholar's own report, in the cohort they are a scholar of (the most recent, when several).
import { useScholarCohorts } from "../api/queries";
import { ScholarReportView } from "./ScholarReportView";
import { useAccount } from "../auth/session";
import { CohortPicker, useSelectedCohort } from "../components/CohortPicker";
import { EmptyState, ErrorAlert, Loading, PageHeader } from "../components/ui";

export default function MyGrowth() {
  const account = useAccount();
  const { choices, error, isLoading } = useScholarCohorts(account);
  const selected = useSelectedCohort(choices);
  if (error)
    return (
      <>
        <PageHeader title="Your report" />
        <ErrorAlert error={error} />
      </>
    );
  if (isLoading) return <Loading />;
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
