// The instrument editor: an ordered list of questions, each open text, single or multiple
// choice, a 1–5 rating or a ranking. Controlled: the parent holds the list and saves it.
import { useId } from "react";
import type { NewQuestion, QuestionKind } from "../api/client";
import { QUESTION_KINDS } from "./api";

export interface DraftQuestion {
  key: string; // stable React key
  kind: QuestionKind;
  prompt: string;
  options: string; // one choice per line
  required: boolean;
}

let nextKey = 0;
export function draftOf(q: Partial<NewQuestion>): DraftQuestion {
  return {
    key: `q${nextKey++}`,
    kind: q.kind ?? "open_text",
    prompt: q.prompt ?? "",
    options: (q.options ?? []).join("\n"),
    required: q.required ?? false,
  };
}

const hasOptions = (k: QuestionKind) => k === "single_choice" || k === "multiple_choice" || k === "ranking";

export function toNewQuestions(drafts: readonly DraftQuestion[]): NewQuestion[] {
  return drafts.map((d) => ({
    kind: d.kind,
    prompt: d.prompt.trim(),
    required: d.required,
    ...(hasOptions(d.kind) && {
      options: d.options
        .split("\n")
        .map((o) => o.trim())
        .filter(Boolean),
    }),
  }));
}

/** Problems the server would refuse, found before sending; empty when the list is fine. */
export function instrumentProblems(drafts: readonly DraftQuestion[]): string[] {
  const out: string[] = [];
  if (drafts.length === 0) out.push("Add at least one question.");
  toNewQuestions(drafts).forEach((q, i) => {
    if (!q.prompt) out.push(`Question ${i + 1} needs a prompt.`);
    if (q.options && q.options.length < 2) out.push(`Question ${i + 1} needs at least two choices.`);
    if (q.options && new Set(q.options).size !== q.options.length) out.push(`Question ${i + 1} repeats a choice.`);
  });
  return out;
}

function QuestionEditor(props: {
  index: number;
  count: number;
  q: DraftQuestion;
  disabled: boolean;
  onChange: (q: DraftQuestion) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
}) {
  const id = useId();
  const { q, index } = props;
  const n = index + 1;
  return (
    <li className="question-editor">
      <fieldset disabled={props.disabled}>
        <legend>Question {n}</legend>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-kind`}>Kind of question {n}</label>
            <select
              id={`${id}-kind`}
              value={q.kind}
              onChange={(e) => props.onChange({ ...q, kind: e.target.value as QuestionKind })}
            >
              {QUESTION_KINDS.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field-check">
            <input
              id={`${id}-req`}
              type="checkbox"
              checked={q.required}
              onChange={(e) => props.onChange({ ...q, required: e.target.checked })}
            />
            <label htmlFor={`${id}-req`}>Question {n} must be answered</label>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-prompt`}>Prompt of question {n}</label>
          <textarea
            id={`${id}-prompt`}
            rows={2}
            value={q.prompt}
            onChange={(e) => props.onChange({ ...q, prompt: e.target.value })}
          />
        </div>
        {hasOptions(q.kind) && (
          <div className="field">
            <label htmlFor={`${id}-options`}>Choices of question {n}, one per line</label>
            <textarea
              id={`${id}-options`}
              rows={4}
              value={q.options}
              onChange={(e) => props.onChange({ ...q, options: e.target.value })}
            />
          </div>
        )}
        <div className="row-actions">
          <button type="button" className="button subtle" disabled={index === 0} onClick={() => props.onMove(-1)}>
            Move question {n} up
          </button>
          <button
            type="button"
            className="button subtle"
            disabled={index === props.count - 1}
            onClick={() => props.onMove(1)}
          >
            Move question {n} down
          </button>
          <button type="button" className="button subtle" onClick={props.onRemove}>
            Remove question {n}
          </button>
        </div>
      </fieldset>
    </li>
  );
}

export function InstrumentEditor(props: {
  questions: DraftQuestion[];
  onChange: (qs: DraftQuestion[]) => void;
  disabled?: boolean;
}) {
  const qs = props.questions;
  const set = (i: number, q: DraftQuestion) => props.onChange(qs.map((x, j) => (j === i ? q : x)));
  const move = (i: number, delta: number) => {
    const next = [...qs];
    const [item] = next.splice(i, 1);
    next.splice(i + delta, 0, item!);
    props.onChange(next);
  };
  return (
    <div className="instrument-editor">
      <ol className="question-list">
        {qs.map((q, i) => (
          <QuestionEditor
            key={q.key}
            index={i}
            count={qs.length}
            q={q}
            disabled={props.disabled ?? false}
            onChange={(x) => set(i, x)}
            onMove={(d) => move(i, d)}
            onRemove={() => props.onChange(qs.filter((_, j) => j !== i))}
          />
        ))}
      </ol>
      <button
        type="button"
        className="button"
        disabled={props.disabled}
        onClick={() => props.onChange([...qs, draftOf({})])}
      >
        Add a question
      </button>
    </div>
  );
}
