import type { summaryMethods } from '../../contract/domains/summary';
import type { DomainHandlers } from '../rpc/handlers';
import { serviceSummary, type SummaryDeps } from './summary-service';

export function summaryHandlers(deps: SummaryDeps): DomainHandlers<typeof summaryMethods> {
  return {
    'summary.service': ({ clusterArn, serviceName }) => serviceSummary(deps, clusterArn, serviceName),
  };
}
