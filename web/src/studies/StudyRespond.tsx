// Answering a study, for its audience: one form with every question. Anonymous studies say
// plainly, before anything is typed, that the answer cannot be linked to the person.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api, unwrap, type StudyView } from "../api/client";
import { Card, EmptyState, ErrorAlert, Loading, PageHeader } from "../components/ui";
import { formatDateTime } from "../format";
import { studyKeys, useStudy } from "./api";
import { AnonymousExplainer } from "./Anonymity";
import { answerProblems, answersOf, QuestionInput, type Value } from "./QuestionInputs";
import { useStudyId } from "./StudyFrame";
import "../studies/studies.css";

function ResponseForm({ study }: { study: StudyView }) {
  const client = useQueryClient();
  const [values, setValues] = useState<Record<string, Value>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/studies/{id}/responses", {
          params: { path: { id: study.id } },
          body: { answers: answersOf(study.questions, values) },
        }),
      ),
    // The study itself is left as it is, so this thank-you stays on screen; the home page's list
    // of studies to answer is refreshed.
    onSuccess: () => client.invalidateQueries({ queryKey: studyKeys.due }),
  });
  const send = (e: FormEvent) => {
    e.preventDefault();
    const found = answerProblems(study.questions, values);
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
        <EmptyState
          title={s.responded ? "You have answered this study. Thank you." : "This study is not taking answers."}
        >
          <p>
            <Link to="/">Back to your home page</Link>
          </p>
        </EmptyState>
      )}
    </>
  );
}
