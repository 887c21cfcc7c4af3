import type { metricsMethods } from '../../contract/domains/metrics';
import type { DomainHandlers } from '../rpc/handlers';
import type { MetricsService } from './metrics-service';

export function metricsHandlers(deps: { metrics: MetricsService }): DomainHandlers<typeof metricsMethods> {
  return { 'metrics.query': (args) => deps.metrics.query(args) };
}
