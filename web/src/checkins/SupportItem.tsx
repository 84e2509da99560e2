// One item of the support queue: why it is there, who claimed it, the coaching notes (the
// support team's only) and, when the scholar shares answers, their latest check-ins (each one
// shown is logged in the scholar's "What was shared"). Claim, resolve, release and reopen follow
// the server's rules: someone else's claim is theirs to resolve or release.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../api/client";
import { useAccount } from "../auth/session";
import { FormError, SubmitButton } from "../components/form";
import { useFormMutation } from "../components/useFormMutation";
import { Card, EmptyState, ErrorAlert, Loading, PageHeader } from "../components/ui";
import { formatDate, formatDateTime } from "../format";
import {
  ALERT_REASONS,
  checkinKeys,
  SCALE_NAMES,
  SCALES,
  scaleLabel,
  SUPPORT_STATUSES,
  useSupportItem,
  type SupportQueueItemDetail,
  type SupportStatus,
} from "./api";
import { periodName } from "./periods";
import { itemSummary } from "./SupportQueue";
import "./checkins.css";

const MAX_NOTE = 4000;

function Actions({ item }: { item: SupportQueueItemDetail }) {
  const account = useAccount();
  const client = useQueryClient();
  const [done, setDone] = useState<string | undefined>();
  const change = useMutation({
    mutationFn: (status: SupportStatus) =>
      unwrap(api.PATCH("/api/v1/support-queue/{id}", { params: { path: { id: item.id } }, body: { status } })),
    onSuccess: async (updated) => {
      setDone(`Now ${SUPPORT_STATUSES[updated.status].toLowerCase()}.`);
      await client.invalidateQueries({ queryKey: checkinKeys.all });
    },
  });
  const mine = item.claimed_by === account.id;
  const button = (status: SupportStatus, label: string, primary = false) => (
    <button
      type="button"
      className={`button${primary ? " primary" : ""}`}
      disabled={change.isPending}
      onClick={() => {
        setDone(undefined);
        change.mutate(status);
      }}
    >
      {label}
    </button>
  );
  return (
    <>
      <ErrorAlert error={change.error} />
      {done && (
        <p className="summary" role="status">
          {done}
        </p>
      )}
      <div className="item-actions">
        {item.status === "open" && button("claimed", "Claim", true)}
        {item.status === "open" && button("resolved", "Resolve")}
        {item.status === "claimed" && mine && button("resolved", "Resolve", true)}
        {item.status === "claimed" && mine && button("open", "Release my claim")}
        {item.status === "claimed" && !mine && (
          <p className="muted">Claimed by {item.claimed_by_name ?? "someone else"}: they resolve or release it.</p>
        )}
        {item.status === "resolved" && button("open", "Reopen")}
      </div>
    </>
  );
}

function NoteForm({ itemId }: { itemId: string }) {
  const id = useId();
  const form = useForm<{ text: string }>({ defaultValues: { text: "" } });
  const { errors } = form.formState;
  const add = useFormMutation(form, {
    mutationFn: (v: { text: string }) =>
      unwrap(
        api.POST("/api/v1/support-queue/{id}/notes", { params: { path: { id: itemId } }, body: { text: v.text } }),
      ),
    fields: ["text"],
    resetOnSuccess: true,
    invalidate: [checkinKeys.all],
  });
  return (
    <form className="form" noValidate onSubmit={add.submit} aria-label="Add a coaching note">
      <FormError message={errors.root?.server?.message} />
      <div className={`field${errors.text ? " field-invalid" : ""}`}>
        <label htmlFor={`${id}-text`}>Coaching note</label>
        <p className="hint" id={`${id}-hint`}>
          Seen by the support team only (at most {MAX_NOTE} characters).
        </p>
        <textarea
          id={`${id}-text`}
          rows={3}
          aria-describedby={`${id}-hint${errors.text ? ` ${id}-error` : ""}`}
          aria-invalid={errors.text ? true : undefined}
          {...form.register("text", {
            validate: (t) => t.trim().length > 0 || "Write something first.",
            maxLength: { value: MAX_NOTE, message: `Use at most ${MAX_NOTE} characters.` },
          })}
        />
        {errors.text && (
          <p className="field-error" id={`${id}-error`}>
            {errors.text.message}
          </p>
        )}
      </div>
      <div className="form-actions">
        <SubmitButton busy={add.isPending}>Add note</SubmitButton>
      </div>
    </form>
  );
}

export default function SupportItem() {
  const { itemId } = useParams();
  const item = useSupportItem(itemId);
  if (item.isPending) return <Loading label="Loading the item…" />;
  if (item.error)
    return (
      <>
        <PageHeader title="Support queue item" />
        <ErrorAlert error={item.error} />
      </>
    );
  const it = item.data;
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/support">Support queue</Link>
      </p>
      <PageHeader title={`${it.scholar_name}: ${ALERT_REASONS[it.reason]}`} intro={itemSummary(it)} />
      <Card title="Where it stands">
        <p>
          Raised {formatDateTime(it.raised_at)}.
          {it.claimed_at
            ? ` Claimed ${formatDateTime(it.claimed_at)} by ${it.claimed_by_name ?? "someone who left"}.`
            : ""}
          {it.resolved_at
            ? ` Resolved ${formatDateTime(it.resolved_at)} by ${it.resolved_by_name ?? "someone who left"}.`
            : ""}
        </p>
        {it.message && <p className="answer-text">In their words: {it.message}</p>}
        <Actions item={it} />
      </Card>
      <Card title="Coaching notes">
        {it.coaching_notes.length === 0 ? (
          <EmptyState title="No notes yet." />
        ) : (
          <ul className="note-list" aria-label="Coaching notes">
            {it.coaching_notes.map((n) => (
              <li key={n.id}>
                <p className="muted">
                  {n.author_name ?? "Someone who left"} · {formatDateTime(n.created_at)}
                </p>
                <p>{n.text}</p>
              </li>
            ))}
          </ul>
        )}
        <NoteForm itemId={it.id} />
      </Card>
      <Card title="Their check-ins">
        {it.answers_shared ? (
          it.recent_checkins && it.recent_checkins.length > 0 ? (
            <ul className="item-list" aria-label="Latest check-ins">
              {it.recent_checkins.map((c) => (
                <li key={c.id} className="item">
                  <div>
                    <p className="item-title">{periodName(c.period)}</p>
                    <p className="muted">
                      {SCALES.map((s) => `${SCALE_NAMES[s]} ${scaleLabel(s, c[s])}`).join(" · ")}
                      {c.stuck ? ` · stuck${c.stuck_since ? ` since ${formatDate(c.stuck_since)}` : ""}` : ""}
                    </p>
                    {c.stuck && c.stuck_on && <p className="answer-text">Stuck on: {c.stuck_on}</p>}
                    {c.blockers && <p className="answer-text">Blockers: {c.blockers}</p>}
                    {c.support_note && <p className="answer-text">For the support team: {c.support_note}</p>}
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState title="No check-ins yet." />
          )
        ) : (
          <p className="muted">
            {it.scholar_name} does not share their answers with the support team, only
            {it.reason === "conversation_request" ? " this request" : " that a rule fired"}.
          </p>
        )}
      </Card>
    </>
  );
}
