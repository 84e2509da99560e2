// Answering a study, for its audience: one form with every question. Anonymous studies say
// plainly, before anything is typed, that the answer cannot be linked to the person.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api, unwrap, type Question, type StudyView } from "../api/client";
import { Card, EmptyState, ErrorAlert, Loading, PageHeader } from "../components/ui";
import { formatDateTime } from "../format";
import { studyKeys, useStudy } from "../studies/api";
import { AnonymousExplainer } from "../studies/Anonymity";
import { useStudyId } from "../studies/StudyFrame";
import "../studies/studies.css";

type Value = { text?: string; choices?: string[]; rating?: number };

function QuestionInput(props: { q: Question; value: Value; onChange: (v: Value) => void; error?: string }) {
  const id = useId();
  const { q, value } = props;
  const label = (
    <>
      {q.position}. {q.prompt}
      {q.required && <span className="muted"> (required)</span>}
    </>
  );
  const errorId = props.error ? `${id}-err` : undefined;
  const error = props.error && (
    <p className="field-error" id={errorId}>
      {props.error}
    </p>
  );
  switch (q.kind) {
    case "open_text":
      return (
        <div className={`field${props.error ? " field-invalid" : ""}`}>
          <label htmlFor={id}>{label}</label>
          <textarea
            id={id}
            rows={5}
            value={value.text ?? ""}
            aria-invalid={props.error ? true : undefined}
            aria-describedby={errorId}
            onChange={(e) => props.onChange({ text: e.target.value })}
          />
          {error}
        </div>
      );
    case "rating":
      return (
        <fieldset className="rating" aria-describedby={errorId}>
          <legend>{label}</legend>
          <p className="hint">1 = not at all, 5 = very much.</p>
          <div className="check-row">
            {[1, 2, 3, 4, 5].map((n) => (
              <div className="field-check" key={n}>
                <input
                  type="radio"
                  id={`${id}-${n}`}
                  name={id}
                  checked={value.rating === n}
                  onChange={() => props.onChange({ rating: n })}
                />
                <label htmlFor={`${id}-${n}`}>{n}</label>
              </div>
            ))}
          </div>
          {error}
        </fieldset>
      );
    case "single_choice":
    case "multiple_choice": {
      const single = q.kind === "single_choice";
      const chosen = value.choices ?? [];
      return (
        <fieldset aria-describedby={errorId}>
          <legend>{label}</legend>
          {!single && <p className="hint">Choose all that apply.</p>}
          {(q.options ?? []).map((o, i) => (
            <div className="field-check" key={o}>
              <input
                type={single ? "radio" : "checkbox"}
                id={`${id}-${i}`}
                name={id}
                checked={chosen.includes(o)}
                onChange={(e) =>
                  props.onChange({
                    choices: single ? [o] : e.target.checked ? [...chosen, o] : chosen.filter((x) => x !== o),
                  })
                }
              />
              <label htmlFor={`${id}-${i}`}>{o}</label>
            </div>
          ))}
          {error}
        </fieldset>
      );
    }
    case "ranking": {
      const order = value.choices ?? q.options ?? [];
      const move = (i: number, d: number) => {
        const next = [...order];
        const [x] = next.splice(i, 1);
        next.splice(i + d, 0, x!);
        props.onChange({ choices: next });
      };
      return (
        <fieldset aria-describedby={errorId}>
          <legend>{label}</legend>
          <p className="hint">Put the most important first; use the buttons to move a choice.</p>
          <ol className="ranking">
            {order.map((o, i) => (
              <li key={o}>
                <span>{o}</span>
                <span className="row-actions">
                  <button type="button" className="button subtle" disabled={i === 0} onClick={() => move(i, -1)}>
                    Move “{o}” up
                  </button>
                  <button
                    type="button"
                    className="button subtle"
                    disabled={i === order.length - 1}
                    onClick={() => move(i, 1)}
                  >
                    Move “{o}” down
                  </button>
                </span>
              </li>
            ))}
          </ol>
          {error}
        </fieldset>
      );
    }
  }
}

function answered(q: Question, v: Value | undefined): boolean {
  if (!v) return q.kind === "ranking";
  if (q.kind === "open_text") return (v.text ?? "").trim() !== "";
  if (q.kind === "rating") return v.rating !== undefined;
  return q.kind === "ranking" || (v.choices ?? []).length > 0;
}

function ResponseForm({ study }: { study: StudyView }) {
  const client = useQueryClient();
  const [values, setValues] = useState<Record<string, Value>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/studies/{id}/responses", {
          params: { path: { id: study.id } },
          body: {
            answers: study.questions
              .filter((q) => answered(q, values[q.id]))
              .map((q) => {
                const v = values[q.id] ?? {};
                if (q.kind === "open_text") return { question_id: q.id, text: v.text!.trim() };
                if (q.kind === "rating") return { question_id: q.id, rating: v.rating! };
                return { question_id: q.id, choices: v.choices ?? q.options ?? [] };
              }),
          },
        }),
      ),
    // The study itself is left as it is, so this thank-you stays on screen; the home page's list
    // of studies to answer is refreshed.
    onSuccess: () => client.invalidateQueries({ queryKey: studyKeys.due }),
  });
  const send = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    for (const q of study.questions) if (q.required && !answered(q, values[q.id])) found[q.id] = "This question needs an answer.";
    if (!study.questions.some((q) => answered(q, values[q.id]))) found[study.questions[0]!.id] = "Answer at least one question.";
    setErrors(found);
    if (Object.keys(found).length === 0) submit.mutate();
  };
  if (submit.isSuccess)
    return (
      <div className="alert alert-success" role="status">
        <p className="alert-title">Thank you — your answer was received.</p>
        {submit.data.anonymous ? (
          <p>It was stored anonymously: it carries no link to you, and there is nothing to look it up by.</p>
        ) : (
          <p>It was stored with your name.</p>
        )}
        <p>
          <Link to="/">Back to your home page</Link>
        </p>
      </div>
    );
  return (
    <form className="form respond-form" noValidate onSubmit={send}>
      {study.questions.map((q) => (
        <QuestionInput
          key={q.id}
          q={q}
          value={values[q.id] ?? {}}
          error={errors[q.id]}
          onChange={(v) => setValues({ ...values, [q.id]: v })}
        />
      ))}
      <ErrorAlert error={submit.error} title="Your answer was not saved." />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={submit.isPending}>
          {submit.isPending ? "Sending…" : study.mode === "anonymous" ? "Send my anonymous answer" : "Send my answer"}
        </button>
        <span className="muted">You can answer once.</span>
      </div>
    </form>
  );
}

export default function StudyRespond() {
  const id = useStudyId();
  const study = useStudy(id);
  if (study.isPending) return <Loading label="Loading the study…" />;
  if (study.error)
    return (
      <>
        <PageHeader title="Study" />
        <ErrorAlert error={study.error} title="The study could not be loaded." />
      </>
    );
  const s = study.data;
  return (
    <>
      <PageHeader title={s.title} intro={s.description} />
      {s.mode === "anonymous" ? (
        <AnonymousExplainer audience="respondent" />
      ) : (
        <p className="alert named-note">
          This study is <strong>named</strong>: the people running it see your answer with your name.
        </p>
      )}
      {s.closes_at && <p className="muted">Open until {formatDateTime(s.closes_at)}.</p>}
      {s.can_answer ? (
        <Card title="Your answer">
          <ResponseForm study={s} />
        </Card>
      ) : (
        <EmptyState title={s.responded ? "You have answered this study. Thank you." : "This study is not taking answers."}>
          <p>
            <Link to="/">Back to your home page</Link>
          </p>
        </EmptyState>
      )}
    </>
  );
}
