/**
 * For operations newer than Debian's botocore models, the next-best judge written by nobody
 * here: the runtime schemas the JS SDK v3 ships (`<Operation>$` exports of each client). They
 * carry member names and types (not required members or enums), which is what this checks.
 *
 * Schema forms (smithy-typescript): a structure is [3, ns, name, traits, memberNames,
 * memberSchemas], a list [1, ns, name, traits, member], a map [2, ns, name, traits, key,
 * value], an operation [9, ns, name, traits, input, output]. Simple types are numbers:
 * 0 string, 1 number, 2 boolean, 4–7 timestamp, 15 document, 21 blob; `64 | t` is a list of
 * t and `128 | t` a map of t. A schema may be wrapped in a thunk (`() => schema`).
 */
type Schema = number | unknown[] | (() => Schema);

const STRUCTURE = 3;
const LIST = 1;
const MAP = 2;
const OPERATION = 9;

/** Problems with `output` against the SDK's schema of `operation`; [] when it conforms. */
export function validateAgainstSdk(client: Record<string, unknown>, operation: string, output: unknown): string[] {
  const op = resolve(client[`${operation}$`] as Schema);
  if (!Array.isArray(op) || op[0] !== OPERATION) return [`${operation}: the SDK exports no schema for it`];
  const problems: string[] = [];
  check(op[5] as Schema, output, operation, problems);
  return problems;
}

function resolve(schema: Schema): number | unknown[] {
  if (typeof schema === 'function') return resolve(schema());
  // A member with traits of its own (xmlName, flattened: an object or a bit field) is the pair [schema, traits].
  if (Array.isArray(schema) && schema.length === 2) return resolve(schema[0] as Schema);
  return schema;
}

function check(schema: Schema, value: unknown, path: string, problems: string[]): void {
  const s = resolve(schema);
  if (value === undefined) return;
  if (value === null) return void problems.push(`${path}: null`);
  if (typeof s === 'number') return checkSimple(s, value, path, problems);
  const kind = s[0];
  if (kind === STRUCTURE) {
    if (typeof value !== 'object' || Array.isArray(value) || value instanceof Date) return void problems.push(`${path}: expected a structure`);
    const names = s[4] as string[];
    const schemas = s[5] as Schema[];
    for (const [name, member] of Object.entries(value as Record<string, unknown>)) {
      const i = names.indexOf(name);
      if (i < 0) problems.push(`${path}.${name}: not a member of the SDK's shape`);
      else check(schemas[i], member, `${path}.${name}`, problems);
    }
  } else if (kind === LIST) {
    if (!Array.isArray(value)) return void problems.push(`${path}: expected a list`);
    value.forEach((item, i) => check(s[4] as Schema, item, `${path}[${i}]`, problems));
  } else if (kind === MAP) {
    if (typeof value !== 'object') return void problems.push(`${path}: expected a map`);
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) check(s[5] as Schema, v, `${path}.${k}`, problems);
  }
}

function checkSimple(code: number, value: unknown, path: string, problems: string[]): void {
  if (code & 64) {
    if (!Array.isArray(value)) return void problems.push(`${path}: expected a list`);
    return value.forEach((item, i) => checkSimple(code & ~64, item, `${path}[${i}]`, problems));
  }
  if (code & 128) {
    if (typeof value !== 'object') return void problems.push(`${path}: expected a map`);
    return Object.entries(value as Record<string, unknown>).forEach(([k, v]) => checkSimple(code & ~128, v, `${path}.${k}`, problems));
  }
  const ok =
    code === 0 ? typeof value === 'string'
    : code === 1 ? typeof value === 'number' && Number.isFinite(value)
    : code === 2 ? typeof value === 'boolean'
    : code >= 4 && code <= 7 ? value instanceof Date
    : true; // documents and blobs: anything the front door can encode
  if (!ok) problems.push(`${path}: expected ${['a string', 'a number', 'a boolean'][code] ?? 'a Date'}, got ${typeof value}`);
}
