// Outputs are plain objects typed unknown by the seam: tests read them loosely.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe, expect, it } from 'vitest';
import { MetricsStore } from '../../../src-main/sim/cloudwatch/metrics-store';
import { cloudwatchService } from '../../../src-main/sim/cloudwatch/cloudwatch-service';
import { ctxAt, errorOf } from './ctx';

const T0 = Date.UTC(2025, 0, 1);
const NOW = T0 + 60 * 60_000;
const DIMS = { ClusterName: 'prod', ServiceName: 'api' };

function setup() {
  const store = new MetricsStore();
  // CPU climbs 1 point per minute: easy to check per-period averages.
  store.defineSeries('AWS/ECS', 'CPUUtilization', DIMS, (t) => (t - T0) / 60_000);
  const ops = cloudwatchService(store).operations;
  const call = (op: string, input: Record<string, unknown>) => ops[op](input, ctxAt(NOW)) as any;
  return { store, call };
}

const cpuQuery = (stat: string, period = 300) => ({
  Id: 'cpu',
  MetricStat: { Metric: { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'ClusterName', Value: 'prod' }, { Name: 'ServiceName', Value: 'api' }] }, Period: period, Stat: stat },
});

describe('GetMetricData', () => {
  it('answers newest first by default, one point per period, up to now', () => {
    const { call } = setup();
    // JSON 1.0 sends timestamps as epoch seconds.
    const out = call('GetMetricData', { MetricDataQueries: [cpuQuery('Average')], StartTime: T0 / 1000, EndTime: (NOW + 3_600_000) / 1000 });
    const r = out.MetricDataResults[0];
    expect(r).toMatchObject({ Id: 'cpu', Label: 'CPUUtilization', StatusCode: 'Complete' });
    // 12 whole periods; the one starting now has no sample yet, and the future none at all.
    expect(r.Timestamps).toHaveLength(12);
    expect(r.Timestamps[0]).toEqual(new Date(NOW - 300_000));
    expect(r.Timestamps[11]).toEqual(new Date(T0));
    expect(r.Values[11]).toBeCloseTo(2.5, 6); // samples at 0.5, 1.5, … 4.5 minutes
    expect(r.Values[0]).toBeCloseTo(57.5, 6);
  });

  it('reads query-protocol input (member lists, ISO times, numeric strings) and ScanBy ascending', () => {
    const { call } = setup();
    const q = cpuQuery('Maximum', 600);
    const out = call('GetMetricData', {
      MetricDataQueries: { member: [{ ...q, MetricStat: { ...q.MetricStat, Period: '600', Metric: { ...q.MetricStat.Metric, Dimensions: { member: q.MetricStat.Metric.Dimensions } } } }] },
      StartTime: new Date(T0).toISOString(),
      EndTime: new Date(T0 + 1_800_000).toISOString(),
      ScanBy: 'TimestampAscending',
    });
    expect(out.MetricDataResults[0].Timestamps.map((d: Date) => d.getTime())).toEqual([T0, T0 + 600_000, T0 + 1_200_000]);
    expect(out.MetricDataResults[0].Values[0]).toBeCloseTo(9, 6);
  });

  it('aggregates put points per period and pages by MaxDatapoints', () => {
    const { store, call } = setup();
    for (let m = 0; m < 10; m++) store.put('AWS/ECS/ManagedScaling', 'CapacityProviderReservation', { CapacityProviderName: 'asg', ClusterName: 'prod' }, T0 + m * 60_000, m * 10);
    const q = {
      Id: 'cpr',
      MetricStat: { Metric: { Namespace: 'AWS/ECS/ManagedScaling', MetricName: 'CapacityProviderReservation', Dimensions: [{ Name: 'CapacityProviderName', Value: 'asg' }, { Name: 'ClusterName', Value: 'prod' }] }, Period: 60, Stat: 'Sum' },
    };
    const first = call('GetMetricData', { MetricDataQueries: [q], StartTime: T0 / 1000, EndTime: NOW / 1000, MaxDatapoints: 6, ScanBy: 'TimestampAscending' });
    expect(first.MetricDataResults[0]).toMatchObject({ StatusCode: 'PartialData', Values: [0, 10, 20, 30, 40, 50] });
    const second = call('GetMetricData', { MetricDataQueries: [q], StartTime: T0 / 1000, EndTime: NOW / 1000, MaxDatapoints: 6, ScanBy: 'TimestampAscending', NextToken: first.NextToken });
    expect(second.MetricDataResults[0]).toMatchObject({ StatusCode: 'Complete', Values: [60, 70, 80, 90] });
    expect(second.NextToken).toBeUndefined();
  });

  it('answers no data for an unknown metric and refuses an unknown statistic', async () => {
    const { call } = setup();
    const q = cpuQuery('Average');
    q.MetricStat.Metric.Dimensions = [{ Name: 'ClusterName', Value: 'prod' }];
    const out = call('GetMetricData', { MetricDataQueries: [q], StartTime: T0 / 1000, EndTime: NOW / 1000 });
    expect(out.MetricDataResults[0]).toMatchObject({ Values: [], Timestamps: [], StatusCode: 'Complete' });
    const err = await errorOf(() => call('GetMetricData', { MetricDataQueries: [cpuQuery('Median')], StartTime: T0 / 1000, EndTime: NOW / 1000 }));
    expect(err.code).toBe('InvalidParameterValueException');
  });
});

describe('GetMetricStatistics and ListMetrics', () => {
  it('computes the requested statistics with the unit, and enforces the 1,440 datapoint limit', async () => {
    const { call } = setup();
    const out = call('GetMetricStatistics', {
      Namespace: 'AWS/ECS',
      MetricName: 'CPUUtilization',
      Dimensions: [{ Name: 'ClusterName', Value: 'prod' }, { Name: 'ServiceName', Value: 'api' }],
      StartTime: new Date(T0),
      EndTime: new Date(T0 + 600_000),
      Period: 300,
      Statistics: ['Average', 'Maximum'],
      ExtendedStatistics: ['p50'],
    });
    expect(out.Datapoints).toHaveLength(2);
    expect(out.Datapoints[0]).toMatchObject({ Unit: 'Percent', Average: 2.5, Maximum: 4.5, ExtendedStatistics: { p50: 2.5 } });
    const err = await errorOf(() =>
      call('GetMetricStatistics', { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', StartTime: new Date(T0), EndTime: new Date(T0 + 86_400_000), Period: 1, Statistics: ['Average'] }),
    );
    expect(err).toMatchObject({ code: 'InvalidParameterCombinationException', message: expect.stringContaining('exceeds the limit of 1440') });
  });

  it('lists metrics filtered by dimension', () => {
    const { store, call } = setup();
    store.defineSeries('AWS/ECS', 'MemoryUtilization', { ClusterName: 'prod', ServiceName: 'web' }, () => 50);
    const out = call('ListMetrics', { Namespace: 'AWS/ECS', Dimensions: [{ Name: 'ServiceName', Value: 'web' }] });
    expect(out.Metrics).toEqual([{ Namespace: 'AWS/ECS', MetricName: 'MemoryUtilization', Dimensions: [{ Name: 'ClusterName', Value: 'prod' }, { Name: 'ServiceName', Value: 'web' }] }]);
  });
});
