import { describe, expect, it } from 'vitest';
import type { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { MetricsService } from '../../../src-main/core/metrics/metrics-service';
import type { OpenSession } from '../../../src-main/core/session/session-manager';

/** GetMetricData's pages: each page's points join its series, and at most 10 pages are read. */
function serviceWith(pages: number) {
  const tokens: Array<string | undefined> = [];
  const cloudwatch = {
    send: async (command: GetMetricDataCommand) => {
      const token = command.input.NextToken;
      tokens.push(token);
      const n = token ? Number(token) : 0;
      return {
        MetricDataResults: [{ Id: 'cpu', Label: 'CPU', Timestamps: [new Date(1_000 * (n + 1))], Values: [n], StatusCode: 'Complete' }],
        NextToken: n + 1 < pages ? String(n + 1) : undefined,
      };
    },
  };
  const session = { info: { region: 'us-east-1' }, clients: { cloudwatch }, explainError: (err: unknown) => err } as unknown as OpenSession;
  return { service: new MetricsService({ sessions: { current: () => session }, now: () => 3_600_000 }), tokens };
}

const args = { range: '1h', queries: [{ id: 'cpu', namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensions: { ClusterName: 'prod' }, stat: 'Average' }] } as const;

describe('metrics pages', () => {
  it('joins the points of every page into one series', async () => {
    const { service, tokens } = serviceWith(3);
    const result = await service.query(args as never);
    expect(tokens).toEqual([undefined, '1', '2']);
    expect(result.series[0]?.values).toEqual([0, 1, 2]);
  });

  it('reads at most 10 pages', async () => {
    const { service, tokens } = serviceWith(50);
    const result = await service.query(args as never);
    expect(tokens).toHaveLength(10);
    expect(result.series[0]?.values).toHaveLength(10);
  });
});
