import type { FieldChange } from '../../contract/domains/actions';

/**
 * A field-by-field diff of two task definition registrations, as leaf paths a person can read:
 * `containerDefinitions[web].image`, `containerDefinitions[web].environment[LOG_LEVEL].value`.
 * Lists of named things (containers, volumes, environment, secrets) are matched by name, tags
 * by key, other lists by position; so reordering containers is not reported as a change.
 */
export function diffRegistrations(before: unknown, after: unknown): FieldChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const changes: FieldChange[] = [];
  for (const [path, value] of a) {
    if (!b.has(path)) changes.push({ path, change: 'removed', before: value, after: null });
    else if (!sameLeaf(value, b.get(path))) changes.push({ path, change: 'changed', before: value, after: b.get(path) });
  }
  for (const [path, value] of b) if (!a.has(path)) changes.push({ path, change: 'added', before: null, after: value });
  return changes.sort((x, y) => x.path.localeCompare(y.path));
}

export function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.set(prefix, []);
      return out;
    }
    value.forEach((item, i) => flatten(item, `${prefix}[${keyOf(item, i)}]`, out));
    return out;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) {
      out.set(prefix, {});
      return out;
    }
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return out;
  }
  out.set(prefix, value instanceof Date ? value.toISOString() : value);
  return out;
}

function keyOf(item: unknown, index: number): string {
  if (item && typeof item === 'object') {
    const o = item as Record<string, unknown>;
    if (typeof o.name === 'string' && o.name) return o.name;
    if (typeof o.key === 'string' && o.key) return o.key;
  }
  return String(index);
}

function sameLeaf(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
