// Each stream's figures beside the cohort's.
import { NOT_ENOUGH, withheldText, type CohortReport as Report } from "../../api/assessments";
import { formatSigned } from "../logic";
import { Card } from "../../components/ui";
import { fixed } from "./shared";

export function Streams({ report }: { report: Report }) {
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
                      <td colSpan={4}>{s.suppressed ? withheldText(s) : NOT_ENOUGH}</td>
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
