import type { logsMethods } from '../../contract/domains/logs';
import type { DomainHandlers } from '../rpc/handlers';
import type { LogsService } from './logs-service';

export function logsHandlers(deps: { logs: LogsService }): DomainHandlers<typeof logsMethods> {
  const { logs } = deps;
  return {
    'logs.sources': async ({ scope }) => ({ sources: await logs.sources(scope) }),
    'logs.read': (args) => logs.read(args),
    'logs.follow': ({ scope, cursor, pattern }) => logs.follow(scope, cursor, pattern),
  };
}
