// The one way pages show a chart: loads the chart module on first use, draws a chart only when it
// comes near the viewport, and pairs the picture with a text description so the chart's content
// is not lost to screen readers or keyboard users.
import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from "react";
import type { ChartOption } from "./types";

let chartModule: Promise<typeof import("./Chart")> | undefined;
const loadChart = () => (chartModule ??= import("./Chart"));
const Chart = lazy(loadChart);

/**
 * Starts loading the chart module now, beside the page's own data requests, instead of when the
 * first chart renders. Report pages, whose first screen is a chart, call it as they load.
 */
export function preloadCharts() {
  void loadChart();
}

/** Becomes true once the element is within a screen's height of the viewport, and stays true. */
function useNearViewport() {
  const ref = useRef<HTMLElement>(null);
  const [seen, setSeen] = useState(typeof IntersectionObserver === "undefined");
  useEffect(() => {
    const el = ref.current;
    if (seen || !el) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setSeen(true);
      },
      { rootMargin: "100% 0px" },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [seen]);
  return [ref, seen] as const;
}

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
  const [figure, seen] = useNearViewport();
  return (
    <figure className="chart" ref={figure}>
      <figcaption>{props.label}</figcaption>
      {seen ? (
        <Suspense fallback={<div className="chart-canvas chart-loading">Loading chart…</div>}>
          <Chart option={props.option} height={height} />
        </Suspense>
      ) : (
        // Not drawn until it comes near the viewport: drawing is what a report page spends its time on.
        <div className="chart-canvas chart-waiting" style={{ minHeight: height }} aria-hidden="true" />
      )}
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
