import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { DecodedBody, StoredRow } from './types';

/**
 * Batches and keyframes are JSON deflated (level 6): records repeat their field names and
 * most of their values, so they shrink about tenfold. The record JSON goes in as it is (no
 * escaping it into a string), so one JSON.parse gives the records back.
 */
export function encodeRows(refreshedAt: number | null, rows: Iterable<StoredRow>): Buffer {
  const parts: string[] = [];
  for (const [key, t, json, patch] of rows) parts.push(`[${JSON.stringify(key)},${t},${json ?? 'null'}${patch ? ',1' : ''}]`);
  return deflateRawSync(Buffer.from(`{"f":${refreshedAt ?? 'null'},"r":[${parts.join(',')}]}`), { level: 6 });
}

export function decodeRows(body: Uint8Array): DecodedBody {
  return JSON.parse(inflateRawSync(body).toString('utf8')) as DecodedBody;
}

/**
 * One record alone (a stopped task), deflated against a dictionary: a record of the same kind
 * seen before in the same cluster, so its field names and most of its values cost almost
 * nothing (a stopped task at `large`: ~200 bytes instead of ~800 deflated alone).
 */
export function encodeWithDictionary(value: unknown, dictionary: Buffer): Buffer {
  return deflateRawSync(Buffer.from(JSON.stringify(value)), { level: 6, dictionary });
}

/** A body written by encodeWithDictionary, or (dictionary null: history format 1) deflated alone. */
export function decodeWithDictionary<T>(body: Uint8Array, dictionary: Buffer | null): T {
  return JSON.parse(inflateRawSync(body, dictionary ? { dictionary } : {}).toString('utf8')) as T;
}
