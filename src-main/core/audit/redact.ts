/**
 * What never goes into the audit log: credentials and secret values that could ride along in
 * a `before`/`after` snapshot or an error message. Redaction goes by where a value sits (its
 * path), so it holds for a whole task definition, a single field, and a rollback's diff alike:
 *
 * - `environment[*]`: every value (any field but `name`). The name says what it is; the value
 *   may be a password, whatever the name.
 * - `secrets[*]`, `secretOptions[*]`: `name` and `valueFrom` (an ARN: a reference, not the
 *   secret) stay; anything else goes.
 * - `repositoryCredentials`: all of it.
 * - any value under a key that looks like a secret (password, token, secret, credential,
 *   api/access/private…key, cookie, authorization, dsn…), e.g. `dockerLabels.DB_PASSWORD`,
 *   `secretAccessKey`, `tokenValue`;
 * - the `value` of a named item whose name looks like a secret (`tags[db_password].value`);
 * - inside any string: AWS access key ids, and the password of a URL (`scheme://user:pass@`).
 *
 * A rollback's diff entry (`{ path: 'containerDefinitions[web].environment[DB_PASSWORD].value',
 * before, after }`) is read with its path: its `before` and `after` sit at that path.
 */
export const REDACTED = '[redacted]';

const ACCESS_KEY_ID = /\b(AKIA|ASIA|AIDA|AROA|ABIA|ACCA)[A-Z0-9]{16}\b/g;
/** `scheme://user:password@host` — the password part. */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)([^\s@/]+)(@)/gi;

/** Words that make a key a secret's, wherever they appear in it. */
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'credential', 'credentials', 'apikey', 'privatekey', 'secretkey', 'accesskey', 'cookie', 'authorization', 'dsn']);
/** A `key` after one of these is a secret key (`accessKeyId`, `API_KEY`, `signingKey`). */
const KEY_QUALIFIERS = new Set(['access', 'secret', 'private', 'api', 'signing', 'encryption', 'master', 'client', 'auth', 'license', 'session', 'app']);
/** A trailing `key` after one of these names a thing, not a secret (`kmsKey`, `partitionKey`). */
const HARMLESS_KEYS = new Set(['kms', 'public', 'partition', 'sort', 'tag', 'primary', 'foreign', 'cache', 'idempotency', 'routing', 'group', 'dedup', 'object', 'map']);
/** ECS fields whose names contain a secret word but hold references or settings, handled by path. */
const SAFE_FIELDS = new Set(['secrets', 'secretoptions', 'authorizationconfig', 'valuefrom', 'credentialsparameter']);

interface Segment {
  name: string;
  /** A list element: its name (`name` or `key` of the element) or its index. */
  item: boolean;
}

export function redact(value: unknown): unknown {
  return walk(value, [], 0);
}

/** The redaction of a string on its own (error messages, targets). */
export function redactString(text: string): string {
  return text.replace(ACCESS_KEY_ID, REDACTED).replace(URL_PASSWORD, `$1${REDACTED}$3`);
}

function walk(value: unknown, path: Segment[], depth: number): unknown {
  if (depth > 24) return REDACTED;
  if (Array.isArray(value)) {
    if (value.length === 0) return value;
    return value.map((v, i) => walk(v, [...path, { name: itemName(v, i), item: true }], depth + 1));
  }
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (isFieldChange(o)) {
      const at = parsePath(o.path);
      return { ...o, before: walk(o.before, at, depth + 1), after: walk(o.after, at, depth + 1) };
    }
    const entries = Object.entries(o);
    if (entries.length === 0) return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of entries) out[key] = walk(v, [...path, { name: key, item: false }], depth + 1);
    return out;
  }
  if (value === null || value === undefined) return value;
  if (isSecretLeaf(path)) return REDACTED;
  return typeof value === 'string' ? redactString(value) : value;
}

/** Whether a plain value at this path may be a secret. */
export function isSecretLeaf(path: readonly Segment[]): boolean {
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const next = path[i + 1];
    if (!seg.item) {
      const field = seg.name.toLowerCase();
      if (field === 'repositorycredentials') return true;
      if (!SAFE_FIELDS.has(field) && looksSecret(seg.name)) return true;
      continue;
    }
    const list = path[i - 1];
    const listField = list && !list.item ? list.name.toLowerCase() : '';
    const within = next && !next.item ? next.name.toLowerCase() : null;
    if (listField === 'environment' && within !== 'name') return true;
    if ((listField === 'secrets' || listField === 'secretoptions') && within !== 'name' && within !== 'valuefrom') return true;
    if (within === 'value' && looksSecret(seg.name)) return true;
  }
  return false;
}

/** `DB_PASSWORD`, `secretAccessKey`, `api-key`, `GITHUB_TOKEN`: yes. `kmsKeyId`, `key`, `name`: no. */
export function looksSecret(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (SECRET_WORDS.has(word)) return true;
    if (word === 'key' && i > 0) {
      const before = words[i - 1];
      if (KEY_QUALIFIERS.has(before)) return true;
      if (i === words.length - 1 && !HARMLESS_KEYS.has(before)) return true;
    }
  }
  return false;
}

function isFieldChange(o: Record<string, unknown>): o is { path: string; before: unknown; after: unknown } {
  return typeof o.path === 'string' && (o.change === 'changed' || o.change === 'added' || o.change === 'removed') && 'before' in o && 'after' in o;
}

/** `containerDefinitions[web].environment[DB_PASSWORD].value` → its segments. */
export function parsePath(path: string): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '.') {
      i++;
      continue;
    }
    if (path[i] === '[') {
      const end = path.indexOf(']', i + 1);
      const stop = end < 0 ? path.length : end;
      out.push({ name: path.slice(i + 1, stop), item: true });
      i = stop + 1;
      continue;
    }
    let j = i;
    while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
    out.push({ name: path.slice(i, j), item: false });
    i = j;
  }
  return out;
}

/** A list element's name, as the task definition diff names it: its `name`, else its `key`, else its index. */
function itemName(item: unknown, index: number): string {
  if (item && typeof item === 'object') {
    const o = item as Record<string, unknown>;
    if (typeof o.name === 'string' && o.name) return o.name;
    if (typeof o.key === 'string' && o.key) return o.key;
  }
  return String(index);
}
