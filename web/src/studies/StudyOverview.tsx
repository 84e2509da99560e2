// A study's overview for its staff: status (open, close; final for an anonymous study with
// answers), settings, the instrument (editable until the first answer) and participation.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { api, ApiError, unwrap, type Role, type Schemas, type StudyView } from "../api/client";
import { Card, ErrorAlert, Loading, messageOf, SuccessAlert } from "../components/ui";
import { QUESTION_KINDS, percent, studyKeys } from "./api";
import { AudienceChecks } from "./AudienceChecks";
import { draftOf, InstrumentEditor, instrumentProblems, toNewQuestions, type DraftQuestion } from "./InstrumentEditor";
import { AnonymousExplainer, AnswersWithheld, answersReadable } from "./Anonymity";
import { StudyFrame, useStudyId } from "./StudyFrame";

type Patch = Omit<Schemas["StudyPatch"], "version">;

function conflictText(error: unknown): string {
  if (error instanceof ApiError && error.status === 409 && error.current)
    return `${error.message} Someone else changed the study; the page now shows their version. Make your change again.`;
  return messageOf(error);
}

function useStudyPatch(study: StudyView) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: Patch) =>
      unwrap(
        api.PATCH("/api/v1/studies/{id}", {
          params: { path: { id: study.id } },
          body: { version: study.version, ...patch },
        }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: studyKeys.all(study.id) }),
    onSuccess: () => client.invalidateQueries({ queryKey: studyKeys.list(study.program_id) }),
  });
}

/** Closing an anonymous study with answers is final, so it asks first and offers no reopening. */
function Status({ study }: { study: StudyView }) {
  const patch = useStudyPatch(study);
  const [confirming, setConfirming] = useState(false);
  const final = study.closing_is_final === true && (study.responses ?? 0) > 0;
  const next =
    study.status === "draft"
      ? { status: "open" as const, label: "Open for answers" }
      : study.status === "open"
        ? { status: "closed" as const, label: "Close the study" }
        : final
          ? undefined
          : { status: "open" as const, label: "Reopen for answers" };
  const askFirst = final && next?.status === "closed";
  return (
    <Card title="Status">
      <p>
        {study.status === "draft" && "A draft: nobody in the audience sees it yet."}
        {study.status === "open" && "Open: the audience can answer."}
        {study.status === "closed" &&
          (final ? "Closed for good: no more answers are taken." : "Closed: no more answers are taken.")}{" "}
        {study.responses !== undefined && (
          <>
            {study.responses} {study.responses === 1 ? "response" : "responses"} so far.
          </>
        )}
      </p>
      {!answersReadable(study) && <AnswersWithheld study={study} doing="read and code the answers" />}
      {confirming ? (
        <div className="confirm" role="group" aria-label="Close the study for good">
          <p>
            Close “{study.title}” for good? An anonymous study with answers cannot be reopened, so that no later answer
            can be told apart from the ones you read.
          </p>
          <button
            type="button"
            className="button primary"
            disabled={patch.isPending}
            onClick={() => patch.mutate({ status: "closed" }, { onSettled: () => setConfirming(false) })}
          >
            Close for good
          </button>{" "}
          <button type="button" className="button subtle" onClick={() => setConfirming(false)}>
            Keep it open
          </button>
        </div>
      ) : (
        <div className="form-actions">
          {next && (
            <button
              type="button"
              className="button primary"
              disabled={patch.isPending}
              onClick={() => (askFirst ? setConfirming(true) : patch.mutate({ status: next.status }))}
            >
              {next.label}
            </button>
          )}
          {study.can_answer && <Link to={`/studies/${study.id}/respond`}>Answer it yourself</Link>}
        </div>
      )}
      {patch.error && (
        <div className="alert alert-error" role="alert">
          <p>{conflictText(patch.error)}</p>
        </div>
      )}
    </Card>
  );
}

function Settings({ study }: { study: StudyView }) {
  const id = useId();
  const patch = useStudyPatch(study);
  const [title, setTitle] = useState(study.title);
  const [description, setDescription] = useState(study.description);
  const [audience, setAudience] = useState<Role[]>(study.audience);
  const [opensOn, setOpensOn] = useState(study.opens_at?.slice(0, 10) ?? "");
  const [closesOn, setClosesOn] = useState(study.closes_at?.slice(0, 10) ?? "");
  const [blind, setBlind] = useState(study.blind_coding);
  const save = (e: FormEvent) => {
    e.preventDefault();
    patch.mutate({
      title: title.trim(),
      description,
      audience,
      blind_coding: blind,
      opens_at: opensOn ? `${opensOn}T00:00:00Z` : null,
      closes_at: closesOn ? `${closesOn}T23:59:59Z` : null,
    });
  };
  return (
    <Card title="Settings">
      <form className="form" noValidate onSubmit={save}>
        <div className="field">
          <label htmlFor={`${id}-title`}>Title</label>
          <input id={`${id}-title`} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-desc`}>Description, shown to respondents</label>
          <textarea id={`${id}-desc`} rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <fieldset>
          <legend>Audience</legend>
          <AudienceChecks idPrefix={id} value={audience} onChange={setAudience} />
        </fieldset>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-opens`}>Opens on</label>
            <input id={`${id}-opens`} type="date" value={opensOn} onChange={(e) => setOpensOn(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-closes`}>Closes after</label>
            <input id={`${id}-closes`} type="date" value={closesOn} onChange={(e) => setClosesOn(e.target.value)} />
          </div>
        </div>
        <div className="field-check">
          <input type="checkbox" id={`${id}-blind`} checked={blind} onChange={(e) => setBlind(e.target.checked)} />
          <label htmlFor={`${id}-blind`}>Code blind</label>
        </div>
        <p className="hint">
          Mode: <strong>{study.mode === "anonymous" ? "anonymous" : "named"}</strong> (fixed when the study was
          created).
        </p>
        {study.mode === "anonymous" && <AnonymousExplainer audience="staff" />}
        {patch.error && (
          <div className="alert alert-error" role="alert">
            <p>{conflictText(patch.error)}</p>
          </div>
        )}
        {patch.isSuccess && <SuccessAlert>Settings saved.</SuccessAlert>}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={patch.isPending}>
            {patch.isPending ? "Saving…" : "Save settings"}
          </button>
        </div>
      </form>
    </Card>
  );
}

function Instrument({ study }: { study: StudyView }) {
  const client = useQueryClient();
  const [drafts, setDrafts] = useState<DraftQuestion[]>(() => study.questions.map(draftOf));
  const [problems, setProblems] = useState<string[]>([]);
  const locked = (study.responses ?? 0) > 0;
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT("/api/v1/studies/{id}/instrument", {
          params: { path: { id: study.id } },
          body: { version: study.version, questions: toNewQuestions(drafts) },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: studyKeys.all(study.id) }),
  });
  if (locked)
    return (
      <Card title="Questions">
        <p className="hint">The study has answers, so its questions can no longer change.</p>
        <ol className="question-list">
          {study.questions.map((q) => (
            <li key={q.id}>
              {q.prompt}{" "}
              <span className="muted">
                ({QUESTION_KINDS.find((k) => k.value === q.kind)?.label}
                {q.required ? ", required" : ""})
              </span>
              {q.options && q.options.length > 0 && <span className="muted"> — {q.options.join(" · ")}</span>}
            </li>
          ))}
        </ol>
      </Card>
    );
  return (
    <Card title="Questions">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const found = instrumentProblems(drafts);
          setProblems(found);
          if (found.length === 0) save.mutate();
        }}
      >
        <InstrumentEditor questions={drafts} onChange={setDrafts} />
        {problems.length > 0 && (
          <div className="alert alert-error" role="alert">
            <ul>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        )}
        {save.error && (
          <div className="alert alert-error" role="alert">
            <p>{conflictText(save.error)}</p>
          </div>
        )}
        {save.isSuccess && <SuccessAlert>Questions saved.</SuccessAlert>}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save the questions"}
          </button>
        </div>
      </form>
    </Card>
  );
}

function ParticipationCard({ study }: { study: StudyView }) {
  const q = useQuery({
    queryKey: studyKeys.participation(study.id),
    queryFn: () => unwrap(api.GET("/api/v1/studies/{id}/participation", { params: { path: { id: study.id } } })),
  });
  return (
    <Card title="Participation">
      {q.isPending && <Loading />}
      <ErrorAlert error={q.error} />
      {q.data && (
        <>
          <ul className="summary">
            <li>
              <strong>{q.data.responses}</strong> responses
            </li>
            <li>
              <strong>{q.data.responded}</strong> of <strong>{q.data.audience}</strong> in the audience answered (
              {percent(q.data.response_rate)})
            </li>
          </ul>
          {!q.data.names_people && (
            <p className="hint">
              An anonymous study shows how many answered, never who has not: names disappearing one by one would tell
              whose answer arrived.
            </p>
          )}
          {q.data.not_responded.length > 0 && (
            <details>
              <summary>Not answered yet ({q.data.not_responded.length})</summary>
              <ul>
                {q.data.not_responded.map((p) => (
                  <li key={p.user_id}>
                    {p.display_name} <span className="muted">{p.email}</span>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </Card>
  );
}

/** One-time links for respondents outside the program: each link takes one answer, and its full
 * address is shown once, when it is made (the server keeps only a hash of its code). */
function ExternalRespondents({ study }: { study: StudyView }) {
  const client = useQueryClient();
  const labelId = useId();
  const emailId = useId();
  const urlId = useId();
  const [label, setLabel] = useState("");
  const [email, setEmail] = useState("");
  const [copied, setCopied] = useState(false);
  const counts = useQuery({
    queryKey: studyKeys.participation(study.id),
    queryFn: () => unwrap(api.GET("/api/v1/studies/{id}/participation", { params: { path: { id: study.id } } })),
  });
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/studies/{id}/respondent-links", {
          params: { path: { id: study.id } },
          body: { label: label.trim() || undefined, email: email.trim() || undefined },
        }),
      ),
    onSuccess: () => {
      setLabel("");
      setEmail("");
      setCopied(false);
      return client.invalidateQueries({ queryKey: studyKeys.participation(study.id) });
    },
  });
  const url = create.data ? new URL(create.data.path, window.location.origin).href : "";
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin, or permission refused): the address stays selectable.
      document.getElementById(urlId)?.focus();
    }
  };
  const send = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Card title="Respondents outside the program">
      <p>
        People without an account — a visiting mentor, an alumnus — can answer through a one-time link. Each link takes
        one answer
        {study.mode === "named"
          ? " and is shown with its label"
          : "; in this anonymous study the answer keeps no link to them"}
        .
      </p>
      {counts.data && (
        <p>
          <strong>{counts.data.links}</strong> {counts.data.links === 1 ? "link" : "links"} made,{" "}
          <strong>{counts.data.links_used}</strong> used.
        </p>
      )}
      <ErrorAlert error={counts.error} />
      <form className="form" onSubmit={send} noValidate>
        <div className="field">
          <label htmlFor={labelId}>Label</label>
          <input
            id={labelId}
            value={label}
            maxLength={200}
            onChange={(e) => setLabel(e.target.value)}
            aria-describedby={`${labelId}-hint`}
          />
          <p className="hint" id={`${labelId}-hint`}>
            Who the link is for, e.g. “Visiting mentor”.
          </p>
        </div>
        <div className="field">
          <label htmlFor={emailId}>E-mail (optional)</label>
          <input id={emailId} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create a link"}
          </button>
        </div>
      </form>
      <ErrorAlert error={create.error} title="The link was not created." />
      {create.data && (
        <div className="alert alert-success new-link" role="status">
          <p className="alert-title">Link created{create.data.label ? ` for ${create.data.label}` : ""}.</p>
          <p>
            <strong>This address is shown only once.</strong> Copy it now and send it to the respondent; it cannot be
            shown again.
          </p>
          <div className="field field-inline">
            <label htmlFor={urlId}>Link</label>
            <input id={urlId} readOnly value={url} onFocus={(e) => e.target.select()} />
            <button type="button" className="button" onClick={copy}>
              {copied ? "Copied" : "Copy the link"}
            </button>
          </div>
        </div>
      )}
    </Card>
  );
}

function DeleteStudy({ study }: { study: StudyView }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/studies/{id}", { params: { path: { id: study.id } } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: studyKeys.list(study.program_id) });
      navigate("/studies");
    },
  });
  return (
    <Card title="Delete">
      {!confirming ? (
        <button type="button" className="button danger" onClick={() => setConfirming(true)}>
          Delete this study…
        </button>
      ) : (
        <div className="confirm" role="group" aria-label="Confirm deletion">
          <p>Deleting removes the study with every answer, code, coded segment and memo. This cannot be undone.</p>
          <button type="button" className="button danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
            Delete “{study.title}” for good
          </button>{" "}
          <button type="button" className="button subtle" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </div>
      )}
      <ErrorAlert error={remove.error} />
    </Card>
  );
}

function Downloads({ study }: { study: StudyView }) {
  const readable = answersReadable(study);
  return (
    <Card title="Export">
      {readable ? (
        <p className="download-links">
          <a className="button" href={`/api/v1/studies/${study.id}/project.qdpx`} download>
            Download REFI-QDA project (.qdpx)
          </a>{" "}
          <a className="button" href={`/api/v1/studies/${study.id}/segments.csv`} download>
            Download coded segments (CSV)
          </a>
        </p>
      ) : (
        <AnswersWithheld study={study} doing="export the answers" />
      )}
      <p className="hint">
        The project holds the codebook, every open-text answer as a source, the coded segments and the memos, and opens
        in ATLAS.ti, MAXQDA, NVivo, QualCoder and other REFI-QDA tools.
        {study.mode === "anonymous" && " Sources of an anonymous study are named by response id, never by person."}
      </p>
    </Card>
  );
}

export default function StudyOverview() {
  const id = useStudyId();
  return (
    <StudyFrame section="Overview">
      {(study) =>
        study.can_run ? (
          <div className="study-overview" key={`${id}-${study.version}`}>
            {study.description && <p>{study.description}</p>}
            <Status study={study} />
            <ParticipationCard study={study} />
            {study.external_respondents && <ExternalRespondents study={study} />}
            <Instrument study={study} />
            <Downloads study={study} />
            <Settings study={study} />
            <DeleteStudy study={study} />
          </div>
        ) : (
          <Card title="This study">
            <p>{study.description}</p>
            {study.can_answer ? (
              <Link className="button primary" to={`/studies/${study.id}/respond`}>
                Answer the study
              </Link>
            ) : (
              <p>
                {study.responded ? "You have answered this study. Thank you." : "This study is not taking answers."}
              </p>
            )}
          </Card>
        )
      }
    </StudyFrame>
  );
}
