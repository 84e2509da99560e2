// Change in each quality since the previous round.
import {
  isSuppressed,
  kindLabel,
  withheldText,
  type CohortQuality,
  type CohortReport as Report,
  type RaterKind,
} from "../../api/assessments";
import { formatSigned } from "../logic";
import { DataTable } from "../../components/DataTable";
import { Card } from "../../components/ui";
import { fixed } from "./shared";

function changeText(c: NonNullable<CohortQuality["change"]>[string] | undefined): string {
  if (!c) return "—";
  if (isSuppressed(c)) return withheldText(c);
  const sd = c.sd_units === null ? "" : `, ${formatSigned(c.sd_units, 2)} SD`;
  return `${formatSigned(c.delta, 2)} points${sd} (from ${fixed(c.previous_mean)})`;
}

export function Change({ report, kinds }: { report: Report; kinds: RaterKind[] }) {
  if (!report.previous_round_id || !report.qualities.some((q) => q.change)) return null;
  return (
    <Card title="Change since the previous round">
      <p className="muted">
        Difference of the mean rating from the previous round, in points and in that round's standard deviations (SD).
      </p>
      <DataTable
        caption="Change since the previous round"
        head={["Quality", ...kinds.map((k) => kindLabel(k))]}
        rowKeys={report.qualities.map((q) => q.key)}
        rows={report.qualities.map((q) => [q.name, ...kinds.map((k) => changeText(q.change?.[k]))])}
      />
    </Card>
  );
}
