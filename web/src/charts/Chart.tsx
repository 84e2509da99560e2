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

export default function Chart({ option, height }: { option: ChartOption; height: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const dark = window.matchMedia("(prefers-color-scheme: dark)");
    const chart = echarts.init(el, undefined, { renderer: "canvas", height });
    const draw = () => {
      chart.setOption(
        {
          backgroundColor: "transparent",
          textStyle: { color: cssVar("--text", "#1d2521"), fontFamily: "inherit" },
          color: [cssVar("--accent", "#2f6f4f"), cssVar("--chart-2", "#b5651d"), cssVar("--chart-3", "#3d5a98")],
          animation: !window.matchMedia("(prefers-reduced-motion: reduce)").matches,
          ...option,
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
