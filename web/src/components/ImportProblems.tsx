// The rows an import refused, as the API lists them in an error's `details`: one table row each,
// with the line and the place it concerns. Takes focus so that a screen reader reads it at once.
import { useEffect, useRef } from "react";
import type { ApiError } from "../api/client";
import { DataTable } from "./DataTable";

interface ImportProblemsProps {
  error: ApiError;
  /** The heading, e.g. "2 problems found. Nothing was written." */
  title: string;
  /** What to do next, after the API's message. */
  advice?: string;
  /** The place a detail concerns, from its `column` (default: the column as the API names it). */
  placeOf?: (column: string | undefined) => string;
}

export function ImportProblems({ error, title, advice, placeOf }: ImportProblemsProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [error]);
  const place = placeOf ?? ((column) => column || "—");
  return (
    <div className="alert alert-error problems" role="alert" tabIndex={-1} ref={ref}>
      <p className="alert-title">{title}</p>
      <p>
        {error.message}
        {advice ? ` ${advice}` : ""}
      </p>
      <DataTable
        caption="Rejected rows"
        head={["Line", "Where", "Problem"]}
        rows={error.details.map((d) => [d.line ?? "—", place(d.column), d.message])}
      />
    </div>
  );
}

/** "1 problem" or "3 problems", for an ImportProblems title. */
export function countOf(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}
