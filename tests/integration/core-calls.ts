import type { MethodName, ResultOf } from '../../src-main/contract/api';
import type { WharfErrorShape } from '../../src-main/contract/errors';
import type { WharfCore } from '../../src-main/core/core';

/** Contract calls on a core, through its dispatcher, as a transport makes them. */
let nextId = 1;

export type CallOutcome<M extends MethodName> = { ok: true; result: ResultOf<M> } | { ok: false; error: WharfErrorShape };

/** The call's result or its typed error, as the renderer would receive them. */
export async function callCore<M extends MethodName>(core: WharfCore, method: M, args: unknown): Promise<CallOutcome<M>> {
  const response = await core.call({ kind: 'call', id: nextId++, method, args }, { transport: 'test' });
  return response.ok ? { ok: true, result: response.result as ResultOf<M> } : { ok: false, error: response.error };
}

/** The call's result; a typed error fails the test with its code and message. */
export async function callCoreOk<M extends MethodName>(core: WharfCore, method: M, args: unknown): Promise<ResultOf<M>> {
  const outcome = await callCore(core, method, args);
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result;
}
