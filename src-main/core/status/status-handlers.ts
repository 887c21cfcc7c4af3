import type { Handlers } from '../rpc/handlers';

// Placeholder until core/aws counts requests: the status bar shows zeros, honestly labelled.
export function statusHandlers(): Handlers<'status.get'> {
  return {
    'status.get': () => ({
      requestsLastMinute: 0,
      throttlesLastMinute: 0,
      errorsLastMinute: 0,
      throttledTotal: 0,
      oldestFetchedAt: null,
      lastError: null,
      categories: [],
    }),
  };
}
