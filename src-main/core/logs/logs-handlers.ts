import type { Handlers } from '../rpc/handlers';
import type { LogsService } from './logs-service';

export function logsHandlers(deps: { logs: LogsService }): Handlers<'logs.sources' | 'logs.read' | 'logs.follow'> {
  const { logs } = deps;
  return {
    'logs.sources': async ({ scope }) => ({ sources: await logs.sources(scope) }),
    'logs.read': (args) => logs.read(args),
    'logs.follow': ({ scope, cursor, pattern }) => logs.follow(scope, cursor, pattern),
  };
}
