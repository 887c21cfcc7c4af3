import type { RequestContext } from '../../../src-main/sim/http/types';

/** A request context for calling a sim service's operations directly. */
export function ctxAt(now: number, accessKeyId = 'AKIDEXAMPLE'): RequestContext {
  return { accessKeyId, region: 'us-east-1', now, requestId: 'test-request' };
}

/** Call an operation and return the SimError it throws (fails the test if it does not throw). */
export async function errorOf(call: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await call();
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected the operation to fail');
}
