import type { EChartsOption, LineSeriesOption } from 'echarts';
import type { StageInfo, TrafficPoint } from '@contract/domains/deployments';
import { FRAME_COLOURS } from '../theme/tokens';
import { stateColour, type ThemeName } from '../theme/states';

/**
 * A deployment's traffic over time, as a pure function of what Wharf polled from the listener
 * rules: the new revision's share of production traffic (solid) and of test traffic (dashed),
 * drawn as steps (a weight holds until the next shift), up to now; each lifecycle stage's start
 * marked on the time axis. 0–100 %.
 */
export interface TrafficChartInput {
  points: readonly TrafficPoint[];
  stages: readonly StageInfo[];
  /** The end of the axis: now for a running deployment, its end for a finished one. */
  until: number;
  theme: ThemeName;
}

export function trafficOption(input: TrafficChartInput): EChartsOption {
  const frame = FRAME_COLOURS[input.theme];
  const production = input.points.filter((p) => p.production !== null);
  const test = input.points.filter((p) => p.test !== null);
  const extend = <T extends TrafficPoint>(list: T[], pick: (p: T) => number) => {
    const data = list.map((p) => [p.at, pick(p)]);
    const last = list[list.length - 1];
    if (last && last.at < input.until) data.push([input.until, pick(last)]);
    return data;
  };
  const start = Math.min(...[...input.points.map((p) => p.at), ...input.stages.map((s) => s.startedAt ?? Infinity)].filter(Number.isFinite), input.until - 60_000);
  const productionColour = stateColour('progress', input.theme);
  const series: LineSeriesOption[] = [
    {
      name: 'Production',
      type: 'line',
      step: 'end',
      showSymbol: false,
      data: extend(production, (p) => p.production as number),
      lineStyle: { width: 2, color: productionColour },
      itemStyle: { color: productionColour },
      areaStyle: { color: productionColour, opacity: 0.12 },
      markLine: {
        symbol: 'none',
        silent: true,
        data: input.stages
          .filter((s) => s.startedAt !== null && s.startedAt >= start)
          .map((s) => ({
            xAxis: s.startedAt as number,
            lineStyle: { color: frame.border, type: 'dotted' as const, width: 1 },
            label: { show: false },
            name: s.stage,
          })),
      },
    },
    {
      name: 'Test',
      type: 'line',
      step: 'end',
      showSymbol: false,
      data: extend(test, (p) => p.test as number),
      lineStyle: { width: 1.5, type: 'dashed', color: frame.muted },
      itemStyle: { color: frame.muted },
    },
  ];
  return {
    animation: false,
    textStyle: { color: frame.muted },
    grid: { left: 44, right: 16, top: 30, bottom: 28 },
    legend: { top: 0, right: 8, textStyle: { color: frame.muted }, data: ['Production', 'Test'] },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? `${v} % on the new revision` : '—') },
    xAxis: { type: 'time', min: start, max: input.until, axisLine: { lineStyle: { color: frame.border } }, splitLine: { show: false } },
    yAxis: { type: 'value', min: 0, max: 100, interval: 25, axisLabel: { formatter: '{value} %' }, splitLine: { lineStyle: { color: frame.border } } },
    series,
  };
}
