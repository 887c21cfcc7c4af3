/**
 * Writes what the main thread hands over into the store, one transaction per append: the
 * records that changed (per scope and kind, as a batch), keyframes now and then, the facts of
 * "what changed", service events and stopped tasks. Keeps each scope's current state as JSON
 * strings (what a record was, to tell what changed and to write keyframes), in this worker.
 */
import { performance } from 'node:perf_hooks';
import type { AuditEntry } from '../../../contract/domains/audit';
import type { ClusterRecord, InventoryDelta, Problem, ServiceRecord, TaskRecord } from '../../../contract/domains/inventory';
import { clusterNameOf, parseArn } from '../../../contract/arn';
import { eventKindOf } from '../../../contract/event-text';
import { encodeRows, encodeWithDictionary } from './codec';
import { capacityProviderFacts, clusterFacts, instanceFacts, serviceFacts, type Fact } from './facts';
import type { HistoryDb } from './history-db';
import { STORED_KINDS, type AppendItem, type StoredKind, type StoredRow } from './types';

/** A keyframe is written once the batches since the last one outweigh it KEYFRAME_RATIO times (replay costs at most ~3x)... */
const KEYFRAME_MIN_BYTES = 32 * 1024;
/** How many keyframes' worth of batches may pile up before the next keyframe (disk and CPU against replay time). */
const KEYFRAME_RATIO = 2;
/** ...or this long after the last one, so old data can be dropped a keyframe at a time. */
export const KEYFRAME_MAX_AGE_MS = 3 * 60 * 60_000;

interface KindState {
  rows: Map<string, { t: number; json: string }>;
  refreshedAt: number | null;
  pending: StoredRow[];
  pendingRefreshed: number | null;
  sinceKeyframe: number;
  keyframeBytes: number;
  lastKeyframeAt: number;
}

interface ScopeState {
  id: number;
  profile: string;
  clusterArn: string;
  gen: number;
  span: { id: number; start: number; end: number };
  kinds: Record<StoredKind, KindState>;
  /** The newest event id stored per service: a service's next 100 events are read up to it. */
  newestEvent: Map<string, string>;
  /** The dictionary this scope's stopped tasks are deflated against in this run (dicts row): its first stopped task. */
  dict: { id: number; bytes: Buffer } | null;
  touched: boolean;
}

export interface RecorderStats {
  appends: number;
  batches: number;
  keyframes: number;
  lastWriteAt: number | null;
  /** Where the recorder's time went (ms), for the bench: applying deltas, batches, keyframes, commits. */
  phases: Record<'apply' | 'batches' | 'keyframes' | 'commit', number>;
}

export class Recorder {
  private readonly scopes = new Map<string, ScopeState>();
  readonly stats: RecorderStats = { appends: 0, batches: 0, keyframes: 0, lastWriteAt: null, phases: { apply: 0, batches: 0, keyframes: 0, commit: 0 } };

  constructor(private readonly db: HistoryDb) {}

  /** The span being recorded for a scope in this run (queries treat it as open-ended). */
  liveSpan(scopeId: number): number | null {
    for (const s of this.scopes.values()) if (s.id === scopeId) return s.span.id;
    return null;
  }

  /** The dictionaries in use by this run (retention keeps them even while no stored row uses them). */
  liveDicts(): Set<number> {
    const ids = new Set<number>();
    for (const s of this.scopes.values()) if (s.dict) ids.add(s.dict.id);
    return ids;
  }

  append(items: readonly AppendItem[]): void {
    if (!items.length) return;
    const phases = this.stats.phases;
    const t = performance.now();
    // A dictionary made in a transaction that fails is not in the file: forget it first.
    const dictless = [...this.scopes.values()].filter((s) => !s.dict);
    try {
      this.transact(items, phases, t);
    } catch (err) {
      for (const s of dictless) s.dict = null;
      throw err;
    }
    this.stats.appends++;
    this.stats.lastWriteAt = items[items.length - 1].t;
  }

  private transact(items: readonly AppendItem[], phases: RecorderStats['phases'], t: number): void {
    this.db.transaction(() => {
      for (const item of items) {
        if (item.type === 'delta') this.applyDelta(item.profile, item.gen, item.t, item.delta);
        else if (item.type === 'problems') this.applyProblems(item.profile, item.gen, item.t, item.problems);
        else this.applyAudit(item.profile, item.t, item.entry);
      }
      phases.apply += performance.now() - t;
      t = performance.now();
      const keyframes = phases.keyframes;
      for (const scope of this.scopes.values()) if (scope.touched) this.writeScope(scope);
      phases.batches += performance.now() - t - (phases.keyframes - keyframes);
      t = performance.now();
    });
    phases.commit += performance.now() - t;
  }

  /** Forgets in-memory state of spans the retention dropped (they start afresh if seen again). */
  forgetSpans(spanIds: ReadonlySet<number>): void {
    for (const [key, scope] of this.scopes) if (spanIds.has(scope.span.id)) this.scopes.delete(key);
  }

  private applyDelta(profile: string, gen: number, t: number, delta: InventoryDelta): void {
    if (delta.clusterArn === null) {
      for (const cluster of delta.clusters ?? []) this.putCluster(this.scope(profile, cluster.arn, gen, t), cluster, t);
      for (const arn of delta.removed ?? []) {
        const scope = this.scopes.get(scopeKey(profile, arn));
        if (scope) this.put(scope, 'cluster', arn, null, t);
      }
      return;
    }
    const scope = this.scope(profile, delta.clusterArn, gen, t);
    for (const cluster of delta.clusters ?? []) if (cluster.arn === delta.clusterArn) this.putCluster(scope, cluster, t);
    for (const s of delta.services ?? []) this.putService(scope, s, t);
    for (const task of delta.tasks ?? []) this.putTask(scope, task, t);
    for (const i of delta.instances ?? []) {
      const prev = this.put(scope, 'instances', i.arn, normalize(i), t);
      if (prev !== undefined) this.facts(scope, t, instanceFacts(parse(prev), i, scope.kinds.instances.refreshedAt !== null));
    }
    for (const cp of delta.capacityProviders ?? []) {
      const prev = this.put(scope, 'capacityProviders', cp.name, normalize(cp), t);
      if (prev !== undefined) this.facts(scope, t, capacityProviderFacts(parse(prev), cp, scope.kinds.capacityProviders.refreshedAt !== null));
    }
    for (const key of delta.removed ?? []) this.remove(scope, key, t);
    for (const [kind, at] of Object.entries(delta.refreshedAt ?? {}) as Array<[StoredKind, number]>) {
      scope.kinds[kind].refreshedAt = at;
      scope.kinds[kind].pendingRefreshed = at;
      scope.touched = true;
    }
  }

  /** Per cluster, the problems core listed; a cluster whose problems went away gets them removed. */
  private applyProblems(profile: string, gen: number, t: number, problems: readonly Problem[]): void {
    const byCluster = new Map<string, Problem[]>();
    for (const p of problems) byCluster.set(p.clusterArn, [...(byCluster.get(p.clusterArn) ?? []), p]);
    for (const scope of this.scopes.values()) if (scope.profile === profile && scope.kinds.problems.rows.size && !byCluster.has(scope.clusterArn)) byCluster.set(scope.clusterArn, []);
    for (const [clusterArn, list] of byCluster) {
      const scope = this.scope(profile, clusterArn, gen, t);
      const keep = new Set(list.map((p) => p.id));
      for (const key of [...scope.kinds.problems.rows.keys()]) if (!keep.has(key)) this.put(scope, 'problems', key, null, t);
      for (const p of list) this.put(scope, 'problems', p.id, JSON.stringify(p), t);
    }
  }

  private putCluster(scope: ScopeState, cluster: ClusterRecord, t: number): void {
    const prev = this.put(scope, 'cluster', cluster.arn, normalize({ ...cluster, problemCount: 0 } as ClusterRecord), t);
    if (prev !== undefined) this.facts(scope, t, clusterFacts(parse(prev), cluster));
  }

  private putService(scope: ScopeState, service: ServiceRecord, t: number): void {
    this.putEvents(scope, service);
    const prev = this.put(scope, 'services', service.arn, normalize(service), t);
    if (prev === undefined) return;
    const facts = serviceFacts(parse(prev), service, scope.kinds.services.refreshedAt !== null);
    for (const fact of facts) {
      // A failed deployment lists the tasks it counted: the stopped tasks it started.
      if (fact.kind === 'deployment-failed' || fact.kind === 'deployment-rolled-back') {
        fact.taskArns = this.db.all('SELECT arn FROM stopped WHERE scope = ? AND started_by = ? ORDER BY t DESC LIMIT 200', [scope.id, fact.subject]).map((r) => String(r.arn));
      }
    }
    this.facts(scope, t, facts);
  }

  private putEvents(scope: ScopeState, service: ServiceRecord): void {
    const events = service.events;
    if (!events.length) return;
    const known = scope.newestEvent.get(service.name);
    if (known === events[0].id) return;
    for (const e of events) {
      if (e.id === known) break;
      this.db.run('INSERT OR IGNORE INTO events(scope, id, t, service, kind, message) VALUES (?, ?, ?, ?, ?, ?)', [scope.id, e.id, e.createdAt, service.name, eventKindOf(e.message), e.message]);
    }
    scope.newestEvent.set(service.name, events[0].id);
  }

  private putTask(scope: ScopeState, task: TaskRecord, t: number): void {
    const prev = this.put(scope, 'tasks', task.arn, normalize(task), t);
    if (prev === undefined || task.lastStatus !== 'STOPPED') return;
    const { dict, body } = this.stoppedBody(scope, task, t);
    if (prev !== null && (parse<TaskRecord>(prev)?.lastStatus ?? null) === 'STOPPED') {
      this.db.run('UPDATE stopped SET dict = ?, body = ? WHERE scope = ? AND arn = ?', [dict, body, scope.id, task.arn]);
      return;
    }
    // Filed under the moment Wharf saw it stopped (the clock every other change uses; ECS's
    // stoppedAt stays in the record). One already stopped when Wharf started reading the
    // cluster is filed at the start of the recording.
    const seen = prev === null && scope.kinds.tasks.refreshedAt === null ? scope.span.start : t;
    this.db.run(
      'INSERT OR REPLACE INTO stopped(scope, arn, t, service, started_by, stop_code, reason, reason_key, dict, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [scope.id, task.arn, seen, task.serviceName, task.startedBy, task.stopCode, task.stoppedReason, reasonKey(task.stopCode, task.stoppedReason), dict, body],
    );
  }

  /** A stopped task's body, deflated against the scope's dictionary (made from the first one this run). */
  private stoppedBody(scope: ScopeState, task: TaskRecord, t: number): { dict: number; body: Buffer } {
    if (!scope.dict) {
      const bytes = Buffer.from(JSON.stringify(task));
      scope.dict = { id: this.db.run('INSERT INTO dicts(scope, t, body) VALUES (?, ?, ?)', [scope.id, t, bytes]).lastInsertRowid, bytes };
    }
    return { dict: scope.dict.id, body: encodeWithDictionary(task, scope.dict.bytes) };
  }

  private remove(scope: ScopeState, key: string, t: number): void {
    for (const kind of ['services', 'instances', 'capacityProviders', 'tasks'] as const) {
      const row = scope.kinds[kind].rows.get(key);
      if (!row) continue;
      this.put(scope, kind, key, null, t);
      const prev = JSON.parse(row.json);
      if (kind === 'services') this.facts(scope, t, serviceFacts(prev, null, true));
      if (kind === 'instances') this.facts(scope, t, instanceFacts(prev, null, true));
      if (kind === 'capacityProviders') this.facts(scope, t, capacityProviderFacts(prev, null, true));
      return;
    }
  }

  private applyAudit(profile: string, t: number, entry: AuditEntry): void {
    const clusterArn = clusterOfTarget(entry);
    const scopeId = clusterArn ? this.scopeRow(profile, clusterArn) : null;
    this.db.run('INSERT INTO audit(profile, scope, t, action, target, result, body) VALUES (?, ?, ?, ?, ?, ?, ?)', [profile, scopeId, entry.time || t, entry.action, entry.target, entry.result, JSON.stringify(entry)]);
    if (scopeId === null) return;
    const target = entry.target.includes(':') ? (entry.target.split('/').slice(-2).join('/') || entry.target) : entry.target;
    const outcome = entry.result === 'ok' ? '' : entry.result === 'refused' ? ' (refused)' : ` (failed${entry.error ? `: ${entry.error}` : ''})`;
    const service = serviceOfTarget(entry.target);
    this.db.run('INSERT INTO facts(scope, t, kind, service, subject, text, tasks) VALUES (?, ?, ?, ?, ?, ?, NULL)', [scopeId, entry.time || t, 'mutation', service, entry.target, `Wharf: ${entry.action} on ${target} by ${entry.profile}${outcome}`]);
  }

  /**
   * Records a kind's record (json null: removed). Returns the previous JSON (null: none) when
   * the record changed, undefined when it is the same as stored (nothing written).
   */
  private put(scope: ScopeState, kind: StoredKind, key: string, json: string | null, t: number): string | null | undefined {
    const state = scope.kinds[kind];
    const prev = state.rows.get(key);
    if (json === null ? !prev : prev?.json === json) return undefined;
    if (json === null) state.rows.delete(key);
    else state.rows.set(key, { t, json });
    // A changed record is stored as the fields that changed: a task going RUNNING is a few
    // fields, not its whole JSON again (keyframes hold whole records).
    const patch = prev && json !== null ? patchOf(prev.json, json) : null;
    state.pending.push(patch === null ? [key, t, json] : [key, t, patch, 1]);
    scope.touched = true;
    if (t > scope.span.end) scope.span.end = t;
    return prev?.json ?? null;
  }

  private facts(scope: ScopeState, t: number, facts: Fact[]): void {
    for (const f of facts) {
      this.db.run('INSERT INTO facts(scope, t, kind, service, subject, text, tasks) VALUES (?, ?, ?, ?, ?, ?, ?)', [scope.id, t, f.kind, f.service, f.subject, f.text, f.taskArns?.length ? JSON.stringify(f.taskArns) : null]);
    }
  }

  private writeScope(scope: ScopeState): void {
    scope.touched = false;
    for (const kind of STORED_KINDS) {
      const state = scope.kinds[kind];
      if (!state.pending.length && state.pendingRefreshed === null) continue;
      const rows = state.pending;
      const times = rows.map((r) => r[1]);
      const t = times.length ? Math.min(...times) : (state.pendingRefreshed ?? scope.span.end);
      const tEnd = times.length ? Math.max(...times) : t;
      const body = encodeRows(state.pendingRefreshed, rows);
      const { lastInsertRowid } = this.db.run('INSERT INTO batches(scope, span, kind, t, t_end, body) VALUES (?, ?, ?, ?, ?, ?)', [scope.id, scope.span.id, kind, t, tEnd, body]);
      this.stats.batches++;
      state.pending = [];
      state.pendingRefreshed = null;
      state.sinceKeyframe += body.length;
      if (state.sinceKeyframe > Math.max(KEYFRAME_MIN_BYTES, KEYFRAME_RATIO * state.keyframeBytes) || (tEnd - state.lastKeyframeAt > KEYFRAME_MAX_AGE_MS && rows.length > 0)) {
        this.writeKeyframe(scope, kind, tEnd, lastInsertRowid);
      }
    }
    this.db.run('UPDATE spans SET end = ? WHERE id = ?', [scope.span.end, scope.span.id]);
  }

  private writeKeyframe(scope: ScopeState, kind: StoredKind, t: number, upto: number): void {
    const started = performance.now();
    const state = scope.kinds[kind];
    const rows: StoredRow[] = [];
    for (const [key, row] of state.rows) rows.push([key, row.t, row.json]);
    const body = encodeRows(state.refreshedAt, rows);
    this.db.run('INSERT INTO keyframes(scope, span, kind, t, upto, body) VALUES (?, ?, ?, ?, ?, ?)', [scope.id, scope.span.id, kind, t, upto, body]);
    this.stats.keyframes++;
    state.keyframeBytes = body.length;
    state.sinceKeyframe = 0;
    state.lastKeyframeAt = t;
    this.stats.phases.keyframes += performance.now() - started;
  }

  /** The scope's state for this run and session; a new session (gen) or a first sight opens a span. */
  private scope(profile: string, clusterArn: string, gen: number, t: number): ScopeState {
    const key = scopeKey(profile, clusterArn);
    let scope = this.scopes.get(key);
    if (scope && scope.gen === gen) return scope;
    if (scope) this.writeScope(scope);
    const id = this.scopeRow(profile, clusterArn);
    const span = { id: this.db.run('INSERT INTO spans(scope, start, end) VALUES (?, ?, ?)', [id, t, t]).lastInsertRowid, start: t, end: t };
    scope = { id, profile, clusterArn, gen, span, kinds: emptyKinds(t), newestEvent: new Map(), dict: null, touched: false };
    this.scopes.set(key, scope);
    return scope;
  }

  private scopeRow(profile: string, clusterArn: string): number {
    const found = this.db.get('SELECT id FROM scopes WHERE profile = ? AND cluster = ?', [profile, clusterArn]);
    if (found) return Number(found.id);
    const arn = parseArn(clusterArn);
    return this.db.run('INSERT INTO scopes(profile, account, region, cluster) VALUES (?, ?, ?, ?)', [profile, arn?.accountId ?? '', arn?.region ?? '', clusterArn]).lastInsertRowid;
  }
}

function emptyKinds(t: number): Record<StoredKind, KindState> {
  const kinds = {} as Record<StoredKind, KindState>;
  for (const kind of STORED_KINDS) kinds[kind] = { rows: new Map(), refreshedAt: null, pending: [], pendingRefreshed: null, sinceKeyframe: 0, keyframeBytes: 0, lastKeyframeAt: t };
  return kinds;
}

function scopeKey(profile: string, clusterArn: string): string {
  return `${profile}\n${clusterArn}`;
}

/** A record's JSON without what says only how fresh it is (and a service's events, kept apart). */
export function normalize(record: { fetchedAt: number; stale: boolean }): string {
  const { fetchedAt: _f, stale: _s, ...rest } = record as { fetchedAt: number; stale: boolean; events?: unknown };
  if ('events' in rest) delete (rest as { events?: unknown }).events;
  return JSON.stringify(rest);
}

/** The top-level fields of `next` that differ from `prev`, as JSON; null when a field went away (store whole). */
export function patchOf(prevJson: string, nextJson: string): string | null {
  const prev = JSON.parse(prevJson) as Record<string, unknown>;
  const next = JSON.parse(nextJson) as Record<string, unknown>;
  for (const key of Object.keys(prev)) if (!(key in next)) return null;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(next)) {
    const v = JSON.stringify(value);
    if (JSON.stringify(prev[key]) !== v) parts.push(`${JSON.stringify(key)}:${v}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * What stopped tasks are grouped by: the stop code and reason with the IDs in it masked
 * ("Scaling activity initiated by (deployment ecs-svc/…)"), so one cause is one group.
 */
export function reasonKey(stopCode: string | null, reason: string | null): string {
  const masked = (reason ?? '').replace(/ecs-svc\/\d+/g, 'ecs-svc/…').replace(/\b[0-9a-f]{32}\b/g, '…').replace(/\b(i|eni|sg|subnet)-[0-9a-f]{8,17}\b/g, '$1-…');
  return [stopCode, masked].filter((x) => x).join(': ') || 'no reason given';
}

function parse<T>(json: string | null): T | null {
  return json === null ? null : (JSON.parse(json) as T);
}

/** The cluster an audit entry's target is in: an ECS ARN, or `cluster/service` with the entry's account and region. */
function clusterOfTarget(entry: AuditEntry): string | null {
  const arn = parseArn(entry.target.split(/\s/)[0]);
  if (arn && arn.service === 'ecs') {
    const name = clusterNameOf(entry.target.split(/\s/)[0]);
    return name ? `arn:${arn.partition}:ecs:${arn.region}:${arn.accountId}:cluster/${name}` : null;
  }
  const parts = entry.target.split('/');
  if (parts.length >= 2 && entry.region && entry.accountId && !entry.target.includes(':')) {
    return `arn:aws:ecs:${entry.region}:${entry.accountId}:cluster/${parts[0]}`;
  }
  return null;
}

function serviceOfTarget(target: string): string | null {
  const arn = parseArn(target.split(/\s/)[0]);
  if (arn) return arn.resourceType === 'service' ? (arn.resource.split('/')[1] ?? null) : null;
  const parts = target.split('/');
  return parts.length >= 2 ? parts[1] : null;
}
