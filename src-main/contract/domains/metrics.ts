import { z } from 'zod';

/**
 * CloudWatch metrics, generic: any namespace, metric, dimensions and statistic, over a preset
 * range (period chosen per range) or explicit times. The service page asks for CPU and memory
 * (AWS/ECS), the capacity page for CapacityProviderReservation (AWS/ECS/ManagedScaling).
 */
export const MetricRange = z.enum(['1h', '6h', '24h', '7d']);
export type MetricRange = z.infer<typeof MetricRange>;

export const RANGE_MS: Record<MetricRange, number> = { '1h': 3_600_000, '6h': 21_600_000, '24h': 86_400_000, '7d': 604_800_000 };

/** Seconds per point: 60 to 170 points per range, and periods CloudWatch keeps for that long. */
export const RANGE_PERIOD_S: Record<MetricRange, number> = { '1h': 60, '6h': 300, '24h': 600, '7d': 3600 };

export const MetricStatName = z.enum(['Average', 'Maximum', 'Minimum', 'Sum', 'SampleCount']);

export const MetricQuery = z
  .object({
    /** Names the series in the answer; CloudWatch wants [a-z][a-zA-Z0-9_]*. */
    id: z.string().regex(/^[a-z][a-zA-Z0-9_]*$/).max(255),
    namespace: z.string().min(1).max(255),
    metricName: z.string().min(1).max(255),
    dimensions: z.record(z.string().min(1).max(255), z.string().max(1024)),
    stat: MetricStatName.default('Average'),
    label: z.string().max(255).optional(),
  })
  .strict();
export type MetricQuery = z.input<typeof MetricQuery>;

export const MetricSeries = z.object({
  id: z.string(),
  label: z.string(),
  /** Epoch ms, oldest first, paired with `values`. */
  timestamps: z.array(z.number()),
  values: z.array(z.number()),
  /** CloudWatch's status: Complete, PartialData, InternalError, Forbidden. */
  status: z.string(),
});
export type MetricSeries = z.infer<typeof MetricSeries>;

export const MetricsQueryArgs = z
  .object({
    queries: z.array(MetricQuery).min(1).max(20),
    range: MetricRange.optional(),
    /** Epoch ms, when no range: both needed. */
    startTime: z.number().int().nonnegative().optional(),
    endTime: z.number().int().nonnegative().optional(),
    /** Seconds; default: the range's, or one chosen for the span. */
    period: z.number().int().min(1).max(86_400).optional(),
    region: z.string().max(30).optional(),
  })
  .strict();

export const MetricsQueryResult = z.object({
  startTime: z.number(),
  endTime: z.number(),
  period: z.number(),
  series: z.array(MetricSeries),
  /** CloudWatch's messages (e.g. a metric it has no data for), in words. */
  messages: z.array(z.string()),
});
export type MetricsQueryResult = z.infer<typeof MetricsQueryResult>;

export const metricsMethods = {
  'metrics.query': { args: MetricsQueryArgs, result: MetricsQueryResult },
} as const;

export const metricsEvents = {} as const;
