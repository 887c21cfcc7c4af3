/**
 * The awsJson 1.0 / 1.1 encoding of outputs and errors. Handlers return plain objects with
 * `Date` for timestamps; AWS's JSON protocols send timestamps as epoch seconds (fractional).
 */
import { spliceFragments, stringifyCollecting } from './json-fragment';
import type { SimError } from './types';

/**
 * JSON text of an output: Dates become epoch seconds, undefined members are dropped.
 * A replacer function would do this too, but it runs for every key and made encoding the
 * sim's largest cost (100 tasks per DescribeTasks); swapping Date's toJSON for the duration of
 * one synchronous stringify costs nothing per key. JsonFragments (pre-encoded parts) are
 * spliced in as they are.
 */
export function encodeJsonOutput(output: unknown): string {
  const { text, pieces } = stringifyOutput(output);
  return pieces.length === 0 ? text : spliceFragments(text, pieces).toString('utf8');
}

/** The HTTP body of an output: encodeJsonOutput's JSON as UTF-8, fragments copied in as bytes. */
export function encodeJsonBody(output: unknown): Buffer {
  const { text, pieces } = stringifyOutput(output);
  return pieces.length === 0 ? Buffer.from(text) : spliceFragments(text, pieces);
}

function stringifyOutput(output: unknown): { text: string; pieces: Buffer[] } {
  const isoToJson = Date.prototype.toJSON;
  Date.prototype.toJSON = epochSeconds;
  try {
    return stringifyCollecting(() => JSON.stringify(output ?? {}));
  } finally {
    Date.prototype.toJSON = isoToJson;
  }
}

function epochSeconds(this: Date): string {
  // JSON.stringify writes a number returned here as a number; the declared type is Date's.
  return (this.getTime() / 1000) as unknown as string;
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
