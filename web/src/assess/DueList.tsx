// "What is due": the caller's unsubmitted assessments in rounds that are open (or about to open),
// soonest closing first, each linking to its form. Shown on every home page and the assessments
// page.
import { differenceInCalendarDays, parseISO } from "date-fns";
import { Link } from "react-router";
import { byKindThenName, kindLabel, useDue, type DueAssessment } from "../api/assessments";
import { EmptyState, ErrorAlert, Loading } from "../components/ui";
import { formatDate, formatDateTime } from "../format";

function closesIn(iso: string, now = new Date()): string {
  const days = differenceInCalendarDays(parseISO(iso), now);
  if (days <= 0) return "closes today";
  if (days === 1) return "closes tomorrow";
  return `closes in ${days} days`;
}

function what(d: DueAssessment): string {
  return d.rater_kind === "self"
    ? "Your self-assessment"
    : `Rate ${d.subject_name} (${kindLabel(d.rater_kind).toLowerCase()})`;
}

/** Soonest closing round first; within a round, the same order as the round's own list. */
function ordered(due: readonly DueAssessment[]): DueAssessment[] {
  const within = byKindThenName<DueAssessment>(
    (d) => d.rater_kind,
    (d) => d.subject_name,
  );
  return [...due].sort(
    (a, b) => a.closes_at.localeCompare(b.closes_at) || a.round_id.localeCompare(b.round_id) || within(a, b),
  );
}

export function DueList(props: { emptyText?: string; headingLevel?: 2 | 3 }) {
  const due = useDue();
  const Heading = props.headingLevel === 3 ? "h3" : "h2";
  if (due.isPending) return <Loading label="Loading what is due…" />;
  if (due.error) return <ErrorAlert error={due.error} />;
  const now = new Date().toISOString();
  return (
    <>
      <Heading>What is due</Heading>
      {due.data.length === 0 ? (
        <EmptyState title={props.emptyText ?? "Nothing to rate right now."} />
      ) : (
        <ul className="item-list due-list" aria-label="Assessments due">
          {ordered(due.data).map((d) => {
            const upcoming = d.opens_at > now;
            return (
              <li key={d.assessment_id} className="item">
                <div>
                  <p className="item-title">
                    {upcoming ? what(d) : <Link to={`/assessments/${d.assessment_id}`}>{what(d)}</Link>}
                  </p>
                  <p className="muted">
                    {d.round_name} ·{" "}
                    {upcoming
                      ? `opens ${formatDateTime(d.opens_at)}`
                      : `${closesIn(d.closes_at)} (${formatDate(d.closes_at)})`}
                  </p>
                </div>
                <span className="badge">{d.status === "draft" ? "Draft" : "Not started"}</span>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
