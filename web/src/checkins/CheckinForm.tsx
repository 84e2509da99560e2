// The weekly check-in: mood, energy and progress on 1–5 scales with words, "are you stuck?"
// (since when, on what), wins, blockers and a note meant only for the support team. The same
// form checks in for a period (/check-in?cohort=…&period=…; the current period when none is
// named, a missed one to fill in late) and changes a check-in while its editing window is open
// (/checkins/:checkinId). After a check-in is saved the scholar lands on their own page.
import { zodResolver } from "@hookform/resolvers/zod";
import { useId } from "react";
import { useForm, useWatch, type UseFormRegisterReturn } from "react-hook-form";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { api, unwrap } from "../api/client";
import { FormError, SubmitButton, TextField } from "../components/form";
import { useFormMutation } from "../components/useFormMutation";
import { EmptyState, ErrorAlert, Loading, PageHeader } from "../components/ui";
import { formatDate } from "../format";
import { z } from "../validation";
import {
  checkinKeys,
  SCALE_QUESTIONS,
  SCALE_WORDS,
  SCALES,
  scaleLabel,
  useCheckin,
  useDueCheckins,
  type Checkin,
  type CheckinPeriod,
  type Scale,
} from "./api";
import { periodName } from "./periods";
import "./checkins.css";

const MAX_TEXT = 2000;
const text = z.string().refine((s) => [...s].length <= MAX_TEXT, `At most ${MAX_TEXT.toLocaleString()} characters.`);
const scale = (what: string) => z.string().regex(/^[1-5]$/, `Choose how your ${what} has been.`);

const schema = z
  .object({
    mood: scale("mood"),
    energy: scale("energy"),
    progress: scale("progress"),
    stuck: z.boolean(),
    stuck_since: z.string(),
    stuck_on: text,
    wins: text,
    blockers: text,
    support_note: text,
  })
  .refine((v) => !v.stuck || v.stuck_since === "" || v.stuck_since <= new Date().toISOString().slice(0, 10), {
    path: ["stuck_since"],
    message: "This date is in the future.",
  });
type Values = z.infer<typeof schema>;
const FIELDS = ["mood", "energy", "progress", "stuck_since", "stuck_on", "wins", "blockers", "support_note"] as const;

function valuesOf(c: Checkin | undefined): Values {
  return {
    mood: c ? String(c.mood) : "",
    energy: c ? String(c.energy) : "",
    progress: c ? String(c.progress) : "",
    stuck: c?.stuck ?? false,
    stuck_since: c?.stuck_since ?? "",
    stuck_on: c?.stuck_on ?? "",
    wins: c?.wins ?? "",
    blockers: c?.blockers ?? "",
    support_note: c?.support_note ?? "",
  };
}

function ScaleField({
  scale: s,
  registration,
  error,
}: {
  scale: Scale;
  registration: UseFormRegisterReturn;
  error?: string;
}) {
  const id = useId();
  return (
    <fieldset className="scale-group" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{SCALE_QUESTIONS[s]}</legend>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <div className="scale-options">
        {SCALE_WORDS[s].map((_, i) => (
          <label key={i} className="scale-option">
            <input type="radio" value={String(i + 1)} aria-invalid={error ? true : undefined} {...registration} />
            <span>{scaleLabel(s, i + 1)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function TextArea(props: {
  label: string;
  hint: string;
  registration: UseFormRegisterReturn;
  error?: string | undefined;
}) {
  const id = useId();
  const describedBy = [`${id}-hint`, props.error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div className={`field${props.error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{props.label}</label>
      <p className="hint" id={`${id}-hint`}>
        {props.hint}
      </p>
      <textarea
        id={id}
        rows={3}
        aria-describedby={describedBy}
        aria-invalid={props.error ? true : undefined}
        {...props.registration}
      />
      {props.error && (
        <p className="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

function Form(props: { cohortId: string; period: CheckinPeriod; checkin?: Checkin }) {
  const navigate = useNavigate();
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: valuesOf(props.checkin) });
  const { errors } = form.formState;
  const stuck = useWatch({ control: form.control, name: "stuck" });
  const save = useFormMutation(form, {
    mutationFn: (v: Values) => {
      const answers = {
        mood: Number(v.mood),
        energy: Number(v.energy),
        progress: Number(v.progress),
        stuck: v.stuck,
        stuck_on: v.stuck ? v.stuck_on : "",
        wins: v.wins,
        blockers: v.blockers,
        support_note: v.support_note,
      };
      const since = v.stuck && v.stuck_since ? v.stuck_since : undefined;
      if (props.checkin)
        return unwrap(
          api.PATCH("/api/v1/checkins/{id}", {
            params: { path: { id: props.checkin.id } },
            body: { ...answers, stuck_since: since ?? null },
          }),
        );
      return unwrap(
        api.POST("/api/v1/me/checkins", {
          body: {
            ...answers,
            cohort_id: props.cohortId,
            period_start: props.period.starts_on,
            ...(since ? { stuck_since: since } : {}),
          },
        }),
      );
    },
    fields: FIELDS,
    invalidate: [checkinKeys.all],
    onSuccess: () => navigate(`/checkins?cohort=${props.cohortId}&saved=1`),
  });
  const hint = `Optional. At most ${MAX_TEXT.toLocaleString()} characters.`;
  return (
    <form className="card form" noValidate onSubmit={save.submit} aria-label="Check-in">
      <FormError message={errors.root?.server?.message} />
      {SCALES.map((s) => (
        <ScaleField key={s} scale={s} registration={form.register(s)} error={errors[s]?.message} />
      ))}
      <div className="check-field">
        <input type="checkbox" id="checkin-stuck" {...form.register("stuck")} />
        <label htmlFor="checkin-stuck">I am stuck</label>
      </div>
      {stuck && (
        <div className="stuck-box">
          <TextField
            label="Stuck since"
            type="date"
            hint="The day you first got stuck (optional)."
            error={errors.stuck_since?.message}
            registration={form.register("stuck_since")}
          />
          <TextArea
            label="What are you stuck on?"
            hint={hint}
            error={errors.stuck_on?.message}
            registration={form.register("stuck_on")}
          />
        </div>
      )}
      <TextArea label="Wins" hint={hint} error={errors.wins?.message} registration={form.register("wins")} />
      <TextArea
        label="Blockers"
        hint={hint}
        error={errors.blockers?.message}
        registration={form.register("blockers")}
      />
      <TextArea
        label="A note for the support team"
        hint={`Optional, and only for the support team: they read it only if you share your answers with them (see your check-in privacy). At most ${MAX_TEXT.toLocaleString()} characters.`}
        error={errors.support_note?.message}
        registration={form.register("support_note")}
      />
      <div className="form-actions">
        <SubmitButton busy={save.isPending}>{props.checkin ? "Save changes" : "Check in"}</SubmitButton>
        <Link to={`/checkins?cohort=${props.cohortId}`}>Cancel</Link>
      </div>
    </form>
  );
}

/** /check-in?cohort=…&period=…: a new check-in for a period that is due or missed. */
function NewCheckin() {
  const [params] = useSearchParams();
  const due = useDueCheckins();
  if (due.isPending) return <Loading label="Loading what is due…" />;
  if (due.error) return <ErrorAlert error={due.error} />;
  const wanted = params.get("cohort");
  const entry = due.data.find((d) => d.cohort_id === wanted) ?? due.data[0];
  if (!entry) return <EmptyState title="No cohort expects a check-in from you right now." />;
  const periods = [...(entry.current ? [entry.current.period] : []), ...entry.missed];
  const period = periods.find((p) => p.starts_on === params.get("period")) ?? entry.current?.period;
  if (!period || (entry.current?.period === period && entry.current.state === "submitted"))
    return (
      <EmptyState title="You have checked in for this period.">
        <p>
          <Link to={`/checkins?cohort=${entry.cohort_id}`}>See your check-ins</Link>; you may change it until the next
          one is due.
        </p>
      </EmptyState>
    );
  const late = period.starts_on !== entry.current?.period.starts_on;
  return (
    <>
      <p className="summary">
        {entry.cohort_name} · {periodName(period)}
        {late ? " (late: it will be dated to its own period)" : ` · due ${formatDate(period.due_on)}`}
      </p>
      <Form cohortId={entry.cohort_id} period={period} />
    </>
  );
}

/** /checkins/:checkinId: change a check-in while its window is open. */
function EditCheckin({ id }: { id: string }) {
  const checkin = useCheckin(id);
  if (checkin.isPending) return <Loading label="Loading your check-in…" />;
  if (checkin.error) return <ErrorAlert error={checkin.error} />;
  const c = checkin.data;
  if (!c.editable)
    return (
      <EmptyState title="This check-in can no longer be changed.">
        <p>
          A check-in may be changed until the next one is due.{" "}
          <Link to={`/checkins?cohort=${c.cohort_id}`}>Back to your check-ins</Link>
        </p>
      </EmptyState>
    );
  return (
    <>
      <p className="summary">
        {periodName(c.period)} · you may change it until {formatDate(c.editable_until!)}
      </p>
      <Form cohortId={c.cohort_id} period={c.period} checkin={c} />
    </>
  );
}

export default function CheckinForm() {
  const { checkinId } = useParams();
  return (
    <div className="narrow">
      <PageHeader
        title={checkinId ? "Change your check-in" : "Check in"}
        intro="Two minutes for the week behind you. Your answers are yours: nobody else sees them unless you choose to share."
      />
      {checkinId ? <EditCheckin id={checkinId} /> : <NewCheckin />}
    </div>
  );
}
