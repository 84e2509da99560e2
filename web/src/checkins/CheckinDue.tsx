// "Check-in due" on a scholar's home page: per cohort, this period's check-in (due, or done and
// still changeable) and how many missed ones may still be filled in; and, for a scholar stuck
// longer than the program's time box who has not asked anyone yet, the nudge to ask for help
// with the people and channels the program lists.
import { Link } from "react-router";
import { EmptyState, ErrorAlert, Loading } from "../components/ui";
import { formatDate } from "../format";
import { useDueCheckins, type DueCheckins } from "./api";
import { AskForConversation } from "./AskForConversation";
import "./checkins.css";
import { periodName } from "./periods";

function Nudge({ due }: { due: DueCheckins }) {
  const nudge = due.nudge;
  if (!nudge) return null;
  return (
    <section className="nudge" aria-label="Time to ask for help">
      <p className="item-title">
        You have been stuck for {nudge.days} days{nudge.stuck_on ? ` on “${nudge.stuck_on}”` : ""}. Time to ask for
        help.
      </p>
      <p className="muted">
        Asking early saves you days, and your mentor's time too.
        {nudge.help_channels ? ` ${due.cohort_name}: ${nudge.help_channels}` : ""}
      </p>
      <AskForConversation cohortId={due.cohort_id} compact />
    </section>
  );
}

export function CheckinDue() {
  const due = useDueCheckins();
  if (due.isPending) return <Loading label="Loading your check-ins…" />;
  if (due.error) return <ErrorAlert error={due.error} />;
  return (
    <>
      <h2>Check-ins</h2>
      {due.data.length === 0 ? (
        <EmptyState title="No check-in is due." />
      ) : (
        <ul className="item-list" aria-label="Check-ins due">
          {due.data.map((d) => {
            const current = d.current;
            const open = current && current.state !== "submitted";
            return (
              <li key={d.cohort_id} className="item">
                <div>
                  <p className="item-title">
                    {current
                      ? open
                        ? `Check-in due: ${periodName(current.period).replace(/^Week/, "week")}`
                        : `You have checked in: ${periodName(current.period).replace(/^Week/, "week")}`
                      : `${d.cohort_name}: no check-in this period`}
                  </p>
                  <p className="muted">
                    {d.cohort_name}
                    {open ? ` · due ${formatDate(current.period.due_on)}` : ""}
                    {d.streak > 0 ? ` · ${d.streak} in a row` : ""}
                    {d.missed.length > 0 ? ` · ${d.missed.length} missed you can still fill in` : ""}
                  </p>
                </div>
                {open ? (
                  <Link
                    className="button primary"
                    to={`/check-in?cohort=${d.cohort_id}&period=${current.period.starts_on}`}
                  >
                    Check in
                  </Link>
                ) : (
                  <Link className="button" to={`/checkins?cohort=${d.cohort_id}`}>
                    Your check-ins
                  </Link>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {due.data?.map((d) => (
        <Nudge key={`nudge-${d.cohort_id}`} due={d} />
      ))}
    </>
  );
}
