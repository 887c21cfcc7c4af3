import { describe, expect, it } from 'vitest';
import { strategyOption } from '../../../src-renderer/charts/capacity-strategy-option';
import { chartPalette } from '../../../src-renderer/charts/chart-theme';
import type { StrategyRow } from '../../../src-renderer/models/capacity/capacity-model';

const row = (label: string, items: StrategyRow['items']): StrategyRow => ({ key: label, label, serviceName: label === 'Cluster default' ? null : label, items, actual: {}, launchType: items.length ? null : 'EC2' });

describe('strategyOption', () => {
  const rows = [
    row('Cluster default', [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 }]),
    row('resizer', [{ capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 }]),
    row('legacy', []),
  ];
  const option = strategyOption(rows, () => '#888', chartPalette('light'));
  const series = option.series as Array<{ name: string; data: number[]; stack: string }>;

  it('draws one stacked segment per provider, as wide as its share of the weights', () => {
    expect(series.map((s) => s.name)).toEqual(['FARGATE', 'FARGATE_SPOT']);
    expect(series.every((s) => s.stack === 'weights')).toBe(true);
    // Rows bottom-up: resizer, then the cluster default; the launch-type row has no bar.
    expect(series[0].data).toEqual([0, 25]);
    expect(series[1].data).toEqual([100, 75]);
    expect((option.yAxis as { data: string[] }).data).toEqual(['resizer', 'Cluster default']);
  });
});
