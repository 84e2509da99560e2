import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Link, useParams } from "react-router";
import { z } from "../validation";
import { api, unwrap, type Cohort, type Stream } from "../api/client";
import { keys, useCohort, useStreams } from "../api/queries";
import { FormError, SubmitButton, TextField } from "../components/form";
import { useFormMutation } from "../components/useFormMutation";
import { Card, EmptyState, ErrorAlert, Loading, PageHeader, SuccessAlert } from "../components/ui";
import { formatDate } from "../format";

const nameSchema = z.object({ name: z.string().trim().min(1, "Name the stream, e.g. after its mentor or topic.") });
type NameValues = z.infer<typeof nameSchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date.");
const cohortSchema = z
  .object({
    name: z.string().trim().min(1, "Name the cohort."),
    starts_on: isoDate,
    ends_on: isoDate,
    timezone: z.string().trim().min(1, "Enter a time zone."),
  })
  .refine((v) => v.ends_on >= v.starts_on, { path: ["ends_on"], message: "The end must not be before the start." });
type CohortValues = z.infer<typeof cohortSchema>;

function NewStream({ cohortId }: { cohortId: string }) {
  const form = useForm<NameValues>({ resolver: zodResolver(nameSchema), defaultValues: { name: "" } });
  const { errors } = form.formState;
  const create = useFormMutation(form, {
    mutationFn: (v: NameValues) =>
      unwrap(api.POST("/api/v1/cohorts/{id}/streams", { params: { path: { id: cohortId } }, body: v })),
    fields: ["name"],
    resetOnSuccess: true,
    invalidate: [keys.streams(cohortId)],
  });
  return (
    <Card title="New stream">
      <form className="form" noValidate onSubmit={create.submit}>
        <FormError message={errors.root?.server?.message} />
        <TextField label="Stream name" error={errors.name?.message} registration={form.register("name")} />
        <div className="form-actions">
          <SubmitButton busy={create.isPending} busyLabel="Creating…">
            Create stream
          </SubmitButton>
        </div>
      </form>
    </Card>
  );
}

function StreamRow({ stream }: { stream: Stream }) {
  const [editing, setEditing] = useState(false);
  const form = useForm<NameValues>({ resolver: zodResolver(nameSchema), defaultValues: { name: stream.name } });
  const { errors } = form.formState;
  const rename = useFormMutation(form, {
    mutationFn: (v: NameValues) =>
      unwrap(api.PATCH("/api/v1/streams/{id}", { params: { path: { id: stream.id } }, body: v })),
    fields: ["name"],
    invalidate: [keys.streams(stream.cohort_id)],
    onSuccess: () => setEditing(false),
  });
  if (!editing)
    return (
      <li className="item">
        <div>
          <p className="item-title">{stream.name}</p>
          <p className="muted">
            <Link to={`/people?cohort=${stream.cohort_id}&stream=${stream.id}`}>Members of {stream.name}</Link>
          </p>
        </div>
        <button type="button" className="button" onClick={() => setEditing(true)} aria-label={`Rename ${stream.name}`}>
          Rename
        </button>
      </li>
    );
  return (
    <li className="item">
      <form className="form inline-form" noValidate onSubmit={rename.submit}>
        <FormError message={errors.root?.server?.message} />
        <TextField
          label={`New name for ${stream.name}`}
          autoFocus
          error={errors.name?.message}
          registration={form.register("name")}
        />
        <div className="form-actions">
          <SubmitButton busy={rename.isPending}>Save</SubmitButton>
          <button type="button" className="button subtle" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </div>
      </form>
    </li>
  );
}

function CohortSettings({ cohort }: { cohort: Cohort }) {
  const [saved, setSaved] = useState(false);
  const form = useForm<CohortValues>({
    resolver: zodResolver(cohortSchema),
    defaultValues: {
      name: cohort.name,
      starts_on: cohort.starts_on,
      ends_on: cohort.ends_on,
      timezone: cohort.timezone,
    },
  });
  const { errors } = form.formState;
  const save = useFormMutation(form, {
    mutationFn: (v: CohortValues) =>
      unwrap(api.PATCH("/api/v1/cohorts/{id}", { params: { path: { id: cohort.id } }, body: v })),
    fields: ["name", "starts_on", "ends_on", "timezone"],
    invalidate: [keys.cohort(cohort.id), keys.cohorts(cohort.program_id)],
    onSuccess: () => setSaved(true),
    onError: () => setSaved(false),
  });
  return (
    <Card title="Cohort settings">
      {saved && <SuccessAlert>Saved.</SuccessAlert>}
      <form className="form" noValidate onSubmit={save.submit}>
        <FormError message={errors.root?.server?.message} />
        <TextField label="Cohort name" error={errors.name?.message} registration={form.register("name")} />
        <div className="field-row">
          <TextField
            label="Starts on"
            type="date"
            error={errors.starts_on?.message}
            registration={form.register("starts_on")}
          />
          <TextField
            label="Ends on"
            type="date"
            error={errors.ends_on?.message}
            registration={form.register("ends_on")}
          />
        </div>
        <TextField label="Time zone" error={errors.timezone?.message} registration={form.register("timezone")} />
        <div className="form-actions">
          <SubmitButton busy={save.isPending}>Save cohort</SubmitButton>
        </div>
      </form>
    </Card>
  );
}

export default function CohortDetail() {
  const { cohortId = "" } = useParams();
  const cohort = useCohort(cohortId);
  const streams = useStreams(cohortId);

  if (cohort.isPending) return <Loading label="Loading the cohort…" />;
  if (cohort.error)
    return (
      <>
        <PageHeader title="Cohort" />
        <ErrorAlert error={cohort.error} />
      </>
    );
  const c = cohort.data;

  let list;
  if (streams.isPending) list = <Loading label="Loading streams…" />;
  else if (streams.error) list = <ErrorAlert error={streams.error} />;
  else if (streams.data.length === 0)
    list = (
      <EmptyState title="No streams yet.">
        <p>A stream is a mentor's group of scholars. Create one, then add people to it.</p>
      </EmptyState>
    );
  else
    list = (
      <ul className="item-list">
        {streams.data.map((s) => (
          <StreamRow key={s.id} stream={s} />
        ))}
      </ul>
    );

  return (
    <>
      <p className="breadcrumbs">
        <Link to="/programs">Programs</Link> / <Link to={`/programs/${c.program_id}`}>Program</Link>
      </p>
      <PageHeader
        title={c.name}
        intro={`${formatDate(c.starts_on)} – ${formatDate(c.ends_on)} · ${c.timezone}`}
        actions={
          <>
            <Link className="button" to={`/people?cohort=${c.id}`}>
              Members
            </Link>
            <Link className="button" to={`/roster-import?cohort=${c.id}`}>
              Import a roster
            </Link>
          </>
        }
      />
      <div className="two-columns">
        <Card title="Streams">{list}</Card>
        <NewStream cohortId={c.id} />
      </div>
      <CohortSettings key={c.id + c.name + c.starts_on + c.ends_on + c.timezone} cohort={c} />
    </>
  );
}
