// How far raters agree: ICC and kappa per rater kind.
import { NOT_ENOUGH, type CohortReport as Report } from "../../api/assessments";
import { measureLabel } from "../logic";
import { Card } from "../../components/ui";
import { fixed } from "./shared";

export function ReliabilitySection({ report }: { report: Report }) {
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
