import type { EChartsCoreOption } from "echarts/core";

/** An ECharts option object (type only: importing it loads no chart code). */
export type ChartOption = EChartsCoreOption;
