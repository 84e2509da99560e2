// The program's framework of qualities (organizers): the current version with its level
// descriptions, editing (add, rename, reorder, retire, describe levels) which saves a new version,
// and the version history. The server's field errors ("qualities[3].levels[3]") appear next to the
// field they name.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useFieldArray, useForm, useWatch, type Path, type UseFormRegisterReturn } from "react-hook-form";
import { useSearchParams } from "react-router";
import { api, ApiError, unwrap } from "../api/client";
import {
  assessmentKeys,
  useFramework,
  useFrameworkVersion,
  useFrameworkVersions,
  type FrameworkEdit,
  type FrameworkVersion,
  type Quality,
} from "../api/assessments";
import { usePrograms } from "../api/queries";
import { frameworkFieldPath, keyFromName, LEVELS, type LevelName } from "./logic";
import { managesProgram } from "../auth/access";
import { useAccount } from "../auth/session";
import { Field, FormError, SubmitButton, TextField } from "../components/form";
import { Card, EmptyState, ErrorAlert, Loading, PageHeader, SuccessAlert } from "../components/ui";
import { formatDateTime } from "../format";

interface QualityValues {
  key: string;
  name: string;
  summary: string;
  levels: Record<LevelName, string>;
  retired: boolean;
  isNew: boolean;
}
interface FormValues {
  name: string;
  qualities: QualityValues[];
}

function toValues(v: FrameworkVersion): FormValues {
  return {
    name: v.name,
    qualities: v.qualities.map((q) => {
      const levels = q.levels as Record<string, string | undefined>;
      return {
        key: q.key,
        name: q.name,
        summary: q.summary,
        levels: Object.fromEntries(LEVELS.map((l, i) => [l, levels[String(i + 1)] ?? ""])) as Record<LevelName, string>,
        retired: q.retired,
        isNew: false,
      };
    }),
  };
}

function toEdit(basedOn: number, v: FormValues): FrameworkEdit {
  return {
    based_on: basedOn,
    name: v.name,
    qualities: v.qualities.map((q) => {
      const levels: Record<string, string> = {};
      LEVELS.forEach((l, i) => {
        const text = q.levels[l].trim();
        // Levels 2 and 4 are optional; 1, 3 and 5 go as they are so the server names what is missing.
        if (text || i % 2 === 0) levels[String(i + 1)] = text;
      });
      return { key: q.key.trim() || keyFromName(q.name), name: q.name, summary: q.summary, levels, retired: q.retired };
    }),
  };
}

function TextArea(props: { label: string; error: string | undefined; registration: UseFormRegisterReturn }) {
  return (
    <Field label={props.label} error={props.error}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          rows={2}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          {...props.registration}
        />
      )}
    </Field>
  );
}

function EditForm({
  current,
  programId,
  onDone,
}: {
  current: FrameworkVersion;
  programId: string;
  onDone: (v: FrameworkVersion) => void;
}) {
  const client = useQueryClient();
  const form = useForm<FormValues>({ defaultValues: toValues(current) });
  const { errors } = form.formState;
  const list = useFieldArray({ control: form.control, name: "qualities" });
  const [stale, setStale] = useState(false);
  const save = useMutation({
    mutationFn: (v: FormValues) =>
      unwrap(
        api.PUT("/api/v1/programs/{id}/framework", {
          params: { path: { id: programId } },
          body: toEdit(current.version, v),
        }),
      ),
    onSuccess: async (v) => {
      await Promise.all([
        client.invalidateQueries({ queryKey: assessmentKeys.framework(programId) }),
        client.invalidateQueries({ queryKey: assessmentKeys.frameworkVersions(programId) }),
      ]);
      onDone(v);
    },
    onError: (e) => {
      const message = e instanceof Error ? e.message : "Not saved.";
      setStale(e instanceof ApiError && e.status === 409);
      const path = e instanceof ApiError ? frameworkFieldPath(e.field) : undefined;
      if (path) form.setError(path as Path<FormValues>, { type: "server", message }, { shouldFocus: true });
      else form.setError("root.server", { type: "server", message });
    },
  });
  const qErr = (i: number) => errors.qualities?.[i];
  const values = useWatch({ control: form.control, name: "qualities" });
  return (
    <form className="form framework-form" noValidate onSubmit={form.handleSubmit((v) => save.mutate(v))}>
      <FormError message={errors.root?.server?.message} />
      {stale && (
        <p>
          <button
            type="button"
            className="button"
            onClick={async () => {
              await client.invalidateQueries({ queryKey: assessmentKeys.framework(programId) });
              onDone(current);
            }}
          >
            Load the latest version
          </button>
        </p>
      )}
      <TextField label="Framework name" error={errors.name?.message} registration={form.register("name")} />
      <ol className="quality-edit-list">
        {list.fields.map((f, i) => {
          const name = values[i]?.name || `Quality ${i + 1}`;
          return (
            <li key={f.id}>
              <fieldset className={`card quality-edit${values[i]?.retired ? " retired" : ""}`}>
                <legend>
                  {i + 1}. {name}
                  {values[i]?.retired ? " (retired)" : ""}
                </legend>
                <div className="field-row">
                  <TextField
                    label={`Name of quality ${i + 1}`}
                    error={qErr(i)?.name?.message}
                    registration={form.register(`qualities.${i}.name`)}
                  />
                  <TextField
                    label={`Key of quality ${i + 1}`}
                    hint={
                      f.isNew
                        ? "Letters a–z, digits and _; made from the name when empty."
                        : "Keys do not change, so rounds stay comparable."
                    }
                    readOnly={!f.isNew}
                    error={qErr(i)?.key?.message}
                    registration={form.register(`qualities.${i}.key`)}
                  />
                </div>
                <TextArea
                  label={`Summary of ${name}`}
                  error={qErr(i)?.summary?.message}
                  registration={form.register(`qualities.${i}.summary`)}
                />
                {(["l1", "l3", "l5"] as const).map((l) => (
                  <TextArea
                    key={l}
                    label={`${name}: level ${l.slice(1)}${l === "l1" ? " (rarely shows it)" : l === "l3" ? " (usually)" : " (a model for others)"}`}
                    error={qErr(i)?.levels?.[l]?.message}
                    registration={form.register(`qualities.${i}.levels.${l}`)}
                  />
                ))}
                <div className="row-actions">
                  <label className="checkbox">
                    <input type="checkbox" {...form.register(`qualities.${i}.retired`)} /> Retired (no longer rated in
                    new rounds)
                  </label>
                  <button
                    type="button"
                    className="button subtle"
                    disabled={i === 0}
                    onClick={() => list.move(i, i - 1)}
                    aria-label={`Move ${name} up`}
                  >
                    Move up
                  </button>
                  <button
                    type="button"
                    className="button subtle"
                    disabled={i === list.fields.length - 1}
                    onClick={() => list.move(i, i + 1)}
                    aria-label={`Move ${name} down`}
                  >
                    Move down
                  </button>
                  {f.isNew && (
                    <button
                      type="button"
                      className="button subtle"
                      onClick={() => list.remove(i)}
                      aria-label={`Remove ${name}`}
                    >
                      Remove
                    </button>
                  )}
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div className="form-actions">
        <button
          type="button"
          className="button"
          onClick={() =>
            list.append(
              {
                key: "",
                name: "",
                summary: "",
                levels: { l1: "", l2: "", l3: "", l4: "", l5: "" },
                retired: false,
                isNew: true,
              },
              { focusName: `qualities.${list.fields.length}.name` },
            )
          }
        >
          Add a quality
        </button>
        <SubmitButton busy={save.isPending}>Save as version {current.version + 1}</SubmitButton>
        <button type="button" className="button subtle" onClick={() => onDone(current)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function QualityView({ q }: { q: Quality }) {
  const levels = q.levels as Record<string, string | undefined>;
  return (
    <li className={`quality-view${q.retired ? " retired" : ""}`}>
      <h3>
        {q.name} {q.retired && <span className="badge">Retired</span>}
      </h3>
      <p className="muted">
        <code>{q.key}</code> · {q.summary}
      </p>
      <dl className="levels">
        {[1, 2, 3, 4, 5]
          .filter((n) => levels[String(n)])
          .map((n) => (
            <div key={n}>
              <dt>Level {n}</dt>
              <dd>{levels[String(n)]}</dd>
            </div>
          ))}
      </dl>
    </li>
  );
}

function Versions({ programId, shown, onShow }: { programId: string; shown: string; onShow: (id: string) => void }) {
  const versions = useFrameworkVersions(programId);
  if (versions.isPending) return <Loading label="Loading versions…" />;
  if (versions.error) return <ErrorAlert error={versions.error} />;
  return (
    <Card title="Version history">
      <ol className="item-list" reversed>
        {[...versions.data].reverse().map((v) => (
          <li key={v.id} className="item">
            <div>
              <p className="item-title">
                Version {v.version}: {v.name}
              </p>
              <p className="muted">{formatDateTime(v.created_at)}</p>
            </div>
            {v.id === shown ? (
              <span className="badge">Shown</span>
            ) : (
              <button
                type="button"
                className="button"
                onClick={() => onShow(v.id)}
                aria-label={`Show version ${v.version}`}
              >
                Show
              </button>
            )}
          </li>
        ))}
      </ol>
    </Card>
  );
}

function ProgramFramework({ programId }: { programId: string }) {
  const current = useFramework(programId);
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<number>();
  const shownId = params.get("version") ?? current.data?.id;
  const other = useFrameworkVersion(shownId && shownId !== current.data?.id ? shownId : undefined);
  if (current.isPending) return <Loading label="Loading the framework…" />;
  if (current.error) return <ErrorAlert error={current.error} />;
  const shown = shownId === current.data.id ? current.data : other.data;
  const show = (id: string) => {
    const next = new URLSearchParams(params);
    if (id === current.data.id) next.delete("version");
    else next.set("version", id);
    setParams(next, { replace: true });
  };
  if (editing)
    return (
      <Card title={`Edit ${current.data.name}`}>
        <p className="muted">
          Saving makes version {current.data.version + 1}; rounds already opened keep the version they use.
        </p>
        <EditForm
          current={current.data}
          programId={programId}
          onDone={(v) => {
            setEditing(false);
            if (v.version !== current.data.version) setSaved(v.version);
            show(v.id);
          }}
        />
      </Card>
    );
  return (
    <div className="two-columns framework-layout">
      <Card title={shown ? `Version ${shown.version}: ${shown.name}` : "Version"}>
        {saved && <SuccessAlert>Saved as version {saved}.</SuccessAlert>}
        {shown && shown.id !== current.data.id && (
          <p className="alert" role="note">
            This is an earlier version.{" "}
            <button type="button" className="button subtle" onClick={() => show(current.data.id)}>
              Show the current one
            </button>
          </p>
        )}
        {shown?.id === current.data.id && (
          <p>
            <button
              type="button"
              className="button primary"
              onClick={() => {
                setSaved(undefined);
                setEditing(true);
              }}
            >
              Edit the framework
            </button>
          </p>
        )}
        {other.isPending && shownId !== current.data.id && <Loading />}
        {shown && (
          <ol className="quality-list">
            {shown.qualities.map((q) => (
              <QualityView key={q.key} q={q} />
            ))}
          </ol>
        )}
      </Card>
      <Versions programId={programId} shown={shown?.id ?? ""} onShow={show} />
    </div>
  );
}

export default function Framework() {
  const account = useAccount();
  const programs = usePrograms();
  const [params, setParams] = useSearchParams();
  const id = useId();
  const mine = (programs.data ?? []).filter((p) => managesProgram(account, p.id));
  const selected = mine.find((p) => p.id === params.get("program")) ?? mine[0];
  return (
    <>
      <PageHeader
        title="Framework"
        intro={
          selected ? `The qualities ${selected.name} assesses, each on a 1–5 scale with described levels.` : undefined
        }
      />
      {programs.isPending && <Loading />}
      <ErrorAlert error={programs.error} />
      {mine.length > 1 && (
        <div className="field field-inline">
          <label htmlFor={id}>Program</label>
          <select
            id={id}
            value={selected?.id}
            onChange={(e) => {
              setParams(new URLSearchParams({ program: e.target.value }), { replace: true });
            }}
          >
            {mine.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {programs.data && !selected && <EmptyState title="You organize no program." />}
      {selected && <ProgramFramework key={selected.id} programId={selected.id} />}
    </>
  );
}
