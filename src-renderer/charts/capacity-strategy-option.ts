import type { EChartsOption } from 'echarts';
import type { StrategyRow } from '../models/capacity/capacity-model';
import { escapeHtml, tooltipStyle, type ChartPalette } from './chart-theme';

/**
 * Capacity provider strategies as weighted bars: one row per strategy (the cluster default,
 * then each service), one stacked segment per provider as wide as its share of the weights,
 * labelled with its weight and base. Rows placed by launch type have no bar (the table beside
 * says so).
 */
export const STRATEGY_ROW_H = 26;

export function strategyChartHeight(rows: number): number {
  return Math.max(1, rows) * STRATEGY_ROW_H + 40;
}

export function strategyOption(rows: readonly StrategyRow[], colourOf: (provider: string) => string, p: ChartPalette): EChartsOption {
  const drawn = rows.filter((r) => r.items.length > 0);
  const providers = [...new Set(drawn.flatMap((r) => r.items.map((i) => i.capacityProvider)))];
  const categories = drawn.map((r) => r.label).reverse(); // a category axis draws bottom-up
  const ordered = [...drawn].reverse();
  return {
    animation: false,
    grid: { left: 120, right: 12, top: 28, bottom: 8 },
    legend: { top: 0, left: 0, textStyle: { color: p.muted, fontFamily: p.fontUi, fontSize: 11 }, itemWidth: 12, itemHeight: 10 },
    tooltip: {
      trigger: 'item',
      ...tooltipStyle(p),
      formatter: (params) => {
        const x = Array.isArray(params) ? params[0] : params;
        const row = ordered[x.dataIndex];
        const item = row?.items.find((i) => i.capacityProvider === x.seriesName);
        if (!row || !item) return '';
        const actual = row.serviceName ? `<div>runs ${row.actual[item.capacityProvider] ?? 0} task(s) here now</div>` : '';
        return `<b>${escapeHtml(row.label)}</b><div>${escapeHtml(item.capacityProvider)}: weight ${item.weight}, base ${item.base}</div>${actual}`;
      },
    },
    xAxis: { type: 'value', max: (extent: { max: number }) => extent.max, show: false },
    yAxis: { type: 'category', data: categories, axisLine: { show: false }, axisTick: { show: false }, axisLabel: { color: p.text, fontFamily: p.fontUi, fontSize: 11, width: 110, overflow: 'truncate' } },
    series: providers.map((provider) => ({
      id: `strategy-${provider}`,
      name: provider,
      type: 'bar',
      stack: 'weights',
      barWidth: 14,
      itemStyle: { color: colourOf(provider), borderColor: p.raised, borderWidth: 1 },
      label: {
        show: true,
        position: 'inside',
        // Service palette colours are light in the dark theme and dark in the light one.
        color: p.theme === 'dark' ? '#111' : '#fff',
        fontFamily: p.fontUi,
        fontSize: 10,
        formatter: (x: { dataIndex: number }) => {
          const item = ordered[x.dataIndex]?.items.find((i) => i.capacityProvider === provider);
          return item ? `w${item.weight}${item.base ? ` · base ${item.base}` : ''}` : '';
        },
      },
      data: ordered.map((row) => {
        const total = row.items.reduce((s, i) => s + i.weight, 0);
        const item = row.items.find((i) => i.capacityProvider === provider);
        // A base-only provider (weight 0) still gets a sliver, so its base shows.
        if (!item) return 0;
        return total > 0 ? Math.max((item.weight / total) * 100, item.base ? 6 : 0) : 100 / row.items.length;
      }),
    })),
  };
}
