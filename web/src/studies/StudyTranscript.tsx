// One transcript: read it question by question, correct an answer's text (coded passages move
// with the text; the server refuses an edit that would cut through one and says which), open an
// answer in the coding workspace, or delete the whole transcript with its coding after
// confirming.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, ApiError, unwrap, type Answer, type StudyView } from "../api/client";
import { Card, EmptyState, ErrorAlert, Loading, messageOf } from "../components/ui";
import { roleLabel } from "../format";
import { plural, studyKeys, useAnswerSegments } from "./api";
import { StudyFrame } from "./StudyFrame";

function useTranscript(studyId: string, responseId: string) {
  return useQuery({
    queryKey: [...studyKeys.all(studyId), "transcript", responseId],
    queryFn: () => unwrap(api.GET("/api/v1/responses/{id}", { params: { path: { id: responseId } } })),
  });
}

/** Why a correction was refused, with each coded passage it would cut through. */
function CorrectionError({ error }: { error: unknown }) {
  if (!error) return null;
  const details = error instanceof ApiError ? error.details : [];
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">The correction was not saved.</p>
      <p>{messageOf(error)}</p>
      {details.length > 0 && (
        <ul>
          {details.map((d, i) => (
            <li key={i}>The change {d.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function TranscriptAnswer(props: { study: StudyView; answer: Answer; position: number; prompt: string }) {
  const { study, answer } = props;
  const client = useQueryClient();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(answer.text ?? "");
  const segments = useAnswerSegments(study.id, answer.id);
  const [moved, setMoved] = useState<number | undefined>(undefined);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/api/v1/answers/{id}", {
          params: { path: { id: answer.id } },
          body: { version: answer.version ?? 1, text },
        }),
      ),
    onSuccess: (fixed) => {
      setEditing(false);
      setMoved(fixed.segments_moved);
    },
    onSettled: () => client.invalidateQueries({ queryKey: studyKeys.all(study.id) }),
  });
  const coded = segments.data?.length ?? 0;
  return (
    <li className="transcript-answer">
      <h3>
        Question {props.position}: {props.prompt}
      </h3>
      {editing ? (
        <div className="field">
          <label htmlFor={`${id}-text`}>Corrected text of the answer to question {props.position}</label>
          <textarea
            id={`${id}-text`}
            rows={Math.min(16, Math.max(4, text.split("\n").length + 1))}
            value={text}
            aria-describedby={`${id}-hint`}
            onChange={(e) => {
              save.reset();
              setText(e.target.value);
            }}
          />
          <p className="hint" id={`${id}-hint`}>
            Coded passages move with the text. A change that starts or ends inside a coded passage is refused: change
            the text inside it or outside it, or move the segment first.
          </p>
          <div className="row-actions">
            <button
              type="button"
              className="button primary"
              disabled={save.isPending || text === answer.text}
              onClick={() => save.mutate()}
            >
              {save.isPending ? "Saving…" : "Save the correction"}
            </button>
            <button
              type="button"
              className="button subtle"
              onClick={() => {
                setEditing(false);
                setText(answer.text ?? "");
                save.reset();
              }}
            >
              Cancel
            </button>
          </div>
          <CorrectionError error={save.error} />
        </div>
      ) : (
        <>
          <p className="transcript-text">{answer.text}</p>
          <p className="muted">
            {segments.isPending ? "Counting coded passages…" : `${plural(coded, "coded passage")}.`}
            {moved !== undefined && moved > 0 && ` Corrected; ${plural(moved, "coded passage")} moved with the text.`}
            {moved === 0 && " Corrected."}
          </p>
          <div className="row-actions">
            <button
              type="button"
              className="button"
              onClick={() => {
                setText(answer.text ?? "");
                setMoved(undefined);
                setEditing(true);
              }}
            >
              Correct<span className="visually-hidden"> the answer to question {props.position}</span>
            </button>
            <Link className="button subtle" to={`/studies/${study.id}/coding?answer=${answer.id}`}>
              Code<span className="visually-hidden"> the answer to question {props.position}</span> in the workspace
            </Link>
          </div>
        </>
      )}
    </li>
  );
}

function DeleteTranscript(props: { study: StudyView; responseId: string; who: string }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/responses/{id}", { params: { path: { id: props.responseId } } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: studyKeys.all(props.study.id) });
      await navigate(`/studies/${props.study.id}/transcripts`, { state: { deleted: props.who } });
    },
  });
  return (
    <Card title="Delete this transcript">
      {!confirming ? (
        <button type="button" className="button danger" onClick={() => setConfirming(true)}>
          Delete the transcript of {props.who}
        </button>
      ) : (
        <div className="confirm" role="group" aria-label={`Delete the transcript of ${props.who}`}>
          <p>
            This deletes every answer of {props.who}'s transcript and every coded passage on them, for all coders. It
            cannot be undone.
          </p>
          <button type="button" className="button danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
            Confirm: delete the transcript of {props.who}
          </button>{" "}
          <button type="button" className="button subtle" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </div>
      )}
      <ErrorAlert error={remove.error} title="The transcript was not deleted." />
    </Card>
  );
}

function TranscriptBody({ study }: { study: StudyView }) {
  const { responseId = "" } = useParams();
  const transcript = useTranscript(study.id, responseId);
  if (transcript.isPending) return <Loading label="Loading the transcript…" />;
  if (transcript.error)
    return (
      <>
        <ErrorAlert error={transcript.error} title="The transcript could not be loaded." />
        <p>
          <Link to={`/studies/${study.id}/transcripts`}>All transcripts of this study</Link>
        </p>
      </>
    );
  const r = transcript.data;
  if (r.source !== "transcript")
    return (
      <EmptyState title="This response is not a transcript.">
        <p>Answers given through the form or a link stay as the respondent gave them.</p>
      </EmptyState>
    );
  const who = r.respondent ?? "Respondent";
  const questions = new Map(study.questions.map((q) => [q.id, q]));
  const answers = r.answers
    .filter((a) => a.text)
    .map((a) => ({ a, q: questions.get(a.question_id) }))
    .sort((x, y) => (x.q?.position ?? 0) - (y.q?.position ?? 0));
  return (
    <>
      <p>
        <Link to={`/studies/${study.id}/transcripts`}>All transcripts of this study</Link>
      </p>
      <Card title={`Transcript of ${who}`}>
        <p className="muted">
          {roleLabel(r.group)}
          {r.respondent_user_id ? " · counts as their response" : ""}
          {r.submitted_on ? ` · imported ${r.submitted_on}` : ""}
        </p>
        <ol className="transcript-answers">
          {answers.map(({ a, q }) => (
            <TranscriptAnswer
              key={a.id}
              study={study}
              answer={a}
              position={q?.position ?? 0}
              prompt={q?.prompt ?? ""}
            />
          ))}
        </ol>
      </Card>
      <DeleteTranscript study={study} responseId={r.id} who={who} />
    </>
  );
}

export default function StudyTranscript() {
  return <StudyFrame section="Transcript">{(study) => <TranscriptBody study={study} />}</StudyFrame>;
}
