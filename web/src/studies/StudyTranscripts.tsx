// Interviews held live, entered as transcripts: pasted or uploaded plain text, Markdown or CSV,
// several at once. The server checks everything first (every rejected line comes back with its
// reason, and nothing is written), then imports in a background job whose progress is polled.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { Link, useLocation } from "react-router";
import { api, ApiError, unwrap, type Job, type StudyView } from "../api/client";
import { countOf, ImportProblems } from "../components/ImportProblems";
import { Card, EmptyState, ErrorAlert } from "../components/ui";
import { roleLabel } from "../format";
import { studyKeys, useResponses } from "./api";
import { StudyFrame } from "./StudyFrame";

interface Entry {
  key: number;
  respondent: string;
  email: string;
  group: string;
  format: "text" | "markdown";
  text: string;
}

let nextKey = 0;
const entry = (e: Partial<Entry> = {}): Entry => ({
  key: nextKey++,
  respondent: "",
  email: "",
  group: "",
  format: "markdown",
  text: "",
  ...e,
});

const MARKDOWN_EXAMPLE = `## 1
She kept going after two dead ends…

## 2
Most lack the habit of asking for help early.`;
const CSV_EXAMPLE = `respondent,question,answer,group,email
Mentor 4,1,"She kept going after two dead ends.",mentor,
Ada Byron,1,"Asking for help early.",mentor,ada@example.org`;

function JobProgress({ job, studyId }: { job: Job; studyId: string }) {
  const client = useQueryClient();
  const poll = useQuery({
    queryKey: studyKeys.job(job.id),
    queryFn: () => unwrap(api.GET("/api/v1/jobs/{id}", { params: { path: { id: job.id } } })),
    initialData: job,
    refetchInterval: (q) =>
      q.state.data && (q.state.data.status === "queued" || q.state.data.status === "running") ? 400 : false,
  });
  const current = poll.data;
  const finished = current.status === "succeeded" || current.status === "failed";
  useEffect(() => {
    if (current.status === "succeeded") void client.invalidateQueries({ queryKey: studyKeys.all(studyId) });
  }, [current.status, client, studyId]);
  return (
    <div className="job" role="status" aria-live="polite">
      {!finished && (
        <>
          <p>
            {current.status === "queued"
              ? "Waiting to start…"
              : `Importing: ${current.done} of ${current.total} transcripts written.`}
          </p>
          <progress max={Math.max(current.total, 1)} value={current.done} aria-label="Import progress" />
        </>
      )}
      {current.status === "succeeded" && (
        <div className="alert alert-success">
          <p className="alert-title">Import finished.</p>
          <p>
            {current.result?.transcripts ?? current.done} transcripts with {current.result?.answers ?? "their"} answers
            were imported. <Link to={`/studies/${studyId}/coding`}>Start coding</Link>
          </p>
        </div>
      )}
      {current.status === "failed" && (
        <div className="alert alert-error">
          <p className="alert-title">The import failed; nothing was kept.</p>
          <p>{current.error?.message}</p>
        </div>
      )}
      <ErrorAlert error={poll.error} title="The import's progress could not be read." />
    </div>
  );
}

/** "Transcript 2 (Ada) text" for a detail about `transcripts[1].text`. */
function transcriptPlace(entries: Entry[]) {
  return (column: string | undefined) => {
    const m = /^transcripts\[(\d+)\](.*)$/.exec(column ?? "");
    if (!m) return column || "—";
    const i = Number(m[1]);
    const who = entries[i]?.respondent;
    return `Transcript ${i + 1}${who ? ` (${who})` : ""}${m[2] ? ` ${m[2]}` : ""}`;
  };
}

function EntryEditor(props: {
  e: Entry;
  n: number;
  groups: string[];
  onChange: (e: Entry) => void;
  onRemove?: () => void;
}) {
  const id = useId();
  const { e, n } = props;
  return (
    <li className="transcript-entry">
      <fieldset>
        <legend>Transcript {n}</legend>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-who`}>Respondent of transcript {n}</label>
            <input
              id={`${id}-who`}
              value={e.respondent}
              placeholder="e.g. Mentor 4"
              onChange={(x) => props.onChange({ ...e, respondent: x.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-email`}>E-mail of transcript {n} (optional)</label>
            <input
              id={`${id}-email`}
              type="email"
              value={e.email}
              aria-describedby={`${id}-email-hint`}
              onChange={(x) => props.onChange({ ...e, email: x.target.value })}
            />
            <p className="hint" id={`${id}-email-hint`}>
              A member of the study's audience: the transcript then counts as their response.
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${id}-group`}>Group of transcript {n}</label>
            <select
              id={`${id}-group`}
              value={e.group}
              onChange={(x) => props.onChange({ ...e, group: x.target.value })}
            >
              <option value="">The study's first audience role</option>
              {props.groups.map((g) => (
                <option key={g} value={g}>
                  {roleLabel(g)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-format`}>Format of transcript {n}</label>
            <select
              id={`${id}-format`}
              value={e.format}
              onChange={(x) => props.onChange({ ...e, format: x.target.value as Entry["format"] })}
            >
              <option value="markdown">Markdown</option>
              <option value="text">Plain text</option>
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-text`}>Text of transcript {n}</label>
          <textarea
            id={`${id}-text`}
            rows={8}
            spellCheck={false}
            value={e.text}
            placeholder={MARKDOWN_EXAMPLE}
            onChange={(x) => props.onChange({ ...e, text: x.target.value })}
          />
        </div>
        {props.onRemove && (
          <button type="button" className="button subtle" onClick={props.onRemove}>
            Remove transcript {n}
          </button>
        )}
      </fieldset>
    </li>
  );
}

function Importer({ study }: { study: StudyView }) {
  const fileId = useId();
  const csvId = useId();
  const [mode, setMode] = useState<"transcripts" | "csv">("transcripts");
  const [entries, setEntries] = useState<Entry[]>([entry()]);
  const [csv, setCsv] = useState("");
  const groups = ["mentor", "scholar", "support", "alumnus", "organizer", "analyst"];
  const send = useMutation({
    mutationFn: () =>
      mode === "csv"
        ? unwrap(
            api.POST("/api/v1/studies/{id}/transcript-imports", {
              params: { path: { id: study.id } },
              body: csv as never,
              bodySerializer: (b: unknown) => b as string,
              headers: { "Content-Type": "text/csv; charset=utf-8" },
            }),
          )
        : unwrap(
            api.POST("/api/v1/studies/{id}/transcript-imports", {
              params: { path: { id: study.id } },
              body: {
                transcripts: entries.map((e) => ({
                  respondent: e.respondent.trim(),
                  ...(e.email.trim() && { email: e.email.trim() }),
                  format: e.format,
                  text: e.text,
                  ...(e.group && { group: e.group }),
                })),
              },
            }),
          ),
  });

  const readFiles = async (files: FileList | null) => {
    if (!files) return;
    const added: Entry[] = [];
    let csvText = "";
    for (const f of Array.from(files)) {
      const text = await f.text();
      const name = f.name.replace(/\.[^.]+$/, "");
      if (/\.csv$/i.test(f.name)) {
        // Several CSV files become one: the header of the second and later ones is dropped.
        csvText = csvText ? `${csvText.replace(/\n?$/, "\n")}${text.split("\n").slice(1).join("\n")}` : text;
      } else {
        added.push(entry({ respondent: name, format: /\.(md|markdown)$/i.test(f.name) ? "markdown" : "text", text }));
      }
    }
    if (csvText) {
      setMode("csv");
      setCsv(csvText);
    } else if (added.length) {
      setMode("transcripts");
      setEntries([...entries.filter((e) => e.text.trim() || e.respondent.trim()), ...added]);
    }
    send.reset();
  };

  const problems = send.error instanceof ApiError && send.error.details.length > 0 ? send.error : undefined;
  return (
    <>
      <Card title="Enter or upload transcripts">
        <p className="hint">
          One transcript per respondent. Start each question's answer with a heading (<code>## 2</code> or{" "}
          <code>## the question</code>) or a line <code>Q2: …</code>. Or use CSV with the columns{" "}
          <code>respondent,question,answer</code> and optionally <code>group</code> and <code>email</code>, one row per
          respondent and question. A transcript that gives the e-mail of a member of the study's audience counts as that
          person's response. Everything is checked before anything is imported.
        </p>
        <div className="field">
          <label htmlFor={fileId}>Upload files (.txt, .md or .csv; several at once)</label>
          <input
            id={fileId}
            type="file"
            multiple
            accept=".txt,.md,.markdown,.csv,text/plain,text/markdown,text/csv"
            onChange={(e) => void readFiles(e.target.files)}
          />
        </div>
        <fieldset>
          <legend>Paste as</legend>
          <div className="check-row">
            <div className="field-check">
              <input
                type="radio"
                id={`${fileId}-m1`}
                name={`${fileId}-mode`}
                checked={mode === "transcripts"}
                onChange={() => setMode("transcripts")}
              />
              <label htmlFor={`${fileId}-m1`}>Transcripts (plain text or Markdown)</label>
            </div>
            <div className="field-check">
              <input
                type="radio"
                id={`${fileId}-m2`}
                name={`${fileId}-mode`}
                checked={mode === "csv"}
                onChange={() => setMode("csv")}
              />
              <label htmlFor={`${fileId}-m2`}>CSV</label>
            </div>
          </div>
        </fieldset>
        {mode === "transcripts" ? (
          <>
            <ol className="transcript-list">
              {entries.map((e, i) => (
                <EntryEditor
                  key={e.key}
                  e={e}
                  n={i + 1}
                  groups={groups}
                  onChange={(x) => {
                    send.reset();
                    setEntries(entries.map((y) => (y.key === x.key ? x : y)));
                  }}
                  onRemove={entries.length > 1 ? () => setEntries(entries.filter((y) => y.key !== e.key)) : undefined}
                />
              ))}
            </ol>
            <button type="button" className="button" onClick={() => setEntries([...entries, entry()])}>
              Add another transcript
            </button>
          </>
        ) : (
          <div className="field">
            <label htmlFor={csvId}>CSV rows</label>
            <textarea
              id={csvId}
              rows={10}
              spellCheck={false}
              value={csv}
              placeholder={CSV_EXAMPLE}
              onChange={(e) => {
                send.reset();
                setCsv(e.target.value);
              }}
            />
          </div>
        )}
        <div className="form-actions">
          <button type="button" className="button primary" disabled={send.isPending} onClick={() => send.mutate()}>
            {send.isPending ? "Checking…" : "Import"}
          </button>
        </div>
      </Card>
      <Card title="Result">
        {send.isIdle && <p className="muted">Nothing imported yet.</p>}
        {problems ? (
          <ImportProblems
            error={problems}
            title={`${countOf(problems.details.length, "line was", "lines were")} rejected. Nothing was imported.`}
            placeOf={transcriptPlace(entries)}
          />
        ) : (
          <ErrorAlert error={send.error} />
        )}
        {send.data && <JobProgress key={send.data.id} job={send.data} studyId={study.id} />}
      </Card>
    </>
  );
}

function Imported({ study }: { study: StudyView }) {
  const responses = useResponses(study.id, study.mode === "named");
  const deleted = (useLocation().state as { deleted?: string } | null)?.deleted;
  const transcripts = (responses.data ?? []).filter((r) => r.source === "transcript");
  if (!transcripts.length && !deleted) return null;
  return (
    <Card title={`Transcripts in this study (${transcripts.length})`}>
      {deleted && (
        <div className="alert alert-success" role="status">
          <p>The transcript of {deleted} was deleted with its coding.</p>
        </div>
      )}
      <ul className="people">
        {transcripts.map((r) => (
          <li key={r.id}>
            <Link className="person-name" to={`/studies/${study.id}/transcripts/${r.id}`}>
              {r.respondent}
            </Link>{" "}
            <span className="muted">
              {roleLabel(r.group)}
              {r.respondent_user_id && " · their response"}
            </span>
          </li>
        ))}
      </ul>
      {transcripts.length > 0 && <p className="hint">Open a transcript to read, correct or delete it.</p>}
    </Card>
  );
}

export default function StudyTranscripts() {
  return (
    <StudyFrame section="Transcripts">
      {(study) =>
        study.mode === "anonymous" ? (
          <EmptyState title="Anonymous studies take no transcripts.">
            <p>A transcript names its interviewee, so it cannot be part of an anonymous study.</p>
          </EmptyState>
        ) : (
          <>
            <Importer study={study} />
            <Imported study={study} />
          </>
        )
      }
    </StudyFrame>
  );
}
