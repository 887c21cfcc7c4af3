import type { statusMethods } from '../../contract/domains/status';
import type { DomainHandlers } from '../rpc/handlers';
import type { StatusService } from './status-service';

export function statusHandlers(deps: { status: StatusService }): DomainHandlers<typeof statusMethods> {
  return {
    'status.get': () => deps.status.get(),
  };
}
