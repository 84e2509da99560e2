import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Link, useParams } from "react-router";
import { z } from "../validation";
import { api, unwrap, type Program } from "../api/client";
import { keys, useCohorts } from "../api/queries";
import { CheckinSettingsCard } from "../checkins/CheckinSettingsCard";
import { FormError, SubmitButton, TextField } from "../components/form";
import { useFormMutation } from "../components/useFormMutation";
import { Card, EmptyState, ErrorAlert, Loading, PageHeader, SuccessAlert } from "../components/ui";
import { formatDate } from "../format";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date.");

const cohortSchema = z
  .object({
    name: z.string().trim().min(1, "Name the cohort, e.g. Spring 2027."),
    starts_on: isoDate,
    ends_on: isoDate,
    timezone: z.string().trim().min(1, "Enter a time zone, e.g. Europe/Berlin or UTC."),
  })
  .refine((v) => v.ends_on >= v.starts_on, { path: ["ends_on"], message: "The end must not be before the start." });
type CohortValues = z.infer<typeof cohortSchema>;

const programSchema = z.object({
  name: z.string().trim().min(1, "Name the program.").max(200, "Use at most 200 characters."),
  description: z.string(),
  min_group_size: z.number({ error: "Enter a whole number." }).int("Enter a whole number.").min(3, "At least 3."),
  show_mentor_ratings_to_scholars: z.boolean(),
  mentors_rate_first: z.boolean(),
});
type ProgramValues = z.infer<typeof programSchema>;

function NewCohort({ programId }: { programId: string }) {
  const form = useForm<CohortValues>({
    resolver: zodResolver(cohortSchema),
    defaultValues: { name: "", starts_on: "", ends_on: "", timezone: "UTC" },
  });
  const { errors } = form.formState;
  const create = useFormMutation(form, {
    mutationFn: (v: CohortValues) =>
      unwrap(api.POST("/api/v1/programs/{id}/cohorts", { params: { path: { id: programId } }, body: v })),
    fields: ["name", "starts_on", "ends_on", "timezone"],
    resetOnSuccess: true,
    invalidate: [keys.cohorts(programId)],
  });
  return (
    <Card title="New cohort">
      <form className="form" noValidate onSubmit={create.submit}>
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
        <TextField
          label="Time zone"
          hint="Used to show times and to decide where a week begins."
          error={errors.timezone?.message}
          registration={form.register("timezone")}
        />
        <div className="form-actions">
          <SubmitButton busy={create.isPending} busyLabel="Creating…">
            Create cohort
          </SubmitButton>
        </div>
      </form>
    </Card>
  );
}

function ProgramSettings({ program }: { program: Program }) {
  const [saved, setSaved] = useState(false);
  const valuesOf = (p: Program): ProgramValues => ({
    name: p.name,
    description: p.description,
    min_group_size: p.min_group_size,
    show_mentor_ratings_to_scholars: p.show_mentor_ratings_to_scholars,
    mentors_rate_first: p.mentors_rate_first,
  });
  const form = useForm<ProgramValues>({ resolver: zodResolver(programSchema), defaultValues: valuesOf(program) });
  const { errors } = form.formState;
  const save = useFormMutation(form, {
    mutationFn: (v: ProgramValues) =>
      unwrap(api.PATCH("/api/v1/programs/{id}", { params: { path: { id: program.id } }, body: v })),
    fields: ["name", "description", "min_group_size", "show_mentor_ratings_to_scholars", "mentors_rate_first"],
    invalidate: [keys.programs],
    onSuccess: (updated) => {
      setSaved(true);
      form.reset(valuesOf(updated));
    },
    onError: () => setSaved(false),
  });
  return (
    <Card title="Program settings">
      {saved && <SuccessAlert>Saved.</SuccessAlert>}
      <form className="form" noValidate onSubmit={save.submit}>
        <FormError message={errors.root?.server?.message} />
        <TextField label="Program name" error={errors.name?.message} registration={form.register("name")} />
        <TextField
          label="Description"
          error={errors.description?.message}
          registration={form.register("description")}
        />
        <TextField
          label="Smallest group shown in reports"
          type="number"
          min={3}
          inputMode="numeric"
          hint="No aggregate is shown for a group smaller than this (at least 3)."
          error={errors.min_group_size?.message}
          registration={form.register("min_group_size", { valueAsNumber: true })}
        />
        <fieldset className="checkbox-group stacked">
          <legend>Ratings</legend>
          <label className="checkbox">
            <input type="checkbox" {...form.register("mentors_rate_first")} /> Mentors rate first: a mentor sees a
            scholar&apos;s self-rating in a round only after submitting their own rating of that scholar
          </label>
          <label className="checkbox">
            <input type="checkbox" {...form.register("show_mentor_ratings_to_scholars")} /> Scholars see their
            mentor&apos;s ratings once a round has closed
          </label>
        </fieldset>
        <div className="form-actions">
          <SubmitButton busy={save.isPending}>Save settings</SubmitButton>
        </div>
      </form>
    </Card>
  );
}

export default function ProgramDetail() {
  const { programId = "" } = useParams();
  const program = useQuery({
    queryKey: keys.program(programId),
    queryFn: () => unwrap(api.GET("/api/v1/programs/{id}", { params: { path: { id: programId } } })),
  });
  const cohorts = useCohorts(programId);

  if (program.isPending) return <Loading label="Loading the program…" />;
  if (program.error)
    return (
      <>
        <PageHeader title="Program" />
        <ErrorAlert error={program.error} />
      </>
    );

  let list;
  if (cohorts.isPending) list = <Loading label="Loading cohorts…" />;
  else if (cohorts.error) list = <ErrorAlert error={cohorts.error} />;
  else if (cohorts.data.length === 0)
    list = (
      <EmptyState title="No cohorts yet.">
        <p>A cohort is one term of the program, with dates. Create the first one here.</p>
      </EmptyState>
    );
  else
    list = (
      <ul className="item-list">
        {cohorts.data.map((c) => (
          <li key={c.id} className="item">
            <div>
              <p className="item-title">
                <Link to={`/cohorts/${c.id}`}>{c.name}</Link>
              </p>
              <p className="muted">
                {formatDate(c.starts_on)} – {formatDate(c.ends_on)} · {c.timezone}
              </p>
            </div>
          </li>
        ))}
      </ul>
    );

  return (
    <>
      <p className="breadcrumbs">
        <Link to="/programs">Programs</Link>
      </p>
      <PageHeader
        title={program.data.name}
        intro={program.data.description || undefined}
        actions={
          <Link className="button" to={`/audit?program=${programId}`}>
            Audit log
          </Link>
        }
      />
      <div className="two-columns">
        <Card title="Cohorts">{list}</Card>
        <NewCohort programId={programId} />
      </div>
      <ProgramSettings key={program.data.id + program.data.name} program={program.data} />
      <CheckinSettingsCard programId={program.data.id} />
    </>
  );
}
