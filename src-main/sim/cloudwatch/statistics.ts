/**
 * Per-period statistics of a series: the values that fall in a period (samples of a computed
 * series, recorded points) reduced by a CloudWatch statistic.
 */
import { SimError } from '../http/types';
import type { MetricSeries } from './metrics-store';

/** More periods than this in one query is refused rather than computed (AWS pages at 100,800). */
export const MAX_PERIODS_PER_QUERY = 100_800;

export type Statistic = (values: number[]) => number;

// A computed series is sampled this many times per period (fewer for short periods): enough
// for Maximum and Minimum to differ from Average, as real per-minute data does.
const SAMPLES_PER_PERIOD = 5;

const BASIC: Record<string, Statistic> = {
  Average: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  Sum: (v) => v.reduce((a, b) => a + b, 0),
  Minimum: (v) => Math.min(...v),
  Maximum: (v) => Math.max(...v),
  SampleCount: (v) => v.length,
};

/** The statistic named as CloudWatch names it (Average, …, p99, p99.9), or undefined. */
export function statisticOf(name: string): Statistic | undefined {
  if (BASIC[name]) return BASIC[name];
  const m = /^p(\d{1,2}(\.\d+)?|100)$/.exec(name);
  if (!m) return undefined;
  const p = Number(m[1]) / 100;
  return (v) => {
    const sorted = [...v].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  };
}

/** Values of the series in [start, start + period), never reading the future past `now`. */
export function valuesInPeriod(series: MetricSeries, start: number, period: number, now: number): number[] {
  const values: number[] = [];
  const end = start + period;
  if (series.valueAt) {
    const n = Math.max(1, Math.min(SAMPLES_PER_PERIOD, Math.round(period / 60)));
    for (let i = 0; i < n; i++) {
      const t = start + ((i + 0.5) * period) / n;
      if (t > now) break;
      const v = series.valueAt(Math.round(t));
      if (v !== null && Number.isFinite(v)) values.push(v);
    }
  }
  for (const p of series.points) if (p.t >= start && p.t < end && p.t <= now) values.push(p.v);
  return values;
}

/** Period start times covering [startMs, endMs), aligned to the period, none after `now`. */
export function periodStarts(startMs: number, endMs: number, periodSec: number, now: number): number[] {
  const period = periodSec * 1000;
  const count = (Math.min(endMs, now + period) - startMs) / period;
  if (count > MAX_PERIODS_PER_QUERY) {
    throw new SimError(
      'InvalidParameterCombinationException',
      `The time range holds ${Math.ceil(count)} periods of ${periodSec} s; the sim computes at most ${MAX_PERIODS_PER_QUERY}. Increase Period or shorten the time range.`,
    );
  }
  const starts: number[] = [];
  for (let t = Math.floor(startMs / period) * period; t < endMs && t <= now; t += period) starts.push(t);
  return starts;
}
