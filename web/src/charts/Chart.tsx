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
      chart.setOption(
        {
          backgroundColor: "transparent",
          textStyle: { color: text, fontFamily: "inherit" },
          color: [cssVar("--accent", "#2f6f4f"), cssVar("--chart-2", "#b5651d"), cssVar("--chart-3", "#3d5a98")],
          animation: !window.matchMedia("(prefers-reduced-motion: reduce)").matches,
          ...option,
          ...(option.xAxis !== undefined && { xAxis: themedAxes(option.xAxis, text, line) }),
          ...(option.yAxis !== undefined && { yAxis: themedAxes(option.yAxis, text, line) }),
        },
        true,
      );
    };
    draw();
    const resize = new ResizeObserver(() => chart.resize());
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
