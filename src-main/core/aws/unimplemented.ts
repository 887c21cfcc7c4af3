import { WharfError } from '../../contract/errors';

/**
 * An endpoint that lacks an operation: an emulator (LocalStack, moto, an older sim) answers an
 * operation it never learnt with a 501, an HTML 404, or an "unknown operation" error. The SDK
 * then shows a parse error ("SyntaxError: Unexpected token '<' ... inspect the hidden field
 * {error}.$response") and may retry it. Wharf says it in one sentence instead, never retries
 * it, and remembers it for the session so it is not asked again (the caller carries on).
 */
const UNKNOWN_OPERATION = new Set([
  'UnknownOperationException',
  'UnknownOperation',
  'InvalidAction',
  'UnsupportedOperation',
  'UnsupportedOperationException',
  'OperationNotSupportedException',
  'NotImplemented',
  'NotImplementedException',
  'InvalidOperation',
]);
const NOT_EMULATED = /not (yet )?(been )?(implemented|emulated)|is not supported by this (endpoint|emulator)|unknown operation|no such operation/i;

export function isUnimplemented(err: unknown): boolean {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $response?: { body?: unknown } };
  if (!e || err instanceof WharfError) return false;
  const status = e.$metadata?.httpStatusCode ?? 0;
  if (UNKNOWN_OPERATION.has(e.name ?? '')) return true;
  if (status === 501) return true;
  // An HTML or other non-AWS answer where a JSON/XML error was due.
  const unparsable = e.name === 'SyntaxError' || /Deserialization error|Unexpected token '<'|not valid JSON|Non-whitespace before first tag/i.test(e.message ?? '');
  if ((status === 404 || status === 405) && unparsable) return true;
  return status >= 400 && NOT_EMULATED.test(e.message ?? '');
}

/** The sentence, once per operation: "This endpoint does not implement ListServiceDeployments." */
export function unimplementedError(operation: string, endpoint: string | null, cause?: unknown): WharfError {
  const where = endpoint ? `This endpoint (${endpoint})` : 'This endpoint';
  return new WharfError('UNSUPPORTED', `${where} does not implement ${operation}.`, {
    fix: 'Wharf carries on without it (AWS itself has it; an emulator may not).',
    awsCode: operation,
    cause,
  });
}
