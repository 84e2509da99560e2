// Change in each quality since the previous round.
import {
  isSuppressed,
  kindLabel,
  NOT_ENOUGH,
  type CohortReport as Report,
  type RaterKind,
} from "../../api/assessments";
import { formatSigned } from "../logic";
import { Card } from "../../components/ui";
import { fixed } from "./shared";

export function Change({ report, kinds }: { report: Report; kinds: RaterKind[] }) {
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
