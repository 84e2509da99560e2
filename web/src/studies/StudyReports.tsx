// A study's reports: themes per code (segments, respondents, share, rank, top three), the
// co-occurrence heatmap, the breakdown by respondent group, and the side-by-side comparison of
// what scholars say they lack with what mentors say scholars lack. Every chart comes with its
// data as a table; aggregates over too few respondents of an anonymous study say so instead.
import { useQuery } from "@tanstack/react-query";
import { useId, useState, type ReactNode } from "react";
import { Link } from "react-router";
import { api, unwrap, type ComparisonReport, type StudyView, type ThemeRow } from "../api/client";
import { useAccount } from "../auth/session";
import { LazyChart, preloadCharts } from "../charts/LazyChart";
import { DataTable } from "../components/DataTable";
import { Card, EmptyState, ErrorAlert, Loading } from "../components/ui";
import {
  percent,
  plural,
  rolePlural,
  studyKeys,
  useCoders,
  useResponses,
  useStudies,
  useStudy,
  useTemplates,
} from "./api";
import { useBlinded, useCoderNames } from "./coders";
import { anonymousGroupLabel, AnswersWithheld, answersReadable } from "./Anonymity";
import { StudyFrame } from "./StudyFrame";

// The first screen of this page is a chart: fetch the chart module beside the data.
preloadCharts();

function NotEnough({ min }: { min?: number | undefined }) {
  return (
    <p className="suppressed">
      <strong>Not enough responses</strong> to show this without risking identifying someone
      {min ? ` (fewer than ${min} respondents)` : ""}.
    </p>
  );
}

/** The numbers behind a chart: the table itself (`open`) or behind a "(table)" disclosure. */
function NumbersTable(props: { caption: string; head: string[]; rows: ReactNode[][]; open?: boolean }) {
  const table = <DataTable caption={props.caption} head={props.head} rows={props.rows} />;
  if (props.open) return table;
  return (
    <details className="chart-data">
      <summary>{props.caption} (table)</summary>
      {table}
    </details>
  );
}

function themeRows(items: ThemeRow[], ranked: boolean, studyId: string) {
  return items.map((r) => {
    const row: ReactNode[] = [
      r.segments > 0 ? (
        <Link to={`/studies/${studyId}/passages?code=${r.code_id}`}>
          {r.path}
          <span className="visually-hidden">: read its passages</span>
        </Link>
      ) : (
        r.path
      ),
      r.segments,
      r.respondents,
      percent(r.share),
      r.rank,
      `${r.top_three} (${percent(r.top_three_share)})`,
    ];
    if (ranked)
      row.push(
        r.top_three_ranked === undefined ? "—" : `${r.top_three_ranked} (${percent(r.top_three_ranked_share ?? 0)})`,
      );
    return row;
  });
}
const THEME_HEAD = ["Code", "Segments", "Respondents", "Share of respondents", "Rank", "Among their first three"];
const RANKED_HEAD = "In their own top three";

function Themes({ study, coderId }: { study: StudyView; coderId?: string | undefined }) {
  const id = useId();
  const [question, setQuestion] = useState("");
  const params = { question_id: question || undefined, coder_id: coderId };
  const q = useQuery({
    queryKey: studyKeys.report(study.id, "themes", params),
    queryFn: () =>
      unwrap(api.GET("/api/v1/studies/{id}/reports/themes", { params: { path: { id: study.id }, query: params } })),
  });
  // With a ranking question, a code can be in respondents' own top three without being coded.
  const ranking = q.data?.ranking && !q.data.ranking.suppressed ? q.data.ranking : undefined;
  const items = (q.data?.items ?? [])
    .filter((r) => r.respondents > 0 || (ranking && (r.top_three_ranked ?? 0) > 0))
    .sort((a, b) => a.rank - b.rank);
  const top = items.slice(0, 12);
  const series = [
    { type: "bar", name: "Share of respondents", data: top.map((r) => Math.round(r.share * 100)) },
    { type: "bar", name: "Among their first three", data: top.map((r) => Math.round(r.top_three_share * 100)) },
  ];
  if (ranking)
    series.push({
      type: "bar",
      name: RANKED_HEAD,
      data: top.map((r) => Math.round((r.top_three_ranked_share ?? 0) * 100)),
    });
  return (
    <Card title="Themes">
      <div className="field field-inline">
        <label htmlFor={id}>Question</label>
        <select id={id} value={question} onChange={(e) => setQuestion(e.target.value)}>
          <option value="">All questions</option>
          {study.questions.map((x) => (
            <option key={x.id} value={x.id}>
              {x.position}. {x.prompt.length > 60 ? `${x.prompt.slice(0, 60)}…` : x.prompt}
            </option>
          ))}
        </select>
      </div>
      {q.isPending && <Loading label="Loading themes…" />}
      <ErrorAlert error={q.error} />
      {q.data?.suppressed && <NotEnough min={q.data.min_group_size} />}
      {q.data && !q.data.suppressed && items.length === 0 && <EmptyState title="Nothing coded yet." />}
      {q.data && !q.data.suppressed && items.length > 0 && (
        <>
          <p>
            {plural(q.data.respondents, "respondent")}. The most frequent theme
            {items.filter((r) => r.rank === 1).length > 1 ? "s are" : " is"}{" "}
            <strong>
              {items
                .filter((r) => r.rank === 1)
                .map((r) => r.name)
                .join(", ")}
            </strong>
            .
          </p>
          {q.data.ranking && (
            <p className="ranking-basis">
              {q.data.ranking.suppressed ? (
                <>
                  The respondents' own ranking (“{q.data.ranking.prompt}”) is withheld: too few answered it to show
                  without risking identifying someone.
                </>
              ) : (
                <>
                  “{RANKED_HEAD}” counts the {plural(q.data.ranking.respondents, "respondent")} who answered the ranking
                  question “{q.data.ranking.prompt}” and placed the theme among their first three there; “Among their
                  first three” is by order of mention.
                </>
              )}
            </p>
          )}
          <LazyChart
            label="Share of respondents naming each theme, and how often it is among the first three they mention"
            height={Math.max(200, top.length * 34 + 60)}
            option={{
              grid: { left: 170, right: 24, top: 32, bottom: 24 },
              legend: { top: 0 },
              tooltip: { trigger: "axis", valueFormatter: (v: unknown) => `${v}%` },
              xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
              yAxis: { type: "category", inverse: true, data: top.map((r) => r.name) },
              series,
            }}
            description={<p>The same figures are in the table below.</p>}
          />
          <NumbersTable
            caption="Themes by code"
            head={ranking ? [...THEME_HEAD, RANKED_HEAD] : THEME_HEAD}
            rows={themeRows(items, Boolean(ranking), study.id)}
            open
          />
        </>
      )}
    </Card>
  );
}

function CoOccurrence({ study }: { study: StudyView }) {
  const q = useQuery({
    queryKey: studyKeys.report(study.id, "co-occurrence"),
    queryFn: () =>
      unwrap(api.GET("/api/v1/studies/{id}/reports/co-occurrence", { params: { path: { id: study.id } } })),
  });
  const items = (q.data?.items ?? []).filter((x) => (x.answers ?? 0) > 0);
  const names = [...new Set(items.flatMap((x) => [x.name_a ?? "", x.name_b ?? ""]))].sort();
  const data = items.flatMap((x) => {
    const a = names.indexOf(x.name_a ?? "");
    const b = names.indexOf(x.name_b ?? "");
    return a === b
      ? [[a, b, x.answers ?? 0]]
      : [
          [a, b, x.answers ?? 0],
          [b, a, x.answers ?? 0],
        ];
  });
  const max = Math.max(1, ...items.map((x) => x.answers ?? 0));
  return (
    <Card title="Codes that occur together">
      {q.isPending && <Loading label="Loading co-occurrence…" />}
      <ErrorAlert error={q.error} />
      {q.data?.suppressed && <NotEnough />}
      {q.data && !q.data.suppressed && items.length === 0 && <p className="muted">No answer carries two codes yet.</p>}
      {q.data && !q.data.suppressed && items.length > 0 && (
        <>
          <LazyChart
            label="Answers coded with both codes"
            height={Math.max(260, names.length * 30 + 120)}
            option={{
              grid: { left: 150, right: 24, top: 16, bottom: 110 },
              tooltip: { position: "top" },
              xAxis: { type: "category", data: names, axisLabel: { rotate: 45 }, splitArea: { show: true } },
              yAxis: { type: "category", data: names, splitArea: { show: true } },
              visualMap: {
                min: 0,
                max,
                calculable: false,
                orient: "horizontal",
                left: "center",
                bottom: 0,
                show: false,
              },
              series: [{ type: "heatmap", name: "Answers", data, label: { show: true } }],
            }}
            description={<p>The same figures are in the table that follows.</p>}
          />
          <NumbersTable
            caption="Pairs of codes in the same answer"
            head={["First code", "Second code", "Answers with both"]}
            rows={items.map((x) => [x.name_a, x.name_b, x.answers])}
          />
        </>
      )}
    </Card>
  );
}

function Groups({ study }: { study: StudyView }) {
  const q = useQuery({
    queryKey: studyKeys.report(study.id, "groups"),
    queryFn: () => unwrap(api.GET("/api/v1/studies/{id}/reports/groups", { params: { path: { id: study.id } } })),
  });
  return (
    <Card title="By respondent group">
      {q.isPending && <Loading label="Loading groups…" />}
      <ErrorAlert error={q.error} />
      {q.data?.groups.length === 0 && <p className="muted">No responses yet.</p>}
      {q.data?.groups.map((g) => (
        <section key={g.group} className="group-report" aria-label={rolePlural(g.group)}>
          <h3>
            {rolePlural(g.group)}{" "}
            {g.respondents !== undefined && !g.suppressed && (
              <span className="muted">({plural(g.respondents, "respondent")})</span>
            )}
          </h3>
          {g.suppressed ? (
            <NotEnough min={q.data.min_group_size} />
          ) : (
            <NumbersTable
              caption={`Themes among ${g.group}s`}
              head={THEME_HEAD}
              rows={themeRows(
                g.items.filter((r) => r.respondents > 0).sort((a, b) => a.rank - b.rank),
                false,
                study.id,
              )}
            />
          )}
        </section>
      ))}
    </Card>
  );
}

// The headline pair of questions, by template: mentors' "what do most scholars lack?" and
// scholars' "what do you feel you most lack?" (the template questions' keys).
const HEADLINE_QUESTION: Record<string, string> = {
  mentor_interview: "scholars_lack",
  scholar_self_perception: "self_lack",
};

/** The question of `study` made from its template's question `key`, found by its prompt. */
function useTemplateQuestion(study: StudyView | undefined): string | undefined {
  const templates = useTemplates();
  const key = study?.template ? HEADLINE_QUESTION[study.template] : undefined;
  const prompt = templates.data?.find((t) => t.key === study?.template)?.questions.find((q) => q.key === key)?.prompt;
  return prompt ? study?.questions.find((q) => q.prompt === prompt)?.id : undefined;
}

function QuestionSelect(props: {
  label: string;
  study: StudyView | undefined;
  value: string;
  onChange: (v: string) => void;
}) {
  const id = useId();
  return (
    <div className="field field-inline">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)} disabled={!props.study}>
        <option value="">All questions</option>
        {(props.study?.questions ?? [])
          .filter((x) => x.kind === "open_text")
          .map((x) => (
            <option key={x.id} value={x.id}>
              {x.position}. {x.prompt.length > 60 ? `${x.prompt.slice(0, 60)}…` : x.prompt}
            </option>
          ))}
      </select>
    </div>
  );
}

/** "What scholars say they lack" beside "what mentors say scholars lack", code by code: two
 * studies (or two groups of this one), each side optionally one question. */
function SideBySide({ study }: { study: StudyView }) {
  const id = useId();
  const studies = useStudies(study.program_id);
  const others = (studies.data ?? []).filter((s) => s.id !== study.id);
  // By default, the mirrored study of the pair (mentor interview ↔ scholar self-perception).
  const mirror = others.find((s) =>
    study.template === "mentor_interview"
      ? s.template === "scholar_self_perception"
      : s.template === "mentor_interview",
  );
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const other = chosen ?? mirror?.id ?? "";
  const otherStudy = useStudy(other || study.id);
  const right = other ? otherStudy.data : study;
  // By default each side is its headline question, when both studies come from the templates.
  const headlineLeft = useTemplateQuestion(study);
  const headlineRight = useTemplateQuestion(other ? otherStudy.data : undefined);
  const headline = Boolean(other && headlineLeft && headlineRight);
  const [leftChosen, setLeftChosen] = useState<string | undefined>(undefined);
  const [rightChosen, setRightChosen] = useState<Record<string, string>>({});
  const leftQuestion = leftChosen ?? (headline ? headlineLeft! : "");
  const rightQuestion = rightChosen[other] ?? (headline ? headlineRight! : "");
  const params = {
    other_study_id: other || undefined,
    left_question_id: leftQuestion || undefined,
    right_question_id: rightQuestion || undefined,
  };
  const q = useQuery({
    queryKey: studyKeys.report(study.id, "comparison", params),
    queryFn: () =>
      unwrap(api.GET("/api/v1/studies/{id}/reports/comparison", { params: { path: { id: study.id }, query: params } })),
    enabled: studies.isSuccess && (!other || otherStudy.isSuccess),
  });
  // Scholars first when one side is the scholars' study or group.
  const scholarsLeft = (r: ComparisonReport) => /scholar/i.test(r.left.label) || r.left.group === "scholar";
  const view = (r: ComparisonReport) => {
    const swap = !scholarsLeft(r) && (/scholar/i.test(r.right.label) || r.right.group === "scholar");
    const a = swap ? r.right : r.left;
    const b = swap ? r.left : r.right;
    const rows = r.items.map((x) => ({
      name: x.name,
      a: swap ? x.right_share : x.left_share,
      an: swap ? x.right_respondents : x.left_respondents,
      b: swap ? x.left_share : x.right_share,
      bn: swap ? x.left_respondents : x.right_respondents,
    }));
    rows.sort((x, y) => Math.max(y.a, y.b) - Math.max(x.a, x.b));
    return { a, b, rows };
  };
  const v = q.data ? view(q.data) : undefined;
  const suppressed = v && (v.a.suppressed || v.b.suppressed);
  return (
    <Card title="What scholars say they lack vs what mentors say scholars lack" className="side-by-side">
      <div className="field field-inline">
        <label htmlFor={id}>Compare with</label>
        <select id={id} value={other} onChange={(e) => setChosen(e.target.value)}>
          <option value="">Groups within this study</option>
          {others.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
      </div>
      <QuestionSelect
        label={`Question of ${study.title}`}
        study={study}
        value={leftQuestion}
        onChange={setLeftChosen}
      />
      <QuestionSelect
        label={`Question of ${right?.title ?? "the other side"}`}
        study={right}
        value={rightQuestion}
        onChange={(v) => setRightChosen({ ...rightChosen, [other]: v })}
      />
      {q.isPending && <Loading label="Loading the comparison…" />}
      <ErrorAlert error={q.error} />
      {v && (
        <>
          <p>
            <strong>{v.a.label}</strong>
            {v.a.question && <> answering “{v.a.question}”</>} (
            {v.a.suppressed ? "not enough responses" : plural(v.a.respondents, "respondent")}) beside{" "}
            <strong>{v.b.label}</strong>
            {v.b.question && <> answering “{v.b.question}”</>} (
            {v.b.suppressed ? "not enough responses" : plural(v.b.respondents, "respondent")}): the share of each side's
            respondents who named each theme.
          </p>
          {suppressed && <NotEnough />}
          {!suppressed && v.rows.length === 0 && <p className="muted">No coded themes to compare yet.</p>}
          {!suppressed && v.rows.length > 0 && (
            <>
              <LazyChart
                label={`Share of respondents naming each theme: ${v.a.label} and ${v.b.label}`}
                height={Math.max(240, v.rows.length * 40 + 60)}
                option={{
                  grid: { left: 170, right: 24, top: 32, bottom: 24 },
                  legend: { top: 0 },
                  tooltip: { trigger: "axis", valueFormatter: (x: unknown) => `${x}%` },
                  xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
                  yAxis: { type: "category", inverse: true, data: v.rows.map((r) => r.name) },
                  series: [
                    { type: "bar", name: v.a.label, data: v.rows.map((r) => Math.round(r.a * 100)) },
                    { type: "bar", name: v.b.label, data: v.rows.map((r) => Math.round(r.b * 100)) },
                  ],
                }}
                description={<p>The same figures are in the table that follows.</p>}
              />
              <NumbersTable
                caption="Side by side, code by code"
                head={["Theme", v.a.label, v.b.label, "Difference"]}
                rows={v.rows.map((r) => [
                  r.name,
                  `${percent(r.a)} (${r.an})`,
                  `${percent(r.b)} (${r.bn})`,
                  `${r.a - r.b >= 0 ? "+" : "−"}${percent(Math.abs(r.a - r.b))}`,
                ])}
              />
            </>
          )}
        </>
      )}
    </Card>
  );
}

function statistic(x: number | null | undefined): string {
  return x === null || x === undefined ? "—" : x.toFixed(2);
}

/** Inter-coder agreement per code (Cohen's kappa for two coders, Krippendorff's alpha) and the
 * answers where the coders differ, each a link to review it in the workspace. */
function Agreement({ study }: { study: StudyView }) {
  const coders = useCoders(study.id);
  const name = useCoderNames(study);
  const enough = (coders.data ?? []).filter((c) => c.segments > 0).length >= 2;
  const q = useQuery({
    queryKey: studyKeys.report(study.id, "agreement"),
    queryFn: () => unwrap(api.GET("/api/v1/studies/{id}/reports/agreement", { params: { path: { id: study.id } } })),
    enabled: enough,
  });
  const responses = useResponses(study.id, enough);
  if (!enough) return null;
  const answers = new Map(
    (responses.data ?? []).flatMap((r) =>
      r.answers.map(
        (a) =>
          [
            a.id,
            {
              who: r.anonymous ? `an anonymous ${anonymousGroupLabel(r.group)}` : (r.respondent ?? "a respondent"),
              question: study.questions.find((x) => x.id === a.question_id)?.position,
            },
          ] as const,
      ),
    ),
  );
  // Codes nobody applied have no statistic (every answer agrees on "absent"): left out.
  const coded = (q.data?.items ?? []).filter((x) => x.disagreed > 0 || x.kappa !== null || x.alpha !== null);
  const paths = new Map((q.data?.items ?? []).map((x) => [x.code_id, x.path]));
  const names = (ids: string[] | undefined) => (ids ?? []).map(name).join(", ");
  return (
    <Card title="Inter-coder agreement">
      {q.isPending && <Loading label="Loading agreement…" />}
      <ErrorAlert error={q.error} />
      {q.data?.suppressed && <NotEnough />}
      {q.data && !q.data.suppressed && (
        <>
          <p>
            {q.data.coders.map(name).join(" and ")}, over {plural(q.data.answers, "answer")}. Kappa is Cohen's kappa
            (two coders), alpha Krippendorff's alpha; 1 is perfect agreement, 0 what chance would give.
          </p>
          <NumbersTable
            open
            caption="Agreement per code"
            head={["Code", "Kappa", "Alpha", "Answers agreed", "Answers to review"]}
            rows={coded.map((x) => [
              x.path,
              x.note && x.kappa === null ? `— (${x.note})` : statistic(x.kappa),
              statistic(x.alpha),
              x.agreed,
              x.disagreed,
            ])}
          />
          <h3>Disagreements to review ({q.data.disagreements.length})</h3>
          {q.data.disagreements.length === 0 ? (
            <p className="muted">The coders agree on every answer.</p>
          ) : (
            <ul className="disagreements">
              {q.data.disagreements.map((d, i) => {
                const a = answers.get(d.answer_id ?? "");
                return (
                  <li key={i}>
                    <strong>{paths.get(d.code_id ?? "")}</strong> on the answer of {a?.who ?? "a respondent"}
                    {a?.question ? ` to question ${a.question}` : ""}: applied by {names(d.applied_by)}, not by{" "}
                    {names(d.not_by)}. <Link to={`/studies/${study.id}/coding?answer=${d.answer_id}`}>Review</Link>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </Card>
  );
}

function ReportsBody({ study }: { study: StudyView }) {
  const account = useAccount();
  const { blinded, isPending } = useBlinded(study);
  if (isPending) return <Loading />;
  return (
    <>
      <p className="report-links">
        <a className="button" href={`/api/v1/studies/${study.id}/segments.csv`} download>
          Export coded segments (CSV)
        </a>{" "}
        <Link to={`/studies/${study.id}/coding`}>Back to coding</Link>
      </p>
      {blinded ? (
        <>
          <div className="alert" role="note">
            <p className="alert-title">You are coding blind.</p>
            <p>
              These reports count only your own coding. Everyone's coding, the comparison and the agreement between
              coders appear once you <Link to={`/studies/${study.id}/coding`}>mark your coding finished</Link>.
            </p>
          </div>
          <Themes study={study} coderId={account.id} />
        </>
      ) : (
        <>
          <SideBySide study={study} />
          <Themes study={study} />
          <Agreement study={study} />
          <CoOccurrence study={study} />
          <Groups study={study} />
        </>
      )}
    </>
  );
}

export default function StudyReports() {
  return (
    <StudyFrame section="Reports">
      {(study) =>
        !answersReadable(study) ? (
          <EmptyState title="Reports of this anonymous study are not available yet.">
            <AnswersWithheld study={study} doing="see reports" />
          </EmptyState>
        ) : (
          <ReportsBody study={study} />
        )
      }
    </StudyFrame>
  );
}
