// The scholar × quality heatmap (organizers; mentors for their stream), paged as the API pages it.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { assessmentKeys, kindLabel, type CohortReport as Report, type RaterKind } from "../../api/assessments";
import { LazyChart } from "../../charts/LazyChart";
import { Card, EmptyState, ErrorAlert, Loading } from "../../components/ui";
import { KindPicker } from "./shared";

const PAGE_SIZE = 20;

export function HeatmapSection({ report, cohortId }: { report: Report; cohortId: string }) {
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
          height={rows.length * 28 + 240}
          option={{
            grid: { left: 150, right: 24, top: 12, bottom: 190 },
            tooltip: { position: "top" },
            xAxis: {
              type: "category",
              data: qNames,
              // One line each, slanted: parallel single lines never overlap, where wrapped
              // slanted lines ran into their neighbours.
              axisLabel: { rotate: 45, interval: 0 },
            },
            yAxis: { type: "category", data: rows.map((r) => r.display_name), inverse: true },
            visualMap: {
              min: 1,
              max: 5,
              orient: "horizontal",
              left: "center",
              bottom: 0,
              itemHeight: 120,
              text: ["5 (high)", "1 (low)"],
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
