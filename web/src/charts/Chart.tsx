// ECharts, with the four chart types Trellis needs (bar, line, radar, heatmap). This module is
// only ever imported lazily (see LazyChart.tsx), so ECharts stays out of the first page load.
// It draws on a canvas and styles its elements through the CSSOM, which the server's strict
// Content-Security-Policy allows.
import { BarChart, HeatmapChart, LineChart, RadarChart } from "echarts/charts";
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  RadarComponent,
  TooltipComponent,
  VisualMapComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import type { ChartOption } from "./types";

echarts.use([
  BarChart,
  LineChart,
  RadarChart,
  HeatmapChart,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  RadarComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

type Axis = Record<string, unknown>;

/** Replaces every "var(--name)" string in the option by the page's current value of that custom
 * property, so pages can name theme colours and the chart follows the light and dark themes. */
function resolveColours(value: unknown): unknown {
  if (typeof value === "string") {
    const match = /^var\((--[\w-]+)\)$/.exec(value);
    return match ? cssVar(match[1]!, "#888888") : value;
  }
  if (Array.isArray(value)) {
    // Data arrays are long and hold numbers: leave them as they are.
    return value.length > 0 && typeof value[0] === "number" ? value : value.map(resolveColours);
  }
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveColours(v)]));
  }
  return value;
}

/** Gives the chart's axes the page's colours, so both themes read well. */
function themedAxes(axes: unknown, text: string, line: string): unknown {
  const theme = (axis: Axis): Axis => ({
    ...axis,
    axisLabel: { color: text, ...(axis.axisLabel as Axis | undefined) },
    axisLine: { lineStyle: { color: line }, ...(axis.axisLine as Axis | undefined) },
    splitLine: { lineStyle: { color: line }, ...(axis.splitLine as Axis | undefined) },
  });
  return Array.isArray(axes) ? axes.map((a: Axis) => theme(a)) : theme(axes as Axis);
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
  clone(): Rect;
  applyTransform(m: unknown): void;
}

interface DrawnText {
  type?: string;
  ignore?: boolean;
  invisible?: boolean;
  transform?: unknown;
  style?: { text?: string };
  getBoundingRect?: () => Rect;
}

/** Narrow charts (phones) give axis labels at most 40% of their width, and the grid's left margin
 * no more than that, so the plot keeps room; wider labels wrap onto more lines instead. */
function fitAxes(option: ChartOption, width: number): ChartOption {
  const cap = Math.max(60, Math.round(width * 0.4));
  const fit = (axis: Axis): Axis => {
    const label = axis.axisLabel as Axis | undefined;
    return typeof label?.width === "number" && label.width > cap
      ? { ...axis, axisLabel: { ...label, width: cap } }
      : axis;
  };
  const axes = (a: unknown) => (Array.isArray(a) ? a.map((x: Axis) => fit(x)) : a && fit(a as Axis));
  const grid = option.grid as Axis | undefined;
  return {
    ...option,
    ...(option.xAxis !== undefined && { xAxis: axes(option.xAxis) }),
    ...(option.yAxis !== undefined && { yAxis: axes(option.yAxis) }),
    ...(grid && typeof grid.left === "number" && grid.left > cap + 12 && { grid: { ...grid, left: cap + 12 } }),
  };
}

/** The labels the chart drew cut off: partly outside the canvas, or shortened with "…". The
 * browser tests read them from the element's data-clipped-labels attribute. */
function clippedLabels(chart: echarts.ECharts, width: number, height: number): string[] {
  const shown = (chart.getZr() as unknown as { storage: { getDisplayList: (update: boolean) => DrawnText[] } }).storage
    .getDisplayList(true)
    .filter((e) => e.type === "text" && !e.ignore && !e.invisible && e.style?.text);
  return shown
    .filter((e) => {
      const r = e.getBoundingRect?.().clone();
      if (r && e.transform) r.applyTransform(e.transform);
      const outside = r ? r.x < -1 || r.y < -1 || r.x + r.width > width + 1 || r.y + r.height > height + 1 : false;
      return outside || e.style!.text!.endsWith("…") || e.style!.text!.endsWith("...");
    })
    .map((e) => e.style!.text!);
}

export default function Chart({ option, height }: { option: ChartOption; height: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const dark = window.matchMedia("(prefers-color-scheme: dark)");
    const chart = echarts.init(el, undefined, { renderer: "canvas", height });
    const draw = () => {
      const text = cssVar("--text", "#1d2521");
      const line = cssVar("--border", "#c9d1cc");
      const resolved = fitAxes(resolveColours(option) as ChartOption, el.clientWidth);
      chart.setOption(
        {
          backgroundColor: "transparent",
          textStyle: { color: text, fontFamily: "inherit" },
          color: [cssVar("--accent", "#2f6f4f"), cssVar("--chart-2", "#b5651d"), cssVar("--chart-3", "#3d5a98")],
          animation: !window.matchMedia("(prefers-reduced-motion: reduce)").matches,
          ...resolved,
          ...(resolved.xAxis !== undefined && { xAxis: themedAxes(resolved.xAxis, text, line) }),
          ...(resolved.yAxis !== undefined && { yAxis: themedAxes(resolved.yAxis, text, line) }),
        },
        true,
      );
    };
    chart.on("finished", () => {
      el.dataset.clippedLabels = clippedLabels(chart, chart.getWidth(), chart.getHeight()).join(" | ");
    });
    draw();
    let drawnWidth = el.clientWidth;
    const resize = new ResizeObserver(() => {
      chart.resize();
      // Label widths depend on the chart's width: lay the chart out again when that changes.
      if (el.clientWidth !== drawnWidth) {
        drawnWidth = el.clientWidth;
        draw();
      }
    });
    resize.observe(el);
    dark.addEventListener("change", draw);
    return () => {
      dark.removeEventListener("change", draw);
      resize.disconnect();
      chart.dispose();
    };
  }, [option, height]);
  return <div ref={ref} className="chart-canvas" aria-hidden="true" />;
}
