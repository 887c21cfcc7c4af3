/**
 * The awsJson 1.0 / 1.1 encoding of outputs and errors. Handlers return plain objects with
 * `Date` for timestamps; AWS's JSON protocols send timestamps as epoch seconds (fractional).
 */
import type { SimError } from './types';

/** JSON text of an output: Dates become epoch seconds, undefined members are dropped. */
export function encodeJsonOutput(output: unknown): string {
  return JSON.stringify(output ?? {}, function replacer(this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return raw.getTime() / 1000;
    return value;
  });
}

export function encodeJsonError(error: SimError): string {
  return JSON.stringify({ __type: error.code, message: error.message });
}

/** Parses a JSON request body; an empty body is an empty input, as the SDK sends `{}`. */
export function decodeJsonInput(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  const parsed: unknown = JSON.parse(body);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new TypeError('The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}
