// The scholar's own check-ins in a cohort: mood, energy and progress over the periods (a line
// chart with a sentence per scale and the numbers in a table), the streak, the stretches of being
// stuck, the periods still open to fill in late, and every past answer. Nobody else sees this page.
import { Link, useSearchParams } from "react-router";
import { useScholarCohorts, type CohortChoice } from "../api/queries";
import { useAccount } from "../auth/session";
import { LazyChart, preloadCharts } from "../charts/LazyChart";
import { CohortPicker, useSelectedCohort } from "../components/CohortPicker";
import { DataTable } from "../components/DataTable";
import { Card, EmptyState, ErrorAlert, Loading, PageHeader, SuccessAlert } from "../components/ui";
import { formatDate } from "../format";
import {
  SCALE_NAMES,
  SCALES,
  scaleLabel,
  trendSentences,
  useMyCheckins,
  type Checkin,
  type CheckinHistory,
} from "./api";
import { AskForConversation } from "./AskForConversation";
import { periodName, shortDate } from "./periods";
import "./checkins.css";

// The first screen of this page is a chart: fetch the chart module beside the data.
preloadCharts();

const SCALE_COLOURS = { mood: "var(--accent)", energy: "var(--chart-2)", progress: "var(--chart-3)" } as const;

function Trend({ history }: { history: CheckinHistory }) {
  const byPeriod = new Map(history.items.map((c) => [c.period.starts_on, c]));
  const periods = history.periods.map((p) => p.period);
  const series = SCALES.map((s) => ({
    label: SCALE_NAMES[s],
    values: periods.map((p) => byPeriod.get(p.starts_on)?.[s] ?? null),
  }));
  const sentences = trendSentences(series);
  return (
    <Card title="Your trend">
      {history.items.length === 0 ? (
        <EmptyState title="Your trend appears after your first check-in." />
      ) : (
        <>
          <ul className="trend-summary" aria-label="Your trend in words">
            {sentences.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
          <LazyChart
            label="Your mood, energy and progress per period (1 to 5)"
            height={260}
            option={{
              grid: { left: 40, right: 24, top: 36, bottom: 32 },
              legend: { top: 0, textStyle: { color: "var(--text)" } },
              tooltip: { trigger: "axis" },
              xAxis: { type: "category", data: periods.map((p) => shortDate(p.starts_on)) },
              yAxis: { type: "value", min: 1, max: 5, interval: 1 },
              series: SCALES.map((s, i) => ({
                type: "line",
                name: SCALE_NAMES[s],
                connectNulls: false,
                itemStyle: { color: SCALE_COLOURS[s] },
                lineStyle: { color: SCALE_COLOURS[s] },
                data: series[i]!.values,
              })),
            }}
            description={
              <p>
                {sentences.join(" ")} Periods without a check-in have no point. The table under the chart has every
                value.
              </p>
            }
            dataTable={
              <DataTable
                caption="Your answers per period"
                head={["Period", "Mood", "Energy", "Progress", "Stuck"]}
                rowKeys={periods.map((p) => p.starts_on)}
                rows={periods.map((p) => {
                  const c = byPeriod.get(p.starts_on);
                  return c
                    ? [periodName(p), c.mood, c.energy, c.progress, c.stuck ? "Yes" : "No"]
                    : { header: periodName(p), note: "No check-in" };
                })}
              />
            }
          />
        </>
      )}
    </Card>
  );
}

function PastAnswer({ c }: { c: Checkin }) {
  return (
    <li className="item">
      <div>
        <p className="item-title">{periodName(c.period)}</p>
        <p className="muted">
          {SCALES.map((s) => `${SCALE_NAMES[s]} ${scaleLabel(s, c[s])}`).join(" · ")}
          {c.stuck ? ` · stuck${c.stuck_since ? ` since ${formatDate(c.stuck_since)}` : ""}` : ""}
        </p>
        {c.stuck && c.stuck_on && <p className="answer-text">Stuck on: {c.stuck_on}</p>}
        {c.wins && <p className="answer-text">Wins: {c.wins}</p>}
        {c.blockers && <p className="answer-text">Blockers: {c.blockers}</p>}
        {c.support_note && <p className="answer-text">For the support team: {c.support_note}</p>}
      </div>
      {c.editable && (
        <Link className="button" to={`/checkins/${c.id}`} aria-label={`Change your check-in, ${periodName(c.period)}`}>
          Change
        </Link>
      )}
    </li>
  );
}

function CohortCheckins({ choice }: { choice: CohortChoice }) {
  const history = useMyCheckins(choice.cohort.id);
  if (history.isPending) return <Loading label="Loading your check-ins…" />;
  if (history.error) return <ErrorAlert error={history.error} />;
  const h = history.data;
  const current = h.periods[h.periods.length - 1];
  const open = h.periods.filter((p) => p.state !== "submitted");
  const missed = open.filter((p) => p !== current);
  const cohortQuery = `cohort=${choice.cohort.id}`;
  return (
    <>
      <ul className="checkin-facts" aria-label="In numbers">
        <li>
          <strong>{h.streak}</strong> in a row
        </li>
        <li>
          <strong>{h.items.length}</strong> check-ins
        </li>
        <li>
          <strong>{missed.length}</strong> missed
        </li>
      </ul>
      <p className="quick-links">
        {current && current.state !== "submitted" && (
          <>
            <Link className="button primary" to={`/check-in?${cohortQuery}&period=${current.period.starts_on}`}>
              Check in for {periodName(current.period).replace(/^Week/, "the week")}
            </Link>{" "}
          </>
        )}
        <Link to={`/checkins/privacy?program=${choice.program.id}`}>Your check-in privacy: what is shared</Link>
      </p>
      <Trend history={h} />
      <Card title="Talk to the support team">
        <AskForConversation cohortId={choice.cohort.id} />
      </Card>
      <Card title="Stuck stretches">
        {h.stuck_stretches.length === 0 ? (
          <EmptyState title="You have not reported being stuck." />
        ) : (
          <ul className="item-list" aria-label="Stuck stretches">
            {h.stuck_stretches.map((s) => (
              <li key={s.since} className="item">
                <div>
                  <p className="item-title">
                    {formatDate(s.since)} – {s.ongoing ? "now" : formatDate(s.through)} ({s.days} days
                    {s.ongoing ? ", still stuck" : ""})
                  </p>
                  <p className="muted">
                    {s.checkins} check-in{s.checkins === 1 ? "" : "s"}
                    {s.on ? ` · on: ${s.on}` : ""}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {missed.length > 0 && (
        <Card title="Missed: you can still fill these in">
          <ul className="item-list" aria-label="Missed check-ins">
            {missed
              .slice()
              .reverse()
              .map((p) => (
                <li key={p.period.starts_on} className="item">
                  <p className="item-title">{periodName(p.period)}</p>
                  <Link
                    className="button"
                    to={`/check-in?${cohortQuery}&period=${p.period.starts_on}`}
                    aria-label={`Fill in late: ${periodName(p.period)}`}
                  >
                    Fill in
                  </Link>
                </li>
              ))}
          </ul>
        </Card>
      )}
      <Card title="Your past answers">
        {h.items.length === 0 ? (
          <EmptyState title="No check-ins yet." />
        ) : (
          <ul className="item-list" aria-label="Past check-ins">
            {h.items
              .slice()
              .reverse()
              .map((c) => (
                <PastAnswer key={c.id} c={c} />
              ))}
          </ul>
        )}
      </Card>
    </>
  );
}

export default function MyCheckins() {
  const account = useAccount();
  const [params] = useSearchParams();
  const { choices, error, isLoading: loading } = useScholarCohorts(account);
  const selected = useSelectedCohort(choices);
  return (
    <>
      <PageHeader
        title="My check-ins"
        intro={
          selected
            ? `${selected.program.name} — ${selected.cohort.name}. Only you see this page.`
            : "Only you see this page."
        }
      />
      {params.get("saved") && <SuccessAlert>Your check-in was saved.</SuccessAlert>}
      <ErrorAlert error={error} />
      {loading && <Loading />}
      <CohortPicker choices={choices} selected={selected} />
      {!loading && !selected && <EmptyState title="You are not a scholar in any cohort." />}
      {selected && <CohortCheckins key={selected.cohort.id} choice={selected} />}
    </>
  );
}
