// The study's codebook as a tree: add, rename, recolour, move, merge and delete codes; memos per
// code; CSV import and export. Every edit names the codebook version it was made against; when
// someone else saved first the server refuses (409) with the current codebook, which the page
// then shows, saying so.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api, ApiError, unwrap, type Code, type Codebook, type StudyView } from "../api/client";
import { Card, EmptyState, ErrorAlert, Loading, messageOf, SuccessAlert } from "../components/ui";
import { codeTree, colourOf, plural, studyKeys, useCodebook } from "./api";
import { Memos } from "./Memos";
import { StudyFrame } from "./StudyFrame";

/** Runs a codebook edit; a stale version puts the current codebook in the cache and says why. */
function useCodebookEdit<T, R = unknown>(studyId: string, fn: (v: T) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409 && e.current)
        client.setQueryData(studyKeys.codebook(studyId), e.current as Codebook);
    },
    onSettled: () => client.invalidateQueries({ queryKey: studyKeys.all(studyId) }),
  });
}

function EditError({ error }: { error: unknown }) {
  if (!error) return null;
  const stale = error instanceof ApiError && error.status === 409 && Boolean(error.current);
  return (
    <div className="alert alert-error" role="alert">
      {stale && <p className="alert-title">Someone else changed the codebook first.</p>}
      <p>{messageOf(error)}</p>
      {stale && (
        <p>
          Your change was not saved. The codebook below is now the current one; make your change again if it is still
          needed.
        </p>
      )}
    </div>
  );
}

function descendants(codes: readonly Code[], id: string): Set<string> {
  const out = new Set<string>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of codes)
      if (c.parent_id && out.has(c.parent_id) && !out.has(c.id)) {
        out.add(c.id);
        grew = true;
      }
  }
  return out;
}

type CodeFields = {
  name: string;
  description: string;
  colour: string;
  parent_id: string | null;
  category: boolean;
};

function CodeForm(props: {
  codes: readonly Code[];
  initial?: Code;
  submitLabel: string;
  busy: boolean;
  onSubmit: (v: CodeFields) => void;
  onCancel?: () => void;
}) {
  const id = useId();
  const c = props.initial;
  const [name, setName] = useState(c?.name ?? "");
  const [description, setDescription] = useState(c?.description ?? "");
  const [colour, setColour] = useState(c?.colour ?? "#4e79a7");
  const [parent, setParent] = useState(c?.parent_id ?? "");
  const [category, setCategory] = useState(c?.category ?? false);
  const [error, setError] = useState("");
  const excluded = c ? descendants(props.codes, c.id) : new Set<string>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError("Name the code.");
    if (name.includes("/")) return setError("A code name cannot contain “/”: it separates code paths.");
    setError("");
    props.onSubmit({ name: name.trim(), description, colour, parent_id: parent || null, category });
  };
  return (
    <form className="form code-form" noValidate onSubmit={submit}>
      <div className="field-row">
        <div className={`field${error ? " field-invalid" : ""}`}>
          <label htmlFor={`${id}-name`}>Code name</label>
          <input
            id={`${id}-name`}
            value={name}
            maxLength={200}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-err` : undefined}
            onChange={(e) => setName(e.target.value)}
          />
          {error && (
            <p className="field-error" id={`${id}-err`}>
              {error}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-colour`}>Colour</label>
          <input id={`${id}-colour`} type="color" value={colour} onChange={(e) => setColour(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-parent`}>Parent</label>
          <select id={`${id}-parent`} value={parent} onChange={(e) => setParent(e.target.value)}>
            <option value="">None (top level)</option>
            {codeTree(props.codes)
              .filter((x) => !excluded.has(x.code.id))
              .map((x) => (
                <option key={x.code.id} value={x.code.id}>
                  {x.code.path}
                </option>
              ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-desc`}>Description</label>
        <textarea id={`${id}-desc`} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <div className="field-check">
        <input
          id={`${id}-category`}
          type="checkbox"
          checked={category}
          aria-describedby={`${id}-category-hint`}
          onChange={(e) => setCategory(e.target.checked)}
        />
        <label htmlFor={`${id}-category`}>Category</label>
        <p className="hint" id={`${id}-category-hint`}>
          A category groups other codes and cannot be applied to text itself.
        </p>
      </div>
      <div className="row-actions">
        <button type="submit" className="button primary" disabled={props.busy}>
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" className="button subtle" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

type Action = "edit" | "merge" | "delete" | "memos" | undefined;

function CodeRow({ code, book, studyId }: { code: Code; book: Codebook; studyId: string }) {
  const [action, setAction] = useState<Action>(undefined);
  const [into, setInto] = useState("");
  const [loss, setLoss] = useState<ApiError | undefined>(undefined);
  const mergeId = useId();
  const version = book.version;
  const update = useCodebookEdit(studyId, (v: CodeFields) =>
    unwrap(
      api.PATCH("/api/v1/codes/{id}", {
        params: { path: { id: code.id } },
        body: { ...v, codebook_version: version },
      }),
    ),
  );
  const merge = useCodebookEdit(studyId, () =>
    unwrap(
      api.POST("/api/v1/codes/{id}/merger", {
        params: { path: { id: code.id } },
        body: { into_code_id: into, codebook_version: version },
      }),
    ),
  );
  const remove = useCodebookEdit(studyId, (confirm: boolean) =>
    unwrap(
      api.DELETE("/api/v1/codes/{id}", {
        params: { path: { id: code.id }, query: { codebook_version: version, confirm } },
      }),
    ),
  );
  const open = (a: Action) => {
    setAction(action === a ? undefined : a);
    update.reset();
    merge.reset();
    remove.reset();
    setLoss(undefined);
  };
  // Asking the server what a deletion would remove: it answers 409 with the counts.
  const askDelete = () => {
    open("delete");
    remove.mutate(false, {
      onError: (e) => {
        if (e instanceof ApiError && e.status === 409 && e.field === "confirm") {
          setLoss(e);
          remove.reset();
        }
      },
    });
  };
  // Segments move to the target, and a category carries none.
  const targets = book.items.filter((c) => !c.category && !descendants(book.items, code.id).has(c.id));
  const target = book.items.find((c) => c.id === into);
  const count = (what: string) => loss?.details.find((d) => d.column === what)?.message ?? "0";
  return (
    <>
      <div className="code-row">
        <span className="swatch" style={{ backgroundColor: colourOf(code) }} aria-hidden="true" />
        {code.segments > 0 ? (
          <Link className="code-name" to={`/studies/${studyId}/passages?code=${code.id}`}>
            {code.name}
            <span className="visually-hidden">: read its passages</span>
          </Link>
        ) : (
          <span className="code-name">{code.name}</span>
        )}
        {code.category && <span className="badge">Category</span>}
        <span className="muted code-count">{plural(code.segments, "segment")}</span>
        <span className="row-actions">
          <button
            type="button"
            className="button subtle"
            aria-expanded={action === "edit"}
            onClick={() => open("edit")}
          >
            Edit<span className="visually-hidden"> {code.name}</span>
          </button>
          <button
            type="button"
            className="button subtle"
            aria-expanded={action === "merge"}
            onClick={() => open("merge")}
          >
            Merge<span className="visually-hidden"> {code.name}</span>
          </button>
          <button type="button" className="button subtle" aria-expanded={action === "delete"} onClick={askDelete}>
            Delete<span className="visually-hidden"> {code.name}</span>
          </button>
          <button
            type="button"
            className="button subtle"
            aria-expanded={action === "memos"}
            onClick={() => open("memos")}
          >
            Memos<span className="visually-hidden"> on {code.name}</span>
          </button>
        </span>
      </div>
      {code.description && <p className="muted code-desc">{code.description}</p>}
      {action === "edit" && (
        <CodeForm
          codes={book.items}
          initial={code}
          submitLabel={`Save ${code.name}`}
          busy={update.isPending}
          onSubmit={(v) => update.mutate(v, { onSuccess: () => setAction(undefined) })}
          onCancel={() => setAction(undefined)}
        />
      )}
      {action === "merge" && (
        <div className="confirm">
          <div className="field">
            <label htmlFor={mergeId}>Merge “{code.name}” into</label>
            <select id={mergeId} value={into} onChange={(e) => setInto(e.target.value)}>
              <option value="">Choose a code…</option>
              {targets.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.path}
                </option>
              ))}
            </select>
          </div>
          {target && (
            <>
              <p>
                The {code.segments} segments, the memos and the child codes of “{code.name}” move to “{target.name}”,
                and “{code.name}” is removed. Segments “{target.name}” already has at the same place are not doubled.
              </p>
              <button
                type="button"
                className="button danger"
                disabled={merge.isPending}
                onClick={() => merge.mutate(undefined)}
              >
                Confirm: merge “{code.name}” into “{target.name}”
              </button>
            </>
          )}
        </div>
      )}
      {action === "delete" && (
        <div className="confirm" role="group" aria-label={`Delete ${code.name}`}>
          {remove.isPending && <Loading label="Checking what would be lost…" />}
          {loss && (
            <>
              <p>
                Deleting “{code.name}” removes <strong>{count("codes")}</strong> code(s) (with its children),{" "}
                <strong>{count("segments")}</strong> coded segment(s) and <strong>{count("memos")}</strong> memo(s).
              </p>
              <button
                type="button"
                className="button danger"
                disabled={remove.isPending}
                onClick={() => remove.mutate(true)}
              >
                Confirm: delete “{code.name}”
              </button>{" "}
              <button type="button" className="button subtle" onClick={() => open(undefined)}>
                Keep it
              </button>
            </>
          )}
        </div>
      )}
      {action === "memos" && <Memos studyId={studyId} codeId={code.id} label={`New memo on ${code.name}`} />}
      <EditError error={update.error ?? merge.error ?? (loss ? undefined : remove.error)} />
    </>
  );
}

function Tree({ book, studyId, parent }: { book: Codebook; studyId: string; parent: string | undefined }) {
  const children = book.items
    .filter((c) => (c.parent_id ?? undefined) === parent)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (children.length === 0) return null;
  return (
    <ul className={parent ? "code-tree nested" : "code-tree"}>
      {children.map((c) => (
        <li key={c.id}>
          <CodeRow code={c} book={book} studyId={studyId} />
          <Tree book={book} studyId={studyId} parent={c.id} />
        </li>
      ))}
    </ul>
  );
}

function AddCode({ book, studyId }: { book: Codebook; studyId: string }) {
  const [formKey, setFormKey] = useState(0);
  const add = useCodebookEdit(studyId, (v: CodeFields) =>
    unwrap(
      api.POST("/api/v1/studies/{id}/codes", {
        params: { path: { id: studyId } },
        body: {
          name: v.name,
          description: v.description,
          colour: v.colour,
          category: v.category,
          codebook_version: book.version,
          ...(v.parent_id && { parent_id: v.parent_id }),
        },
      }),
    ),
  );
  return (
    <Card title="New code">
      <CodeForm
        key={formKey}
        codes={book.items}
        submitLabel="Add the code"
        busy={add.isPending}
        onSubmit={(v) => add.mutate(v, { onSuccess: () => setFormKey(formKey + 1) })}
      />
      <EditError error={add.error} />
      {add.isSuccess && <SuccessAlert>Code “{add.data.name}” added.</SuccessAlert>}
    </Card>
  );
}

/** Whether an uploaded or pasted codebook is a REFI-QDA .qdc (XML) rather than CSV. */
function isQdc(fileName: string, type: string, text: string): boolean {
  if (/\.qdc$/i.test(fileName) || /xml/i.test(type)) return true;
  if (/\.csv$/i.test(fileName) || /csv/i.test(type)) return false;
  return text.trimStart().startsWith("<");
}

function ImportExport({ study }: { study: StudyView }) {
  const client = useQueryClient();
  const id = useId();
  const [csv, setCsv] = useState("");
  const [file, setFile] = useState<{ name: string; type: string }>({ name: "", type: "" });
  const xml = isQdc(file.name, file.type, csv);
  const send = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/studies/{id}/codebook-imports", {
          params: { path: { id: study.id } },
          body: csv as never,
          bodySerializer: (b: unknown) => b as string,
          headers: { "Content-Type": xml ? "application/xml; charset=utf-8" : "text/csv; charset=utf-8" },
        }),
      ),
    onSuccess: () => {
      setCsv("");
      setFile({ name: "", type: "" });
    },
    onSettled: () => client.invalidateQueries({ queryKey: studyKeys.all(study.id) }),
  });
  return (
    <Card title="Import and export">
      <p className="download-links">
        <a className="button" href={`/api/v1/studies/${study.id}/codebook.qdc`} download>
          Download .qdc
        </a>{" "}
        <a className="button" href={`/api/v1/studies/${study.id}/codebook.csv`} download>
          Download CSV
        </a>
      </p>
      <p className="hint">
        The <code>.qdc</code> file is a REFI-QDA codebook, which ATLAS.ti, MAXQDA, NVivo, QualCoder and Taguette read.
        Import a <code>.qdc</code>, or CSV with the columns <code>name,description</code> (as Taguette writes them) and
        optionally <code>parent</code>, <code>colour</code> and <code>category</code> (true for a code that only groups
        others). Every code is imported, or none; codes that exist already (the same name under the same parent) are
        left as they are.
      </p>
      <div className="field">
        <label htmlFor={`${id}-file`}>Codebook file (.qdc or .csv)</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".qdc,.csv,text/csv,application/xml,text/xml"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            setFile({ name: f?.name ?? "", type: f?.type ?? "" });
            setCsv((await f?.text()) ?? "");
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-csv`}>Or paste the rows</label>
        <textarea
          id={`${id}-csv`}
          rows={4}
          spellCheck={false}
          value={csv}
          onChange={(e) => {
            setCsv(e.target.value);
            setFile({ name: "", type: "" });
          }}
          placeholder={"name,description\nCuriosity,Asks why"}
        />
      </div>
      <button
        type="button"
        className="button primary"
        disabled={!csv.trim() || send.isPending}
        onClick={() => send.mutate()}
      >
        Import codes
      </button>
      {send.error instanceof ApiError && send.error.details.length > 0 ? (
        <div className="alert alert-error" role="alert">
          <p className="alert-title">{send.error.message}</p>
          <ul>
            {send.error.details.map((d, i) => (
              <li key={i}>
                {d.line ? `Line ${d.line}` : (d.column ?? "—")}
                {d.line && d.column ? `, ${d.column}` : ""}: {d.message}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <ErrorAlert error={send.error} />
      )}
      {send.data && (
        <SuccessAlert>
          {send.data.created} codes added, {send.data.unchanged} already there.
        </SuccessAlert>
      )}
    </Card>
  );
}

export default function StudyCodebook() {
  return <StudyFrame section="Codebook">{(study) => <CodebookBody study={study} />}</StudyFrame>;
}

function CodebookBody({ study }: { study: StudyView }) {
  const book = useCodebook(study.id);
  if (book.isPending) return <Loading label="Loading the codebook…" />;
  if (book.error) return <ErrorAlert error={book.error} />;
  return (
    <div className="codebook-layout">
      <Card title={`Codes (${book.data.items.length})`}>
        <p className="muted">Codebook version {book.data.version}.</p>
        {book.data.items.length === 0 ? (
          <EmptyState title="No codes yet.">
            <p>Add one below or import a CSV.</p>
          </EmptyState>
        ) : (
          <Tree book={book.data} studyId={study.id} parent={undefined} />
        )}
      </Card>
      <div>
        <AddCode book={book.data} studyId={study.id} />
        <ImportExport study={study} />
      </div>
    </div>
  );
}
