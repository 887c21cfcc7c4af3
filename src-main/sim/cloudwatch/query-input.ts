/**
 * CloudWatch is spoken in two protocols (JSON 1.0 by the SDK, query by the AWS CLI), so its
 * inputs arrive in either form: lists as arrays or as `{ member: … }` / `{ '1': … }` maps,
 * numbers and booleans as strings, timestamps as Dates, epoch seconds or ISO 8601 text.
 * These helpers read both.
 */
import { SimError } from '../http/types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function listOf(value: unknown): any[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if ('member' in obj) return listOf(obj.member);
    const keys = Object.keys(obj);
    if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
      return keys.sort((a, b) => Number(a) - Number(b)).map((k) => obj[k]);
    }
  }
  return [value];
}

/** Epoch ms from a Date, epoch seconds (number or numeric text) or ISO 8601 text. */
export function timeOf(value: unknown, field: string): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string' && value !== '') {
    const ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
    if (Number.isFinite(ms)) return ms;
  }
  throw new SimError('MissingRequiredParameterException', `The parameter ${field} is required.`);
}

export function intOf(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

export function boolOf(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

/** Dimensions as a record, from `[{ Name, Value }]` in either protocol's shape. */
export function dimensionsOf(value: unknown): Record<string, string> {
  const dims: Record<string, string> = {};
  for (const d of listOf(value)) if (d && typeof d.Name === 'string') dims[d.Name] = String(d.Value ?? '');
  return dims;
}
