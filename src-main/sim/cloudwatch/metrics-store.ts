/**
 * The sim account's CloudWatch metrics. A series is either computed (defineSeries: the sim's
 * model says what the value is at any instant, so any time range can be read without storing
 * points) or recorded (put: raw points, aggregated per period when read), or both.
 * Recorded points are bounded: each series keeps its newest 50,000.
 */

export const POINTS_KEPT_PER_SERIES = 50_000;

export type ValueAt = (epochMs: number) => number | null;

export interface MetricSeries {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  unit: string;
  valueAt?: ValueAt;
  /** Recorded points, in arrival order. */
  points: Array<{ t: number; v: number }>;
}

// Units CloudWatch reports for the metrics the sim's ECS publishes; anything else is None.
const PERCENT_METRICS = new Set(['CPUUtilization', 'MemoryUtilization', 'CPUReservation', 'MemoryReservation', 'GPUReservation', 'CapacityProviderReservation']);

export class MetricsStore {
  private readonly series = new Map<string, MetricSeries>();

  defineSeries(namespace: string, metricName: string, dimensions: Record<string, string>, valueAt: ValueAt, opts: { unit?: string } = {}): void {
    this.seriesFor(namespace, metricName, dimensions, opts.unit).valueAt = valueAt;
  }

  put(namespace: string, metricName: string, dimensions: Record<string, string>, timestamp: number, value: number, opts: { unit?: string } = {}): void {
    const s = this.seriesFor(namespace, metricName, dimensions, opts.unit);
    s.points.push({ t: timestamp, v: value });
    if (s.points.length > POINTS_KEPT_PER_SERIES * 1.1) s.points.splice(0, s.points.length - POINTS_KEPT_PER_SERIES);
  }

  /** The series with exactly these dimensions, as CloudWatch matches them. */
  find(namespace: string, metricName: string, dimensions: Record<string, string>): MetricSeries | undefined {
    return this.series.get(seriesKey(namespace, metricName, dimensions));
  }

  all(): MetricSeries[] {
    return [...this.series.values()];
  }

  private seriesFor(namespace: string, metricName: string, dimensions: Record<string, string>, unit?: string): MetricSeries {
    const key = seriesKey(namespace, metricName, dimensions);
    let s = this.series.get(key);
    if (!s) {
      s = {
        namespace,
        metricName,
        dimensions: { ...dimensions },
        unit: unit ?? (PERCENT_METRICS.has(metricName) ? 'Percent' : 'None'),
        points: [],
      };
      this.series.set(key, s);
    } else if (unit) {
      s.unit = unit;
    }
    return s;
  }
}

function seriesKey(namespace: string, metricName: string, dimensions: Record<string, string>): string {
  const dims = Object.keys(dimensions)
    .sort()
    .map((k) => `${k}=${dimensions[k]}`)
    .join(',');
  return `${namespace}\u0000${metricName}\u0000${dims}`;
}
