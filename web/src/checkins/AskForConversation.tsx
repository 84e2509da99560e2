// "Ask the support team for a conversation", on the scholar's check-in pages and beside the
// stuck nudge: a short optional message, sent whatever the scholar shares (the request itself is
// shared with the support team and shows in "What was shared"). While a request is unresolved
// the scholar sees where it stands instead of the form.
import { useId } from "react";
import { useForm } from "react-hook-form";
import { api, unwrap } from "../api/client";
import { FormError, SubmitButton } from "../components/form";
import { useFormMutation } from "../components/useFormMutation";
import { ErrorAlert, Loading } from "../components/ui";
import { formatDateTime } from "../format";
import { checkinKeys, useMyConversationRequests } from "./api";

const MAX_MESSAGE = 2000;

interface Values {
  message: string;
}

export function AskForConversation({ cohortId, compact = false }: { cohortId: string; compact?: boolean }) {
  const id = useId();
  const requests = useMyConversationRequests(cohortId);
  const form = useForm<Values>({ defaultValues: { message: "" } });
  const { errors } = form.formState;
  const ask = useFormMutation(form, {
    mutationFn: (v: Values) =>
      unwrap(
        api.POST("/api/v1/me/conversation-requests", {
          body: { cohort_id: cohortId, ...(v.message.trim() ? { message: v.message.trim() } : {}) },
        }),
      ),
    fields: ["message"],
    resetOnSuccess: true,
    invalidate: [checkinKeys.all],
  });
  if (requests.isPending) return <Loading label="Loading your requests…" />;
  if (requests.error) return <ErrorAlert error={requests.error} />;
  const pending = requests.data.find((r) => r.status !== "resolved");
  if (pending) {
    return (
      <p className="summary" role="status">
        You asked the support team for a conversation on {formatDateTime(pending.raised_at)}.{" "}
        {pending.status === "claimed"
          ? "Someone from the team has taken it up and will be in touch."
          : "The team will be in touch soon."}
      </p>
    );
  }
  return (
    <form className="form" noValidate onSubmit={ask.submit} aria-label="Ask the support team for a conversation">
      <FormError message={errors.root?.server?.message} />
      {!compact && (
        <div className={`field${errors.message ? " field-invalid" : ""}`}>
          <label htmlFor={`${id}-message`}>What would you like to talk about? (optional)</label>
          <p className="hint" id={`${id}-hint`}>
            The support team sees this request whatever you share; your check-in answers stay as private as you chose.
          </p>
          <textarea
            id={`${id}-message`}
            rows={3}
            aria-describedby={`${id}-hint${errors.message ? ` ${id}-error` : ""}`}
            aria-invalid={errors.message ? true : undefined}
            {...form.register("message", {
              maxLength: { value: MAX_MESSAGE, message: `Use at most ${MAX_MESSAGE} characters.` },
            })}
          />
          {errors.message && (
            <p className="field-error" id={`${id}-error`}>
              {errors.message.message}
            </p>
          )}
        </div>
      )}
      <div className="form-actions">
        <SubmitButton busy={ask.isPending} busyLabel="Asking…">
          Ask the support team for a conversation
        </SubmitButton>
      </div>
    </form>
  );
}
