// Answering a study through a one-time link, for respondents outside the program: no account
// and no sign-in. The link's code travels in the URL fragment (/respond#token=…), which browsers
// never send to a server or put in a Referer; the page previews the study's questions with it,
// sends the answers once and confirms. An invalid or already used link says so plainly.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useLocation } from "react-router";
import { api, ApiError, unwrap, type Schemas } from "../api/client";
import { tokenFromFragment } from "../auth/passwords";
import { Card, EmptyState, ErrorAlert, Loading, PageHeader } from "../components/ui";
import { AnonymousExplainer } from "./Anonymity";
import { answerProblems, answersOf, QuestionInput, type Value } from "./QuestionInputs";
import "../studies/studies.css";

function LinkProblem({ error }: { error: unknown }) {
  if (error instanceof ApiError && error.status === 409)
    return (
      <EmptyState title="This link was used already.">
        <p>
          Each link takes one answer, and an answer was already sent with this one. If that was not you, ask the person
          who sent you the link for a new one.
        </p>
      </EmptyState>
    );
  if (error instanceof ApiError && (error.status === 404 || error.status === 400))
    return (
      <EmptyState title="This link is not valid.">
        <p>Check that you opened the whole link you were sent, or ask the person who sent it for a new one.</p>
      </EmptyState>
    );
  return <ErrorAlert error={error} title="The study could not be loaded." />;
}

function LinkForm({ token, study }: { token: string; study: Schemas["LinkedStudy"] }) {
  const questions = study.questions ?? [];
  const [values, setValues] = useState<Record<string, Value>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/study-links/responses", { body: { token, answers: answersOf(questions, values) } })),
  });
  const send = (e: FormEvent) => {
    e.preventDefault();
    const found = answerProblems(questions, values);
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
          <p>It was stored under the name the people running the study gave your link.</p>
        )}
        <p>This link is now used up; you can close this page.</p>
      </div>
    );
  if (submit.error instanceof ApiError && submit.error.status === 409) return <LinkProblem error={submit.error} />;
  return (
    <form className="form respond-form" noValidate onSubmit={send}>
      {questions.map((q) => (
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
        <span className="muted">You can answer once with this link.</span>
      </div>
    </form>
  );
}

export default function StudyLinkRespond() {
  const location = useLocation();
  const token = tokenFromFragment(location.hash);
  const preview = useQuery({
    queryKey: ["study-link", token],
    queryFn: () => unwrap(api.POST("/api/v1/study-links/preview", { body: { token: token! } })),
    enabled: Boolean(token),
    retry: false,
    staleTime: Infinity,
  });
  let title = "Answer a study";
  let body;
  if (!token) {
    body = (
      <EmptyState title="This address has no link code.">
        <p>Open the whole link you were sent, or ask the person who sent it for a new one.</p>
      </EmptyState>
    );
  } else if (preview.isPending) {
    body = <Loading label="Reading the link…" />;
  } else if (preview.error) {
    body = <LinkProblem error={preview.error} />;
  } else {
    const s = preview.data;
    title = s.title ?? title;
    body = (
      <>
        {s.description && <p>{s.description}</p>}
        {s.mode === "anonymous" ? (
          <AnonymousExplainer audience="respondent" />
        ) : (
          <p className="alert named-note">
            This study is <strong>named</strong>: the people running it see your answer under the name they gave your
            link.
          </p>
        )}
        {s.status !== "open" ? (
          <EmptyState title="This study is not taking answers at the moment." />
        ) : (
          <Card title="Your answer">
            <LinkForm token={token} study={s} />
          </Card>
        )}
      </>
    );
  }
  return (
    <div className="narrow">
      <PageHeader title={title} />
      {body}
    </div>
  );
}
