// The rating form, the same for every rater (self, mentor, peer, support): one block per quality
// with its level descriptions, a 1–5 choice or "cannot judge", and optional evidence. Answers are
// saved as a draft while the rater works (debounced), submitted with one button, editable until
// the round closes and read-only after.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { api, ApiError, unwrap } from "../api/client";
import {
  assessmentKeys,
  kindLabel,
  useFrameworkVersion,
  useRound,
  type Assessment,
  type Quality,
  type Rating,
} from "../api/assessments";
import { useMembers } from "../api/queries";
import { ratingField } from "./logic";
import { useAccount } from "../auth/session";
import { ErrorAlert, Loading, PageHeader } from "../components/ui";
import { formatDateTime, formatTime } from "../format";

type Score = number | null; // null: cannot judge
interface Answer {
  score?: Score | undefined; // undefined: not answered yet
  evidence: string;
}
type Answers = Record<string, Answer>;
type SaveState = "idle" | "unsaved" | "saving" | "saved" | "failed";

const AUTOSAVE_MS = 800;
const GENERIC_LEVELS: Record<number, string> = { 1: "Rarely shows it", 3: "Usually shows it", 5: "A model for others" };

function answersFrom(a: Assessment): Answers {
  const out: Answers = {};
  for (const r of a.ratings) out[r.quality] = { score: r.score ?? null, evidence: r.evidence ?? "" };
  return out;
}

function ratingsOf(qualities: readonly Quality[], answers: Answers): Rating[] {
  const out: Rating[] = [];
  for (const q of qualities) {
    const a = answers[q.key];
    if (!a || a.score === undefined) continue;
    const r: Rating = { quality: q.key, score: a.score };
    if (a.evidence.trim()) r.evidence = a.evidence;
    out.push(r);
  }
  return out;
}

function QualityBlock(props: {
  quality: Quality;
  self: boolean;
  answer: Answer;
  readOnly: boolean;
  error: string | undefined;
  onChange: (a: Answer) => void;
}) {
  const { quality: q, answer, readOnly, error } = props;
  const id = useId();
  const levels = q.levels as Record<string, string | undefined>;
  const choices: { value: Score; label: string; description?: string | undefined }[] = [1, 2, 3, 4, 5].map((n) => ({
    value: n,
    label: GENERIC_LEVELS[n] ? `${n} — ${GENERIC_LEVELS[n]}` : String(n),
    description: levels[String(n)],
  }));
  choices.push({
    value: null,
    label: "Cannot judge",
    description: props.self ? "You cannot say yet." : "You have not seen enough to rate this quality.",
  });
  return (
    <section
      id={qualityAnchor(q.key)}
      className={`card quality-block${error ? " field-invalid" : ""}`}
      aria-labelledby={`${id}-name`}
    >
      <fieldset
        className="rating-group"
        aria-describedby={`${id}-summary${error ? ` ${id}-error` : ""}`}
        disabled={readOnly}
      >
        <legend id={`${id}-name`}>{q.name}</legend>
        <p className="muted" id={`${id}-summary`}>
          {q.summary}
        </p>
        {error && (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        )}
        <div className="rating-options">
          {choices.map((c) => {
            const key = c.value === null ? "na" : String(c.value);
            const checked = answer.score === c.value;
            return (
              <label
                key={key}
                className={`rating-option${checked ? " checked" : ""}${c.value === null ? " cannot-judge" : ""}`}
              >
                <input
                  type="radio"
                  name={`${id}-score`}
                  value={key}
                  checked={checked}
                  aria-labelledby={`${id}-${key}-label`}
                  aria-describedby={c.description ? `${id}-${key}-text` : undefined}
                  onChange={() => props.onChange({ ...answer, score: c.value })}
                />
                <span className="rating-label" id={`${id}-${key}-label`}>
                  {c.label}
                </span>
                {c.description && (
                  <span className="rating-text" id={`${id}-${key}-text`}>
                    {c.description}
                  </span>
                )}
              </label>
            );
          })}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-evidence`}>Evidence for {q.name} (optional)</label>
        <p className="hint" id={`${id}-evidence-hint`}>
          {props.self ? "What you did or noticed, in a sentence or two." : "What you saw, in a sentence or two."}
          {answer.score === undefined && !readOnly ? " Saved once you choose a level or “Cannot judge”." : ""}
        </p>
        <textarea
          id={`${id}-evidence`}
          aria-describedby={`${id}-evidence-hint`}
          rows={2}
          maxLength={4000}
          readOnly={readOnly}
          value={answer.evidence}
          onChange={(e) => props.onChange({ ...answer, evidence: e.target.value })}
        />
      </div>
    </section>
  );
}

/** The id of a quality's block, to bring the first unanswered one into view. */
function qualityAnchor(key: string): string {
  return `quality-${key}`;
}

function SaveStatus({ state, at }: { state: SaveState; at: string | undefined }) {
  const text =
    state === "saving"
      ? "Saving…"
      : state === "unsaved"
        ? "Unsaved changes"
        : state === "saved"
          ? `Saved${at ? ` at ${at}` : ""}`
          : state === "failed"
            ? "Not saved"
            : "";
  return (
    <p className={`save-status save-${state}`} role="status" aria-live="polite">
      {text}
    </p>
  );
}

function Form({ assessment, qualities, subject }: { assessment: Assessment; qualities: Quality[]; subject: string }) {
  const self = assessment.rater_kind === "self";
  const client = useQueryClient();
  const [answers, setAnswers] = useState<Answers>(() => answersFrom(assessment));
  const [status, setStatus] = useState(assessment.status);
  const [saveState, setSaveState] = useState<SaveState>("idle");
  const [savedAt, setSavedAt] = useState<string>();
  const [notice, setNotice] = useState<{ kind: "error" | "success"; text: string }>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const version = useRef(assessment.version);
  const latest = useRef(answers);
  const timer = useRef<number | undefined>(undefined);
  const inFlight = useRef<Promise<void> | undefined>(undefined);
  const again = useRef(false);
  const readOnly = assessment.round_state !== "open";
  const active = qualities.filter((q) => !q.retired);

  // A reload that brings a version saved elsewhere (after a conflict) replaces the answers; the
  // answer to this form's own save has the version it already holds and changes nothing.
  useEffect(() => {
    if (assessment.version === version.current) return;
    version.current = assessment.version;
    setStatus(assessment.status);
    const fresh = answersFrom(assessment);
    latest.current = fresh;
    setAnswers(fresh);
  }, [assessment]);

  const reload = useCallback(
    () => client.invalidateQueries({ queryKey: assessmentKeys.assessment(assessment.id) }),
    [client, assessment.id],
  );

  const save = useCallback(
    async (wanted: "draft" | "submitted"): Promise<boolean> => {
      const sent = ratingsOf(active, latest.current);
      setSaveState("saving");
      try {
        const saved = await unwrap(
          api.PUT("/api/v1/assessments/{id}", {
            params: { path: { id: assessment.id } },
            body: { version: version.current, status: wanted, ratings: sent },
          }),
        );
        version.current = saved.version;
        setStatus(saved.status);
        setSaveState("saved");
        setSavedAt(formatTime(new Date().toISOString()));
        client.setQueryData(assessmentKeys.assessment(assessment.id), saved);
        void client.invalidateQueries({ queryKey: assessmentKeys.due });
        return true;
      } catch (e) {
        setSaveState("failed");
        if (e instanceof ApiError && e.status === 409) {
          const stale = e.field === "version";
          setNotice({
            kind: "error",
            text: stale
              ? "These answers were changed somewhere else (another tab or device) since you opened them. The latest saved answers are now shown; please check them and go on."
              : e.message,
          });
          await reload();
          return false;
        }
        const f = e instanceof ApiError ? ratingField(e.field) : undefined;
        const key = f ? sent[f.index]?.quality : undefined;
        if (key) setErrors((prev) => ({ ...prev, [key]: e instanceof Error ? e.message : "Not saved." }));
        else setNotice({ kind: "error", text: e instanceof Error ? e.message : "Not saved." });
        return false;
      }
    },
    [active, assessment.id, client, reload],
  );

  // One save at a time; a change made during a save is saved right after it.
  const saveSoon = useCallback(() => {
    if (timer.current !== undefined) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      if (inFlight.current) {
        again.current = true;
        return;
      }
      const run = async () => {
        do {
          again.current = false;
          // Editing a submitted assessment keeps it submitted: the answers are updated in place.
          await save(status === "submitted" ? "submitted" : "draft");
        } while (again.current);
        inFlight.current = undefined;
      };
      inFlight.current = run();
    }, AUTOSAVE_MS);
  }, [save, status]);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const change = (key: string, a: Answer) => {
    const next = { ...latest.current, [key]: a };
    latest.current = next;
    setAnswers(next);
    setErrors((prev) => {
      const { [key]: _, ...rest } = prev;
      return rest;
    });
    setNotice(undefined);
    setSaveState("unsaved");
    if (a.score !== undefined) saveSoon();
  };

  const submit = async () => {
    const missing = active.filter((q) => latest.current[q.key]?.score === undefined);
    if (missing.length > 0) {
      setErrors(Object.fromEntries(missing.map((q) => [q.key, "Choose a level, or “Cannot judge”."])));
      setNotice({
        kind: "error",
        text: `Rate every quality before submitting (or choose “Cannot judge”). Missing: ${missing.map((q) => q.name).join(", ")}.`,
      });
      // Take the person to the first gap: the submit button is far below the first quality.
      const first = document.getElementById(qualityAnchor(missing[0]!.key));
      first?.scrollIntoView({ block: "start" });
      first?.querySelector<HTMLInputElement>("input[type=radio]")?.focus({ preventScroll: true });
      return;
    }
    if (timer.current !== undefined) {
      window.clearTimeout(timer.current);
      timer.current = undefined;
    }
    if (inFlight.current) await inFlight.current;
    if (await save("submitted")) {
      setNotice({
        kind: "success",
        text: `Submitted. You can change your answers until the round closes (${formatDateTime(assessment.closes_at)}).`,
      });
    }
  };

  return (
    <>
      <div className="form-status-bar">
        <p>
          <span className="badge">
            {status === "submitted" ? "Submitted" : status === "draft" ? "Draft" : "Not started"}
          </span>{" "}
          {readOnly ? (
            <span>This round is closed: the answers are read-only.</span>
          ) : (
            <span className="muted">Open until {formatDateTime(assessment.closes_at)}</span>
          )}
        </p>
        {!readOnly && <SaveStatus state={saveState} at={savedAt} />}
      </div>
      {notice && (
        <div
          className={`alert ${notice.kind === "error" ? "alert-error" : "alert-success"}`}
          role={notice.kind === "error" ? "alert" : "status"}
        >
          <p>{notice.text}</p>
        </div>
      )}
      <p className="muted">
        {self
          ? "For each quality, choose the description that fits you best over the last weeks, from 1 (rarely shows it) to 5 (a model for others). Answers save as you go."
          : `Rate ${subject} on each quality from 1 (rarely shows it) to 5 (a model for others). Answers save as you go.`}
      </p>
      {active.map((q) => (
        <QualityBlock
          key={q.key}
          quality={q}
          self={self}
          answer={answers[q.key] ?? { evidence: "" }}
          readOnly={readOnly}
          error={errors[q.key]}
          onChange={(a) => change(q.key, a)}
        />
      ))}
      {!readOnly && (
        <div className="form-actions">
          <button
            type="button"
            className="button primary"
            onClick={() => void submit()}
            disabled={saveState === "saving"}
          >
            {status === "submitted" ? "Submit changes" : "Submit"}
          </button>
          <Link to="/assessments" className="button subtle">
            Back to assessments
          </Link>
          {/* Said beside the button too: the notice at the top is out of sight after a long form. */}
          {notice?.kind === "success" && (
            <span className="submit-note" aria-hidden="true">
              Submitted ✓
            </span>
          )}
        </div>
      )}
    </>
  );
}

export default function AssessmentForm() {
  const { assessmentId = "" } = useParams();
  const account = useAccount();
  const assessment = useQuery({
    queryKey: assessmentKeys.assessment(assessmentId),
    queryFn: () => unwrap(api.GET("/api/v1/assessments/{id}", { params: { path: { id: assessmentId } } })),
    refetchOnWindowFocus: false,
  });
  const round = useRound(assessment.data?.round_id);
  const framework = useFrameworkVersion(round.data?.framework_version_id);
  const isSelf = assessment.data?.rater_kind === "self";
  const members = useMembers(isSelf ? undefined : round.data?.cohort_id, { role: "scholar" });

  if (assessment.error || round.error || framework.error)
    return (
      <>
        <PageHeader title="Assessment" />
        <ErrorAlert error={assessment.error ?? round.error ?? framework.error} />
      </>
    );
  if (!assessment.data || !round.data || !framework.data) return <Loading label="Loading the assessment…" />;
  const a = assessment.data;
  const subjectName = isSelf
    ? account.display_name
    : (members.data?.find((m) => m.user_id === a.subject_id)?.display_name ?? "this scholar");
  const title = isSelf ? `Your self-assessment` : `Rate ${subjectName}`;
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/assessments">Assessments</Link> / {round.data.name}
      </p>
      <PageHeader
        title={title}
        intro={`${round.data.name} · ${kindLabel(a.rater_kind)} rating · framework version ${framework.data.version}`}
      />
      <Form assessment={a} qualities={framework.data.qualities} subject={isSelf ? "yourself" : subjectName} />
    </>
  );
}
