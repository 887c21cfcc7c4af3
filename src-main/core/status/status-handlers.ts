import type { Handlers } from '../rpc/handlers';
import type { StatusService } from './status-service';

export function statusHandlers(deps: { status: StatusService }): Handlers<'status.get'> {
  return {
    'status.get': () => deps.status.get(),
  };
}
