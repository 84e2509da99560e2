// How far raters agree: ICC and kappa per rater kind.
import { NOT_ENOUGH, type CohortReport as Report } from "../../api/assessments";
import { measureLabel } from "../logic";
import { DataTable } from "../../components/DataTable";
import { Card } from "../../components/ui";
import { fixed } from "./shared";

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
          typeof x.value === "number" ? fixed(x.value, 3) : NOT_ENOUGH,
        ])}
      />
    </Card>
  );
}
