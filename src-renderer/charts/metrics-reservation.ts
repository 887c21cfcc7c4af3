import type { EChartsOption, LineSeriesOption } from 'echarts';
import type { MetricSeries } from '@contract/domains/metrics';
import { FRAME_COLOURS } from '../theme/tokens';
import { stateColour, type ThemeName } from '../theme/states';

/**
 * The cluster's CapacityProviderReservation per Auto Scaling capacity provider: how much of
 * its instances' capacity the tasks reserve, against the provider's target capacity (the
 * dashed line managed scaling steers to). Above 100 % tasks wait for instances.
 */
export interface ReservationInput {
  providers: ReadonlyArray<{ name: string; targetCapacity: number | null; series: MetricSeries | null }>;
  startTime: number;
  endTime: number;
  theme: ThemeName;
}

const LINE_TYPES = ['solid', 'dashed', 'dotted'] as const;

export function reservationOption(input: ReservationInput): EChartsOption {
  const frame = FRAME_COLOURS[input.theme];
  const colours = [frame.accent, frame.muted, stateColour('progress', input.theme)];
  const max = Math.max(100, ...input.providers.flatMap((p) => p.series?.values ?? []));
  const series: LineSeriesOption[] = input.providers.map((p, i) => {
    const colour = colours[i % colours.length];
    return {
      name: p.name,
      type: 'line',
      showSymbol: false,
      data: p.series ? p.series.timestamps.map((t, j) => [t, p.series!.values[j]]) : [],
      lineStyle: { width: 1.5, color: colour, type: LINE_TYPES[i % LINE_TYPES.length] },
      itemStyle: { color: colour },
      markLine:
        p.targetCapacity === null
          ? undefined
          : { silent: true, symbol: ['none', 'none'], data: [{ name: `${p.name} target`, yAxis: p.targetCapacity, label: { formatter: `target ${p.targetCapacity} %`, color: colour }, lineStyle: { color: colour, type: 'dashed', width: 1 } }] },
    };
  });
  return {
    animation: false,
    textStyle: { color: frame.muted },
    grid: { left: 44, right: 16, top: 28, bottom: 28 },
    legend: { top: 0, right: 8, textStyle: { color: frame.muted } },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? `${Math.round(v)} %` : '—') },
    xAxis: { type: 'time', min: input.startTime, max: input.endTime, splitLine: { show: false } },
    yAxis: { type: 'value', min: 0, max: Math.ceil(max / 10) * 10, axisLabel: { formatter: '{value} %' }, splitLine: { lineStyle: { color: frame.border } } },
    series,
  };
}
