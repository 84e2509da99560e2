// Suggested codes for the sentences of one answer that the coder has not coded yet: each
// sentence, each suggested code with its confidence, and Accept (creates the segment, recorded as
// coming from this model version) or Reject (not offered again to this coder). Both are one
// click; the lists update through the study's query keys, so an accepted suggestion shows at
// once as a normal segment.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap, type Code, type Schemas } from "../api/client";
import { colourOf, studyKeys } from "../studies/api";
import { Card, ErrorAlert, Loading } from "./ui";
import "./suggestions.css";

type Decision = Schemas["SuggestionDecision"];

export const suggestionKeys = {
  answer: (studyId: string, answerId: string) => [...studyKeys.all(studyId), "suggestions", answerId] as const,
};

function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

export function SuggestionsPanel(props: { studyId: string; answerId: string; codes: readonly Code[] }) {
  const { studyId, answerId } = props;
  const client = useQueryClient();
  const [announce, setAnnounce] = useState("");
  const query = useQuery({
    queryKey: suggestionKeys.answer(studyId, answerId),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/answers/{id}/suggestions", {
          params: { path: { id: answerId }, query: { unit: "sentence", max: 3 } },
        }),
      ),
  });
  const decide = useMutation({
    mutationFn: (v: { body: Decision; label: string }) =>
      unwrap(
        api.POST("/api/v1/answers/{id}/suggestion-decisions", { params: { path: { id: answerId } }, body: v.body }),
      ),
    onSuccess: (_, v) =>
      setAnnounce(
        v.body.decision === "accept"
          ? `Applied ${v.label}.`
          : `Rejected ${v.label}; it will not be suggested again here.`,
      ),
    onSettled: () => client.invalidateQueries({ queryKey: studyKeys.all(studyId) }),
  });
  const byId = new Map(props.codes.map((c) => [c.id, c]));
  const data = query.data;
  return (
    <Card title="Suggestions" className="suggestions-card">
      {query.isPending && <Loading label="Loading suggestions…" />}
      <ErrorAlert error={query.error} title="No suggestions could be made." />
      {data && (
        <>
          <p className="muted suggestions-note">
            Suggestions learn from this study's codebook and coding (
            {data.examples === 1 ? "1 coded example" : `${data.examples} coded examples`}
            {data.calibrated
              ? "; confidences fitted on this study"
              : "; confidences are rough until about 30 passages are coded"}
            ). Model <code>{data.model_version}</code>.
          </p>
          {data.items.length === 0 && <p className="muted">No suggestions for the uncoded sentences of this answer.</p>}
          <ol className="suggestion-list">
            {data.items.map((unit) => (
              <li key={`${unit.start}-${unit.end}`} className="suggestion-unit">
                <q className="quote">{unit.text}</q>
                <ul>
                  {unit.suggestions.map((s) => {
                    const label = `${s.path} (${percent(s.confidence)})`;
                    const body = {
                      start: unit.start,
                      end: unit.end,
                      code_id: s.code_id,
                      model_version: data.model_version,
                    };
                    return (
                      <li key={s.code_id} className="suggestion">
                        <span className="code-chip">
                          <span
                            className="swatch"
                            style={{ backgroundColor: colourOf(byId.get(s.code_id)) }}
                            aria-hidden="true"
                          />
                          {s.path}
                        </span>{" "}
                        <span className="confidence" title="Estimated chance that a coder would apply this code">
                          {percent(s.confidence)}
                        </span>
                        <span className="row-actions">
                          <button
                            type="button"
                            className="button subtle"
                            disabled={decide.isPending}
                            onClick={() => decide.mutate({ body: { ...body, decision: "accept" }, label })}
                          >
                            Accept
                            <span className="visually-hidden">
                              {" "}
                              {s.path} for “{unit.text}”
                            </span>
                          </button>
                          <button
                            type="button"
                            className="button subtle"
                            disabled={decide.isPending}
                            onClick={() => decide.mutate({ body: { ...body, decision: "reject" }, label })}
                          >
                            Reject
                            <span className="visually-hidden">
                              {" "}
                              {s.path} for “{unit.text}”
                            </span>
                          </button>
                        </span>
                      </li>
                    );
                  })}
                </ul>
              </li>
            ))}
          </ol>
        </>
      )}
      <p aria-live="polite" className="visually-hidden">
        {announce}
      </p>
      <ErrorAlert error={decide.error} title="The decision was not recorded." />
    </Card>
  );
}
