// How far raters agree: ICC and kappa per rater kind.
import { withheldNote, type CohortReport as Report } from "../../api/assessments";
import { measureLabel, reliabilityText } from "../logic";
import { DataTable } from "../../components/DataTable";
import { Card } from "../../components/ui";

export function ReliabilitySection({ report }: { report: Report }) {
  if (report.reliability.length === 0) return null;
  const names = new Map(report.qualities.map((q) => [q.key, q.name]));
  return (
    <Card title="Inter-rater reliability">
      <DataTable
        caption="Inter-rater reliability"
        head={["Measure", "Quality", "Scholars", "Value"]}
        rows={report.reliability.map((x) => [
          measureLabel(x.measure),
          x.quality ? (names.get(x.quality) ?? x.quality) : "All qualities",
          x.n,
          typeof x.value === "number" ? reliabilityText(x.value) : withheldNote(x.value),
        ])}
      />
      <p className="muted">
        Reading guide: 1 is perfect agreement and 0 no more than chance. For ICC, below 0.5 is poor, 0.5–0.75 moderate,
        0.75–0.9 good and above 0.9 excellent (Koo and Li, 2016); for kappa, 0.41–0.60 is moderate and 0.61–0.80
        substantial (Landis and Koch, 1977).
      </p>
    </Card>
  );
}
