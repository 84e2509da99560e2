// Assessment rounds of a cohort (organizers): the list with each round's state and progress,
// opening a new round, who has (not) submitted, choosing or reviewing peers, and closing early.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Link } from "react-router";
import { z } from "../validation";
import { api, unwrap, type Member } from "../api/client";
import {
  assessmentKeys,
  kindLabel,
  RATER_KINDS,
  stateLabel,
  useAssignments,
  useFrameworkVersions,
  useRounds,
  type AssessmentRound,
  type NewAssessmentRound,
} from "../api/assessments";
import { fetchAllPages, PAGE_SIZE } from "../api/paging";
import { useCohortChoices, useMembers } from "../api/queries";
import { localToRfc3339, rfc3339ToLocal } from "./logic";
import { useAccount } from "../auth/session";
import { CohortPicker, useSelectedCohort } from "../components/CohortPicker";
import { DataTable } from "../components/DataTable";
import { FormError, SelectField, showApiError, SubmitButton, TextField } from "../components/form";
import { Card, EmptyState, ErrorAlert, Loading, PageHeader, SuccessAlert } from "../components/ui";
import { formatDateTime } from "../format";

const roundSchema = z
  .object({
    name: z.string().trim().min(1, "Name the round, e.g. “Mid-term”."),
    opens_at: z.string().min(1, "Enter when the round opens."),
    closes_at: z.string().min(1, "Enter when the round closes."),
    framework_version_id: z.string(),
    rater_kinds: z.array(z.enum(["self", "mentor", "peer", "support"])).min(1, "Choose at least one kind of rater."),
    peers_per_scholar: z.coerce.number().int().min(0, "0 to 10.").max(10, "0 to 10."),
    peer_selection: z.enum(["none", "scholar", "organizer", "random"]),
  })
  .refine((v) => v.closes_at > v.opens_at, { path: ["closes_at"], message: "The round must close after it opens." })
  .refine((v) => !v.rater_kinds.includes("peer") || (v.peer_selection !== "none" && v.peers_per_scholar > 0), {
    path: ["peer_selection"],
    message: "With peer raters, choose how peers are selected and how many rate each scholar.",
  });
type RoundValues = z.input<typeof roundSchema>;

function defaults(): RoundValues {
  const now = new Date();
  now.setMinutes(0, 0, 0);
  const closes = new Date(now.getTime() + 14 * 24 * 3600 * 1000);
  return {
    name: "",
    opens_at: rfc3339ToLocal(now.toISOString()),
    closes_at: rfc3339ToLocal(closes.toISOString()),
    framework_version_id: "",
    rater_kinds: ["self", "mentor"],
    // Used only once Peers is ticked: three peers drawn at random, as every demo round does.
    peers_per_scholar: 3,
    peer_selection: "random",
  };
}

function NewRound({ cohortId, programId }: { cohortId: string; programId: string }) {
  const client = useQueryClient();
  const versions = useFrameworkVersions(programId);
  const [created, setCreated] = useState<AssessmentRound>();
  const form = useForm<RoundValues>({ resolver: zodResolver(roundSchema), defaultValues: defaults() });
  const { errors } = form.formState;
  const kinds = useWatch({ control: form.control, name: "rater_kinds" });
  const create = useMutation({
    mutationFn: (v: RoundValues) => {
      const body: NewAssessmentRound = {
        name: v.name,
        opens_at: localToRfc3339(v.opens_at),
        closes_at: localToRfc3339(v.closes_at),
        rater_kinds: v.rater_kinds,
      };
      if (v.framework_version_id) body.framework_version_id = v.framework_version_id;
      if (v.rater_kinds.includes("peer")) {
        body.peers_per_scholar = Number(v.peers_per_scholar);
        body.peer_selection = v.peer_selection;
      }
      return unwrap(api.POST("/api/v1/cohorts/{id}/assessment-rounds", { params: { path: { id: cohortId } }, body }));
    },
    onSuccess: async (r) => {
      setCreated(r);
      form.reset(defaults());
      await Promise.all([
        client.invalidateQueries({ queryKey: assessmentKeys.rounds(cohortId) }),
        client.invalidateQueries({ queryKey: assessmentKeys.due }),
      ]);
    },
    onError: (e) =>
      showApiError(e, form.setError, [
        "name",
        "opens_at",
        "closes_at",
        "rater_kinds",
        "peers_per_scholar",
        "peer_selection",
        "framework_version_id",
      ]),
  });
  const versionOptions = [
    { value: "", label: "The current version" },
    ...[...(versions.data ?? [])].reverse().map((v) => ({ value: v.id, label: `Version ${v.version}: ${v.name}` })),
  ];
  return (
    <Card title="Open a round">
      {created && (
        <SuccessAlert>
          <p>
            {created.name} is {created.state === "open" ? "open" : "scheduled"}: {created.assignments} assessments to
            fill in.
          </p>
          {(created.warnings ?? []).map((w) => (
            <p key={w}>Note: {w}</p>
          ))}
        </SuccessAlert>
      )}
      <form className="form" noValidate onSubmit={form.handleSubmit((v) => create.mutate(v))}>
        <FormError message={errors.root?.server?.message} />
        <TextField label="Round name" error={errors.name?.message} registration={form.register("name")} />
        <div className="field-row">
          <TextField
            label="Opens"
            type="datetime-local"
            error={errors.opens_at?.message}
            registration={form.register("opens_at")}
          />
          <TextField
            label="Closes"
            type="datetime-local"
            error={errors.closes_at?.message}
            registration={form.register("closes_at")}
          />
        </div>
        <SelectField
          label="Framework version"
          error={errors.framework_version_id?.message}
          registration={form.register("framework_version_id")}
          options={versionOptions}
        />
        <fieldset
          className="field checkbox-group stacked"
          aria-describedby={errors.rater_kinds ? "rater-kinds-error" : undefined}
        >
          <legend>Who rates</legend>
          {RATER_KINDS.map((k) => (
            <label key={k} className="checkbox">
              <input type="checkbox" value={k} {...form.register("rater_kinds")} />
              {k === "self"
                ? "Self (each scholar)"
                : k === "mentor"
                  ? "Mentor (their stream's scholars)"
                  : k === "peer"
                    ? "Peers"
                    : "Support (every scholar)"}
            </label>
          ))}
          {errors.rater_kinds && (
            <p className="field-error" id="rater-kinds-error">
              {errors.rater_kinds.message}
            </p>
          )}
        </fieldset>
        {kinds?.includes("peer") && (
          <div className="field-row">
            <TextField
              label="Peers per scholar"
              type="number"
              min={0}
              max={10}
              error={errors.peers_per_scholar?.message}
              registration={form.register("peers_per_scholar")}
            />
            <SelectField
              label="Peers chosen by"
              error={errors.peer_selection?.message}
              registration={form.register("peer_selection")}
              options={[
                { value: "none", label: "Choose…" },
                { value: "scholar", label: "Each scholar (from their stream)" },
                { value: "organizer", label: "Organizers" },
                { value: "random", label: "At random, within each stream" },
              ]}
            />
          </div>
        )}
        <div className="form-actions">
          <SubmitButton busy={create.isPending} busyLabel="Opening…">
            Open the round
          </SubmitButton>
        </div>
      </form>
    </Card>
  );
}

function Peers({ round, scholars }: { round: AssessmentRound; scholars: Member[] }) {
  const client = useQueryClient();
  const assignments = useAssignments(round.id);
  const form = useForm<{ subject_id: string; rater_id: string }>({ defaultValues: { subject_id: "", rater_id: "" } });
  const { errors } = form.formState;
  const nominate = useMutation({
    mutationFn: (v: { subject_id: string; rater_id: string }) =>
      unwrap(
        api.POST("/api/v1/assessment-rounds/{id}/peer-nominations", { params: { path: { id: round.id } }, body: v }),
      ),
    onSuccess: async () => {
      form.reset();
      await Promise.all([
        client.invalidateQueries({ queryKey: assessmentKeys.assignments(round.id) }),
        client.invalidateQueries({ queryKey: assessmentKeys.rounds(round.cohort_id) }),
      ]);
    },
    onError: (e) => showApiError(e, form.setError, ["subject_id", "rater_id"]),
  });
  const name = (id: string) => scholars.find((m) => m.user_id === id)?.display_name ?? "Unknown";
  const peers = (assignments.data ?? []).filter((a) => a.rater_kind === "peer");
  const options = [
    { value: "", label: "Choose…" },
    ...scholars.map((m) => ({ value: m.user_id, label: m.display_name })),
  ];
  return (
    <details className="peers">
      <summary>
        Peers of {round.name} ({peers.length})
      </summary>
      {/* Only counts: which peer has submitted is the peer's own business. */}
      <p className="muted">
        {round.peer_submitted ?? 0} of {round.peer_assignments ?? 0} peer assessments submitted
      </p>
      {assignments.isPending && <Loading />}
      <ErrorAlert error={assignments.error} />
      {peers.length === 0 && !assignments.isPending && <p className="muted">No peer raters yet.</p>}
      {peers.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Scholar</th>
                <th scope="col">Rated by</th>
              </tr>
            </thead>
            <tbody>
              {peers.map((a) => (
                <tr key={a.id}>
                  <td data-label="Scholar">{name(a.subject_id)}</td>
                  <td data-label="Rated by">{name(a.rater_id)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {round.peer_selection === "organizer" && round.state !== "closed" && (
        <form className="form" noValidate onSubmit={form.handleSubmit((v) => nominate.mutate(v))}>
          <FormError message={errors.root?.server?.message} />
          <div className="field-row">
            <SelectField
              label="Scholar"
              error={errors.subject_id?.message}
              registration={form.register("subject_id")}
              options={options}
            />
            <SelectField
              label="Rated by (peer)"
              error={errors.rater_id?.message}
              registration={form.register("rater_id")}
              options={options}
            />
          </div>
          <div className="form-actions">
            <SubmitButton busy={nominate.isPending}>Add peer rater</SubmitButton>
          </div>
        </form>
      )}
      {round.peer_selection === "scholar" && (
        <p className="muted">Scholars choose their peers on their assessments page.</p>
      )}
      {round.peer_selection === "random" && (
        <p className="muted">Peers were drawn at random within each stream when the round was opened.</p>
      )}
    </details>
  );
}

/** Who has not submitted yet, by kind of rater; peers only as counts (which peer rated whom is theirs). */
function RoundProgress({ round }: { round: AssessmentRound }) {
  const [open, setOpen] = useState(false);
  const [pendingOnly, setPendingOnly] = useState(true);
  const [kind, setKind] = useState<"" | "self" | "mentor" | "support">("");
  const pendingId = useId();
  const kindId = useId();
  const progress = useQuery({
    queryKey: [...assessmentKeys.round(round.id), "progress", kind, pendingOnly],
    enabled: open,
    queryFn: () =>
      fetchAllPages((cursor) =>
        unwrap(
          api.GET("/api/v1/assessment-rounds/{id}/progress", {
            params: {
              path: { id: round.id },
              query: { limit: PAGE_SIZE, cursor, ...(kind ? { kind } : {}), pending: pendingOnly },
            },
          }),
        ),
      ),
  });
  const kinds = round.rater_kinds.filter((k): k is "self" | "mentor" | "support" => k !== "peer");
  return (
    <details className="peers" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Who has submitted</summary>
      <div className="filters" aria-label={`Filter the raters of ${round.name}`}>
        <div className="field-check">
          <input
            id={pendingId}
            type="checkbox"
            checked={pendingOnly}
            onChange={(e) => setPendingOnly(e.target.checked)}
          />
          <label htmlFor={pendingId}>Only those who have not submitted</label>
        </div>
        <div className="field">
          <label htmlFor={kindId}>Raters</label>
          <select id={kindId} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <option value="">All kinds</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {progress.isPending && open && <Loading label="Loading…" />}
      <ErrorAlert error={progress.error} />
      {progress.data && progress.data.length === 0 && (
        <p className="muted">{pendingOnly ? "Everyone has submitted." : "No assessments in this round."}</p>
      )}
      {progress.data && progress.data.length > 0 && (
        <DataTable
          caption={`Raters of ${round.name}`}
          head={["Rater", "Kind", "Rates", "Status"]}
          rowKeys={progress.data.map((p) => p.assessment_id)}
          rows={progress.data.map((p) => [
            p.rater_name,
            kindLabel(p.rater_kind),
            p.rater_kind === "self" ? "Themselves" : p.subject_name,
            p.status === "submitted" && p.submitted_at
              ? `Submitted ${formatDateTime(p.submitted_at)}`
              : p.status === "draft"
                ? "Started, not submitted"
                : "Not started",
          ])}
        />
      )}
    </details>
  );
}

function RoundItem({ round, scholars }: { round: AssessmentRound; scholars: Member[] }) {
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const close = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/assessment-rounds/{id}/closure", { params: { path: { id: round.id } } })),
    onSuccess: async () => {
      setConfirming(false);
      await Promise.all([
        client.invalidateQueries({ queryKey: assessmentKeys.rounds(round.cohort_id) }),
        client.invalidateQueries({ queryKey: assessmentKeys.due }),
      ]);
    },
  });
  return (
    <li className="item round-item">
      <div>
        <p className="item-title">
          {round.name} <span className={`badge state-${round.state}`}>{stateLabel(round.state)}</span>
        </p>
        <p className="muted">
          {formatDateTime(round.opens_at)} – {formatDateTime(round.closed_at ?? round.closes_at)}
          {round.closed_at ? " (closed early)" : ""}
        </p>
        <p className="muted">
          Raters: {round.rater_kinds.map(kindLabel).join(", ")}
          {round.rater_kinds.includes("peer")
            ? ` (${round.peers_per_scholar} per scholar, chosen by ${round.peer_selection})`
            : ""}{" "}
          · {round.submitted} of {round.assignments} submitted
        </p>
        <RoundProgress round={round} />
        {round.rater_kinds.includes("peer") && <Peers round={round} scholars={scholars} />}
        <ErrorAlert error={close.error} />
      </div>
      <div className="row-actions">
        {round.state !== "scheduled" && (
          <Link
            className="button"
            to={`/reports/cohort?cohort=${round.cohort_id}&round=${round.id}`}
            aria-label={`Report of ${round.name}`}
          >
            Report
          </Link>
        )}
        {round.state !== "closed" &&
          (confirming ? (
            <span className="confirm">
              <button type="button" className="button danger" onClick={() => close.mutate()} disabled={close.isPending}>
                Confirm: close {round.name} now
              </button>
              <button type="button" className="button subtle" onClick={() => setConfirming(false)}>
                Keep it open
              </button>
            </span>
          ) : (
            <button type="button" className="button" onClick={() => setConfirming(true)}>
              Close {round.name} early
            </button>
          ))}
      </div>
    </li>
  );
}

export default function Rounds() {
  const account = useAccount();
  const { choices, isLoading, error } = useCohortChoices(account, "manage");
  const selected = useSelectedCohort(choices);
  const rounds = useRounds(selected?.cohort.id);
  const scholars = useMembers(selected?.cohort.id, { role: "scholar" });
  return (
    <>
      <PageHeader
        title="Assessment rounds"
        intro={selected ? `${selected.program.name} — ${selected.cohort.name}` : undefined}
      />
      {isLoading && <Loading label="Loading cohorts…" />}
      <ErrorAlert error={error} />
      <CohortPicker choices={choices} selected={selected} />
      {!isLoading && !selected && <EmptyState title="You organize no cohort." />}
      {selected && (
        <div className="two-columns">
          <Card title="Rounds">
            {rounds.isPending && <Loading label="Loading rounds…" />}
            <ErrorAlert error={rounds.error} />
            {rounds.data?.length === 0 && (
              <EmptyState title="No rounds yet.">
                <p>Open the first round: scholars rate themselves, mentors rate their stream.</p>
              </EmptyState>
            )}
            {rounds.data && rounds.data.length > 0 && (
              <ul className="item-list">
                {[...rounds.data].reverse().map((r) => (
                  <RoundItem key={r.id} round={r} scholars={scholars.data ?? []} />
                ))}
              </ul>
            )}
          </Card>
          <NewRound key={selected.cohort.id} cohortId={selected.cohort.id} programId={selected.program.id} />
        </div>
      )}
    </>
  );
}
