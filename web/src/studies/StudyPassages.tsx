// Every passage coded with one code, each in the words around it, with who said it (as the
// study's anonymity allows) and a link into the coding workspace at that answer. Opened from the
// codebook and from the theme report (?code=…). A coder who codes blind and has not finished
// reads their own passages only.
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { api, unwrap, type StudyView } from "../api/client";
import { useAccount } from "../auth/session";
import { Card, EmptyState, ErrorAlert, Loading } from "../components/ui";
import { anonymousGroupLabel } from "./Anonymity";
import { colourOf, plural, studyKeys, useCodebook } from "./api";
import { useBlinded } from "./coders";
import { StudyFrame } from "./StudyFrame";

const PAGE = 50;

/** "Ada", "A mentor", "An anonymous scholar": who said a passage, as anonymity allows. */
function speaker(study: StudyView, respondent: string | undefined, group: string): string {
  if (study.mode === "named" && respondent) return respondent;
  const label = study.mode === "anonymous" ? `anonymous ${anonymousGroupLabel(group)}` : group;
  return `${/^[aeiou]/i.test(label) ? "An" : "A"} ${label}`;
}

function Passages({ study, codeId }: { study: StudyView; codeId: string }) {
  const account = useAccount();
  const blind = useBlinded(study);
  const book = useCodebook(study.id);
  const coderId = blind.blinded ? account.id : undefined;
  const passages = useInfiniteQuery({
    queryKey: studyKeys.report(study.id, "quotes", { code_id: codeId, coder_id: coderId }),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/studies/{id}/reports/quotes", {
          params: {
            path: { id: study.id },
            query: { code_id: codeId, coder_id: coderId, limit: PAGE, cursor: pageParam },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor,
    enabled: !blind.isPending,
  });
  const code = book.data?.items.find((c) => c.id === codeId);
  if (book.isPending || blind.isPending) return <Loading label="Loading the codebook…" />;
  if (book.error) return <ErrorAlert error={book.error} />;
  if (!code)
    return (
      <EmptyState title="This code is not in the study's codebook.">
        <p>
          <Link to={`/studies/${study.id}/codebook`}>Back to the codebook</Link>
        </p>
      </EmptyState>
    );
  const items = passages.data?.pages.flatMap((p) => p.items) ?? [];
  const questions = new Map(study.questions.map((q) => [q.id, q]));
  return (
    <Card title={`Passages coded “${code.name}”`}>
      <p className="passages-intro">
        <span className="swatch" style={{ backgroundColor: colourOf(code) }} aria-hidden="true" /> {code.path}
        {code.description && <span className="muted"> — {code.description}</span>}
      </p>
      {blind.blinded && <p className="hint">You are coding blind: these are the passages you coded yourself.</p>}
      {study.mode === "anonymous" && (
        <p className="hint">
          Anonymous study: passages show no respondent, and none from a group of fewer respondents than the program's
          threshold.
        </p>
      )}
      {passages.isPending && <Loading label="Loading passages…" />}
      <ErrorAlert error={passages.error} title="The passages could not be loaded." />
      {passages.data && items.length === 0 && <p className="muted">Nothing is coded with this code yet.</p>}
      {items.length > 0 && (
        <p>
          {plural(items.length, "passage")}
          {passages.hasNextPage ? " so far" : ""}, in the order they were coded.
        </p>
      )}
      <ol className="passage-list">
        {items.map((p) => {
          const q = questions.get(p.question_id);
          return (
            <li key={p.segment_id} className="passage">
              <blockquote>
                {Array.from(p.before).length < p.start && <span className="passage-context">…</span>}
                {p.before && <span className="passage-context">{p.before}</span>}
                <mark style={{ borderColor: colourOf(code) }}>{p.text}</mark>
                {p.after && <span className="passage-context">{p.after}</span>}
              </blockquote>
              <p className="passage-source muted">
                {speaker(study, p.respondent, p.group)}, question {p.question_position}
                {q ? `: ${q.prompt}` : ""} ·{" "}
                <Link to={`/studies/${study.id}/coding?answer=${p.answer_id}`}>
                  Open in the coding workspace
                  <span className="visually-hidden">
                    {" "}
                    (passage {p.start + 1}–{p.end})
                  </span>
                </Link>
              </p>
            </li>
          );
        })}
      </ol>
      {passages.hasNextPage && (
        <button
          type="button"
          className="button"
          disabled={passages.isFetchingNextPage}
          onClick={() => void passages.fetchNextPage()}
        >
          {passages.isFetchingNextPage ? "Loading…" : "Show more passages"}
        </button>
      )}
    </Card>
  );
}

function PassagesBody({ study }: { study: StudyView }) {
  const [params] = useSearchParams();
  const codeId = params.get("code") ?? "";
  return (
    <>
      <p className="report-links">
        <Link to={`/studies/${study.id}/codebook`}>Codebook</Link> ·{" "}
        <Link to={`/studies/${study.id}/reports`}>Reports</Link>
      </p>
      {codeId ? (
        <Passages study={study} codeId={codeId} />
      ) : (
        <EmptyState title="Pick a code to read its passages.">
          <p>
            Open a code from the <Link to={`/studies/${study.id}/codebook`}>codebook</Link> or the theme report.
          </p>
        </EmptyState>
      )}
    </>
  );
}

export default function StudyPassages() {
  return <StudyFrame section="Passages">{(study) => <PassagesBody study={study} />}</StudyFrame>;
}
