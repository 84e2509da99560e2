// "What is due": open studies this person is in the audience of and has not answered yet, for
// the home page.
import { useQueries } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, unwrap, type Account } from "../api/client";
import { usePrograms } from "../api/queries";
import { ErrorAlert, Loading } from "../components/ui";
import { formatDateTime } from "../format";
import { fetchStudies, studyKeys } from "./api";

export function DueStudies({ account }: { account: Account }) {
  const programs = usePrograms();
  const memberOf = (programs.data ?? []).filter((p) => account.roles.some((g) => g.program_id === p.id));
  const lists = useQueries({
    queries: memberOf.map((p) => ({ queryKey: [...studyKeys.due, p.id], queryFn: () => fetchStudies(p.id) })),
  });
  const candidates = lists
    .flatMap((q) => q.data ?? [])
    .filter(
      (s) =>
        s.status === "open" && account.roles.some((g) => g.cohort_id === s.cohort_id && s.audience.includes(g.role)),
    );
  const views = useQueries({
    queries: candidates.map((s) => ({
      queryKey: [...studyKeys.due, "view", s.id],
      queryFn: () => unwrap(api.GET("/api/v1/studies/{id}", { params: { path: { id: s.id } } })),
    })),
  });
  const due = views.flatMap((q) => (q.data?.can_answer ? [q.data] : []));
  const pending = programs.isPending || lists.some((q) => q.isPending) || views.some((q) => q.isPending);
  const error = programs.error ?? lists.find((q) => q.error)?.error ?? views.find((q) => q.error)?.error;
  if (pending) return <Loading label="Looking for studies to answer…" />;
  if (error) return <ErrorAlert error={error} />;
  if (due.length === 0) return null;
  return (
    <section className="card due" aria-label="Studies to answer">
      <h2>Studies to answer</h2>
      <ul className="item-list">
        {due.map((s) => (
          <li key={s.id} className="item">
            <Link className="item-title" to={`/studies/${s.id}/respond`}>
              {s.title}
            </Link>
            <p className="muted">
              {s.mode === "anonymous"
                ? "Anonymous: your answer cannot be linked to you."
                : "Named: your answer carries your name."}
              {s.closes_at && ` Open until ${formatDateTime(s.closes_at)}.`}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
