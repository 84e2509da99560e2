// The perception gap: how scholars rate themselves against their mentors, with its 95% CI.
import {
  type CohortQuality as QualityRow,
  type CohortReport as Report,
  type PerceptionGap as Gap,
  withheldNote,
} from "../../api/assessments";
import { formatSigned, percent } from "../logic";
import { LazyChart } from "../../charts/LazyChart";
import { DataTable } from "../../components/DataTable";
import { Card, EmptyState } from "../../components/ui";
import { gapOf } from "./shared";

export function PerceptionGap({ report }: { report: Report }) {
  const qs = report.qualities.filter((q) => q.gap !== undefined);
  if (qs.length === 0) return null;
  const shown = qs.map((q) => ({ q, g: gapOf(q) })).filter((x): x is { q: QualityRow; g: Gap } => x.g !== undefined);
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
              axisLabel: { width: 200, overflow: "break" },
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
            <DataTable
              caption="Mean perception gap per quality"
              head={["Quality", "Mean gap", "95% CI", "Scholars"]}
              rowKeys={qs.map((q) => q.key)}
              rows={qs.map((q) => {
                const g = gapOf(q);
                return g
                  ? [
                      q.name,
                      formatSigned(g.mean, 2),
                      `${formatSigned(g.ci95[0]!, 2)} to ${formatSigned(g.ci95[1]!, 2)}`,
                      g.n,
                    ]
                  : { header: q.name, note: withheldNote(q.gap) };
              })}
            />
          }
        />
      ) : (
        <EmptyState title={withheldNote(qs[0]!.gap)} />
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
              axisLabel: { width: 200, overflow: "break" },
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
            <DataTable
              caption="Share of scholars who rate themselves higher or lower than their mentor"
              head={["Quality", "Rate themselves higher", "Rate themselves lower"]}
              rowKeys={shown.map(({ q }) => q.key)}
              rows={shown.map(({ q, g }) => [q.name, percent(g.over_share), percent(g.under_share)])}
            />
          }
        />
      )}
    </Card>
  );
}
