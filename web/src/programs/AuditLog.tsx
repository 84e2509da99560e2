import { useInfiniteQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../api/client";
import { keys, usePrograms } from "../api/queries";
import { managesProgram } from "../auth/access";
import { useAccount } from "../auth/session";
import { EmptyState, ErrorAlert, Loading, PageHeader } from "../components/ui";
import { formatDateTime } from "../format";

function Events({ programId, action }: { programId: string; action: string }) {
  const events = useInfiniteQuery({
    queryKey: [...keys.audit(programId), action],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/programs/{id}/audit-events", {
          params: { path: { id: programId }, query: { limit: 50, cursor: pageParam, action: action || undefined } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor,
  });
  if (events.isPending) return <Loading label="Loading the audit log…" />;
  if (events.error) return <ErrorAlert error={events.error} />;
  const items = events.data.pages.flatMap((p) => p.items);
  if (items.length === 0)
    return (
      <EmptyState title={action ? "No events match this filter." : "No events yet."}>
        <p>Every change in the program, and every sign-in, is recorded here.</p>
      </EmptyState>
    );
  return (
    <>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Audit events, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Record</th>
              <th scope="col">Actor</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td data-label="When">{formatDateTime(e.at)}</td>
                <td data-label="Action">
                  <code>{e.action}</code>
                </td>
                <td data-label="Record">
                  {e.resource_type}
                  {e.resource_name ? (
                    <span title={e.resource_id}>: {e.resource_name}</span>
                  ) : (
                    e.resource_id && <span className="muted"> {e.resource_id.slice(-8)}</span>
                  )}
                </td>
                <td data-label="Actor">
                  {e.actor_user_id ? (
                    <span title={e.actor_user_id}>{e.actor_name ?? `someone outside the program`}</span>
                  ) : (
                    "system"
                  )}
                  {e.client_address && <span className="muted"> from {e.client_address}</span>}
                </td>
                <td data-label="Detail">{e.detail ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {events.hasNextPage && (
        <p>
          <button
            type="button"
            className="button"
            disabled={events.isFetchingNextPage}
            onClick={() => void events.fetchNextPage()}
          >
            {events.isFetchingNextPage ? "Loading…" : "Show older events"}
          </button>
        </p>
      )}
    </>
  );
}

export default function AuditLog() {
  const account = useAccount();
  const programs = usePrograms();
  const [params, setParams] = useSearchParams();
  const programFieldId = useId();
  const actionFieldId = useId();
  const [actionDraft, setActionDraft] = useState(params.get("action") ?? "");
  const managed = (programs.data ?? []).filter((p) => managesProgram(account, p.id));
  const selected = managed.find((p) => p.id === params.get("program")) ?? managed[0];
  const action = params.get("action") ?? "";

  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  let body;
  if (programs.isPending) body = <Loading label="Loading programs…" />;
  else if (programs.error) body = <ErrorAlert error={programs.error} />;
  else if (!selected) body = <EmptyState title="No program to show.">You organize no program.</EmptyState>;
  else body = <Events key={selected.id} programId={selected.id} action={action} />;

  return (
    <>
      <PageHeader
        title="Audit log"
        intro="Who changed what, and every sign-in, newest first. Nothing here can be changed or deleted."
      />
      <form
        className="filters"
        role="search"
        aria-label="Filter events"
        onSubmit={(e) => {
          e.preventDefault();
          setParam("action", actionDraft.trim());
        }}
      >
        {managed.length > 1 && (
          <div className="field">
            <label htmlFor={programFieldId}>Program</label>
            <select
              id={programFieldId}
              value={selected?.id ?? ""}
              onChange={(e) => setParam("program", e.target.value)}
            >
              {managed.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={actionFieldId}>Action starts with</label>
          <input
            id={actionFieldId}
            value={actionDraft}
            placeholder="e.g. member. or session."
            onChange={(e) => setActionDraft(e.target.value)}
          />
        </div>
        <div className="field field-button">
          <button type="submit" className="button">
            Filter
          </button>
        </div>
      </form>
      {body}
    </>
  );
}
