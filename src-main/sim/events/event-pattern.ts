/**
 * EventBridge event patterns ("Creating event patterns" in the EventBridge user guide): a JSON
 * object whose leaves are arrays of match values; an event matches when every key of the
 * pattern matches. Supported match values: literals (string, number, null), and the objects
 * prefix, suffix, anything-but, exists, equals-ignore-case, wildcard and numeric. A pattern
 * is at most 2,048 characters (the EventBridge quota).
 */
import { SimError } from '../http/types';

export const MAX_PATTERN_CHARS = 2048;

type Json = unknown;

export function invalidPattern(reason: string): SimError {
  return new SimError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${reason}`);
}

/** Parses and checks a pattern; throws InvalidEventPatternException. */
export function parsePattern(text: string): Record<string, Json> {
  if (text.length > MAX_PATTERN_CHARS) throw new SimError('LimitExceededException', `Event pattern is longer than ${MAX_PATTERN_CHARS} characters.`);
  let parsed: Json;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidPattern('Filter is not an object');
  }
  if (!isObject(parsed)) throw invalidPattern('Filter is not an object');
  check(parsed, '');
  return parsed;
}

function check(pattern: Record<string, Json>, path: string): void {
  for (const [key, value] of Object.entries(pattern)) {
    const at = path ? `${path}.${key}` : key;
    if (Array.isArray(value)) {
      if (value.length === 0) throw invalidPattern(`Empty arrays are not allowed at ${at}`);
      for (const item of value) if (isObject(item)) checkOperator(item, at);
    } else if (isObject(value)) {
      check(value, at);
    } else {
      throw invalidPattern(`Match value must be String, number, true, false, or null at ${at}`);
    }
  }
}

const OPERATORS = new Set(['prefix', 'suffix', 'anything-but', 'exists', 'equals-ignore-case', 'wildcard', 'numeric']);

function checkOperator(item: Record<string, Json>, at: string): void {
  const keys = Object.keys(item);
  if (keys.length !== 1 || !OPERATORS.has(keys[0])) throw invalidPattern(`Unrecognized match type ${keys[0] ?? '(none)'} at ${at}`);
}

/** Whether `event` matches `pattern`. */
export function matches(pattern: Record<string, Json>, event: Json): boolean {
  for (const [key, expected] of Object.entries(pattern)) {
    const actual = isObject(event) ? event[key] : undefined;
    if (Array.isArray(expected)) {
      if (!matchesValues(expected, actual)) return false;
    } else if (isObject(expected)) {
      if (!matches(expected, actual)) return false;
    }
  }
  return true;
}

function matchesValues(expected: Json[], actual: Json): boolean {
  const exists = expected.find((e) => isObject(e) && 'exists' in e) as { exists: boolean } | undefined;
  if (exists) return exists.exists === (actual !== undefined);
  // An array in the event matches when any of its elements does.
  const candidates = Array.isArray(actual) ? actual : [actual];
  return candidates.some((value) => value !== undefined && expected.some((e) => matchesOne(e, value)));
}

function matchesOne(expected: Json, value: Json): boolean {
  if (!isObject(expected)) return expected === value;
  const [op, arg] = Object.entries(expected)[0] ?? [];
  const text = typeof value === 'string' ? value : null;
  switch (op) {
    case 'prefix':
      return text !== null && typeof arg === 'string' && text.startsWith(arg);
    case 'suffix':
      return text !== null && typeof arg === 'string' && text.endsWith(arg);
    case 'equals-ignore-case':
      return text !== null && typeof arg === 'string' && text.toLowerCase() === arg.toLowerCase();
    case 'wildcard':
      return text !== null && typeof arg === 'string' && new RegExp(`^${arg.split('*').map(escape).join('.*')}$`).test(text);
    case 'anything-but':
      if (isObject(arg)) return !matchesOne(arg, value);
      return Array.isArray(arg) ? !arg.includes(value) : arg !== value;
    case 'numeric':
      return typeof value === 'number' && Array.isArray(arg) && numericHolds(arg, value);
    default:
      return false;
  }
}

function numericHolds(conditions: Json[], value: number): boolean {
  for (let i = 0; i + 1 < conditions.length; i += 2) {
    const [op, bound] = [conditions[i], Number(conditions[i + 1])];
    const ok = op === '=' ? value === bound : op === '<' ? value < bound : op === '<=' ? value <= bound : op === '>' ? value > bound : op === '>=' ? value >= bound : false;
    if (!ok) return false;
  }
  return true;
}

function escape(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
