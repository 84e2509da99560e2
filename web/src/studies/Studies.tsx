// Studies of a program: the list, and a new study from a template (mentor interview, scholar
// self-perception) or blank, with its instrument, audience, dates and mode.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import {
  api,
  ApiError,
  unwrap,
  type Account,
  type NewQuestion,
  type Program,
  type Role,
  type Study,
} from "../api/client";
import { useCohorts, usePrograms } from "../api/queries";
import { managesProgram } from "../auth/access";
import { useAccount } from "../auth/session";
import { Card, EmptyState, ErrorAlert, Loading, messageOf, PageHeader } from "../components/ui";
import { formatDate } from "../format";
import { plural, rolePlural, studyKeys, useStudies, useTemplates } from "./api";
import { AudienceChecks } from "./AudienceChecks";
import { draftOf, InstrumentEditor, instrumentProblems, toNewQuestions, type DraftQuestion } from "./InstrumentEditor";
import { AnonymousExplainer } from "./Anonymity";
import { StudyBadges } from "./StudyFrame";
import "../studies/studies.css";

/** Whether the account may create studies in the program: its organizers and analysts. */
function runsStudiesIn(account: Account, programId: string): boolean {
  return (
    managesProgram(account, programId) || account.roles.some((g) => g.role === "analyst" && g.program_id === programId)
  );
}

function StudyList({ program }: { program: Program }) {
  const studies = useStudies(program.id);
  if (studies.isPending) return <Loading label="Loading studies…" />;
  if (studies.error) return <ErrorAlert error={studies.error} />;
  if (studies.data.length === 0)
    return (
      <EmptyState title="No studies yet.">
        <p>Create one below, from a template or blank.</p>
      </EmptyState>
    );
  return (
    <ul className="item-list" aria-label={`Studies of ${program.name}`}>
      {studies.data.map((s) => (
        <li key={s.id} className="item">
          <Link className="item-title" to={`/studies/${s.id}`}>
            {s.title}
          </Link>{" "}
          <StudyBadges study={s} />
          <p className="muted">
            Audience: {s.audience.length ? s.audience.map(rolePlural).join(", ") : "none (transcripts)"} · created{" "}
            {formatDate(s.created_at.slice(0, 10))}
          </p>
        </li>
      ))}
    </ul>
  );
}

type TemplateChoice = "mentor_interview" | "scholar_self_perception" | "";

function NewStudy({ program, account }: { program: Program; account: Account }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const templates = useTemplates();
  const cohorts = useCohorts(program.id);
  const id = useId();
  const [template, setTemplate] = useState<TemplateChoice>("mentor_interview");
  const [title, setTitle] = useState("");
  const [cohortId, setCohortId] = useState("");
  const [mode, setMode] = useState<"named" | "anonymous">("named");
  const [blind, setBlind] = useState(false);
  const [audience, setAudience] = useState<Role[]>(["mentor"]);
  const [opensOn, setOpensOn] = useState("");
  const [closesOn, setClosesOn] = useState("");
  const [questions, setQuestions] = useState<DraftQuestion[] | undefined>(undefined);
  const [problems, setProblems] = useState<string[]>([]);

  // Cohorts the account may run studies in: all of the program's for organizers, else the
  // analyst's own.
  const allowed = (cohorts.data ?? []).filter(
    (c) =>
      managesProgram(account, program.id) || account.roles.some((g) => g.role === "analyst" && g.cohort_id === c.id),
  );
  const cohort = cohortId || allowed[0]?.id || "";
  const chosen = templates.data?.find((t) => t.key === template);
  const shownQuestions = questions ?? (chosen ? chosen.questions.map(draftOf) : [draftOf({})]);

  const pickTemplate = (t: TemplateChoice) => {
    setTemplate(t);
    setQuestions(undefined);
    const found = templates.data?.find((x) => x.key === t);
    setAudience(found ? [...found.audience] : []);
  };

  const create = useMutation({
    mutationFn: (qs: NewQuestion[]) =>
      unwrap(
        api.POST("/api/v1/programs/{id}/studies", {
          params: { path: { id: program.id } },
          body: {
            ...(template && { template }),
            ...(title.trim() && { title: title.trim() }),
            ...(cohort && { cohort_id: cohort }),
            mode,
            blind_coding: blind,
            audience,
            ...(opensOn && { opens_at: `${opensOn}T00:00:00Z` }),
            ...(closesOn && { closes_at: `${closesOn}T23:59:59Z` }),
            questions: qs,
          },
        }),
      ),
    onSuccess: async (study) => {
      await client.invalidateQueries({ queryKey: studyKeys.list(program.id) });
      navigate(`/studies/${study.id}`);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = instrumentProblems(shownQuestions);
    if (!template && !title.trim()) found.unshift("Give the study a title.");
    if (opensOn && closesOn && closesOn < opensOn) found.push("The closing date must not be before the opening date.");
    setProblems(found);
    if (found.length === 0) create.mutate(toNewQuestions(shownQuestions));
  };

  return (
    <Card title="New study">
      <form className="form" noValidate onSubmit={submit}>
        {problems.length > 0 && (
          <div className="alert alert-error" role="alert">
            <p className="alert-title">The study cannot be created yet:</p>
            <ul>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        )}
        {create.error && (
          <div className="alert alert-error" role="alert">
            <p>{messageOf(create.error)}</p>
          </div>
        )}
        <fieldset>
          <legend>Start from</legend>
          {[
            { key: "mentor_interview", label: "Mentor interview template" },
            { key: "scholar_self_perception", label: "Scholar self-perception template" },
            { key: "", label: "A blank study" },
          ].map((t) => (
            <div className="field-check" key={t.key || "blank"}>
              <input
                type="radio"
                id={`${id}-t-${t.key || "blank"}`}
                name={`${id}-template`}
                checked={template === t.key}
                onChange={() => pickTemplate(t.key as TemplateChoice)}
              />
              <label htmlFor={`${id}-t-${t.key || "blank"}`}>{t.label}</label>
            </div>
          ))}
          {chosen && <p className="hint">{chosen.description}</p>}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-title`}>Title</label>
          {chosen && (
            <p className="hint" id={`${id}-title-hint`}>
              Leave empty to use “{chosen.title}”.
            </p>
          )}
          <input
            id={`${id}-title`}
            value={title}
            maxLength={200}
            aria-describedby={chosen ? `${id}-title-hint` : undefined}
            onChange={(e) => setTitle(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-cohort`}>Cohort</label>
          <select id={`${id}-cohort`} value={cohort} onChange={(e) => setCohortId(e.target.value)}>
            {allowed.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend>Audience: who answers, in that cohort</legend>
          <AudienceChecks idPrefix={id} value={audience} onChange={setAudience} />
          <p className="hint">Interviews held live need no audience: enter them as transcripts.</p>
        </fieldset>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-opens`}>Opens on (optional)</label>
            <input id={`${id}-opens`} type="date" value={opensOn} onChange={(e) => setOpensOn(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-closes`}>Closes after (optional)</label>
            <input id={`${id}-closes`} type="date" value={closesOn} onChange={(e) => setClosesOn(e.target.value)} />
          </div>
        </div>
        <fieldset>
          <legend>Responses</legend>
          <div className="field-check">
            <input
              type="radio"
              id={`${id}-named`}
              name={`${id}-mode`}
              checked={mode === "named"}
              onChange={() => setMode("named")}
            />
            <label htmlFor={`${id}-named`}>Named: each answer shows who gave it</label>
          </div>
          <div className="field-check">
            <input
              type="radio"
              id={`${id}-anon`}
              name={`${id}-mode`}
              checked={mode === "anonymous"}
              onChange={() => setMode("anonymous")}
            />
            <label htmlFor={`${id}-anon`}>Anonymous: nobody can tell who gave an answer</label>
          </div>
          {mode === "anonymous" && <AnonymousExplainer audience="staff" />}
          <p className="hint">The mode cannot be changed once the study exists.</p>
        </fieldset>
        <div className="field-check">
          <input type="checkbox" id={`${id}-blind`} checked={blind} onChange={(e) => setBlind(e.target.checked)} />
          <label htmlFor={`${id}-blind`}>
            Code blind: each coder sees only their own coding until they mark it finished
          </label>
        </div>
        <h3>Questions</h3>
        <InstrumentEditor questions={shownQuestions} onChange={setQuestions} />
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create the study"}
          </button>
          <span className="muted">It starts as a draft: nobody sees it until you open it.</span>
        </div>
      </form>
    </Card>
  );
}

type ImportReport = {
  study: Study;
  codes: number;
  sources: number;
  segments: number;
  memos: number;
  warnings: string[];
};

function ImportProject({ program, account }: { program: Program; account: Account }) {
  const client = useQueryClient();
  const cohorts = useCohorts(program.id);
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [cohortId, setCohortId] = useState("");
  const [title, setTitle] = useState("");
  const manages = managesProgram(account, program.id);
  const allowed = (cohorts.data ?? []).filter(
    (c) => manages || account.roles.some((g) => g.role === "analyst" && g.cohort_id === c.id),
  );
  const cohort = cohortId || (manages ? "" : (allowed[0]?.id ?? ""));
  const send = useMutation({
    mutationFn: async (f: File) =>
      unwrap(
        api.POST("/api/v1/programs/{id}/study-imports", {
          params: {
            path: { id: program.id },
            query: { ...(cohort && { cohort_id: cohort }), ...(title.trim() && { title: title.trim() }) },
          },
          body: (await f.arrayBuffer()) as never,
          bodySerializer: (b: unknown) => b as ArrayBuffer,
          headers: { "Content-Type": "application/zip" },
        }),
      ) as Promise<ImportReport>,
    onSuccess: () => client.invalidateQueries({ queryKey: studyKeys.list(program.id) }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) send.mutate(file);
  };
  const report = send.data;
  return (
    <Card title="Import a REFI-QDA project">
      <form className="form" noValidate onSubmit={submit}>
        <p className="hint">
          A <code>.qdpx</code> project from Trellis, QualCoder, Taguette, ATLAS.ti, MAXQDA or NVivo becomes a new,
          closed study: its codebook, each text source as one response, the coded selections (coded by you) and the
          memos. Everything is imported, or nothing.
        </p>
        <div className="field">
          <label htmlFor={`${id}-file`}>Project file (.qdpx)</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".qdpx,application/zip"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              send.reset();
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-cohort`}>Cohort</label>
          <select id={`${id}-cohort`} value={cohort} onChange={(e) => setCohortId(e.target.value)}>
            {manages && <option value="">No cohort (the whole program)</option>}
            {allowed.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-title`}>Title (optional)</label>
          <input
            id={`${id}-title`}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="The project's name"
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={!file || send.isPending}>
            {send.isPending ? "Importing…" : "Import the project"}
          </button>
        </div>
      </form>
      {send.error && (
        <div className="alert alert-error" role="alert">
          <p className="alert-title">The project was not imported; nothing was stored.</p>
          <p>{messageOf(send.error)}</p>
          {send.error instanceof ApiError && send.error.details.length > 0 && (
            <ul>
              {send.error.details.map((d, i) => (
                <li key={i}>
                  {d.line ? `Line ${d.line}: ` : d.column ? `${d.column}: ` : ""}
                  {d.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {report && (
        <div className="alert alert-success" role="status">
          <p className="alert-title">
            Imported <Link to={`/studies/${report.study.id}`}>{report.study.title}</Link>:{" "}
            {plural(report.sources, "source")}, {plural(report.codes, "code")},{" "}
            {plural(report.segments, "coded segment")}, {plural(report.memos, "memo")}.
          </p>
          {report.warnings.length > 0 && (
            <>
              <p>Warnings:</p>
              <ul>
                {report.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </Card>
  );
}

export default function Studies() {
  const account = useAccount();
  const programs = usePrograms();
  const [params, setParams] = useSearchParams();
  const pickerId = useId();
  const list = (programs.data ?? []).filter((p) => runsStudiesIn(account, p.id));
  const program = list.find((p) => p.id === params.get("program")) ?? list[0];
  return (
    <>
      <PageHeader
        title="Studies"
        intro="Interview and survey studies: answers, qualitative coding and theme reports."
      />
      {programs.isPending && <Loading label="Loading programs…" />}
      <ErrorAlert error={programs.error} />
      {programs.isSuccess && !program && (
        <EmptyState title="You run no studies.">
          <p>Studies are run by a program's organizers and its cohorts' analysts.</p>
        </EmptyState>
      )}
      {list.length > 1 && (
        <div className="field field-inline">
          <label htmlFor={pickerId}>Program</label>
          <select
            id={pickerId}
            value={program?.id ?? ""}
            onChange={(e) => setParams({ program: e.target.value }, { replace: true })}
          >
            {list.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {program && (
        <>
          <Card title={`Studies of ${program.name}`}>
            <StudyList program={program} />
          </Card>
          <NewStudy key={program.id} program={program} account={account} />
          <ImportProject key={`import-${program.id}`} program={program} account={account} />
        </>
      )}
    </>
  );
}
