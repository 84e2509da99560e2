// Lets a report page show another round, kept in the URL (?round=id).
import { useId } from "react";
import { useSearchParams } from "react-router";
import { stateLabel, type AssessmentRound } from "../api/assessments";

export function RoundPicker(props: { rounds: readonly AssessmentRound[]; selected: string | undefined }) {
  const id = useId();
  const [params, setParams] = useSearchParams();
  return (
    <div className="field field-inline">
      <label htmlFor={id}>Round</label>
      <select
        id={id}
        value={props.selected ?? ""}
        onChange={(e) => {
          const next = new URLSearchParams(params);
          next.set("round", e.target.value);
          setParams(next, { replace: true });
        }}
      >
        {props.rounds.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name} ({stateLabel(r.state).toLowerCase()})
          </option>
        ))}
      </select>
    </div>
  );
}
