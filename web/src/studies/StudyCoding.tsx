// The coding workspace: one answer at a time; select a passage (mouse or keyboard), tick one or
// more codes and apply them, or accept or reject the codes suggested for each uncoded sentence;
// see, change, annotate and remove segments; memos on the study; in a study coded blind, mark
// one's own coding finished to see the others'.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import {
  api,
  ApiError,
  unwrap,
  type Answer,
  type Code,
  type ResponseWithAnswers,
  type Segment,
  type StudyView,
} from "../api/client";
import { useAccount } from "../auth/session";
import { SuggestionsPanel } from "../components/SuggestionsPanel";
import { Card, EmptyState, ErrorAlert, Loading, messageOf } from "../components/ui";
import { AnswerText, type Highlight } from "./AnswerText";
import {
  colourOf,
  plural,
  studyKeys,
  useAnswerSegments,
  useCodebook,
  useCoders,
  useCodingProgress,
  useResponses,
} from "./api";
import { CodePicker } from "./CodePicker";
import { useCoderNames } from "./coders";
import { Memos } from "./Memos";
import { anonymousGroupLabel, AnswersWithheld, answersReadable } from "./Anonymity";
import { StudyFrame } from "./StudyFrame";
import { toCodePoints, toUtf16, type Span } from "./text";

interface Item {
  answer: Answer & { text: string };
  response: ResponseWithAnswers;
  who: string; // the respondent's name, or "Anonymous scholar 3"
  position: number;
  prompt: string;
}

function codableAnswers(study: StudyView, responses: ResponseWithAnswers[]): Item[] {
  const questions = new Map(study.questions.map((q) => [q.id, q]));
  const out: Item[] = [];
  let anonymous = 0;
  for (const r of responses) {
    const who = r.anonymous
      ? `Anonymous ${anonymousGroupLabel(r.group)} ${++anonymous}`
      : (r.respondent ?? "Respondent");
    for (const a of r.answers) {
      const q = questions.get(a.question_id);
      if (q?.kind === "open_text" && a.text)
        out.push({ answer: a as Item["answer"], response: r, who, position: q.position, prompt: q.prompt });
    }
  }
  return out.sort(
    (x, y) =>
      x.who.localeCompare(y.who, undefined, { numeric: true }) ||
      x.response.id.localeCompare(y.response.id) ||
      x.position - y.position,
  );
}

function BlindPanel({ study }: { study: StudyView }) {
  const account = useAccount();
  const client = useQueryClient();
  const coders = useCoders(study.id);
  const name = useCoderNames(study);
  const me = coders.data?.find((c) => c.user_id === account.id);
  const finished = me?.finished ?? false;
  const set = useMutation({
    mutationFn: (value: boolean) =>
      unwrap(
        api.PUT("/api/v1/studies/{id}/coders/me", { params: { path: { id: study.id } }, body: { finished: value } }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: studyKeys.all(study.id) }),
  });
  return (
    <section className={`blind-panel${study.blind_coding && !finished ? " blind-on" : ""}`} aria-label="Coders">
      {study.blind_coding ? (
        finished ? (
          <p>
            <strong>You marked your coding finished.</strong> You now see every coder's segments; others' work shows
            once they finish too.
          </p>
        ) : (
          <p>
            <strong>Coding blind.</strong> You see only your own coding. Other coders' segments appear when you mark
            yours finished.
          </p>
        )
      ) : (
        <p>Everyone who codes this study sees all coding.</p>
      )}
      {coders.data && coders.data.length > 0 && (
        <ul className="coder-list">
          {coders.data.map((c) => (
            <li key={c.user_id}>
              {name(c.user_id)}: {plural(c.segments, "segment")}
              {study.blind_coding && (c.finished ? ", finished" : ", still coding")}
            </li>
          ))}
        </ul>
      )}
      <div className="row-actions">
        {!finished ? (
          <button type="button" className="button primary" disabled={set.isPending} onClick={() => set.mutate(true)}>
            Mark my coding finished
          </button>
        ) : (
          <button type="button" className="button subtle" disabled={set.isPending} onClick={() => set.mutate(false)}>
            Reopen my coding
          </button>
        )}
        {finished && study.blind_coding && <Link to={`/studies/${study.id}/reports`}>See the reports</Link>}
      </div>
      <ErrorAlert error={set.error} />
    </section>
  );
}

function conflictMessage(e: unknown): string {
  if (e instanceof ApiError && e.status === 409)
    return `${e.message} The segment was changed elsewhere; the list now shows it as it is.`;
  return messageOf(e);
}

function SegmentItem(props: {
  seg: Segment;
  code: Code | undefined;
  codes: readonly Code[];
  mine: boolean;
  coder: string;
  selection: Span | undefined;
  text: string;
}) {
  const { seg } = props;
  const client = useQueryClient();
  const id = useId();
  const [open, setOpen] = useState<"memo" | "code" | undefined>(undefined);
  const [memo, setMemo] = useState(seg.memo ?? "");
  const [codeId, setCodeId] = useState(seg.code_id);
  const done = () => client.invalidateQueries({ queryKey: studyKeys.all(seg.study_id) });
  const patch = useMutation({
    mutationFn: (body: { memo?: string; code_id?: string; start?: number; end?: number }) =>
      unwrap(
        api.PATCH("/api/v1/segments/{id}", {
          params: { path: { id: seg.id } },
          body: { version: seg.version, ...body },
        }),
      ),
    onSuccess: () => setOpen(undefined),
    onSettled: done,
  });
  const remove = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE("/api/v1/segments/{id}", { params: { path: { id: seg.id }, query: { version: seg.version } } }),
      ),
    onSettled: done,
  });
  const name = props.code?.name ?? "a deleted code";
  return (
    <li className="segment-code">
      <span className="code-chip">
        <span className="swatch" style={{ backgroundColor: colourOf(props.code) }} aria-hidden="true" />
        {name}
      </span>{" "}
      <span className="muted">
        by {props.coder}
        {seg.origin !== "manual" && ` (${seg.origin})`}
      </span>
      {seg.memo && <p className="memo-text">Memo: {seg.memo}</p>}
      {props.mine && (
        <div className="row-actions">
          <button
            type="button"
            className="button subtle"
            aria-expanded={open === "memo"}
            onClick={() => setOpen(open === "memo" ? undefined : "memo")}
          >
            Memo<span className="visually-hidden"> on {name}</span>
          </button>
          <button
            type="button"
            className="button subtle"
            aria-expanded={open === "code"}
            onClick={() => setOpen(open === "code" ? undefined : "code")}
          >
            Change code<span className="visually-hidden"> {name}</span>
          </button>
          {props.selection && (
            <button
              type="button"
              className="button subtle"
              onClick={() =>
                patch.mutate({
                  start: toCodePoints(props.text, props.selection!.start),
                  end: toCodePoints(props.text, props.selection!.end),
                })
              }
            >
              Move to the selection<span className="visually-hidden"> ({name})</span>
            </button>
          )}
          <button type="button" className="button subtle" disabled={remove.isPending} onClick={() => remove.mutate()}>
            Remove {name}
          </button>
        </div>
      )}
      {open === "memo" && (
        <div className="field">
          <label htmlFor={`${id}-memo`}>Memo on this {name} segment</label>
          <textarea id={`${id}-memo`} rows={2} value={memo} onChange={(e) => setMemo(e.target.value)} />
          <button
            type="button"
            className="button primary"
            disabled={patch.isPending}
            onClick={() => patch.mutate({ memo })}
          >
            Save memo
          </button>
        </div>
      )}
      {open === "code" && (
        <div className="field">
          <label htmlFor={`${id}-code`}>New code for this segment</label>
          <select id={`${id}-code`} value={codeId} onChange={(e) => setCodeId(e.target.value)}>
            {props.codes
              .filter((c) => !c.category || c.id === codeId)
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.path}
                </option>
              ))}
          </select>
          <button
            type="button"
            className="button primary"
            disabled={patch.isPending}
            onClick={() => patch.mutate({ code_id: codeId })}
          >
            Save code
          </button>
        </div>
      )}
      {(patch.error || remove.error) && (
        <div className="alert alert-error" role="alert">
          <p>{conflictMessage(patch.error ?? remove.error)}</p>
        </div>
      )}
    </li>
  );
}

function Workspace({ study, items }: { study: StudyView; items: Item[] }) {
  const account = useAccount();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const pickId = useId();
  const pickerInput = useRef<HTMLInputElement>(null);
  const index = Math.max(
    0,
    items.findIndex((i) => i.answer.id === params.get("answer")),
  );
  const item = items[index]!;
  const text = item.answer.text;
  const book = useCodebook(study.id);
  const segments = useAnswerSegments(study.id, item.answer.id);
  const name = useCoderNames(study);
  const [selection, setSelection] = useState<Span | undefined>(undefined);
  const [chosen, setChosen] = useState<string[]>([]);
  const [announce, setAnnounce] = useState("");
  // Another answer starts with nothing selected; reset while rendering (not in an effect), so
  // the new answer is never drawn with the old one's selection.
  const [selectionOf, setSelectionOf] = useState(item.answer.id);
  if (selectionOf !== item.answer.id) {
    setSelectionOf(item.answer.id);
    setSelection(undefined);
    setChosen([]);
  }

  const progress = useCodingProgress(study.id);
  const coded = useMemo(() => new Set(progress.data?.coded_answer_ids ?? []), [progress.data]);
  // The next answer after this one (wrapping round) that carries no segment yet.
  const nextUncoded = progress.data
    ? [...items.slice(index + 1), ...items.slice(0, index)].find((i) => !coded.has(i.answer.id))
    : undefined;
  const codes = useMemo(() => book.data?.items ?? [], [book.data]);
  const codeById = useMemo(() => new Map(codes.map((c) => [c.id, c])), [codes]);
  const go = (i: number) => {
    const next = items[Math.min(items.length - 1, Math.max(0, i))]!;
    const p = new URLSearchParams(params);
    p.set("answer", next.answer.id);
    setParams(p, { replace: true });
  };

  const apply = useMutation({
    mutationFn: (v: { span: Span; codeIds: string[] }) =>
      unwrap(
        api.POST("/api/v1/answers/{id}/segments", {
          params: { path: { id: item.answer.id } },
          body: { start: toCodePoints(text, v.span.start), end: toCodePoints(text, v.span.end), code_ids: v.codeIds },
        }),
      ),
    onSuccess: (_, v) => {
      setAnnounce(
        `Coded “${text.slice(v.span.start, v.span.end)}” with ${v.codeIds.map((c) => codeById.get(c)?.name).join(", ")}.`,
      );
      setSelection(undefined);
      setChosen([]);
    },
    onSettled: () => client.invalidateQueries({ queryKey: studyKeys.all(study.id) }),
  });

  const segs = segments.data ?? [];
  const highlights: Highlight[] = segs.map((s) => ({
    id: s.id,
    start: s.start,
    end: s.end,
    colour: colourOf(codeById.get(s.code_id)),
    label: codeById.get(s.code_id)?.name ?? "code",
  }));
  // Segments grouped by span, in reading order; overlapping spans are separate groups.
  const groups = new Map<string, Segment[]>();
  for (const s of [...segs].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const key = `${s.start}-${s.end}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const selectedText = selection ? text.slice(selection.start, selection.end) : "";

  return (
    <div className="coding-layout">
      <div className="coding-main">
        <div className="answer-nav">
          <div className="field">
            <label htmlFor={pickId}>
              Answer to code ({index + 1} of {items.length})
            </label>
            <select
              id={pickId}
              value={item.answer.id}
              onChange={(e) => go(items.findIndex((i) => i.answer.id === e.target.value))}
            >
              {items.map((i) => (
                <option key={i.answer.id} value={i.answer.id}>
                  {i.who} — question {i.position}
                </option>
              ))}
            </select>
          </div>
          <div className="row-actions">
            <button type="button" className="button" disabled={index === 0} onClick={() => go(index - 1)}>
              Previous answer
            </button>
            <button
              type="button"
              className="button primary"
              disabled={!nextUncoded}
              onClick={() => nextUncoded && go(items.indexOf(nextUncoded))}
            >
              Next uncoded answer
            </button>
            <button
              type="button"
              className="button"
              disabled={index === items.length - 1}
              onClick={() => go(index + 1)}
            >
              Next answer
            </button>
          </div>
        </div>
        {progress.data && (
          <div className="coding-progress" role="status">
            <p>
              <strong>
                {progress.data.coded} of {plural(progress.data.answers, "answer")} coded
              </strong>
              {progress.data.own_only && " by you"}
              {coded.has(item.answer.id) ? "; this one is coded." : "; this one is not coded yet."}
              {progress.data.answers > 0 && progress.data.coded === progress.data.answers && " Every answer is coded."}
            </p>
            <progress max={Math.max(progress.data.answers, 1)} value={progress.data.coded} aria-label="Answers coded" />
          </div>
        )}
        <Card title={`${item.who}, question ${item.position}`}>
          <p className="question-prompt">{item.prompt}</p>
          <AnswerText
            key={item.answer.id}
            text={text}
            highlights={highlights}
            selection={selection}
            onSelect={setSelection}
            onConfirm={() => pickerInput.current?.focus()}
            label={`Answer of ${item.who} to question ${item.position}`}
          />
          {segments.isPending && <Loading label="Loading segments…" />}
          <ErrorAlert error={segments.error} />
        </Card>
        <Card title="Apply codes" className="apply-card">
          <div aria-live="polite" className="selection-status">
            {selection ? (
              <p>
                Selected: <q className="quote">{selectedText}</q>{" "}
                <span className="muted">
                  (characters {toCodePoints(text, selection.start) + 1}–{toCodePoints(text, selection.end)})
                </span>
              </p>
            ) : (
              <p className="muted">Select a passage of the answer first.</p>
            )}
            {announce && <p className="visually-hidden">{announce}</p>}
          </div>
          {book.isPending && <Loading label="Loading codes…" />}
          <ErrorAlert error={book.error} />
          {book.data && <CodePicker codes={codes} chosen={chosen} onChange={setChosen} inputRef={pickerInput} />}
          <div className="form-actions sticky-actions">
            <button
              type="button"
              className="button primary"
              disabled={!selection || chosen.length === 0 || apply.isPending}
              onClick={() => selection && apply.mutate({ span: selection, codeIds: chosen })}
            >
              {chosen.length > 1 ? `Apply ${chosen.length} codes` : "Apply code"}
            </button>
            {selection && (
              <button type="button" className="button subtle" onClick={() => setSelection(undefined)}>
                Clear the selection
              </button>
            )}
          </div>
          <ErrorAlert error={apply.error} title="The codes were not applied." />
        </Card>
      </div>
      <div className="coding-side">
        <SuggestionsPanel key={item.answer.id} studyId={study.id} answerId={item.answer.id} codes={codes} />
        <Card title={`Segments of this answer (${segs.length})`}>
          {segs.length === 0 && !segments.isPending && <p className="muted">Nothing coded in this answer yet.</p>}
          <ol className="segment-list">
            {[...groups.entries()].map(([key, list]) => {
              const first = list[0]!;
              const quote = text.slice(toUtf16(text, first.start), toUtf16(text, first.end));
              return (
                <li key={key} className="segment">
                  <q className="quote">{quote}</q>
                  <ul>
                    {list.map((s) => (
                      <SegmentItem
                        key={`${s.id}-${s.version}`}
                        seg={s}
                        code={codeById.get(s.code_id)}
                        codes={codes}
                        mine={s.coder_id === account.id}
                        coder={name(s.coder_id)}
                        selection={selection}
                        text={text}
                      />
                    ))}
                  </ul>
                </li>
              );
            })}
          </ol>
        </Card>
        <BlindPanel study={study} />
        <Card title="Study memos">
          <Memos studyId={study.id} label="New memo on the study" />
        </Card>
      </div>
    </div>
  );
}

function CodingBody({ study }: { study: StudyView }) {
  const closedEnough = answersReadable(study);
  const responses = useResponses(study.id, closedEnough);
  if (!closedEnough)
    return (
      <EmptyState title="These anonymous answers cannot be coded yet.">
        <AnswersWithheld study={study} doing="code the answers" />
        {study.status !== "closed" && (
          <p>
            <Link to={`/studies/${study.id}`}>Close the study</Link> when the answers are in.
          </p>
        )}
      </EmptyState>
    );
  if (responses.isPending) return <Loading label="Loading answers…" />;
  if (responses.error) return <ErrorAlert error={responses.error} />;
  const items = codableAnswers(study, responses.data);
  if (items.length === 0)
    return (
      <EmptyState title="No open-text answers to code yet.">
        <p>
          {study.mode === "named" && (
            <>
              <Link to={`/studies/${study.id}/transcripts`}>Import transcripts</Link> or wait for answers.
            </>
          )}
        </p>
      </EmptyState>
    );
  return <Workspace study={study} items={items} />;
}

export default function StudyCoding() {
  return <StudyFrame section="Coding">{(study) => <CodingBody study={study} />}</StudyFrame>;
}
