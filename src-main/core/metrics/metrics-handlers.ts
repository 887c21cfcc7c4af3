import type { Handlers } from '../rpc/handlers';
import type { MetricsService } from './metrics-service';

export function metricsHandlers(deps: { metrics: MetricsService }): Handlers<'metrics.query'> {
  return { 'metrics.query': (args) => deps.metrics.query(args) };
}
