// How the ratings of each quality spread over the five levels, per rater kind.
import { useState } from "react";
import {
  kindLabel,
  NOT_ENOUGH,
  withheldNote,
  type CohortReport as Report,
  type RaterKind,
} from "../../api/assessments";
import { LazyChart } from "../../charts/LazyChart";
import { DataTable } from "../../components/DataTable";
import { Card } from "../../components/ui";
import { LEVEL_COLOURS, stats, KindPicker } from "./shared";

export function Distribution({ report, kinds }: { report: Report; kinds: RaterKind[] }) {
  const [kind, setKind] = useState<RaterKind>(kinds.includes("mentor") ? "mentor" : kinds[0]!);
  const qs = report.qualities;
  const names = qs.map((q) =>
    stats(q, kind) ? q.name : `${q.name} (${withheldNote(q.by_kind[kind], NOT_ENOUGH).toLowerCase()})`,
  );
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
          yAxis: { type: "category", data: names, inverse: true, axisLabel: { width: 200, overflow: "break" } },
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
          <DataTable
            caption="Ratings per level and quality"
            head={["Quality", "1s", "2s", "3s", "4s", "5s", "Scholars"]}
            rowKeys={qs.map((q) => q.key)}
            rows={qs.map((q) => {
              const s = stats(q, kind);
              return s
                ? [q.name, ...s.distribution, s.n]
                : { header: q.name, note: withheldNote(q.by_kind[kind], NOT_ENOUGH) };
            })}
          />
        }
      />
    </Card>
  );
}
