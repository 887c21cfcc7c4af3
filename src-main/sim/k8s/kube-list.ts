/**
 * LIST as kube-apiserver answers it: label and field selectors, `limit` with a `continue`
 * token that reads the rest of the list as it was at the first page's resourceVersion (a
 * consistent snapshot, as etcd serves it), and 410 Gone once that revision has been compacted
 * (kube-apiserver compacts every 5 minutes). Items are in key order (namespace/name).
 */
import { KubeApiError } from './kube-errors';

export const COMPACTION_MS = 5 * 60_000;
const MAX_SNAPSHOTS = 16;

/** One object of a collection: its key, the fields its field selectors may name, its labels and how to write it. */
export interface Listable<T> {
  key: string;
  labels: Record<string, string>;
  fields: Record<string, string>;
  item: T;
}

export interface ListQuery {
  limit?: string | null;
  continue?: string | null;
  labelSelector?: string | null;
  fieldSelector?: string | null;
  resourceVersion?: string | null;
}

interface Snapshot<T> {
  rv: number;
  takenAt: number;
  items: Array<Listable<T>>;
  render: (item: T) => unknown;
}

export interface ListResult {
  kind: string;
  apiVersion: 'v1';
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: unknown[];
}

type Requirement = (labels: Record<string, string>) => boolean;

/** Parses a label selector (`a=b,c!=d,e in (x,y),f notin (z),g,!h`), as the API server does. */
export function parseLabelSelector(text: string): Requirement[] {
  const out: Requirement[] = [];
  for (const raw of splitTopLevel(text)) {
    const part = raw.trim();
    if (!part) continue;
    let m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (m) {
      const [, key, op, list] = m;
      const values = new Set(list.split(',').map((v) => v.trim()));
      out.push(op === 'in' ? (l) => key in l && values.has(l[key]) : (l) => !(key in l) || !values.has(l[key]));
      continue;
    }
    m = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(part);
    if (m) {
      const [, key, op, value] = m;
      out.push(op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value);
      continue;
    }
    m = /^(!?)([\w./-]+)$/.exec(part);
    if (m) {
      const [, not, key] = m;
      out.push(not ? (l) => !(key in l) : (l) => key in l);
      continue;
    }
    throw KubeApiError.badRequest(`unable to parse requirement: ${part}`);
  }
  return out;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** Parses a field selector (`spec.nodeName=x,status.phase!=Running`) against the fields a kind supports. */
export function parseFieldSelector(text: string, supported: readonly string[], resource: string): Requirement[] {
  const out: Requirement[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (!part) continue;
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) throw KubeApiError.badRequest(`invalid selector: '${part}'; can't understand '${part}'`);
    const [, field, op, value] = m;
    if (!supported.includes(field)) throw KubeApiError.badRequest(`field label not supported: ${field}`, resource);
    out.push(op === '!=' ? (f) => f[field] !== value : (f) => f[field] === value);
  }
  return out;
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

/** A token that reads on after `start` at revision `rv` (-1: at the latest revision, as a 410 hands out). */
function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');
}

/** Decodes a continue token, refusing it in apiserver's words (storage.DecodeContinue, wrapped as "invalid continue token"). */
function decodeContinue(token: string): ContinueToken {
  const invalid = (why: string) => KubeApiError.badRequest(`invalid continue token: continue key is not valid: ${why}`);
  let parsed: Partial<ContinueToken>;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<ContinueToken>;
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error));
  }
  if (parsed?.v !== 'meta.k8s.io/v1') throw KubeApiError.badRequest(`invalid continue token: continue key is not valid: server does not recognize this encoded version ${String(parsed?.v)}`);
  if (!Number.isInteger(parsed.rv) || parsed.rv === 0) throw invalid('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (typeof parsed.start !== 'string' || parsed.start === '') throw invalid('encoded start key empty');
  return parsed as ContinueToken;
}

/** `resourceVersion` must be a non-negative integer when given; with `continue`, only "0" (any) is allowed. */
function checkResourceVersion(query: ListQuery): void {
  const rv = query.resourceVersion;
  if (rv === undefined || rv === null || rv === '') return;
  if (!/^\d+$/.test(rv)) throw KubeApiError.badRequest(`invalid resource version: resource version is not a valid integer: ${rv}`);
  if (query.continue && rv !== '0') throw KubeApiError.badRequest('specifying resource version is not allowed when using continue');
}

/**
 * The snapshots one collection keeps so that `continue` reads a list as it was. Time is the
 * wall clock (compaction is about real time, not the sim's accelerated clock).
 */
export class Collection<T> {
  private readonly snapshots = new Map<string, Snapshot<T>>();

  constructor(
    readonly listKind: string,
    private readonly fieldNames: readonly string[],
    private readonly resource: string,
    private readonly wallNow: () => number = Date.now,
  ) {}

  /**
   * A page of the list. `all()` gives the collection's objects now, in any order, copied so
   * later changes do not reach a snapshot; `render` writes one as JSON when its page is sent.
   */
  list(query: ListQuery, revision: number, all: () => Array<Listable<T>>, render: (item: T) => unknown): ListResult {
    const labels = query.labelSelector ? parseLabelSelector(query.labelSelector) : [];
    const fields = query.fieldSelector ? parseFieldSelector(query.fieldSelector, this.fieldNames, this.resource) : [];
    const limit = parseLimit(query.limit);
    const selectorKey = `${query.labelSelector ?? ''}|${query.fieldSelector ?? ''}`;
    this.compact();

    checkResourceVersion(query);
    let snapshot: Snapshot<T> | undefined;
    let start = '';
    let fresh = true;
    if (query.continue) {
      const token = decodeContinue(query.continue);
      start = token.start;
      if (token.rv > 0) {
        // The list as it was at the first page's revision, or 410 once that revision is compacted.
        snapshot = this.snapshots.get(`${token.rv}|${selectorKey}`);
        if (!snapshot) throw KubeApiError.expired(encodeContinue(-1, token.start));
        fresh = false;
      }
      // rv < 0: continue after `start` at the latest revision (the token a 410 hands out).
    }
    if (!snapshot) {
      const items = all()
        .filter((o) => labels.every((req) => req(o.labels)) && fields.every((req) => req(o.fields)))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      snapshot = { rv: revision, takenAt: this.wallNow(), items, render };
    }

    const from = start ? lowerBound(snapshot.items, start) : 0;
    const end = limit > 0 ? Math.min(snapshot.items.length, from + limit) : snapshot.items.length;
    const page = snapshot.items.slice(from, end);
    const metadata: ListResult['metadata'] = { resourceVersion: String(snapshot.rv) };
    if (end < snapshot.items.length) {
      metadata.continue = encodeContinue(snapshot.rv, `${page[page.length - 1].key}\u0000`);
      if (!labels.length && !fields.length) metadata.remainingItemCount = snapshot.items.length - end;
      if (fresh) this.keep(`${snapshot.rv}|${selectorKey}`, snapshot);
    }
    return { kind: this.listKind, apiVersion: 'v1', metadata, items: page.map((o) => snapshot.render(o.item)) };
  }

  private keep(key: string, snapshot: Snapshot<T>): void {
    this.snapshots.set(key, snapshot);
    while (this.snapshots.size > MAX_SNAPSHOTS) this.snapshots.delete(this.snapshots.keys().next().value!);
  }

  private compact(): void {
    const now = this.wallNow();
    for (const [key, snapshot] of this.snapshots) if (now - snapshot.takenAt > COMPACTION_MS) this.snapshots.delete(key);
  }
}

function parseLimit(text: string | null | undefined): number {
  if (text === undefined || text === null || text === '') return 0;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw KubeApiError.badRequest(`limit: Invalid value: "${text}": must be a non-negative integer`);
  return n;
}

/** The first item whose key sorts after `start` (which ends with \u0000, after the last key sent). */
function lowerBound<T>(items: Array<Listable<T>>, start: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].key < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
