// The cohort report of one assessment round (organizers, mentors, analysts): distributions, means
// per rater kind, the perception gap with its 95% CI, over- and under-estimation, the scholar ×
// quality heatmap (organizers and mentors, paged as the API pages it), change since the previous
// round, stream summaries and reliability. Groups below the program's minimum size are shown as
// "Not enough responses", as the API marks them. Every chart has its numbers in a table.
import { useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { api, unwrap, type Account } from "../../api/client";
import { assessmentKeys, passedOverNote, reportRound, stateLabel, useRounds } from "../../api/assessments";
import { useCohortChoices } from "../../api/queries";
import { preloadCharts } from "../../charts/LazyChart";
import { RoundPicker } from "../RoundPicker";
import { managesProgram } from "../../auth/access";
import { useAccount } from "../../auth/session";
import { CohortPicker, useSelectedCohort } from "../../components/CohortPicker";
import { EmptyState, ErrorAlert, Loading, PageHeader } from "../../components/ui";
import { formatDate } from "../../format";
import { kindsOf } from "./shared";
import { Distribution } from "./Distribution";
import { Means } from "./Means";
import { PerceptionGap } from "./PerceptionGap";
import { HeatmapSection } from "./Heatmap";
import { Change } from "./Change";
import { Streams } from "./Streams";
import { ReliabilitySection } from "./Reliability";

// The first screen of this page is a chart: fetch the chart module beside the data.
preloadCharts();

function ReportBody({ cohortId, account, programId }: { cohortId: string; account: Account; programId: string }) {
  const [params] = useSearchParams();
  const rounds = useRounds(cohortId);
  const opened = (rounds.data ?? []).filter((r) => r.state !== "scheduled");
  const wanted = params.get("round");
  const fallback = reportRound(opened);
  const asked = opened.find((r) => r.id === wanted);
  const round = asked ?? fallback.round;
  const note = asked ? undefined : round && passedOverNote(round, fallback.newer);
  const report = useQuery({
    queryKey: assessmentKeys.cohortReport(round?.id ?? ""),
    queryFn: () =>
      unwrap(api.GET("/api/v1/assessment-rounds/{id}/cohort-report", { params: { path: { id: round!.id } } })),
    enabled: Boolean(round),
    retry: false,
  });
  if (rounds.isPending) return <Loading label="Loading rounds…" />;
  if (rounds.error) return <ErrorAlert error={rounds.error} />;
  if (!round)
    return (
      <EmptyState title="No assessment round has opened in this cohort yet.">
        {managesProgram(account, programId) && (
          <p>
            <Link to={`/rounds?cohort=${cohortId}`}>Open a round</Link>.
          </p>
        )}
      </EmptyState>
    );
  const mayHeatmap =
    managesProgram(account, programId) || account.roles.some((g) => g.cohort_id === cohortId && g.role === "mentor");
  return (
    <>
      <RoundPicker rounds={opened} selected={round.id} />
      {note && (
        <p className="muted" role="note">
          {note}
        </p>
      )}
      {report.isPending && <Loading label="Loading the report…" />}
      <ErrorAlert error={report.error} />
      {report.data && (
        <>
          <p className="summary">
            {report.data.round.name}: {stateLabel(report.data.round.state).toLowerCase()}
            {report.data.round.state === "open" ? `, closes ${formatDate(report.data.round.closes_at)}` : ""} ·{" "}
            {report.data.scholars} scholars with ratings · groups smaller than {report.data.min_group_size} are not
            shown
          </p>
          <p className="quick-links">
            Export every round you may see:{" "}
            <a className="button" href={`/api/v1/cohorts/${cohortId}/assessment-export?format=csv`} download>
              Download CSV
            </a>{" "}
            <a className="button" href={`/api/v1/cohorts/${cohortId}/assessment-export?format=json`} download>
              Download JSON
            </a>
          </p>
          {(() => {
            const kinds = kindsOf(report.data);
            if (kinds.length === 0) return <EmptyState title="No ratings yet." />;
            return (
              <>
                <Distribution report={report.data} kinds={kinds} />
                <Means report={report.data} kinds={kinds} />
                <PerceptionGap report={report.data} />
                {mayHeatmap && <HeatmapSection key={report.data.round.id} report={report.data} cohortId={cohortId} />}
                <Change report={report.data} kinds={kinds} />
                <Streams report={report.data} />
                <ReliabilitySection report={report.data} />
              </>
            );
          })()}
        </>
      )}
    </>
  );
}

export default function CohortReport() {
  const account = useAccount();
  const { choices: all, isLoading, error } = useCohortChoices(account, "member");
  const choices = all.filter(
    (c) =>
      managesProgram(account, c.program.id) ||
      account.roles.some((g) => g.cohort_id === c.cohort.id && (g.role === "mentor" || g.role === "analyst")),
  );
  const selected = useSelectedCohort(choices);
  return (
    <>
      <PageHeader
        title="Cohort report"
        intro={selected ? `${selected.program.name} — ${selected.cohort.name}` : undefined}
      />
      {isLoading && <Loading label="Loading cohorts…" />}
      <ErrorAlert error={error} />
      <CohortPicker choices={choices} selected={selected} />
      {!isLoading && !selected && <EmptyState title="There is no cohort whose report you may read." />}
      {selected && (
        <ReportBody
          key={selected.cohort.id}
          cohortId={selected.cohort.id}
          programId={selected.program.id}
          account={account}
        />
      )}
    </>
  );
}
