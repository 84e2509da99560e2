// The inputs of a study's questions, one per kind (open text, rating, single and multiple choice,
// ranking), and the rules every answer form shares: what counts as answered, the answers a form
// sends and its required-question checks. Used by the audience's form and by the public page of
// one-time links, so both ask the same way.
import { useId } from "react";
import type { Question } from "../api/client";

export type Value = { text?: string; choices?: string[]; rating?: number };

export function QuestionInput(props: { q: Question; value: Value; onChange: (v: Value) => void; error?: string }) {
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

export function answered(q: Question, v: Value | undefined): boolean {
  if (!v) return q.kind === "ranking";
  if (q.kind === "open_text") return (v.text ?? "").trim() !== "";
  if (q.kind === "rating") return v.rating !== undefined;
  return q.kind === "ranking" || (v.choices ?? []).length > 0;
}

/** The answers a form sends: one per answered question, in the instrument's order. */
export function answersOf(questions: Question[], values: Record<string, Value>) {
  return questions
    .filter((q) => answered(q, values[q.id]))
    .map((q) => {
      const v = values[q.id] ?? {};
      if (q.kind === "open_text") return { question_id: q.id, text: v.text!.trim() };
      if (q.kind === "rating") return { question_id: q.id, rating: v.rating! };
      return { question_id: q.id, choices: v.choices ?? q.options ?? [] };
    });
}

/** Per question id, why the form cannot be sent yet; empty when it can. */
export function answerProblems(questions: Question[], values: Record<string, Value>): Record<string, string> {
  const found: Record<string, string> = {};
  for (const q of questions)
    if (q.required && !answered(q, values[q.id])) found[q.id] = "This question needs an answer.";
  if (questions.length > 0 && !questions.some((q) => answered(q, values[q.id])))
    found[questions[0]!.id] = "Answer at least one question.";
  return found;
}
