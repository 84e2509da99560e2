// The cohort report of one assessment round (organizers, mentors, analysts): distributions, means
// per rater kind, the perception gap with its 95% CI, over- and under-estimation, the scholar ×
// quality heatmap (organizers and mentors, paged as the API pages it), change since the previous
// round, stream summaries and reliability. Groups below the program's minimum size are shown as
// "Not enough responses", as the API marks them. Every chart has its numbers in a table.
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api, unwrap, type Account } from "../api/client";
import {
  assessmentKeys,
  isSuppressed,
  kindLabel,
  latestOpened,
  NOT_ENOUGH,
  stateLabel,
  useRounds,
  type CohortQuality as QualityRow,
  type CohortReport as Report,
  type PerceptionGap as Gap,
  type RaterKind,
  type RatingStats as KindStats,
} from "../api/assessments";
import { useCohortChoices } from "../api/queries";
import { formatSigned, measureLabel, percent } from "../assess/logic";
import { RoundPicker } from "../assess/RoundPicker";
import { managesProgram } from "../auth/access";
import { useAccount } from "../auth/session";
import { LazyChart } from "../charts/LazyChart";
import { CohortPicker, useSelectedCohort } from "../components/CohortPicker";
import { Card, EmptyState, ErrorAlert, Loading, PageHeader } from "../components/ui";
import { formatDate } from "../format";

const LEVEL_COLOURS = ["var(--level-1)", "var(--level-2)", "var(--level-3)", "var(--level-4)", "var(--level-5)"];
const KIND_COLOURS: Record<string, string> = {
  self: "var(--accent)",
  mentor: "var(--chart-2)",
  peer: "var(--chart-3)",
  support: "var(--chart-4)",
};
const fixed = (x: number, d = 2) => x.toFixed(d);

function stats(q: QualityRow, kind: string): KindStats | undefined {
  const v = q.by_kind[kind];
  return v && !isSuppressed(v) ? v : undefined;
}

function gapOf(q: QualityRow): Gap | "suppressed" | undefined {
  if (q.gap === undefined) return undefined;
  return isSuppressed(q.gap) ? "suppressed" : q.gap;
}

function kindsOf(report: Report): RaterKind[] {
  const present = new Set(report.qualities.flatMap((q) => Object.keys(q.by_kind)));
  return (["self", "mentor", "peer", "support"] as RaterKind[]).filter((k) => present.has(k));
}

function KindPicker(props: { kinds: RaterKind[]; value: RaterKind; onChange: (k: RaterKind) => void; label: string }) {
  const id = useId();
  return (
    <div className="field field-inline">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value as RaterKind)}>
        {props.kinds.map((k) => (
          <option key={k} value={k}>
            {kindLabel(k)}
          </option>
        ))}
      </select>
    </div>
  );
}

function Distribution({ report, kinds }: { report: Report; kinds: RaterKind[] }) {
  const [kind, setKind] = useState<RaterKind>(kinds.includes("mentor") ? "mentor" : kinds[0]!);
  const qs = report.qualities;
  const names = qs.map((q) => (stats(q, kind) ? q.name : `${q.name} (${NOT_ENOUGH.toLowerCase()})`));
  return (
    <Card title="Distribution of ratings">
      <KindPicker kinds={kinds} value={kind} onChange={setKind} label="Ratings by" />
      <LazyChart
        label={`How many ${kindLabel(kind).toLowerCase()} ratings gave 1, 2, 3, 4 and 5, per quality`}
        height={Math.max(220, qs.length * 34 + 60)}
        option={{
          grid: { left: 210, right: 24, top: 36, bottom: 24 },
          legend: { top: 0, textStyle: { color: "var(--text)" } },
          tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
          xAxis: { type: "value", minInterval: 1 },
          yAxis: { type: "category", data: names, inverse: true, axisLabel: { width: 200, overflow: "truncate" } },
          series: [0, 1, 2, 3, 4].map((i) => ({
            type: "bar",
            stack: "levels",
            name: String(i + 1),
            itemStyle: { color: LEVEL_COLOURS[i] },
            data: qs.map((q) => stats(q, kind)?.distribution[i] ?? 0),
          })),
        }}
        description={<p>A stacked bar per quality; the table below has the counts.</p>}
        dataTable={
          <table>
            <thead>
              <tr>
                <th scope="col">Quality</th>
                {[1, 2, 3, 4, 5].map((l) => (
                  <th scope="col" key={l}>
                    {l}s
                  </th>
                ))}
                <th scope="col">Scholars</th>
              </tr>
            </thead>
            <tbody>
              {qs.map((q) => {
                const s = stats(q, kind);
                return (
                  <tr key={q.key}>
                    <th scope="row">{q.name}</th>
                    {s ? (
                      <>
                        {s.distribution.map((c, i) => (
                          <td key={i} data-label={`${i + 1}s`}>
                            {c}
                          </td>
                        ))}
                        <td data-label="Scholars">{s.n}</td>
                      </>
                    ) : (
                      <td colSpan={6}>{NOT_ENOUGH}</td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        }
      />
    </Card>
  );
}

function Means({ report, kinds }: { report: Report; kinds: RaterKind[] }) {
  const qs = report.qualities;
  return (
    <Card title="Mean rating per rater kind">
      <LazyChart
        label="Mean rating (1–5) per quality, by who rated"
        height={Math.max(240, qs.length * kinds.length * 14 + 80)}
        option={{
          grid: { left: 210, right: 24, top: 36, bottom: 24 },
          legend: { top: 0, textStyle: { color: "var(--text)" } },
          tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
          xAxis: { type: "value", min: 0, max: 5 },
          yAxis: {
            type: "category",
            data: qs.map((q) => q.name),
            inverse: true,
            axisLabel: { width: 200, overflow: "truncate" },
          },
          series: kinds.map((k) => ({
            type: "bar",
            name: kindLabel(k),
            itemStyle: { color: KIND_COLOURS[k] },
            data: qs.map((q) => stats(q, k)?.mean ?? "-"),
          })),
        }}
        description={<p>Grouped bars per quality; the table below has the means.</p>}
        dataTable={
          <table>
            <thead>
              <tr>
                <th scope="col">Quality</th>
                {kinds.map((k) => (
                  <th scope="col" key={k}>
                    {kindLabel(k)} mean (SD, n)
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {qs.map((q) => (
                <tr key={q.key}>
                  <th scope="row">{q.name}</th>
                  {kinds.map((k) => {
                    const s = stats(q, k);
                    return (
                      <td key={k} data-label={kindLabel(k)}>
                        {s ? `${fixed(s.mean)} (${fixed(s.sd)}, ${s.n})` : NOT_ENOUGH}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
    </Card>
  );
}

function PerceptionGap({ report }: { report: Report }) {
  const qs = report.qualities.filter((q) => q.gap !== undefined);
  if (qs.length === 0) return null;
  const shown = qs
    .map((q) => ({ q, g: gapOf(q) }))
    .filter((x): x is { q: QualityRow; g: Gap } => typeof x.g === "object");
  // A symmetric axis around 0, just wide enough for every interval.
  const reach = Math.min(4, Math.max(1, ...shown.flatMap(({ g }) => g.ci95.map((v) => Math.ceil(Math.abs(v))))));
  return (
    <Card title="Perception gap (self − mentor)">
      <p className="muted">
        Per scholar, their self-rating minus their mentor's rating, averaged over scholars, with a 95% confidence
        interval. Above 0: scholars rate themselves higher than their mentors do; below 0: lower.
      </p>
      {shown.length > 0 ? (
        <LazyChart
          label="Mean perception gap per quality with 95% confidence interval"
          height={Math.max(220, qs.length * 30 + 50)}
          option={{
            grid: { left: 210, right: 24, top: 12, bottom: 28 },
            tooltip: { trigger: "item" },
            xAxis: { type: "value", min: -reach, max: reach, interval: reach > 2 ? 1 : 0.5 },
            yAxis: {
              type: "category",
              data: qs.map((q) => q.name),
              inverse: true,
              axisLabel: { width: 200, overflow: "truncate" },
            },
            series: [
              ...shown.map(({ q, g }) => ({
                type: "line",
                name: `${q.name} 95% CI`,
                data: [
                  [g.ci95[0], q.name],
                  [g.ci95[1], q.name],
                ],
                symbol: "rect",
                symbolSize: [2, 10],
                lineStyle: { color: "var(--muted)", width: 2 },
                itemStyle: { color: "var(--muted)" },
                silent: true,
              })),
              {
                type: "line",
                name: "Mean gap",
                data: shown.map(({ q, g }) => [g.mean, q.name]),
                lineStyle: { opacity: 0 },
                symbol: "circle",
                symbolSize: 11,
                itemStyle: { color: "var(--chart-2)" },
              },
            ],
          }}
          description={<p>A dot per quality at the mean gap, with a line across its 95% confidence interval.</p>}
          dataTable={
            <table>
              <thead>
                <tr>
                  <th scope="col">Quality</th>
                  <th scope="col">Mean gap</th>
                  <th scope="col">95% CI</th>
                  <th scope="col">Scholars</th>
                </tr>
              </thead>
              <tbody>
                {qs.map((q) => {
                  const g = gapOf(q);
                  return (
                    <tr key={q.key}>
                      <th scope="row">{q.name}</th>
                      {typeof g === "object" ? (
                        <>
                          <td data-label="Mean gap">{formatSigned(g.mean, 2)}</td>
                          <td data-label="95% CI">
                            {formatSigned(g.ci95[0]!, 2)} to {formatSigned(g.ci95[1]!, 2)}
                          </td>
                          <td data-label="Scholars">{g.n}</td>
                        </>
                      ) : (
                        <td colSpan={3}>{NOT_ENOUGH}</td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          }
        />
      ) : (
        <EmptyState title={NOT_ENOUGH} />
      )}
      {shown.length > 0 && (
        <LazyChart
          label="Share of scholars who rate themselves higher than, the same as, or lower than their mentor"
          height={Math.max(220, qs.length * 30 + 60)}
          option={{
            grid: { left: 210, right: 24, top: 36, bottom: 24 },
            legend: { top: 0, textStyle: { color: "var(--text)" } },
            tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
            xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
            yAxis: {
              type: "category",
              data: shown.map(({ q }) => q.name),
              inverse: true,
              axisLabel: { width: 200, overflow: "truncate" },
            },
            series: [
              { name: "Higher (over-estimate)", color: "var(--chart-2)", key: (g: Gap) => g.over_share },
              { name: "Same", color: "var(--border)", key: (g: Gap) => Math.max(0, 1 - g.over_share - g.under_share) },
              { name: "Lower (under-estimate)", color: "var(--chart-3)", key: (g: Gap) => g.under_share },
            ].map((s) => ({
              type: "bar",
              stack: "share",
              name: s.name,
              itemStyle: { color: s.color },
              data: shown.map(({ g }) => Math.round(s.key(g) * 1000) / 10),
            })),
          }}
          description={<p>A 100% stacked bar per quality; the table below has the shares.</p>}
          dataTable={
            <table>
              <thead>
                <tr>
                  <th scope="col">Quality</th>
                  <th scope="col">Rate themselves higher</th>
                  <th scope="col">Rate themselves lower</th>
                </tr>
              </thead>
              <tbody>
                {shown.map(({ q, g }) => (
                  <tr key={q.key}>
                    <th scope="row">{q.name}</th>
                    <td data-label="Higher">{percent(g.over_share)}</td>
                    <td data-label="Lower">{percent(g.under_share)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      )}
    </Card>
  );
}

const PAGE_SIZE = 20;

function HeatmapSection({ report, cohortId }: { report: Report; cohortId: string }) {
  const [cursors, setCursors] = useState<string[]>([""]);
  const cursor = cursors[cursors.length - 1]!;
  const heatmap = useQuery({
    queryKey: assessmentKeys.heatmap(report.round.id, cursor),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/assessment-rounds/{id}/heatmap", {
          params: { path: { id: report.round.id }, query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    retry: false,
  });
  const kindsWithData = heatmap.data
    ? (["self", "mentor", "peer", "support"] as RaterKind[]).filter((k) =>
        heatmap.data.items.some((row) => row.values[k]),
      )
    : [];
  const [chosen, setChosen] = useState<RaterKind>();
  const kind =
    chosen && kindsWithData.includes(chosen) ? chosen : kindsWithData.includes("mentor") ? "mentor" : kindsWithData[0];
  const names = new Map(report.qualities.map((q) => [q.key, q.name]));
  let body;
  if (heatmap.isPending) body = <Loading label="Loading the heatmap…" />;
  else if (heatmap.error) body = <ErrorAlert error={heatmap.error} />;
  else if (heatmap.data.items.length === 0 || !kind) body = <EmptyState title="No ratings to show yet." />;
  else {
    const h = heatmap.data;
    const qNames = h.qualities.map((k) => names.get(k) ?? k);
    const rows = h.items;
    const cells = rows.flatMap((row, y) => (row.values[kind] ?? []).map((v, x) => [x, y, v ?? "-"]));
    body = (
      <>
        <KindPicker kinds={kindsWithData} value={kind} onChange={setChosen} label="Ratings by" />
        <LazyChart
          label={`Mean ${kindLabel(kind).toLowerCase()} rating per scholar and quality`}
          height={rows.length * 28 + 150}
          option={{
            grid: { left: 150, right: 24, top: 12, bottom: 100 },
            tooltip: { position: "top" },
            xAxis: {
              type: "category",
              data: qNames,
              axisLabel: { rotate: 35, interval: 0, width: 110, overflow: "truncate" },
            },
            yAxis: { type: "category", data: rows.map((r) => r.display_name), inverse: true },
            visualMap: {
              min: 1,
              max: 5,
              orient: "horizontal",
              left: "center",
              bottom: 0,
              itemHeight: 120,
              textStyle: { color: "var(--text)" },
              inRange: { color: ["var(--heat-low)", "var(--heat-high)"] },
            },
            series: [{ type: "heatmap", data: cells, label: { show: true, color: "var(--heat-label)" } }],
          }}
          description={
            <p>A grid of scholars by qualities, coloured by mean rating; the table below has the numbers.</p>
          }
          dataTable={
            <table>
              <thead>
                <tr>
                  <th scope="col">Scholar</th>
                  {qNames.map((n) => (
                    <th scope="col" key={n}>
                      {n}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.scholar_id}>
                    <th scope="row">{r.display_name}</th>
                    {(r.values[kind] ?? []).map((v, i) => (
                      <td key={i} data-label={qNames[i]}>
                        {typeof v === "number" ? v.toFixed(1) : "—"}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
        <h3>Scholar reports</h3>
        <ul className="people">
          {rows.map((r) => (
            <li key={r.scholar_id}>
              <Link to={`/cohorts/${cohortId}/scholars/${r.scholar_id}/report?round=${report.round.id}`}>
                Report of {r.display_name}
              </Link>
            </li>
          ))}
        </ul>
      </>
    );
  }
  return (
    <Card title="Scholars × qualities">
      {body}
      {(cursors.length > 1 || heatmap.data?.next_cursor) && (
        <nav className="pager" aria-label="Heatmap pages">
          <button
            type="button"
            className="button"
            disabled={cursors.length <= 1}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            Previous scholars
          </button>
          <span className="muted">Page {cursors.length}</span>
          <button
            type="button"
            className="button"
            disabled={!heatmap.data?.next_cursor}
            onClick={() => heatmap.data?.next_cursor && setCursors([...cursors, heatmap.data.next_cursor])}
          >
            Next scholars
          </button>
        </nav>
      )}
    </Card>
  );
}

function Change({ report, kinds }: { report: Report; kinds: RaterKind[] }) {
  if (!report.previous_round_id || !report.qualities.some((q) => q.change)) return null;
  return (
    <Card title="Change since the previous round">
      <p className="muted">
        Difference of the mean rating from the previous round, in points and in that round's standard deviations (SD).
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Quality</th>
              {kinds.map((k) => (
                <th scope="col" key={k}>
                  {kindLabel(k)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.qualities.map((q) => (
              <tr key={q.key}>
                <th scope="row">{q.name}</th>
                {kinds.map((k) => {
                  const c = q.change?.[k];
                  let text = "—";
                  if (c && isSuppressed(c)) text = NOT_ENOUGH;
                  else if (c) {
                    const sd = c.sd_units === null ? "" : `, ${formatSigned(c.sd_units, 2)} SD`;
                    text = `${formatSigned(c.delta, 2)} points${sd} (from ${fixed(c.previous_mean)})`;
                  }
                  return (
                    <td key={k} data-label={kindLabel(k)}>
                      {text}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function Streams({ report }: { report: Report }) {
  if (report.streams.length === 0) return null;
  return (
    <Card title="Streams">
      <p className="muted">
        Mean self and mentor ratings and the mean gap (self − mentor) of each stream, over all qualities.
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Stream</th>
              <th scope="col">Quality</th>
              <th scope="col">Self</th>
              <th scope="col">Mentor</th>
              <th scope="col">Gap</th>
            </tr>
          </thead>
          <tbody>
            {report.streams.flatMap((s) =>
              s.suppressed || !s.self_mean
                ? [
                    <tr key={s.stream_id}>
                      <th scope="row">{s.name || "No stream"}</th>
                      <td colSpan={4}>{NOT_ENOUGH}</td>
                    </tr>,
                  ]
                : report.qualities.map((q, i) => {
                    const self = s.self_mean?.[i] ?? null;
                    const mentor = s.mentor_mean?.[i] ?? null;
                    const gap = s.gap_mean?.[i] ?? null;
                    return (
                      <tr key={`${s.stream_id}-${q.key}`}>
                        <th scope="row">
                          {i === 0 ? s.name || "No stream" : <span className="visually-hidden">{s.name}</span>}
                        </th>
                        <td data-label="Quality">{q.name}</td>
                        <td data-label="Self">{self === null ? NOT_ENOUGH : fixed(self)}</td>
                        <td data-label="Mentor">{mentor === null ? NOT_ENOUGH : fixed(mentor)}</td>
                        <td data-label="Gap">{gap === null ? NOT_ENOUGH : formatSigned(gap, 2)}</td>
                      </tr>
                    );
                  }),
            )}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function ReliabilitySection({ report }: { report: Report }) {
  if (report.reliability.length === 0) return null;
  const names = new Map(report.qualities.map((q) => [q.key, q.name]));
  return (
    <Card title="Inter-rater reliability">
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col">Quality</th>
              <th scope="col">Scholars</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {report.reliability.map((x, i) => (
              <tr key={i}>
                <th scope="row">{measureLabel(x.measure)}</th>
                <td data-label="Quality">{x.quality ? (names.get(x.quality) ?? x.quality) : "All qualities"}</td>
                <td data-label="Scholars">{x.n}</td>
                <td data-label="Value">{typeof x.value === "number" ? fixed(x.value, 3) : NOT_ENOUGH}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function ReportBody({ cohortId, account, programId }: { cohortId: string; account: Account; programId: string }) {
  const [params] = useSearchParams();
  const rounds = useRounds(cohortId);
  const opened = (rounds.data ?? []).filter((r) => r.state !== "scheduled");
  const wanted = params.get("round");
  const round = opened.find((r) => r.id === wanted) ?? latestOpened(opened);
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
