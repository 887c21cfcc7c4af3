import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { RANGE_MS, RANGE_PERIOD_S, type MetricSeries, type MetricsQueryResult } from '../../contract/domains/metrics';
import type { MetricsQueryArgs } from '../../contract/domains/metrics';
import type { z } from 'zod';
import { WharfError } from '../../contract/errors';
import type { OpenSession } from '../session/session-manager';
import { allPages } from '../aws/reads';

type QueryArgs = z.output<typeof MetricsQueryArgs>;
type CloudWatchLike = Pick<CloudWatchClient, 'send'>;

/** GetMetricData answers in pages; a week at a minute for 20 series is ~200k points. */
const MAX_PAGES = 10;

/**
 * Generic CloudWatch GetMetricData: the service page's CPU and memory, the capacity page's
 * reservation, anything else a view needs. Times are aligned to the period so consecutive
 * refreshes ask for the same buckets.
 */
export class MetricsService {
  constructor(private readonly deps: { sessions: { current(): OpenSession | null }; now?: () => number }) {}

  async query(args: QueryArgs): Promise<MetricsQueryResult> {
    const session = this.deps.sessions.current();
    if (!session) throw new WharfError('NO_SESSION', 'No AWS profile is open yet.', { fix: 'Pick a profile and a region.' });
    const window = timeWindow(args, (this.deps.now ?? Date.now)());
    const client = args.region && args.region !== session.info.region ? session.clientsFor(args.region).cloudwatch : session.clients.cloudwatch;
    try {
      return { ...window, ...(await fetchSeries(client, args, window)) };
    } catch (err) {
      throw session.explainError(err);
    }
  }
}

/** Start, end and period: from the range (end = now, aligned down to the period) or given times. */
export function timeWindow(args: Pick<QueryArgs, 'range' | 'startTime' | 'endTime' | 'period'>, now: number): { startTime: number; endTime: number; period: number } {
  if (args.range) {
    const period = args.period ?? RANGE_PERIOD_S[args.range];
    const endTime = Math.ceil(now / (period * 1000)) * period * 1000;
    return { startTime: endTime - RANGE_MS[args.range], endTime, period };
  }
  if (args.startTime === undefined || args.endTime === undefined || args.endTime <= args.startTime) {
    throw new WharfError('BAD_REQUEST', 'A metrics query needs a range (1h, 6h, 24h, 7d) or a start time before its end time.');
  }
  const span = args.endTime - args.startTime;
  // About 150 points, in whole minutes (CloudWatch's standard resolution).
  const period = args.period ?? Math.max(60, Math.ceil(span / 150 / 60_000) * 60);
  return { startTime: args.startTime, endTime: args.endTime, period };
}

async function fetchSeries(client: CloudWatchLike, args: QueryArgs, window: { startTime: number; endTime: number; period: number }): Promise<{ series: MetricSeries[]; messages: string[] }> {
  const queries: MetricDataQuery[] = args.queries.map((q) => ({
    Id: q.id,
    Label: q.label ?? q.metricName,
    MetricStat: {
      Metric: { Namespace: q.namespace, MetricName: q.metricName, Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })) },
      Period: window.period,
      Stat: q.stat,
    },
    ReturnData: true,
  }));
  const byId = new Map<string, { label: string; points: Array<[number, number]>; status: string }>();
  const messages: string[] = [];
  let pageCount = 0;
  const pages = await allPages(
    async (nextToken) => {
      const res = await client.send(
        new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: new Date(window.startTime), EndTime: new Date(window.endTime), ScanBy: 'TimestampAscending', NextToken: nextToken }),
      );
      return { ...res, nextToken: res.NextToken };
    },
    () => ++pageCount >= MAX_PAGES,
  );
  for (const res of pages) {
    for (const r of res.MetricDataResults ?? []) {
      const entry = byId.get(r.Id ?? '') ?? { label: r.Label ?? r.Id ?? '', points: [], status: 'Complete' };
      const ts = r.Timestamps ?? [];
      const values = r.Values ?? [];
      for (let i = 0; i < ts.length && i < values.length; i++) entry.points.push([ts[i].getTime(), values[i]]);
      entry.status = r.StatusCode ?? entry.status;
      for (const m of r.Messages ?? []) if (m.Value) messages.push(`${r.Label ?? r.Id}: ${m.Value}`);
      byId.set(r.Id ?? '', entry);
    }
    for (const m of res.Messages ?? []) if (m.Value) messages.push(m.Value);
  }

  const series = args.queries.map((q) => {
    const entry = byId.get(q.id);
    // Pages and ScanBy aside, a client must not trust the order: sort, oldest first.
    const points = (entry?.points ?? []).sort((a, b) => a[0] - b[0]);
    return { id: q.id, label: entry?.label ?? q.label ?? q.metricName, timestamps: points.map((p) => p[0]), values: points.map((p) => p[1]), status: entry?.status ?? 'Complete' };
  });
  return { series, messages };
}
