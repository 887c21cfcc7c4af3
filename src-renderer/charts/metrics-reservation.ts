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

/**
 * The y axis: a top that is a whole number of steps, so no tick label sits on the maximum's
 * (a top of 130 with ticks every 30 printed "120 %" over "130 %").
 */
export function axisOf(highest: number): { max: number; step: number } {
  const step = highest <= 150 ? 25 : highest <= 300 ? 50 : 100;
  return { max: Math.ceil(highest / step) * step, step };
}

/**
 * Where a target's label sits, always inside the plot: providers alternate between the
 * line's right and left ends (two targets at the same height never overprint), above the
 * line unless the line runs along the plot's top (the legend is there), then below it.
 */
export function labelPosition(index: number, target: number, max: number): 'insideEndTop' | 'insideEndBottom' | 'insideStartTop' | 'insideStartBottom' {
  const side = index % 2 === 0 ? 'insideEnd' : 'insideStart';
  return `${side}${target > max * 0.88 ? 'Bottom' : 'Top'}`;
}

/** "target 90 %", or with the provider's name when several providers share the chart. */
function targetLabel(provider: string, target: number, providers: number): string {
  return providers > 1 ? `${provider} target ${target} %` : `target ${target} %`;
}

export function reservationOption(input: ReservationInput): EChartsOption {
  const frame = FRAME_COLOURS[input.theme];
  const colours = [frame.accent, frame.muted, stateColour('progress', input.theme)];
  const { max, step } = axisOf(Math.max(100, ...input.providers.flatMap((p) => p.series?.values ?? [])));
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
          : {
              silent: true,
              symbol: ['none', 'none'],
              // Inside the plot: ECharts' default ('end') draws the label past the line's end,
              // in the grid's right margin, where it was cut off.
              data: [{
                name: `${p.name} target`,
                yAxis: p.targetCapacity,
                label: { formatter: targetLabel(p.name, p.targetCapacity, input.providers.length), position: labelPosition(i, p.targetCapacity, max), distance: 3, color: colour, backgroundColor: frame.bg, padding: [1, 3] },
                lineStyle: { color: colour, type: 'dashed', width: 1 },
              }],
            },
    };
  });
  return {
    animation: false,
    textStyle: { color: frame.muted },
    grid: { left: 44, right: 16, top: 28, bottom: 28 },
    legend: { top: 0, right: 8, textStyle: { color: frame.muted } },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? `${Math.round(v)} %` : '—') },
    xAxis: { type: 'time', min: input.startTime, max: input.endTime, splitLine: { show: false } },
    yAxis: { type: 'value', min: 0, max, interval: step, axisLabel: { formatter: '{value} %' }, splitLine: { lineStyle: { color: frame.border } } },
    series,
  };
}
