import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { Link, useSearchParams } from "react-router";
import { z } from "../validation";
import { api, ROLES, unwrap, type Member, type OneTimeLink, type Role, type Stream } from "../api/client";
import { keys, useCohortChoices, useMembers, useStreams, type CohortChoice } from "../api/queries";
import { managesProgram } from "../auth/access";
import { useAccount } from "../auth/session";
import { CohortPicker, useSelectedCohort } from "../components/CohortPicker";
import { DataTable } from "../components/DataTable";
import { FormError, SelectField, showApiError, SubmitButton, TextField } from "../components/form";
import { Card, EmptyState, ErrorAlert, Loading, PageHeader } from "../components/ui";
import { roleLabel } from "../format";

const roleOptions = ROLES.map((r) => ({ value: r, label: roleLabel(r) }));

const personSchema = z.object({
  email: z.string().trim().email("Enter a valid email address."),
  display_name: z.string().trim(),
  role: z.enum(ROLES as [Role, ...Role[]]),
  stream_id: z.string(),
});
type PersonValues = z.infer<typeof personSchema>;

function streamOptions(streams: Stream[] | undefined) {
  return [{ value: "", label: "No stream" }, ...(streams ?? []).map((s) => ({ value: s.id, label: s.name }))];
}

/** Adds a person at once (the account is created when needed) or sends an invitation link. */
function AddPerson({
  cohortId,
  streams,
  mode,
}: {
  cohortId: string;
  streams: Stream[] | undefined;
  mode: "add" | "invite";
}) {
  const client = useQueryClient();
  const [link, setLink] = useState<OneTimeLink | undefined>();
  const form = useForm<PersonValues>({
    resolver: zodResolver(
      mode === "invite"
        ? personSchema.extend({ display_name: z.string().trim().min(1, "Enter the person's name.") })
        : personSchema,
    ),
    defaultValues: { email: "", display_name: "", role: "scholar", stream_id: "" },
  });
  const { errors } = form.formState;
  const submit = useMutation({
    mutationFn: async (v: PersonValues) => {
      const body = {
        email: v.email,
        display_name: v.display_name,
        role: v.role,
        ...(v.stream_id ? { stream_id: v.stream_id } : {}),
      };
      const path = { id: cohortId };
      if (mode === "invite") {
        return unwrap(api.POST("/api/v1/cohorts/{id}/invitations", { params: { path }, body }));
      }
      const { display_name, ...rest } = body;
      await unwrap(
        api.POST("/api/v1/cohorts/{id}/members", {
          params: { path },
          body: display_name ? { ...rest, display_name } : rest,
        }),
      );
      return undefined;
    },
    onSuccess: async (result) => {
      setLink(result);
      form.reset();
      await client.invalidateQueries({ queryKey: keys.members(cohortId) });
    },
    onError: (e) => showApiError(e, form.setError, ["email", "display_name", "role", "stream_id"]),
  });
  const title = mode === "invite" ? "Invite by link" : "Add a member";
  return (
    <Card title={title}>
      <p className="muted">
        {mode === "invite"
          ? "The person opens the link, chooses a password and joins. The link works once, for 7 days."
          : "Adds the person at once. A new account has no password until the person opens an invitation link (“Make invitation links”)."}
      </p>
      {link && (
        <div className="alert alert-success" role="status">
          <p className="alert-title">Invitation for {link.email} created. Send this link:</p>
          <p>
            <code className="secret">{window.location.origin + link.path}</code>
          </p>
        </div>
      )}
      <form className="form" noValidate onSubmit={form.handleSubmit((v) => submit.mutate(v))} aria-label={title}>
        <FormError message={errors.root?.server?.message} />
        <TextField
          label="Email"
          type="email"
          autoComplete="off"
          error={errors.email?.message}
          registration={form.register("email")}
        />
        <TextField
          label="Name"
          autoComplete="off"
          hint={mode === "add" ? "Needed when the person has no account yet." : undefined}
          error={errors.display_name?.message}
          registration={form.register("display_name")}
        />
        <div className="field-row">
          <SelectField
            label="Role"
            options={roleOptions}
            error={errors.role?.message}
            registration={form.register("role")}
          />
          <SelectField
            label="Stream"
            options={streamOptions(streams)}
            error={errors.stream_id?.message}
            registration={form.register("stream_id")}
          />
        </div>
        <div className="form-actions">
          <SubmitButton busy={submit.isPending}>{mode === "invite" ? "Create invitation" : "Add member"}</SubmitButton>
        </div>
      </form>
    </Card>
  );
}

const STATUS_LABELS: Record<NonNullable<Member["status"]>, string> = {
  invited: "Invited",
  never_signed_in: "Never signed in",
  active: "Active",
  disabled: "Disabled",
};

/** Changes a member's role and stream in place; the server audits the change. */
function MemberEditor({ member, streams }: { member: Member; streams: Stream[] | undefined }) {
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [role, setRole] = useState<Role>(member.role);
  const [stream, setStream] = useState(member.stream_id ?? "");
  const roleId = useId();
  const streamId = useId();
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/api/v1/memberships/{id}", {
          params: { path: { id: member.id } },
          body: { role, stream_id: stream || null },
        }),
      ),
    onSuccess: async () => {
      setEditing(false);
      await client.invalidateQueries({ queryKey: keys.members(member.cohort_id) });
    },
  });
  if (!editing)
    return (
      <button
        type="button"
        className="button subtle"
        onClick={() => setEditing(true)}
        aria-label={`Change role or stream of ${member.display_name}`}
      >
        Change
      </button>
    );
  return (
    <form
      className="inline-form"
      aria-label={`Role and stream of ${member.display_name}`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <label className="visually-hidden" htmlFor={roleId}>
        Role
      </label>
      <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as Role)}>
        {roleOptions.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <label className="visually-hidden" htmlFor={streamId}>
        Stream
      </label>
      <select id={streamId} value={stream} onChange={(e) => setStream(e.target.value)}>
        {streamOptions(streams).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <button type="submit" className="button" disabled={save.isPending}>
        Save
      </button>
      <button type="button" className="button subtle" onClick={() => setEditing(false)}>
        Cancel
      </button>
      {save.error && <span className="field-error">{(save.error as Error).message}</span>}
    </form>
  );
}

/** One invitation link per member who has no password yet, to copy and send. Members who never
 * signed in but have a password need the sign-in address, not a link. */
function InviteNeverSignedIn({
  cohortId,
  waiting,
  withPassword,
}: {
  cohortId: string;
  waiting: number;
  withPassword: number;
}) {
  const client = useQueryClient();
  const [copied, setCopied] = useState<string | undefined>();
  const batch = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/cohorts/{id}/invitation-batches", { params: { path: { id: cohortId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.members(cohortId) }),
  });
  const copy = async (id: string, text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(id);
    } catch {
      // No clipboard (an insecure origin, or permission refused): the link stays selectable.
      setCopied(undefined);
    }
  };
  const result = batch.data;
  return (
    <Card title="Invite people who have no password yet">
      <p className="muted">
        {waiting === 0
          ? "Nobody needs an invitation link: everyone here has a password."
          : `${waiting === 1 ? "1 member has" : `${waiting} members have`} no password yet. Each gets a link that works once, for 7 days, to choose one.`}
        {withPassword > 0 &&
          ` ${withPassword === 1 ? "1 member has" : `${withPassword} members have`} a password but never signed in: send them the sign-in address (an administrator's reset link helps anyone who forgot it).`}
      </p>
      <div className="form-actions">
        <button
          type="button"
          className="button"
          disabled={batch.isPending || waiting === 0}
          onClick={() => batch.mutate()}
        >
          Make invitation links
        </button>
      </div>
      {batch.error && <ErrorAlert error={batch.error} />}
      {result && (
        <>
          <p role="status">
            {result.invitations.length === 1 ? "1 link" : `${result.invitations.length} links`} made. Send each person
            their own.
          </p>
          {result.invitations.length > 0 && (
            <DataTable
              caption="Invitation links"
              head={["Name", "Email", "Link", ""]}
              rowKeys={result.invitations.map((i) => i.id)}
              rows={result.invitations.map((i) => {
                const url = window.location.origin + i.path;
                return [
                  i.display_name,
                  i.email,
                  <code className="secret" key="link">
                    {url}
                  </code>,
                  <button
                    key="copy"
                    type="button"
                    className="button subtle"
                    onClick={() => void copy(i.id, url)}
                    aria-label={`Copy the link for ${i.display_name}`}
                  >
                    {copied === i.id ? "Copied" : "Copy"}
                  </button>,
                ];
              })}
            />
          )}
          {notInvited(result.not_invited).map(([reason, names]) => (
            <p key={reason} className="muted">
              Not invited: {names.join(", ")}. {reason}
            </p>
          ))}
        </>
      )}
    </Card>
  );
}

/** The people a batch left out, one line per reason rather than the reason on every row. */
function notInvited(rows: readonly { display_name: string; reason: string }[]): [string, string[]][] {
  const byReason = new Map<string, string[]>();
  for (const r of rows) byReason.set(r.reason, [...(byReason.get(r.reason) ?? []), r.display_name]);
  return [...byReason.entries()];
}

function RemoveButton({ member }: { member: Member }) {
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/memberships/{id}", { params: { path: { id: member.id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: keys.members(member.cohort_id) }),
  });
  const who = `${member.display_name} as ${roleLabel(member.role).toLowerCase()}`;
  if (remove.error) return <span className="field-error">{(remove.error as Error).message}</span>;
  if (!confirming)
    return (
      <button type="button" className="button subtle" onClick={() => setConfirming(true)} aria-label={`Remove ${who}`}>
        Remove
      </button>
    );
  return (
    <span className="confirm">
      <button
        type="button"
        className="button danger"
        autoFocus
        disabled={remove.isPending}
        onClick={() => remove.mutate()}
        aria-label={`Confirm: remove ${who}`}
      >
        Confirm
      </button>
      <button type="button" className="button subtle" onClick={() => setConfirming(false)}>
        Keep
      </button>
    </span>
  );
}

function Roster({ choice, manages }: { choice: CohortChoice; manages: boolean }) {
  const [params, setParams] = useSearchParams();
  const searchId = useId();
  const roleId = useId();
  const streamId = useId();
  const role = (params.get("role") || undefined) as Role | undefined;
  const stream = params.get("stream") || undefined;
  const search = params.get("q") ?? "";
  const cohortId = choice.cohort.id;
  const streams = useStreams(cohortId);
  const members = useMembers(cohortId, { role, streamId: stream });

  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  const needle = search.trim().toLowerCase();
  const shown = (members.data ?? []).filter(
    (m) => !needle || m.display_name.toLowerCase().includes(needle) || m.email.toLowerCase().includes(needle),
  );
  const streamName = new Map((streams.data ?? []).map((s) => [s.id, s.name]));

  let table;
  if (members.isPending) table = <Loading label="Loading members…" />;
  else if (members.error) table = <ErrorAlert error={members.error} />;
  else if (shown.length === 0)
    table =
      members.data.length === 0 && !role && !stream ? (
        <EmptyState title="Nobody in this cohort yet.">
          {manages ? (
            <p>
              Add people one by one below, send invitation links, or{" "}
              <Link to={`/roster-import?cohort=${cohortId}`}>import a roster</Link>.
            </p>
          ) : (
            <p>People appear here once the organizers add them.</p>
          )}
        </EmptyState>
      ) : (
        <EmptyState title="Nobody matches these filters.">
          <p>Clear the search or choose another role or stream.</p>
        </EmptyState>
      );
  else
    table = (
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Members of {choice.cohort.name}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Stream</th>
              {manages && <th scope="col">Status</th>}
              {manages && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {shown.map((m) => (
              <tr key={m.id}>
                <td data-label="Name">{m.display_name}</td>
                <td data-label="Email">{m.email}</td>
                <td data-label="Role">{roleLabel(m.role)}</td>
                <td data-label="Stream">{m.stream_id ? (streamName.get(m.stream_id) ?? "—") : "—"}</td>
                {manages && <td data-label="Status">{m.status ? STATUS_LABELS[m.status] : "—"}</td>}
                {manages && (
                  <td className="actions">
                    <MemberEditor member={m} streams={streams.data} />
                    <RemoveButton member={m} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );

  return (
    <>
      <div className="filters" role="search" aria-label="Filter members">
        <div className="field">
          <label htmlFor={searchId}>Search</label>
          <input
            id={searchId}
            type="search"
            placeholder="Name or email"
            value={search}
            onChange={(e) => setParam("q", e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={roleId}>Role</label>
          <select id={roleId} value={role ?? ""} onChange={(e) => setParam("role", e.target.value)}>
            <option value="">All roles</option>
            {roleOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={streamId}>Stream</label>
          <select id={streamId} value={stream ?? ""} onChange={(e) => setParam("stream", e.target.value)}>
            <option value="">All streams</option>
            {(streams.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="muted" aria-live="polite">
        {members.data ? `${shown.length} of ${members.data.length} shown` : ""}
      </p>
      {table}
      {manages && members.data && (
        <InviteNeverSignedIn
          cohortId={cohortId}
          waiting={members.data.filter((m) => m.needs_invitation).length}
          withPassword={
            members.data.filter(
              (m) => !m.needs_invitation && (m.status === "never_signed_in" || m.status === "invited"),
            ).length
          }
        />
      )}
      {manages && (
        <div className="two-columns">
          <AddPerson cohortId={cohortId} streams={streams.data} mode="invite" />
          <AddPerson cohortId={cohortId} streams={streams.data} mode="add" />
        </div>
      )}
    </>
  );
}

export default function Members() {
  const account = useAccount();
  const { choices, isLoading, error } = useCohortChoices(account, "member");
  const selected = useSelectedCohort(choices);
  const manages = selected ? managesProgram(account, selected.program.id) : false;

  let body;
  if (isLoading) body = <Loading label="Loading cohorts…" />;
  else if (error) body = <ErrorAlert error={error} />;
  else if (!selected)
    body = (
      <EmptyState title="You are not in any cohort yet.">
        <p>Once an organizer adds you to a cohort, its people appear here.</p>
      </EmptyState>
    );
  else body = <Roster key={selected.cohort.id} choice={selected} manages={manages} />;

  return (
    <>
      <PageHeader
        title="People"
        intro={selected ? `${selected.program.name} — ${selected.cohort.name}` : "The people of your cohort."}
        actions={
          manages && selected ? (
            <Link className="button" to={`/roster-import?cohort=${selected.cohort.id}`}>
              Import a roster
            </Link>
          ) : undefined
        }
      />
      <CohortPicker choices={choices} selected={selected} />
      {body}
    </>
  );
}
