import type { EChartsOption, LineSeriesOption } from 'echarts';
import type { DeploymentRecord } from '@contract/domains/inventory';
import type { MetricSeries } from '@contract/domains/metrics';
import { FRAME_COLOURS } from '../theme/tokens';
import { stateColour, type ThemeName } from '../theme/states';

/**
 * The service page's CPU and memory chart, as a pure function of the data: utilization over
 * the chosen range with each deployment marked where it started (a line) and while it rolled
 * (a shaded span), coloured by how it ended. CPU is solid, memory dashed, so the two read
 * apart without colour.
 */
export type DeploymentMark = Pick<DeploymentRecord, 'id' | 'status' | 'taskDefinition' | 'createdAt' | 'updatedAt' | 'rolloutState'>;

export interface ServiceMetricsInput {
  cpu: MetricSeries | null;
  memory: MetricSeries | null;
  startTime: number;
  endTime: number;
  deployments: readonly DeploymentMark[];
  theme: ThemeName;
}

export function serviceMetricsOption(input: ServiceMetricsInput): EChartsOption {
  const frame = FRAME_COLOURS[input.theme];
  const series: LineSeriesOption[] = [
    lineSeries('CPU', input.cpu, frame.accent, 'solid'),
    lineSeries('Memory', input.memory, frame.muted, 'dashed'),
  ];
  const marks = deploymentMarks(input);
  // The markers ride on the first series; ECharts draws them across the whole grid.
  series[0] = { ...series[0], markLine: marks.markLine, markArea: marks.markArea };
  return {
    animation: false,
    textStyle: { color: frame.muted },
    grid: { left: 44, right: 16, top: 36, bottom: 28 },
    legend: { top: 0, right: 8, textStyle: { color: frame.muted }, data: ['CPU', 'Memory'] },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? `${v.toFixed(1)} %` : '—') },
    xAxis: { type: 'time', min: input.startTime, max: input.endTime, axisLine: { lineStyle: { color: frame.border } }, splitLine: { show: false } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' }, splitLine: { lineStyle: { color: frame.border } } },
    series,
  };
}

function lineSeries(name: string, data: MetricSeries | null, colour: string, type: 'solid' | 'dashed'): LineSeriesOption {
  const points = data ? data.timestamps.map((t, i) => [t, round1(data.values[i])]) : [];
  return { name, type: 'line', showSymbol: false, sampling: 'lttb', data: points, lineStyle: { width: 1.5, type, color: colour }, itemStyle: { color: colour } };
}

/** A marker for each deployment that started inside the range, coloured by its rollout. */
export function deploymentMarks(input: Pick<ServiceMetricsInput, 'deployments' | 'startTime' | 'endTime' | 'theme'>): {
  markLine: NonNullable<LineSeriesOption['markLine']>;
  markArea: NonNullable<LineSeriesOption['markArea']>;
} {
  const inRange = input.deployments.filter((d) => d.createdAt !== null && d.createdAt >= input.startTime && d.createdAt <= input.endTime);
  const lines = inRange.map((d) => ({
    name: label(d),
    xAxis: d.createdAt as number,
    lineStyle: { color: rolloutColour(d, input.theme), type: 'solid' as const, width: 1 },
    label: { formatter: label(d), color: rolloutColour(d, input.theme), position: 'end' as const },
  }));
  const spans = inRange
    .filter((d) => d.rolloutState === 'IN_PROGRESS' || (d.updatedAt !== null && d.updatedAt > (d.createdAt as number)))
    .map((d) => {
      const end = d.rolloutState === 'IN_PROGRESS' ? input.endTime : Math.min(input.endTime, d.updatedAt as number);
      return [
        { name: label(d), xAxis: d.createdAt as number, itemStyle: { color: rolloutColour(d, input.theme), opacity: 0.08 }, label: { show: false } },
        { xAxis: end },
      ] as [{ name: string; xAxis: number; itemStyle: { color: string; opacity: number }; label: { show: boolean } }, { xAxis: number }];
    });
  return {
    markLine: { silent: true, symbol: ['none', 'none'], animation: false, data: lines },
    markArea: { silent: true, animation: false, data: spans },
  };
}

function label(d: DeploymentMark): string {
  const revision = d.taskDefinition.split('/').pop() ?? d.taskDefinition;
  return `${revision}${d.rolloutState === 'FAILED' ? ' ✕ failed' : d.rolloutState === 'IN_PROGRESS' ? ' ◐ rolling' : ''}`;
}

function rolloutColour(d: DeploymentMark, theme: ThemeName): string {
  if (d.rolloutState === 'FAILED') return stateColour('failed', theme);
  if (d.rolloutState === 'IN_PROGRESS') return stateColour('progress', theme);
  return stateColour('healthy', theme);
}

function round1(v: number | undefined): number | null {
  return v === undefined || !Number.isFinite(v) ? null : Math.round(v * 10) / 10;
}

/** Points, average and peak of a series, for the accessible summary beside the chart. */
export function seriesSummary(s: MetricSeries | null): { points: number; average: number | null; peak: number | null } {
  if (!s || !s.values.length) return { points: 0, average: null, peak: null };
  const sum = s.values.reduce((a, b) => a + b, 0);
  return { points: s.values.length, average: sum / s.values.length, peak: Math.max(...s.values) };
}
