import type { Handlers } from '../rpc/handlers';
import type { LiveService } from './live-service';

type LiveMethod = 'live.status' | 'live.setUp' | 'live.useQueue' | 'live.remove' | 'live.forget';

export function liveHandlers(deps: { live: LiveService }): Handlers<LiveMethod> {
  const { live } = deps;
  return {
    'live.status': () => live.overview(),
    'live.setUp': (args) => live.setUp(args),
    'live.useQueue': (args) => live.useQueue(args),
    'live.remove': (args) => live.remove(args),
    'live.forget': (args) => live.forget(args),
  };
}
