import { defineStore } from 'pinia';
import type { MetricRange, MetricsQueryResult } from '@contract/domains/metrics';
import { storeApi } from './api-context';

/** How long a fetched chart stays good before the next look asks CloudWatch again. */
export const METRICS_FRESH_MS = 60_000;

/**
 * CloudWatch metrics for the charts: a service's CPU and memory, a cluster's capacity
 * reservation. Answers are kept a minute per (what, range), and a second ask for the same
 * chart while one is in flight joins it, so switching tabs does not spend the API budget.
 */
export const useMetricsStore = defineStore('metrics', () => {
  const api = storeApi();
  const cache = new Map<string, { at: number; result: Promise<MetricsQueryResult> }>();

  function cached(key: string, fetch: () => Promise<MetricsQueryResult>, force: boolean): Promise<MetricsQueryResult> {
    const hit = cache.get(key);
    if (hit && !force && Date.now() - hit.at < METRICS_FRESH_MS) return hit.result;
    const result = fetch();
    cache.set(key, { at: Date.now(), result });
    result.catch(() => cache.delete(key));
    return result;
  }

  function serviceUtilization(clusterName: string, serviceName: string, range: MetricRange, force = false): Promise<MetricsQueryResult> {
    const dimensions = { ClusterName: clusterName, ServiceName: serviceName };
    return cached(`svc|${clusterName}|${serviceName}|${range}`, () =>
      api.call('metrics.query', {
        range,
        queries: [
          { id: 'cpu', label: 'CPU', namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensions, stat: 'Average' },
          { id: 'memory', label: 'Memory', namespace: 'AWS/ECS', metricName: 'MemoryUtilization', dimensions, stat: 'Average' },
        ],
      }), force);
  }

  /** CapacityProviderReservation of each named Auto Scaling provider of a cluster. */
  function reservation(clusterName: string, providers: readonly string[], range: MetricRange, force = false): Promise<MetricsQueryResult> {
    return cached(`res|${clusterName}|${providers.join(',')}|${range}`, () =>
      api.call('metrics.query', {
        range,
        queries: providers.map((name, i) => ({
          id: `p${i}`,
          label: name,
          namespace: 'AWS/ECS/ManagedScaling',
          metricName: 'CapacityProviderReservation',
          dimensions: { ClusterName: clusterName, CapacityProviderName: name },
          stat: 'Average' as const,
        })),
      }), force);
  }

  return { serviceUtilization, reservation };
});
