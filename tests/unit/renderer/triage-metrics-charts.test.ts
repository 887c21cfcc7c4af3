import { describe, expect, it } from 'vitest';
import type { MetricSeries } from '@contract/domains/metrics';
import { deploymentMarks, serviceMetricsOption, seriesSummary, type DeploymentMark } from '../../../src-renderer/charts/metrics-service';
import { axisOf, labelPosition, reservationOption } from '../../../src-renderer/charts/metrics-reservation';
import { stateColour } from '../../../src-renderer/theme/states';

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;
const series = (id: string, n: number): MetricSeries => ({
  id, label: id, status: 'Complete', timestamps: Array.from({ length: n }, (_, i) => T0 + i * 60_000), values: Array.from({ length: n }, (_, i) => 10 + (i % 7)),
});
const deployment = (over: Partial<DeploymentMark>): DeploymentMark => ({
  id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: 'arn:aws:ecs:us-east-1:1:task-definition/web:42', createdAt: T0 + 10 * 60_000, updatedAt: T0 + 20 * 60_000, rolloutState: 'COMPLETED', ...over,
});

describe('service CPU/memory option', () => {
  it('draws both series with every point, CPU solid and memory dashed', () => {
    const option = serviceMetricsOption({ cpu: series('cpu', 60), memory: series('memory', 60), startTime: T0, endTime: T0 + HOUR, deployments: [], theme: 'dark' });
    const s = option.series as Array<{ name: string; data: unknown[]; lineStyle: { type: string } }>;
    expect(s.map((x) => [x.name, x.data.length, x.lineStyle.type])).toEqual([['CPU', 60, 'solid'], ['Memory', 60, 'dashed']]);
    expect(option.xAxis).toMatchObject({ type: 'time', min: T0, max: T0 + HOUR });
  });

  it('marks each deployment in range at its createdAt, coloured by how it rolled out', () => {
    const deployments = [
      deployment({ id: 'ok', createdAt: T0 + 5 * 60_000, updatedAt: T0 + 9 * 60_000 }),
      deployment({ id: 'bad', taskDefinition: 'arn:aws:ecs:us-east-1:1:task-definition/web:43', rolloutState: 'FAILED', createdAt: T0 + 30 * 60_000, updatedAt: T0 + 40 * 60_000 }),
      deployment({ id: 'rolling', taskDefinition: 'arn:aws:ecs:us-east-1:1:task-definition/web:44', rolloutState: 'IN_PROGRESS', createdAt: T0 + 50 * 60_000 }),
      deployment({ id: 'before', createdAt: T0 - HOUR }),
    ];
    const option = serviceMetricsOption({ cpu: series('cpu', 60), memory: null, startTime: T0, endTime: T0 + HOUR, deployments, theme: 'light' });
    const cpu = (option.series as Array<{ markLine: { data: Array<{ xAxis: number; name: string; lineStyle: { color: string } }> }; markArea: { data: unknown[][] } }>)[0];
    expect(cpu.markLine.data.map((d) => d.xAxis)).toEqual([T0 + 5 * 60_000, T0 + 30 * 60_000, T0 + 50 * 60_000]);
    expect(cpu.markLine.data.map((d) => d.name)).toEqual(['web:42', 'web:43 ✕ failed', 'web:44 ◐ rolling']);
    expect(cpu.markLine.data.map((d) => d.lineStyle.color)).toEqual([stateColour('healthy', 'light'), stateColour('failed', 'light'), stateColour('progress', 'light')]);
    // The rolling deployment is shaded up to the end of the range.
    expect(cpu.markArea.data.at(-1)).toEqual([expect.objectContaining({ xAxis: T0 + 50 * 60_000 }), { xAxis: T0 + HOUR }]);
  });

  it('no deployment in range: no markers', () => {
    const marks = deploymentMarks({ deployments: [deployment({ createdAt: T0 - 2 * HOUR }), deployment({ createdAt: null })], startTime: T0, endTime: T0 + HOUR, theme: 'dark' });
    expect(marks.markLine.data).toEqual([]);
    expect(marks.markArea.data).toEqual([]);
  });

  it('summarises a series for the accessible text', () => {
    expect(seriesSummary({ ...series('cpu', 3), values: [10, 20, 30] })).toEqual({ points: 3, average: 20, peak: 30 });
    expect(seriesSummary(null)).toEqual({ points: 0, average: null, peak: null });
  });
});

describe('capacity reservation option', () => {
  it('one line per provider with its target capacity as a dashed line', () => {
    const option = reservationOption({ providers: [{ name: 'general', targetCapacity: 90, series: series('p0', 10) }, { name: 'gpu', targetCapacity: null, series: null }], startTime: T0, endTime: T0 + HOUR, theme: 'dark' });
    const s = option.series as Array<{ name: string; data: unknown[]; markLine?: { data: Array<{ yAxis: number }> } }>;
    expect(s.map((x) => x.name)).toEqual(['general', 'gpu']);
    expect(s[0].markLine?.data[0].yAxis).toBe(90);
    expect(s[1].markLine).toBeUndefined();
  });

  it('draws each target label inside the plot (the default end position fell in the right margin and was cut off), named when providers share the chart', () => {
    const option = reservationOption({ providers: [{ name: 'general', targetCapacity: 90, series: series('p0', 10) }, { name: 'gpu', targetCapacity: 90, series: series('p1', 10) }], startTime: T0, endTime: T0 + HOUR, theme: 'light' });
    const labels = (option.series as Array<{ markLine: { data: Array<{ label: { position: string; formatter: string } }> } }>).map((x) => x.markLine.data[0].label);
    // Same height: one at each end of the line, not printed over each other; below the line
    // because 90 % runs near the top of a 0–100 % plot, where the legend is.
    expect(labels.map((l) => l.position)).toEqual(['insideEndBottom', 'insideStartBottom']);
    expect(labels.map((l) => l.formatter)).toEqual(['general target 90 %', 'gpu target 90 %']);
    expect(labelPosition(0, 50, 100)).toBe('insideEndTop');
    const single = reservationOption({ providers: [{ name: 'general', targetCapacity: 90, series: series('p0', 10) }], startTime: T0, endTime: T0 + HOUR, theme: 'dark' });
    expect((single.series as Array<{ markLine: { data: Array<{ label: { formatter: string } }> } }>)[0].markLine.data[0].label.formatter).toBe('target 90 %');
  });

  it('tops the axis at a whole number of steps, so no tick label lands on the top one', () => {
    expect(axisOf(100)).toEqual({ max: 100, step: 25 });
    expect(axisOf(126)).toEqual({ max: 150, step: 25 });
    expect(axisOf(240)).toEqual({ max: 250, step: 50 });
  });
});
