// The scholar's check-in privacy in a program: what they share (nothing, alerts only, alerts and
// answers; separately, a "could use support" flag for their mentor), every change they made, and
// exactly what was shared, with whom and when. Only the scholar changes their consent.
import { useQueries } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { useSearchParams } from "react-router";
import { api, unwrap, type Program } from "../api/client";
import { keys } from "../api/queries";
import { useAccount } from "../auth/session";
import { DataTable } from "../components/DataTable";
import { FormError, SubmitButton } from "../components/form";
import { useFormMutation } from "../components/useFormMutation";
import { Card, EmptyState, ErrorAlert, Loading, PageHeader, SuccessAlert } from "../components/ui";
import { formatDateTime } from "../format";
import {
  checkinKeys,
  CONSENT_LEVELS,
  consentLabel,
  DISCLOSURE_WHAT,
  recipientLabel,
  useConsent,
  useConsentHistory,
  useDisclosures,
  type Consent,
  type ConsentLevel,
} from "./api";
import "./checkins.css";

interface Values {
  level: ConsentLevel;
  mentor_flag: boolean;
}

function ConsentForm(props: { programId: string; consent: Consent; onSaved: (saved: boolean) => void }) {
  const { programId, consent, onSaved } = props;
  const id = useId();
  const form = useForm<Values>({ defaultValues: { level: consent.level, mentor_flag: consent.mentor_flag } });
  const { errors } = form.formState;
  const save = useFormMutation(form, {
    mutationFn: (v: Values) =>
      unwrap(
        api.PUT("/api/v1/me/checkin-consent", {
          params: { query: { program_id: programId } },
          body: { level: v.level, mentor_flag: v.mentor_flag },
        }),
      ),
    fields: ["level", "mentor_flag"],
    invalidate: [checkinKeys.all],
    onSuccess: () => onSaved(true),
    onError: () => onSaved(false),
  });
  return (
    <form className="form" noValidate onSubmit={save.submit} aria-label="What you share">
      <FormError message={errors.root?.server?.message} />
      <fieldset className="scale-group">
        <legend>With the support team</legend>
        {CONSENT_LEVELS.map((l) => (
          <label key={l.value} className="consent-option">
            <input type="radio" value={l.value} aria-describedby={`${id}-${l.value}`} {...form.register("level")} />
            <span className="rating-label">{l.label}</span>
            <span className="rating-text" id={`${id}-${l.value}`}>
              {l.text}
            </span>
          </label>
        ))}
      </fieldset>
      <div className="check-field">
        <input
          type="checkbox"
          id={`${id}-flag`}
          aria-describedby={`${id}-flag-hint`}
          {...form.register("mentor_flag")}
        />
        <label htmlFor={`${id}-flag`}>Let my mentor see a plain “could use support” flag</label>
      </div>
      <p className="hint" id={`${id}-flag-hint`}>
        Raised when your latest check-in reports low mood or energy, or being stuck longer than the program's time box.
        Your mentor never sees your answers, whatever you choose here.
      </p>
      <div className="form-actions">
        <SubmitButton busy={save.isPending}>Save what I share</SubmitButton>
      </div>
    </form>
  );
}

function ProgramPrivacy({ program }: { program: Program }) {
  // Kept here: the form is made anew from each saved consent.
  const [saved, setSaved] = useState(false);
  const consent = useConsent(program.id);
  const history = useConsentHistory(program.id);
  const shared = useDisclosures(program.id);
  return (
    <>
      <Card title="What you share">
        {consent.isPending && <Loading />}
        <ErrorAlert error={consent.error} />
        {saved && (
          <SuccessAlert>Saved. It applies from now on; what was already shared stays in the log below.</SuccessAlert>
        )}
        {consent.data && (
          <>
            <p className="summary">
              Now: {consentLabel(consent.data.level)}
              {consent.data.mentor_flag ? "; your mentor may see the flag" : "; your mentor sees nothing"}.
              {consent.data.changed_at
                ? ` Chosen ${formatDateTime(consent.data.changed_at)}.`
                : " You have not chosen yet."}
            </p>
            <ConsentForm
              key={consent.data.changed_at ?? "default"}
              programId={program.id}
              consent={consent.data}
              onSaved={setSaved}
            />
          </>
        )}
      </Card>
      <Card title="Your choices so far">
        {history.isPending && <Loading />}
        <ErrorAlert error={history.error} />
        {history.data &&
          (history.data.length === 0 ? (
            <EmptyState title="You have not changed what you share: nothing is shared." />
          ) : (
            <DataTable
              caption="Every change of what you share, newest first"
              head={["When", "With the support team", "Mentor's flag"]}
              rowKeys={history.data.map((c) => c.id)}
              rows={history.data.map((c) => [
                formatDateTime(c.changed_at),
                consentLabel(c.level),
                c.mentor_flag ? "Allowed" : "Not allowed",
              ])}
            />
          ))}
      </Card>
      <Card title="What was shared, with whom, when">
        {shared.isPending && <Loading />}
        <ErrorAlert error={shared.error} />
        {shared.data &&
          (shared.data.length === 0 ? (
            <EmptyState title="Nothing of your check-ins has been shared with anyone." />
          ) : (
            <DataTable
              caption="What of your check-ins reached whom, newest first"
              head={["When", "Who", "What"]}
              rowKeys={shared.data.map((d) => d.id)}
              rows={shared.data.map((d) => [
                formatDateTime(d.disclosed_at),
                recipientLabel(d),
                DISCLOSURE_WHAT[d.what],
              ])}
            />
          ))}
      </Card>
    </>
  );
}

export default function Privacy() {
  const account = useAccount();
  const [params, setParams] = useSearchParams();
  const id = useId();
  const programIds = [...new Set(account.roles.filter((g) => g.role === "scholar").map((g) => g.program_id))];
  const programs = useQueries({
    queries: programIds.map((pid) => ({
      queryKey: keys.program(pid),
      queryFn: () => unwrap(api.GET("/api/v1/programs/{id}", { params: { path: { id: pid } } })),
    })),
  });
  const loaded = programs.flatMap((q) => (q.data ? [q.data] : []));
  const selected = loaded.find((p) => p.id === params.get("program")) ?? loaded[0];
  return (
    <div className="narrow">
      <PageHeader
        title="Check-in privacy"
        intro="Your check-ins belong to you. Choose what the support team and your mentor may learn; change it whenever you like."
      />
      <ErrorAlert error={programs.find((q) => q.error)?.error} />
      {programs.some((q) => q.isPending) && <Loading />}
      {loaded.length > 1 && (
        <div className="field field-inline">
          <label htmlFor={id}>Program</label>
          <select
            id={id}
            value={selected?.id ?? ""}
            onChange={(e) => setParams({ program: e.target.value }, { replace: true })}
          >
            {loaded.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {!programs.some((q) => q.isPending) && !selected && <EmptyState title="You are not a scholar in any program." />}
      {selected && <ProgramPrivacy key={selected.id} program={selected} />}
    </div>
  );
}
