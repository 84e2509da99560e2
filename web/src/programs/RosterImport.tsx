import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link } from "react-router";
import { api, ApiError, unwrap, type RosterReport } from "../api/client";
import { keys, useCohortChoices, type CohortChoice } from "../api/queries";
import { useAccount } from "../auth/session";
import { CohortPicker, useSelectedCohort } from "../components/CohortPicker";
import { countOf, ImportProblems } from "../components/ImportProblems";
import { Card, EmptyState, ErrorAlert, Loading, PageHeader } from "../components/ui";

const EXAMPLE = `email,name,role,stream
ada@example.org,Ada Example,scholar,Interpretability
grace@example.org,Grace Example,mentor,Interpretability`;

function postRoster(cohortId: string, csv: string, dryRun: boolean) {
  return unwrap(
    api.POST("/api/v1/cohorts/{id}/roster-imports", {
      params: { path: { id: cohortId }, query: { dry_run: dryRun } },
      body: csv,
      bodySerializer: (body: string) => body,
      headers: { "Content-Type": "text/csv; charset=utf-8" },
    }),
  );
}

function Summary({ report, dryRun }: { report: RosterReport; dryRun: boolean }) {
  const verb = dryRun ? "would be" : "were";
  return (
    <ul className="summary">
      <li>
        <strong>{report.rows}</strong> rows read
      </li>
      <li>
        <strong>{report.accounts_created}</strong> new accounts {verb} created
      </li>
      <li>
        <strong>{report.memberships_added}</strong> memberships {verb} added
      </li>
      <li>
        <strong>{report.unchanged}</strong> rows {dryRun ? "are" : "were"} already in the cohort
      </li>
    </ul>
  );
}

function Importer({ choice }: { choice: CohortChoice }) {
  const client = useQueryClient();
  const csvId = useId();
  const fileId = useId();
  const hintId = useId();
  const [csv, setCsv] = useState("");
  const cohortId = choice.cohort.id;

  const check = useMutation({ mutationFn: (text: string) => postRoster(cohortId, text, true) });
  const apply = useMutation({
    mutationFn: (text: string) => postRoster(cohortId, text, false),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.members(cohortId) }),
  });
  const checkedText = check.variables;
  const checkedOk = check.isSuccess && checkedText === csv;

  const edit = (text: string) => {
    setCsv(text);
    check.reset();
    apply.reset();
  };

  const readFile = async (file: File | undefined) => {
    if (file) edit(await file.text());
  };

  return (
    <>
      <Card title="1. The roster">
        <p id={hintId} className="hint">
          A CSV file with a header row and the columns <code>email</code>, <code>name</code>, <code>role</code>{" "}
          (scholar, mentor, support, organizer, alumnus or analyst) and optionally <code>stream</code> (the name of an
          existing stream; scholars and mentors only). Either every row is imported or none.
        </p>
        <div className="field">
          <label htmlFor={fileId}>CSV file</label>
          <input id={fileId} type="file" accept=".csv,text/csv" onChange={(e) => void readFile(e.target.files?.[0])} />
        </div>
        <div className="field">
          <label htmlFor={csvId}>Or paste the rows</label>
          <textarea
            id={csvId}
            rows={10}
            spellCheck={false}
            value={csv}
            placeholder={EXAMPLE}
            aria-describedby={hintId}
            onChange={(e) => edit(e.target.value)}
          />
        </div>
        <div className="form-actions">
          <button
            type="button"
            className="button primary"
            disabled={csv.trim() === "" || check.isPending}
            onClick={() => check.mutate(csv)}
          >
            {check.isPending ? "Checking…" : "Check the roster"}
          </button>
          <span className="muted">Checking writes nothing.</span>
        </div>
      </Card>

      <Card title="2. Check and import">
        {check.isIdle && <p className="muted">Check the roster to see what the import would do.</p>}
        {check.isPending && <Loading label="Checking the roster…" />}
        {check.error instanceof ApiError && check.error.details.length > 0 ? (
          <ImportProblems
            error={check.error}
            title={`${countOf(check.error.details.length, "problem", "problems")} found. Nothing was written.`}
            advice="Fix the rows below and check again."
          />
        ) : (
          <ErrorAlert error={check.error} />
        )}
        {checkedOk && !apply.isSuccess && (
          <div role="status">
            <p className="alert-title">The roster is valid. Nothing has been written yet.</p>
            <Summary report={check.data} dryRun />
            <button
              type="button"
              className="button primary"
              disabled={apply.isPending}
              onClick={() => apply.mutate(csv)}
            >
              {apply.isPending ? "Importing…" : `Import ${check.data.rows} rows`}
            </button>
          </div>
        )}
        <ErrorAlert error={apply.error} title="The import failed; nothing was written." />
        {apply.isSuccess && (
          <div className="alert alert-success" role="status">
            <p className="alert-title">Roster imported.</p>
            <Summary report={apply.data} dryRun={false} />
            <p>
              <Link to={`/people?cohort=${cohortId}`}>See the members of {choice.cohort.name}</Link>
            </p>
          </div>
        )}
      </Card>
    </>
  );
}

export default function RosterImport() {
  const account = useAccount();
  const { choices, isLoading, error } = useCohortChoices(account, "manage");
  const selected = useSelectedCohort(choices);
  let body;
  if (isLoading) body = <Loading label="Loading cohorts…" />;
  else if (error) body = <ErrorAlert error={error} />;
  else if (!selected)
    body = (
      <EmptyState title="No cohort to import into.">
        <p>
          Create a cohort first on the <Link to="/programs">Programs</Link> page.
        </p>
      </EmptyState>
    );
  else body = <Importer key={selected.cohort.id} choice={selected} />;
  return (
    <>
      <PageHeader
        title="Roster import"
        intro={selected ? `Into ${selected.program.name} — ${selected.cohort.name}` : undefined}
      />
      <CohortPicker choices={choices} selected={selected} />
      {body}
    </>
  );
}
