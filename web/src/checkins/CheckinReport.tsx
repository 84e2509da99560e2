// The cohort's check-ins for organizers and analysts: aggregates only. Per period the response
// rate, the mean mood, energy and progress with the share stuck, and how the answers spread over
// the five levels; and the trend over the last periods shown. A period with fewer respondents
// than the program's minimum group size (or whose respondents minus those the reader sees one by
// one would be that few) shows "Not enough responses", as the API marks it. Every chart has its
// numbers in a table.
import { useId, useState } from "react";
import { isSuppressed, NOT_ENOUGH, withheldNote } from "../api/assessments";
import { useCohortChoices, type CohortChoice } from "../api/queries";
import { managesProgram } from "../auth/access";
import { useAccount } from "../auth/session";
import { LazyChart, preloadCharts } from "../charts/LazyChart";
import { CohortPicker, useSelectedCohort } from "../components/CohortPicker";
import { DataTable } from "../components/DataTable";
import { Card, EmptyState, ErrorAlert, Loading, PageHeader } from "../components/ui";
import {
  direction,
  SCALE_NAMES,
  SCALE_WORDS,
  SCALES,
  useCheckinReport,
  type CohortCheckinPeriod,
  type CohortCheckinReport,
  type PeriodAnswers,
  type Scale,
} from "./api";
import { periodName, shortDate } from "./periods";
import "./checkins.css";

// The first screen of this page is a chart: fetch the chart module beside the data.
preloadCharts();

const LEVEL_COLOURS = ["var(--level-1)", "var(--level-2)", "var(--level-3)", "var(--level-4)", "var(--level-5)"];
const SCALE_COLOURS: Record<Scale, string> = {
  mood: "var(--accent)",
  energy: "var(--chart-2)",
  progress: "var(--chart-3)",
};

function answersOf(p: CohortCheckinPeriod): PeriodAnswers | undefined {
  return isSuppressed(p.answers) ? undefined : p.answers;
}

function respondentsOf(p: CohortCheckinPeriod): number | undefined {
  return isSuppressed(p.respondents) ? undefined : p.respondents;
}

function rateOf(p: CohortCheckinPeriod): number | undefined {
  return isSuppressed(p.response_rate) ? undefined : p.response_rate;
}

const percent = (x: number) => `${Math.round(x * 100)}%`;

function trendText(report: CohortCheckinReport): string {
  const t = report.trend;
  if (!t) return "Too few periods have enough responses to show a trend.";
  const parts = SCALES.map((s) => {
    const way = direction(t[s]);
    return `${SCALE_NAMES[s].toLowerCase()} ${way === "steady" ? "steady" : `${way} (${t[s] > 0 ? "+" : ""}${t[s].toFixed(2)} a period)`}`;
  });
  return `Over the last ${t.periods} periods with enough responses (${shortDate(t.from)} to ${shortDate(t.to)}): ${parts.join(", ")}.`;
}

function Responses({ report }: { report: CohortCheckinReport }) {
  const periods = report.periods;
  return (
    <Card title="Response rate">
      <LazyChart
        label="Share of the cohort's scholars who checked in, per period"
        height={220}
        option={{
          grid: { left: 48, right: 24, top: 16, bottom: 32 },
          tooltip: { trigger: "axis" },
          xAxis: { type: "category", data: periods.map((p) => shortDate(p.period.starts_on)) },
          yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
          series: [
            {
              type: "bar",
              name: "Response rate",
              itemStyle: { color: "var(--accent)" },
              data: periods.map((p) => {
                const r = rateOf(p);
                return r === undefined ? null : Math.round(r * 100);
              }),
            },
          ],
        }}
        description={<p>One bar per period; the table below has the counts.</p>}
        dataTable={
          <DataTable
            caption="Check-ins per period"
            head={["Period", "Checked in", "Response rate"]}
            rowKeys={periods.map((p) => p.period.starts_on)}
            rows={periods.map((p) => {
              const n = respondentsOf(p);
              const r = rateOf(p);
              return n === undefined || r === undefined
                ? { header: periodName(p.period), note: withheldNote(p.respondents, NOT_ENOUGH) }
                : [periodName(p.period), `${n} of ${report.scholars}`, percent(r)];
            })}
          />
        }
      />
    </Card>
  );
}

function Means({ report }: { report: CohortCheckinReport }) {
  const periods = report.periods;
  return (
    <Card title="Mood, energy and progress">
      <p>{trendText(report)}</p>
      <LazyChart
        label="Mean mood, energy and progress per period (1 to 5)"
        height={260}
        option={{
          grid: { left: 40, right: 24, top: 36, bottom: 32 },
          legend: { top: 0, textStyle: { color: "var(--text)" } },
          tooltip: { trigger: "axis" },
          xAxis: { type: "category", data: periods.map((p) => shortDate(p.period.starts_on)) },
          yAxis: { type: "value", min: 1, max: 5, interval: 1 },
          series: SCALES.map((s) => ({
            type: "line",
            name: SCALE_NAMES[s],
            itemStyle: { color: SCALE_COLOURS[s] },
            lineStyle: { color: SCALE_COLOURS[s] },
            data: periods.map((p) => answersOf(p)?.[s].mean ?? null),
          })),
        }}
        description={<p>{trendText(report)} Periods without enough responses have no point.</p>}
        dataTable={
          <DataTable
            caption="Means and share stuck per period"
            head={["Period", "Mood", "Energy", "Progress", "Stuck"]}
            rowKeys={periods.map((p) => p.period.starts_on)}
            rows={periods.map((p) => {
              const a = answersOf(p);
              return a
                ? [
                    periodName(p.period),
                    a.mood.mean.toFixed(2),
                    a.energy.mean.toFixed(2),
                    a.progress.mean.toFixed(2),
                    percent(a.stuck_share),
                  ]
                : { header: periodName(p.period), note: withheldNote(p.answers, NOT_ENOUGH) };
            })}
          />
        }
      />
    </Card>
  );
}

function Distribution({ report }: { report: CohortCheckinReport }) {
  const id = useId();
  const [scale, setScale] = useState<Scale>("mood");
  const periods = report.periods;
  return (
    <Card title="How the answers spread">
      <div className="field field-inline">
        <label htmlFor={id}>Answers about</label>
        <select id={id} value={scale} onChange={(e) => setScale(e.target.value as Scale)}>
          {SCALES.map((s) => (
            <option key={s} value={s}>
              {SCALE_NAMES[s]}
            </option>
          ))}
        </select>
      </div>
      <LazyChart
        label={`How many check-ins answered 1 to 5 for ${SCALE_NAMES[scale].toLowerCase()}, per period`}
        height={260}
        option={{
          grid: { left: 40, right: 24, top: 36, bottom: 32 },
          legend: { top: 0, textStyle: { color: "var(--text)" } },
          tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
          xAxis: { type: "category", data: periods.map((p) => shortDate(p.period.starts_on)) },
          yAxis: { type: "value", minInterval: 1 },
          series: [0, 1, 2, 3, 4].map((i) => ({
            type: "bar",
            stack: "levels",
            name: `${i + 1} ${SCALE_WORDS[scale][i]}`,
            itemStyle: { color: LEVEL_COLOURS[i] },
            data: periods.map((p) => answersOf(p)?.[scale].distribution[i] ?? null),
          })),
        }}
        description={<p>A stacked bar per period; the table below has the counts.</p>}
        dataTable={
          <DataTable
            caption={`Answers per level for ${SCALE_NAMES[scale].toLowerCase()}, per period`}
            head={["Period", ...SCALE_WORDS[scale].map((w, i) => `${i + 1} ${w}`)]}
            rowKeys={periods.map((p) => p.period.starts_on)}
            rows={periods.map((p) => {
              const a = answersOf(p);
              return a
                ? [periodName(p.period), ...a[scale].distribution]
                : { header: periodName(p.period), note: withheldNote(p.answers, NOT_ENOUGH) };
            })}
          />
        }
      />
    </Card>
  );
}

function ReportBody({ choice }: { choice: CohortChoice }) {
  const report = useCheckinReport(choice.cohort.id);
  if (report.isPending) return <Loading label="Loading the check-in report…" />;
  if (report.error) return <ErrorAlert error={report.error} />;
  const r = report.data;
  if (r.periods.length === 0) return <EmptyState title="The cohort has not started: no check-ins yet." />;
  return (
    <>
      <p className="summary">
        {r.scholars} scholars · {r.cadence} check-ins · periods with fewer than {r.min_group_size} responses are not
        shown · individual check-ins are never shown here
      </p>
      <Responses report={r} />
      <Means report={r} />
      <Distribution report={r} />
    </>
  );
}

export default function CheckinReport() {
  const account = useAccount();
  const { choices: all, isLoading, error } = useCohortChoices(account, "member");
  const choices = all.filter(
    (c) =>
      managesProgram(account, c.program.id) ||
      account.roles.some((g) => g.cohort_id === c.cohort.id && g.role === "analyst"),
  );
  const selected = useSelectedCohort(choices);
  return (
    <>
      <PageHeader
        title="Check-in report"
        intro={selected ? `${selected.program.name} — ${selected.cohort.name}` : undefined}
      />
      {isLoading && <Loading label="Loading cohorts…" />}
      <ErrorAlert error={error} />
      <CohortPicker choices={choices} selected={selected} />
      {!isLoading && !selected && <EmptyState title="There is no cohort whose check-ins you may read." />}
      {selected && <ReportBody key={selected.cohort.id} choice={selected} />}
    </>
  );
}
