import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Session } from "../api/client";
import { keys } from "../api/queries";
import { EmptyState, ErrorAlert, Loading, PageHeader } from "../components/ui";
import { formatDateTime, formatRelative } from "../format";

function describeClient(s: Session): string {
  const agent = s.user_agent ?? "Unknown browser";
  const browser = /Firefox\//.test(agent)
    ? "Firefox"
    : /Edg\//.test(agent)
      ? "Edge"
      : /Chrome\//.test(agent)
        ? "Chrome or Chromium"
        : /Safari\//.test(agent)
          ? "Safari"
          : /curl\//.test(agent)
            ? "curl"
            : agent.slice(0, 60);
  return s.client_address ? `${browser}, from ${s.client_address}` : browser;
}

export default function Sessions() {
  const client = useQueryClient();
  const sessions = useQuery({
    queryKey: keys.sessions,
    queryFn: async () => (await unwrap(api.GET("/api/v1/sessions"))).items,
  });
  const end = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/sessions/{id}", { params: { path: { id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: keys.sessions }),
  });

  let body;
  if (sessions.isPending) body = <Loading label="Loading your sessions…" />;
  else if (sessions.error) body = <ErrorAlert error={sessions.error} />;
  else if (sessions.data.length === 0)
    body = <EmptyState title="No sessions.">Each browser you sign in with appears here.</EmptyState>;
  else {
    const sorted = [...sessions.data].sort((a, b) => Number(b.current) - Number(a.current));
    body = (
      <ul className="item-list">
        {sorted.map((s) => (
          <li key={s.id} className="item">
            <div>
              <p className="item-title">
                {describeClient(s)} {s.current && <span className="badge">This browser</span>}
              </p>
              <p className="muted">
                Signed in {formatDateTime(s.created_at)} · last active {formatRelative(s.last_seen_at)} · ends{" "}
                {formatDateTime(s.expires_at)}
              </p>
            </div>
            {!s.current && (
              <button
                type="button"
                className="button danger"
                disabled={end.isPending && end.variables === s.id}
                onClick={() => end.mutate(s.id)}
                aria-label={`End the session of ${describeClient(s)} signed in ${formatDateTime(s.created_at)}`}
              >
                End session
              </button>
            )}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <>
      <PageHeader
        title="Sessions"
        intro="Browsers signed in to your account. End any you do not recognise, then change your password."
      />
      <ErrorAlert error={end.error} />
      {body}
    </>
  );
}
