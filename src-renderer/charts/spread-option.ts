import type { EChartsOption } from 'echarts';
import type { SpreadCount } from '../models/placement/spread';
import { tooltipStyle, type ChartPalette } from './chart-theme';

/**
 * A service's tasks per zone as horizontal bars, zones top to bottom in name order, the count
 * printed at each bar's end (so the chart reads without hovering).
 */
export const SPREAD_ROW_H = 24;

export function spreadChartHeight(rows: number): number {
  return Math.max(1, rows) * SPREAD_ROW_H + 16;
}

export function spreadOption(byZone: readonly SpreadCount[], colour: string, p: ChartPalette): EChartsOption {
  const zones = [...byZone].reverse(); // ECharts draws a category y axis bottom-up
  const max = Math.max(1, ...byZone.map((z) => z.count));
  return {
    animation: false,
    grid: { left: 86, right: 28, top: 8, bottom: 8 },
    tooltip: { trigger: 'item', ...tooltipStyle(p), formatter: (params) => { const x = Array.isArray(params) ? params[0] : params; return `${x.name}: ${x.value} task${x.value === 1 ? '' : 's'}`; } },
    xAxis: { type: 'value', max, minInterval: 1, show: false },
    yAxis: {
      type: 'category',
      data: zones.map((z) => z.label),
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { color: p.muted, fontFamily: p.fontUi, fontSize: 11 },
    },
    series: [
      {
        id: 'zones',
        type: 'bar',
        data: zones.map((z) => ({ value: z.count, name: z.label })),
        barWidth: 12,
        itemStyle: { color: colour, borderRadius: 2 },
        showBackground: true,
        backgroundStyle: { color: p.track, borderRadius: 2 },
        label: { show: true, position: 'right', color: p.text, fontFamily: p.fontUi, fontSize: 11 },
      },
    ],
  };
}
