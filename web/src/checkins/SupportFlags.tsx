// For a mentor's home page: the scholars of their stream who let them see a plain "could use
// support" flag and whose latest check-in raises it. Never the answers; scholars who did not
// allow the flag are not listed at all.
import { EmptyState, ErrorAlert, Loading } from "../components/ui";
import { formatDate } from "../format";
import { useSupportFlags } from "./api";

export function SupportFlags({ streamId }: { streamId: string }) {
  const flags = useSupportFlags(streamId);
  if (flags.isPending) return <Loading label="Loading support flags…" />;
  if (flags.error) return <ErrorAlert error={flags.error} />;
  return (
    <>
      <h3>Could use support</h3>
      {flags.data.length === 0 ? (
        <EmptyState title="No scholar of your stream has a support flag raised." />
      ) : (
        <ul className="people" aria-label="Scholars who could use support">
          {flags.data.map((f) => (
            <li key={f.scholar_id}>
              <span className="person-name">{f.display_name}</span>{" "}
              <span className="muted">could use support (check-in of {formatDate(f.checkin_period)})</span>
            </li>
          ))}
        </ul>
      )}
      <p className="hint">
        Shown only for scholars who allowed it, from their latest check-in. You never see their answers; a conversation
        is the way to learn more.
      </p>
    </>
  );
}
