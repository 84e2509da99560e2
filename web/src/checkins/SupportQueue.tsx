// The support team's queue: alerts the rules raised for scholars who share them, and scholars'
// requests for a conversation, of every cohort the viewer supports, newest first. Each item opens
// on its own page (claim, notes, resolve, reopen). What a scholar did not consent to share never
// reaches this page: the server leaves it out.
import { useId } from "react";
import { Link, useSearchParams } from "react-router";
import { Card, EmptyState, ErrorAlert, Loading, PageHeader } from "../components/ui";
import { formatDate, formatDateTime } from "../format";
import { ALERT_REASONS, SUPPORT_STATUSES, useSupportQueue, type SupportQueueItem } from "./api";
import "./checkins.css";

const FILTERS = [
  { value: "open,claimed", label: "Open and claimed" },
  { value: "open", label: "Open" },
  { value: "claimed", label: "Claimed" },
  { value: "resolved", label: "Resolved" },
  { value: "open,claimed,resolved", label: "All" },
] as const;

/** One line about an item: why, for which period, where it stands. */
export function itemSummary(item: SupportQueueItem): string {
  const parts = [ALERT_REASONS[item.reason]];
  if (item.period_start) parts.push(`week of ${formatDate(item.period_start)}`);
  parts.push(item.cohort_name);
  if (item.status === "claimed") parts.push(`claimed by ${item.claimed_by_name ?? "someone who left"}`);
  else if (item.status === "resolved") parts.push(`resolved by ${item.resolved_by_name ?? "someone who left"}`);
  else parts.push("open");
  if (item.notes > 0) parts.push(`${item.notes} note${item.notes === 1 ? "" : "s"}`);
  return parts.join(" · ");
}

export default function SupportQueue() {
  const id = useId();
  const [params, setParams] = useSearchParams();
  const filter = FILTERS.find((f) => f.value === params.get("status"))?.value ?? "open,claimed";
  const queue = useSupportQueue(filter);
  return (
    <>
      <PageHeader
        title="Support queue"
        intro="Alerts of scholars who chose to share them, and requests for a conversation. Answers appear only where the scholar shares them."
      />
      <Card>
        <div className="queue-filters">
          <div className="field">
            <label htmlFor={`${id}-status`}>Show</label>
            <select
              id={`${id}-status`}
              value={filter}
              onChange={(e) => setParams(e.target.value === "open,claimed" ? {} : { status: e.target.value })}
            >
              {FILTERS.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        {queue.isPending && <Loading label="Loading the queue…" />}
        <ErrorAlert error={queue.error} />
        {queue.data &&
          (queue.data.length === 0 ? (
            <EmptyState title="Nothing in the queue." />
          ) : (
            <ul className="item-list" aria-label="Support queue">
              {queue.data.map((item) => (
                <li key={item.id} className="item">
                  <div>
                    <p className="item-title">
                      <Link to={`/support/${item.id}`}>{item.scholar_name}</Link>
                      {" — "}
                      {ALERT_REASONS[item.reason]}
                    </p>
                    <p className="muted">
                      {itemSummary(item)} · raised {formatDateTime(item.raised_at)}
                    </p>
                  </div>
                  <span className="badge">{SUPPORT_STATUSES[item.status]}</span>
                </li>
              ))}
            </ul>
          ))}
      </Card>
    </>
  );
}
