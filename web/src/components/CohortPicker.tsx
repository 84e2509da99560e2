// Lets a page work on one cohort, kept in the URL (?cohort=id) so links and reloads keep it.
import { useId } from "react";
import { useSearchParams } from "react-router";
import type { CohortChoice } from "../api/queries";

export function useSelectedCohort(choices: CohortChoice[]): CohortChoice | undefined {
  const [params] = useSearchParams();
  const wanted = params.get("cohort");
  return choices.find((c) => c.cohort.id === wanted) ?? choices[0];
}

export function CohortPicker(props: { choices: CohortChoice[]; selected: CohortChoice | undefined }) {
  const id = useId();
  const [params, setParams] = useSearchParams();
  if (props.choices.length <= 1) return null;
  return (
    <div className="field field-inline">
      <label htmlFor={id}>Cohort</label>
      <select
        id={id}
        value={props.selected?.cohort.id ?? ""}
        onChange={(e) => {
          const next = new URLSearchParams(params);
          next.set("cohort", e.target.value);
          setParams(next, { replace: true });
        }}
      >
        {props.choices.map((c) => (
          <option key={c.cohort.id} value={c.cohort.id}>
            {c.program.name} — {c.cohort.name}
          </option>
        ))}
      </select>
    </div>
  );
}
