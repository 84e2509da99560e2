// The mean rating of each quality per rater kind, with its spread.
import { kindLabel, withheldNote, type CohortReport as Report, type RaterKind } from "../../api/assessments";
import { LazyChart } from "../../charts/LazyChart";
import { DataTable } from "../../components/DataTable";
import { Card } from "../../components/ui";
import { KIND_COLOURS, fixed, stats } from "./shared";

export function Means({ report, kinds }: { report: Report; kinds: RaterKind[] }) {
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
          xAxis: { type: "value", min: 1, max: 5 },
          yAxis: {
            type: "category",
            data: qs.map((q) => q.name),
            inverse: true,
            axisLabel: { width: 200, overflow: "break" },
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
          <DataTable
            caption="Mean rating per quality and rater kind"
            head={["Quality", ...kinds.map((k) => `${kindLabel(k)} mean (SD, n)`)]}
            rowKeys={qs.map((q) => q.key)}
            rows={qs.map((q) => [
              q.name,
              ...kinds.map((k) => {
                const s = stats(q, k);
                return s ? `${fixed(s.mean)} (${fixed(s.sd)}, ${s.n})` : withheldNote(q.by_kind[k]);
              }),
            ])}
          />
        }
      />
    </Card>
  );
}
