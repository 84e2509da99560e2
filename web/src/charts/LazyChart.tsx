// The one way pages show a chart: loads the chart module on first use, and pairs the picture with
// a text description so the chart's content is not lost to screen readers or keyboard users.
import { lazy, Suspense, type ReactNode } from "react";
import type { ChartOption } from "./types";

const Chart = lazy(() => import("./Chart"));

export function LazyChart(props: {
  option: ChartOption;
  /** A sentence that says what the chart shows. */
  label: string;
  /** The same data as text or a table, for people who cannot see the chart. */
  description: ReactNode;
  /** The chart's numbers as a table, shown to everyone on request under the chart. */
  dataTable?: ReactNode;
  height?: number;
}) {
  const height = props.height ?? 240;
  return (
    <figure className="chart">
      <figcaption>{props.label}</figcaption>
      <Suspense fallback={<div className="chart-canvas chart-loading">Loading chart…</div>}>
        <Chart option={props.option} height={height} />
      </Suspense>
      <div className="visually-hidden">{props.description}</div>
      {props.dataTable && (
        <details className="chart-data">
          <summary>Show the numbers</summary>
          {props.dataTable}
        </details>
      )}
    </figure>
  );
}
