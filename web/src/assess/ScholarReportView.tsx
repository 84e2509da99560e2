// A scholar's assessment report: self vs mentor (vs peers) as a radar, the perception gap per
// quality, strongest and weakest qualities, and growth across rounds. Shows exactly what the API
// returns: mentor and peer numbers only where the caller may see them.
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link, useSearchParams } from "react-router";
import { api, unwrap } from "../api/client";
import {
  assessmentKeys,
  isSuppressed,
  kindLabel,
  passedOverNote,
  reportRound,
  stateLabel,
  useRounds,
  withheldText,
  type Suppressed,
  type ScholarReport,
} from "../api/assessments";
import { LazyChart, preloadCharts } from "../charts/LazyChart";
import { Card, EmptyState, ErrorAlert, Loading, PageHeader } from "../components/ui";
import { formatDate } from "../format";
import { changeWords, formatSigned, gapWords } from "./logic";
import { RoundPicker } from "./RoundPicker";

// The first screen of this page is a chart: fetch the chart module beside the data.
preloadCharts();

type Q = ScholarReport["qualities"][number];

const num = (v: number | null | undefined, digits = 1) => (typeof v === "number" ? v.toFixed(digits) : "—");

function peerValue(q: Q): number | null | Suppressed {
  if (q.peer_mean === undefined) return null;
  if (isSuppressed(q.peer_mean)) return q.peer_mean;
  return typeof q.peer_mean === "number" ? q.peer_mean : null;
}

function Radar({ report, who }: { report: ScholarReport; who: string }) {
  const qs = report.qualities;
  const peers = qs.map(peerValue);
  const showPeers = peers.some((p) => typeof p === "number");
  const series = [
    {
      name: "Self",
      value: qs.map((q) => q.self ?? "-"),
      itemStyle: { color: "var(--accent)" },
      lineStyle: { color: "var(--accent)" },
    },
    ...(report.mentor_visible
      ? [
          {
            name: "Mentor",
            value: qs.map((q) => q.mentor ?? "-"),
            itemStyle: { color: "var(--chart-2)" },
            lineStyle: { color: "var(--chart-2)", type: "dashed" },
          },
        ]
      : []),
    ...(showPeers
      ? [
          {
            name: "Peers (mean)",
            value: peers.map((p) => (typeof p === "number" ? p : "-")),
            itemStyle: { color: "var(--chart-3)" },
            lineStyle: { color: "var(--chart-3)", type: "dotted" },
          },
        ]
      : []),
  ];
  const summary = `${who === "You" ? "Your" : `${report.scholar.display_name}'s`} ratings in ${report.round.name}: ${qs
    .map(
      (q) =>
        `${q.name}: self ${num(q.self, 0)}${report.mentor_visible ? `, mentor ${num(q.mentor)}` : ""}${
          showPeers ? `, peers ${typeof peerValue(q) === "number" ? num(peerValue(q) as number) : "—"}` : ""
        }`,
    )
    .join("; ")}.`;
  return (
    <LazyChart
      label={`Self${report.mentor_visible ? " vs mentor" : ""}${showPeers ? " vs peers" : ""}, ${report.round.name}`}
      height={380}
      option={{
        legend: { bottom: 0, textStyle: { color: "var(--text)" } },
        tooltip: { trigger: "item" },
        radar: {
          indicator: qs.map((q) => ({ name: q.name, min: 1, max: 5 })),
          radius: "68%",
          splitNumber: 5,
          axisName: { color: "var(--text)", fontSize: 11 },
          splitLine: { lineStyle: { color: "var(--border)" } },
          axisLine: { lineStyle: { color: "var(--border)" } },
          splitArea: { show: false },
        },
        series: [{ type: "radar", data: series, symbolSize: 5 }],
      }}
      description={<p>{summary}</p>}
    />
  );
}

function RatingsTable({ report, who }: { report: ScholarReport; who: string }) {
  const showPeers = report.qualities.some((q) => q.peer_mean !== undefined);
  return (
    <div className="table-wrap">
      <table>
        <caption>
          Ratings per quality, 1–5.
          {report.mentor_visible &&
            ` Gap = self − mentor: positive when ${who === "You" ? "you rate yourself" : "the scholar rates themself"} higher than the mentor does, negative when lower.`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Quality</th>
            <th scope="col">Self</th>
            {report.mentor_visible && <th scope="col">Mentor</th>}
            {report.mentor_visible && report.qualities.some((q) => q.support !== undefined) && (
              <th scope="col">Support</th>
            )}
            {showPeers && <th scope="col">Peers (mean)</th>}
            {report.mentor_visible && <th scope="col">Gap</th>}
            {report.mentor_visible && <th scope="col">In words</th>}
          </tr>
        </thead>
        <tbody>
          {report.qualities.map((q) => {
            const p = peerValue(q);
            return (
              <tr key={q.key}>
                <th scope="row">{q.name}</th>
                <td data-label="Self">{q.self === null ? "Cannot judge / none" : q.self}</td>
                {report.mentor_visible && <td data-label="Mentor">{num(q.mentor)}</td>}
                {report.mentor_visible && report.qualities.some((x) => x.support !== undefined) && (
                  <td data-label="Support">{num(q.support)}</td>
                )}
                {showPeers && <td data-label="Peers">{isSuppressed(p) ? withheldText(p) : num(p)}</td>}
                {report.mentor_visible && (
                  <td data-label="Gap">{typeof q.gap === "number" ? formatSigned(q.gap) : "—"}</td>
                )}
                {report.mentor_visible && (
                  <td data-label="In words">
                    {typeof q.gap === "number" ? gapWords(q.gap, who) : "No gap: a rating is missing."}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Growth({ report }: { report: ScholarReport }) {
  const names = new Map(report.qualities.map((q) => [q.key, q.name]));
  const withHistory = report.growth.filter((g) => g.points.length > 1);
  if (withHistory.length === 0) return <EmptyState title="Growth appears after a second round.">{null}</EmptyState>;
  return (
    <div className="growth-grid">
      {withHistory.map((g) => {
        const name = names.get(g.key) ?? g.key;
        const hasMentor = g.points.some((p) => typeof p.mentor === "number");
        const changes = Object.entries(g.change);
        return (
          <div key={g.key} className="growth-item">
            <LazyChart
              label={name}
              height={170}
              option={{
                grid: { left: 32, right: 12, top: 12, bottom: 44 },
                legend: { bottom: 0, textStyle: { color: "var(--text)" } },
                tooltip: { trigger: "axis" },
                xAxis: {
                  type: "category",
                  data: g.points.map((p) => p.round_name),
                  axisLabel: {
                    interval: 0,
                    width: 230 / Math.max(1, g.points.length),
                    overflow: "break",
                    fontSize: 10,
                  },
                },
                yAxis: { type: "value", min: 1, max: 5, interval: 1 },
                series: [
                  {
                    type: "line",
                    name: "Self",
                    data: g.points.map((p) => p.self ?? "-"),
                    color: "var(--accent)",
                    connectNulls: true,
                  },
                  ...(hasMentor
                    ? [
                        {
                          type: "line",
                          name: "Mentor",
                          data: g.points.map((p) => p.mentor ?? "-"),
                          color: "var(--chart-2)",
                          lineStyle: { type: "dashed" },
                          connectNulls: true,
                        },
                      ]
                    : []),
                ],
              }}
              description={
                <p>
                  {name}:{" "}
                  {g.points
                    .map((p) => `${p.round_name} self ${num(p.self)}${hasMentor ? `, mentor ${num(p.mentor)}` : ""}`)
                    .join("; ")}
                  .
                </p>
              }
            />
            <ul className="change-list">
              {changes.length === 0 && <li className="muted">No change to report yet.</li>}
              {changes.map(([kind, c]) => (
                <li key={kind}>
                  {kindLabel(kind)}:{" "}
                  {changeWords(
                    c.points,
                    isSuppressed(c.sd_units) ? { withheld: withheldText(c.sd_units) } : (c.sd_units as number | null),
                  )}{" "}
                  <span className="muted">from {c.from.toFixed(1)}</span>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </div>
  );
}

function Evidence({ report }: { report: ScholarReport }) {
  const withEvidence = report.qualities.filter((q) => q.evidence);
  if (withEvidence.length === 0) return null;
  return (
    <Card title="Evidence">
      {withEvidence.map((q) => (
        <details key={q.key} className="evidence">
          <summary>{q.name}</summary>
          {(["self", "mentor", "peers"] as const).map((k) =>
            q.evidence?.[k]?.length ? (
              <div key={k}>
                <h3>{k === "self" ? "Self" : k === "mentor" ? "Mentor and support" : "Peers (unattributed)"}</h3>
                <ul>
                  {q.evidence[k]!.map((t, i) => (
                    <li key={i}>{t}</li>
                  ))}
                </ul>
              </div>
            ) : null,
          )}
        </details>
      ))}
    </Card>
  );
}

export function ScholarReportView(props: { cohortId: string; scholarId: string; own: boolean; picker?: ReactNode }) {
  const { cohortId, scholarId, own } = props;
  const [params] = useSearchParams();
  const rounds = useRounds(cohortId);
  const opened = (rounds.data ?? []).filter((x) => x.state !== "scheduled");
  const fallback = reportRound(opened);
  const roundId = params.get("round") ?? fallback.round?.id ?? "";
  const note = params.get("round") || !fallback.round ? undefined : passedOverNote(fallback.round, fallback.newer);
  const report = useQuery({
    queryKey: assessmentKeys.scholarReport(cohortId, scholarId, roundId),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/cohorts/{id}/scholars/{user_id}/assessment-report", {
          params: { path: { id: cohortId, user_id: scholarId }, query: roundId ? { round_id: roundId } : {} },
        }),
      ),
    // Without a round in the address, wait for the rounds to pick the latest one with data.
    enabled: Boolean(params.get("round")) || !rounds.isPending,
    retry: false,
  });
  if (report.isPending) return <Loading label="Loading the report…" />;
  if (report.error)
    return (
      <>
        <PageHeader title={own ? "Your report" : "Scholar report"} />
        {props.picker}
        <ErrorAlert error={report.error} title="This report cannot be shown." />
      </>
    );
  const r = report.data;
  const who = own ? "You" : r.scholar.display_name;
  const names = new Map(r.qualities.map((q) => [q.key, q.name]));
  const mentorNote = r.mentor_visible
    ? null
    : r.round.state === "closed"
      ? "This program does not show mentor ratings to scholars."
      : `Mentor ratings are shown after the round closes (${formatDate(r.round.closes_at)}).`;
  return (
    <>
      <PageHeader
        title={own ? "Your report" : `Report of ${r.scholar.display_name}`}
        intro={`${r.round.name} · ${stateLabel(r.round.state)}`}
        actions={
          !own ? <Link to={`/reports/cohort?cohort=${cohortId}&round=${r.round.id}`}>Cohort report</Link> : undefined
        }
      />
      {props.picker}
      {opened.length > 1 && <RoundPicker rounds={opened} selected={r.round.id} />}
      {note && (
        <p className="muted" role="note">
          {note}
        </p>
      )}
      {mentorNote && (
        <div className="alert" role="note">
          <p>{mentorNote}</p>
        </div>
      )}
      <Card title="Self vs mentor">
        <Radar report={r} who={who} />
        <RatingsTable report={r} who={who} />
      </Card>
      {r.mentor_visible && (r.strongest.length > 0 || r.weakest.length > 0) && (
        <div className="two-columns">
          <Card title="Strongest qualities">
            <p className="muted">The three rated highest by the mentor.</p>
            <ol>
              {r.strongest.map((k) => (
                <li key={k}>{names.get(k) ?? k}</li>
              ))}
            </ol>
          </Card>
          <Card title="Qualities to grow">
            <p className="muted">The three rated lowest by the mentor.</p>
            <ol>
              {r.weakest.map((k) => (
                <li key={k}>{names.get(k) ?? k}</li>
              ))}
            </ol>
          </Card>
        </div>
      )}
      <Card title="Growth across rounds">
        <p className="muted">
          Change from the first round with ratings to this one, in raw points (1–5 scale) and in cohort standard
          deviations (SD): +0.5 SD means half the spread between scholars.
        </p>
        <Growth report={r} />
      </Card>
      <Evidence report={r} />
    </>
  );
}
