import { CallRequest, type CallResponse } from '../../contract/wire';
import { isMethodName, methods } from '../../contract/api';
import type { WharfErrorShape } from '../../contract/errors';
import type { CallContext, HandlerMap } from './handlers';
import { toWharfError } from './to-wharf-error';

/**
 * The one door into core for both transports: parse the envelope, check the method exists,
 * validate the args against the contract schema, run the handler, and turn any failure into
 * a typed error. Nothing here throws: a malformed message gets an error response.
 */
export async function dispatch(handlers: HandlerMap, raw: unknown, ctx: CallContext): Promise<CallResponse> {
  const envelope = CallRequest.safeParse(raw);
  if (!envelope.success) {
    const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
    return failure(id, { code: 'BAD_REQUEST', message: 'Malformed call: expected {kind:"call", id, method, args}.' });
  }
  const { id, method, args } = envelope.data;
  if (!isMethodName(method)) {
    return failure(id, { code: 'UNKNOWN_METHOD', message: `Unknown method "${method.slice(0, 100)}".` });
  }
  const parsed = methods[method].args.safeParse(args ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'args'}: ${i.message}`);
    return failure(id, { code: 'BAD_REQUEST', message: `Invalid arguments for ${method}: ${issues.join('; ')}` });
  }
  try {
    const handler = handlers[method] as (a: unknown, c: CallContext) => unknown;
    const result = await handler(parsed.data, ctx);
    return { kind: 'result', id, ok: true, result };
  } catch (err) {
    return failure(id, toWharfError(err).toShape());
  }
}

function failure(id: number, error: WharfErrorShape): CallResponse {
  return { kind: 'result', id, ok: false, error };
}
