// The home page: what this person holds in each cohort, and per role what Trellis will show them.
// Sections for features that have not arrived yet are empty states that say what will appear.
import { useQueries } from "@tanstack/react-query";
import { differenceInCalendarDays, parseISO } from "date-fns";
import { Link } from "react-router";
import { api, ROLES, unwrap, type Account, type Cohort, type Grant, type Role } from "../api/client";
import { keys, useMembers } from "../api/queries";
import { useAccount } from "../auth/session";
import { DueList } from "../assess/DueList";
import { CheckinDue } from "../checkins/CheckinDue";
import { SupportFlags } from "../checkins/SupportFlags";
import { LazyChart } from "../charts/LazyChart";
import { Card, EmptyState, ErrorAlert, Loading, PageHeader } from "../components/ui";
import { formatDate, roleLabel } from "../format";
import { DueStudies } from "../studies/DueStudies";

function cohortPhase(c: Cohort, today = new Date()): string {
  const start = parseISO(c.starts_on);
  const end = parseISO(c.ends_on);
  if (today < start) return `starts in ${differenceInCalendarDays(start, today)} days`;
  if (today > end) return "ended";
  const week = Math.floor(differenceInCalendarDays(today, start) / 7) + 1;
  const weeks = Math.ceil((differenceInCalendarDays(end, start) + 1) / 7);
  return `week ${week} of ${weeks}`;
}

function useGrantedCohorts(account: Account) {
  const ids = [...new Set(account.roles.map((g) => g.cohort_id))];
  const queries = useQueries({
    queries: ids.map((id) => ({
      queryKey: keys.cohort(id),
      queryFn: () => unwrap(api.GET("/api/v1/cohorts/{id}", { params: { path: { id } } })),
    })),
  });
  return {
    cohorts: queries.flatMap((q) => (q.data ? [q.data] : [])),
    isLoading: queries.some((q) => q.isPending),
    error: queries.find((q) => q.error)?.error,
  };
}

function StreamPeople({ grant, title, role }: { grant: Grant; title: string; role?: Role }) {
  const members = useMembers(grant.cohort_id, { streamId: grant.stream_id, role });
  if (members.isPending) return <Loading label="Loading your stream…" />;
  if (members.error) return <ErrorAlert error={members.error} />;
  const people = members.data.filter((m) => m.stream_id === grant.stream_id);
  if (people.length === 0) return <EmptyState title={`${title}: nobody yet.`} />;
  return (
    <>
      <h3>{title}</h3>
      <ul className="people">
        {people.map((m) => (
          <li key={m.id}>
            <span className="person-name">{m.display_name}</span>{" "}
            <span className="muted">
              {roleLabel(m.role)} · {m.email}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

function RosterChart({ cohort }: { cohort: Cohort }) {
  const members = useMembers(cohort.id);
  if (members.isPending) return <Loading label="Loading the roster…" />;
  if (members.error) return <ErrorAlert error={members.error} />;
  const counts = ROLES.map((r) => members.data.filter((m) => m.role === r).length);
  if (members.data.length === 0)
    return (
      <EmptyState title={`${cohort.name} has no members yet.`}>
        <p>
          <Link to={`/roster-import?cohort=${cohort.id}`}>Import a roster</Link> or{" "}
          <Link to={`/people?cohort=${cohort.id}`}>invite people</Link>.
        </p>
      </EmptyState>
    );
  return (
    <LazyChart
      label={`${cohort.name}: members by role`}
      height={220}
      option={{
        grid: { left: 80, right: 24, top: 8, bottom: 24 },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: ROLES.map(roleLabel), inverse: true },
        tooltip: { trigger: "axis" },
        series: [{ type: "bar", data: counts, name: "Members" }],
      }}
      description={
        <ul>
          {ROLES.map((r, i) => (
            <li key={r}>
              {roleLabel(r)}: {counts[i]}
            </li>
          ))}
        </ul>
      }
    />
  );
}

function RoleSection({ role, grants, cohorts }: { role: Role; grants: Grant[]; cohorts: Cohort[] }) {
  const streamGrant = grants.find((g) => g.stream_id);
  const managed = role === "organizer" ? cohorts.filter((c) => grants.some((g) => g.program_id === c.program_id)) : [];
  return (
    <Card
      title={`As ${role === "alumnus" || role === "organizer" || role === "analyst" ? "an" : "a"} ${roleLabel(role).toLowerCase()}`}
    >
      {role === "scholar" && streamGrant && <StreamPeople grant={streamGrant} title="Your stream" />}
      {role === "mentor" && streamGrant && <StreamPeople grant={streamGrant} title="Your scholars" role="scholar" />}
      {role === "mentor" && streamGrant?.stream_id && <SupportFlags streamId={streamGrant.stream_id} />}
      {role === "mentor" && (
        <p className="quick-links">
          <Link to="/assessments">Your assessments and your scholars' reports</Link> ·{" "}
          <Link to="/reports/cohort">Cohort report</Link>
        </p>
      )}
      {role === "scholar" && (
        <p className="quick-links">
          <Link to="/growth">Your report: self vs mentor and growth</Link> ·{" "}
          <Link to="/checkins">Your check-ins and trend</Link> · <Link to="/checkins/privacy">What you share</Link>
        </p>
      )}
      {role === "organizer" && (
        <>
          {managed.map((c) => (
            <RosterChart key={c.id} cohort={c} />
          ))}
          <p className="quick-links">
            <Link to="/programs">Programs and cohorts</Link> · <Link to="/roster-import">Import a roster</Link> ·{" "}
            <Link to="/rounds">Assessment rounds</Link> · <Link to="/framework">Framework</Link> ·{" "}
            <Link to="/reports/cohort">Cohort report</Link> · <Link to="/reports/checkins">Check-in report</Link> ·{" "}
            <Link to="/studies">Studies</Link> · <Link to="/audit">Audit log</Link>
          </p>
        </>
      )}
      {role === "support" && (
        <p className="quick-links">
          <Link to="/support">The support queue: alerts and requests for a conversation</Link> ·{" "}
          <Link to="/assessments">Your assessments of the cohort's scholars</Link>
        </p>
      )}
      {role === "alumnus" && (
        <p className="quick-links">
          <Link to="/people">The people of your cohort</Link>
        </p>
      )}
      {role === "analyst" && (
        <p className="quick-links">
          Your cohort's interview and survey studies: answers, coding and theme reports.{" "}
          <Link to="/studies">Open the studies</Link> · <Link to="/reports/checkins">Check-in report</Link>
        </p>
      )}
    </Card>
  );
}

export default function Home() {
  const account = useAccount();
  const { cohorts, isLoading, error } = useGrantedCohorts(account);
  const roles = ROLES.filter((r) => account.roles.some((g) => g.role === r));

  return (
    <>
      <PageHeader title={`Welcome, ${account.display_name}`} />
      {isLoading && <Loading label="Loading your cohorts…" />}
      <ErrorAlert error={error} />
      {cohorts.length > 0 && (
        <ul className="cohort-strip" aria-label="Your cohorts">
          {cohorts.map((c) => (
            <li key={c.id} className="cohort-chip">
              <span className="item-title">{c.name}</span>
              <span className="muted">
                {formatDate(c.starts_on)} – {formatDate(c.ends_on)} · {cohortPhase(c)}
              </span>
              <span className="muted">
                {account.roles
                  .filter((g) => g.cohort_id === c.id)
                  .map((g) => roleLabel(g.role))
                  .join(", ")}
              </span>
            </li>
          ))}
        </ul>
      )}
      {roles.length === 0 && !account.is_admin && (
        <EmptyState title="You have no role in a cohort yet.">
          <p>When an organizer adds you to a cohort, what you can do there appears on this page.</p>
        </EmptyState>
      )}
      {roles.includes("scholar") && (
        <Card className="due-card">
          <CheckinDue />
        </Card>
      )}
      {roles.some((r) => r === "scholar" || r === "mentor" || r === "support") && (
        <Card className="due-card">
          <DueList emptyText="Nothing to rate right now." />
        </Card>
      )}
      {account.is_admin && (
        <Card title="As the site administrator">
          <p>
            You manage every program and account: <Link to="/programs">programs</Link>,{" "}
            <Link to="/users">accounts and password reset links</Link>.
          </p>
        </Card>
      )}
      <DueStudies account={account} />
      <div className="role-grid">
        {roles.map((r) => (
          <RoleSection key={r} role={r} grants={account.roles.filter((g) => g.role === r)} cohorts={cohorts} />
        ))}
      </div>
    </>
  );
}
