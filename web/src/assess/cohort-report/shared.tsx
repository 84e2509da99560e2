// What the cohort report's sections share: colours, per-kind figures of a quality, the kind picker.
import { useId } from "react";
import {
  isSuppressed,
  kindLabel,
  type CohortQuality as QualityRow,
  type CohortReport as Report,
  type PerceptionGap as Gap,
  type RaterKind,
  type RatingStats as KindStats,
} from "../../api/assessments";

export const LEVEL_COLOURS = ["var(--level-1)", "var(--level-2)", "var(--level-3)", "var(--level-4)", "var(--level-5)"];
export const KIND_COLOURS: Record<string, string> = {
  self: "var(--accent)",
  mentor: "var(--chart-2)",
  peer: "var(--chart-3)",
  support: "var(--chart-4)",
};
export const fixed = (x: number, d = 2) => x.toFixed(d);

export function stats(q: QualityRow, kind: string): KindStats | undefined {
  const v = q.by_kind[kind];
  return v && !isSuppressed(v) ? v : undefined;
}

/** The quality's gap when it is shown. */
export function gapOf(q: QualityRow): Gap | undefined {
  return q.gap && !isSuppressed(q.gap) ? q.gap : undefined;
}

export function kindsOf(report: Report): RaterKind[] {
  const present = new Set(report.qualities.flatMap((q) => Object.keys(q.by_kind)));
  return (["self", "mentor", "peer", "support"] as RaterKind[]).filter((k) => present.has(k));
}

export function KindPicker(props: {
  kinds: RaterKind[];
  value: RaterKind;
  onChange: (k: RaterKind) => void;
  label: string;
}) {
  const id = useId();
  return (
    <div className="field field-inline">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value as RaterKind)}>
        {props.kinds.map((k) => (
          <option key={k} value={k}>
            {kindLabel(k)}
          </option>
        ))}
      </select>
    </div>
  );
}
