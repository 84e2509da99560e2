// The rater's page: what is due, every assessment of the rounds they take part in (to change a
// submission until the round closes, or read it after), choosing peers when a round lets scholars
// choose, and — for mentors — the reports of their scholars.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Link } from "react-router";
import { api, unwrap, type Account, type Grant } from "../api/client";
import {
  assessmentKeys,
  byKindThenName,
  kindLabel,
  stateLabel,
  useAssignments,
  useRounds,
  type AssessmentRound,
} from "../api/assessments";
import { useCohort, useMembers } from "../api/queries";
import { DueList } from "./DueList";
import { useAccount } from "../auth/session";
import { FormError, SelectField, showApiError, SubmitButton } from "../components/form";
import { Card, EmptyState, ErrorAlert, Loading, PageHeader, SuccessAlert } from "../components/ui";
import { formatDate } from "../format";

function RoundAssignments({ round, account }: { round: AssessmentRound; account: Account }) {
  const assignments = useAssignments(round.id);
  const members = useMembers(round.cohort_id, { role: "scholar" });
  if (assignments.isPending) return <Loading label="Loading your assessments…" />;
  if (assignments.error) return <ErrorAlert error={assignments.error} />;
  const name = (id: string) => members.data?.find((m) => m.user_id === id)?.display_name ?? "A scholar";
  const mine = assignments.data
    .filter((a) => a.rater_id === account.id)
    .sort(
      byKindThenName(
        (a) => a.rater_kind,
        (a) => name(a.subject_id),
      ),
    );
  if (mine.length === 0) return <p className="muted">You rate nobody in this round.</p>;
  return (
    <ul className="item-list">
      {mine.map((a) => {
        const who =
          a.rater_kind === "self"
            ? "Your self-assessment"
            : `${name(a.subject_id)} (${kindLabel(a.rater_kind).toLowerCase()})`;
        const action = round.state === "closed" ? "View" : a.status === "submitted" ? "Change" : "Fill in";
        return (
          <li key={a.id} className="item">
            <div>
              <p className="item-title">{who}</p>
              <p className="muted">
                {a.status === "submitted" ? "Submitted" : a.status === "draft" ? "Draft" : "Not started"}
              </p>
            </div>
            {round.state !== "scheduled" && (
              <Link className="button" to={`/assessments/${a.id}`} aria-label={`${action}: ${who}, ${round.name}`}>
                {action}
              </Link>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function ChoosePeers({ round, grant, account }: { round: AssessmentRound; grant: Grant; account: Account }) {
  const client = useQueryClient();
  const members = useMembers(round.cohort_id, { role: "scholar", streamId: grant.stream_id });
  const [done, setDone] = useState<string>();
  const form = useForm<{ rater_id: string }>({ defaultValues: { rater_id: "" } });
  const { errors } = form.formState;
  const nominate = useMutation({
    mutationFn: (v: { rater_id: string }) =>
      unwrap(
        api.POST("/api/v1/assessment-rounds/{id}/peer-nominations", {
          params: { path: { id: round.id } },
          body: { subject_id: account.id, rater_id: v.rater_id },
        }),
      ),
    onSuccess: async (_, v) => {
      setDone(members.data?.find((m) => m.user_id === v.rater_id)?.display_name);
      form.reset();
      await client.invalidateQueries({ queryKey: assessmentKeys.round(round.id) });
    },
    onError: (e) => {
      setDone(undefined);
      showApiError(e, form.setError, ["rater_id"]);
    },
  });
  const peers = (members.data ?? []).filter((m) => m.user_id !== account.id && m.stream_id === grant.stream_id);
  return (
    <div className="sub-section">
      <h3>Choose who rates you</h3>
      <p className="muted">
        In {round.name} you choose up to {round.peers_per_scholar} peers from your stream to rate you.
      </p>
      {done && <SuccessAlert>{done} will rate you in this round.</SuccessAlert>}
      <form
        className="form inline-form"
        noValidate
        onSubmit={form.handleSubmit((v) => {
          if (!v.rater_id) form.setError("rater_id", { message: "Choose a peer." });
          else nominate.mutate(v);
        })}
      >
        <FormError message={errors.root?.server?.message} />
        <SelectField
          label="Peer"
          error={errors.rater_id?.message}
          registration={form.register("rater_id")}
          options={[
            { value: "", label: "Choose a peer…" },
            ...peers.map((m) => ({ value: m.user_id, label: m.display_name })),
          ]}
        />
        <div className="form-actions">
          <SubmitButton busy={nominate.isPending}>Ask this peer</SubmitButton>
        </div>
      </form>
    </div>
  );
}

function MentorReports({ grant }: { grant: Grant }) {
  const scholars = useMembers(grant.cohort_id, { role: "scholar", streamId: grant.stream_id });
  if (scholars.isPending) return <Loading label="Loading your scholars…" />;
  if (scholars.error) return <ErrorAlert error={scholars.error} />;
  const mine = scholars.data.filter((m) => m.stream_id === grant.stream_id);
  if (mine.length === 0) return null;
  return (
    <div className="sub-section">
      <h3>Your scholars' reports</h3>
      <ul className="people">
        {mine.map((m) => (
          <li key={m.user_id}>
            <Link to={`/cohorts/${grant.cohort_id}/scholars/${m.user_id}/report`}>Report of {m.display_name}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

function CohortRounds({ cohortId, account }: { cohortId: string; account: Account }) {
  const cohort = useCohort(cohortId);
  const rounds = useRounds(cohortId);
  const grants = account.roles.filter((g) => g.cohort_id === cohortId);
  const scholarGrant = grants.find((g) => g.role === "scholar");
  const mentorGrant = grants.find((g) => g.role === "mentor" && g.stream_id);
  const rates = grants.some((g) => g.role === "scholar" || g.role === "mentor" || g.role === "support");
  return (
    <Card title={cohort.data ? `Rounds of ${cohort.data.name}` : "Rounds"}>
      {rounds.isPending && <Loading label="Loading rounds…" />}
      <ErrorAlert error={rounds.error} />
      {rounds.data && rounds.data.length === 0 && <EmptyState title="No assessment rounds yet." />}
      {rates &&
        rounds.data
          ?.slice()
          .reverse()
          .map((r) => (
            <div key={r.id} className="sub-section">
              <h3>
                {r.name} <span className={`badge state-${r.state}`}>{stateLabel(r.state)}</span>
              </h3>
              <p className="muted">
                {formatDate(r.opens_at)} – {formatDate(r.closed_at ?? r.closes_at)}
              </p>
              <RoundAssignments round={r} account={account} />
              {scholarGrant &&
                r.state === "open" &&
                r.peer_selection === "scholar" &&
                r.rater_kinds.includes("peer") && <ChoosePeers round={r} grant={scholarGrant} account={account} />}
            </div>
          ))}
      {scholarGrant && (
        <p>
          <Link to={`/cohorts/${cohortId}/scholars/${account.id}/report`}>Your report: self vs mentor and growth</Link>
        </p>
      )}
      {mentorGrant && <MentorReports grant={mentorGrant} />}
    </Card>
  );
}

export default function Assessments() {
  const account = useAccount();
  const cohortIds = [...new Set(account.roles.map((g) => g.cohort_id))];
  return (
    <>
      <PageHeader
        title="Assessments"
        intro="Rate yourself and the scholars you work with on the program's qualities."
      />
      <Card>
        <DueList />
      </Card>
      {cohortIds.map((id) => (
        <CohortRounds key={id} cohortId={id} account={account} />
      ))}
    </>
  );
}
