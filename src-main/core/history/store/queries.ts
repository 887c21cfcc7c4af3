/**
 * Reads of the history store, for one profile: a cluster at a past moment (the latest keyframe
 * before it plus the batches since), what changed between two moments, the events feed, and
 * stopped tasks. Runs in the history worker.
 */
import type { ChangesResult, EventKind, EventsResult, HistoryKind, HistoryMomentTasks, HistoryRange, HistorySnapshot, StoppedTask } from '../../../contract/domains/history';
import type { ClusterRecord, ClusterSnapshot, ContainerInstanceRecord, Problem, ServiceEvent, TaskRecord } from '../../../contract/domains/inventory';
import { encodeMomentTasks } from '../../../contract/moment-tasks';
import { WharfError } from '../../../contract/errors';
import { decodeRows, decodeWithDictionary } from './codec';
import type { HistoryDb, Row } from './history-db';
import type { StoredKind } from './types';

const ALL_KINDS: readonly HistoryKind[] = ['services', 'tasks', 'instances', 'capacityProviders'];

/** Decoded keyframes kept (each kind of a cluster has one at a time in use). */
const KEYFRAME_CACHE = 6;
/** How many recorded stretches (runs of Wharf) a task's last sighting is looked for in, newest first. */
const LAST_SEEN_SPANS = 20;
/** Built states kept (a cluster's kinds, and a second cluster's). */
const STATE_CACHE = 12;

interface KindState {
  rows: Map<string, { t: number; record: Record<string, unknown> }>;
  refreshedAt: number | null;
}

/** A kind's state as built for moment `at`: from keyframe `kfId`, batches applied in full up to `lastFullId`. */
interface BuiltState extends KindState {
  kfId: number;
  lastFullId: number;
  at: number;
}

type Finish = 'inventory' | 'service' | 'plain';

function finishOf(kind: StoredKind): Finish {
  return kind === 'services' ? 'service' : kind === 'problems' ? 'plain' : 'inventory';
}

/** A stored record as the model holds it: inventory records say how fresh they are; a past service has no events. */
function finished(record: Record<string, unknown>, t: number, finish: Finish): Record<string, unknown> {
  if (finish === 'plain') return record;
  record.fetchedAt = t;
  record.stale = false;
  if (finish === 'service') record.events = [];
  return record;
}

export class HistoryQueries {
  private readonly dicts = new Map<number, Buffer>();
  private readonly keyframes = new Map<number, KindState>();
  /** The state last built per scope, span and kind (see stateAt). */
  private readonly states = new Map<string, BuiltState>();

  constructor(
    private readonly db: HistoryDb,
    /** The span being recorded for a scope now (open-ended: its state holds until the next change). */
    private readonly liveSpan: (scopeId: number) => number | null,
  ) {}

  range(profile: string, clusterArn: string): HistoryRange {
    const scope = this.scopeId(profile, clusterArn);
    const spans = scope === null ? [] : this.db.all('SELECT start, end FROM spans WHERE scope = ? ORDER BY start', [scope]).map((r) => ({ start: Number(r.start), end: Number(r.end) }));
    return { clusterArn, from: spans[0]?.start ?? null, to: spans.at(-1)?.end ?? null, spans };
  }

  snapshot(profile: string, clusterArn: string, at: number, kinds: readonly HistoryKind[] = ALL_KINDS, eventsOf?: string): HistorySnapshot {
    const { scope, span, from, live } = this.spanAt(profile, clusterArn, at);
    const refreshedAt: HistorySnapshot['refreshedAt'] = { services: null, tasks: null, instances: null, capacityProviders: null };
    const clusterState = this.stateAt(scope, span.id, 'cluster', at);
    const clusterRow = clusterState.rows.get(clusterArn);
    if (!clusterRow) throw new WharfError('NOT_FOUND', 'Wharf had not read this cluster yet at that moment.', { fix: 'Pick a later moment.' });
    const snapshot: ClusterSnapshot = {
      cluster: { ...(clusterRow.record as unknown as ClusterRecord) },
      services: [],
      tasks: [],
      instances: [],
      capacityProviders: [],
      complete: false,
      completeKinds: { services: false, tasks: false, instances: false },
    };
    for (const kind of kinds) {
      const state = this.stateAt(scope, span.id, kind, at);
      refreshedAt[kind] = state.refreshedAt;
      const records: unknown[] = new Array(state.rows.size);
      let i = 0;
      for (const row of state.rows.values()) records[i++] = row.record;
      (snapshot[kind] as unknown[]) = records;
    }
    // The health verdict at that moment: the Problems list core had then, as recorded.
    const problems = kinds.includes('services') ? [...this.stateAt(scope, span.id, 'problems', at).rows.values()].map((row) => row.record as unknown as Problem) : [];
    if (eventsOf) {
      // A copy: the records are shared with the caches.
      const i = snapshot.services.findIndex((s) => s.name === eventsOf);
      if (i >= 0) snapshot.services[i] = { ...snapshot.services[i], events: this.serviceEvents(scope, eventsOf, at) };
    }
    snapshot.completeKinds = { services: refreshedAt.services !== null, tasks: refreshedAt.tasks !== null, instances: refreshedAt.instances !== null };
    snapshot.complete = refreshedAt.services !== null && refreshedAt.tasks !== null && refreshedAt.instances !== null;
    return { at, snapshot, span: { start: span.start, end: live ? Math.max(span.end, at) : span.end }, refreshedAt, from, problems };
  }

  /**
   * The cluster's tasks and instances at `at`, the tasks slim (contract/moment-tasks.ts): what
   * the pages showing a moment's tasks read, a seventh of the records' JSON.
   */
  momentTasks(profile: string, clusterArn: string, at: number): HistoryMomentTasks {
    const { scope, span, live } = this.spanAt(profile, clusterArn, at);
    const tasks = this.stateAt(scope, span.id, 'tasks', at);
    const instances = this.stateAt(scope, span.id, 'instances', at);
    const rows = function* () {
      for (const row of tasks.rows.values()) yield { task: row.record as unknown as TaskRecord, seenAt: row.t };
    };
    return {
      at,
      span: { start: span.start, end: live ? Math.max(span.end, at) : span.end },
      refreshedAt: { tasks: tasks.refreshedAt, instances: instances.refreshedAt },
      tasks: encodeMomentTasks(rows(), at),
      instances: [...instances.rows.values()].map((row) => row.record as unknown as ContainerInstanceRecord),
    };
  }

  /**
   * One task as recorded at `at`, whole, and when Wharf saw that version. Without `at`: the
   * last time history had it, for a task ECS no longer lists that Wharf never saw stop (it was
   * not running then): the task as it was when Wharf last recorded the cluster with it, and that
   * moment (the end of the stretch), looking back through the last few stretches.
   */
  task(profile: string, clusterArn: string, taskArn: string, at?: number): { task: TaskRecord | null; seenAt: number | null } {
    if (at !== undefined) {
      const { scope, span } = this.spanAt(profile, clusterArn, at);
      const row = this.stateAt(scope, span.id, 'tasks', at).rows.get(taskArn);
      return row ? { task: row.record as unknown as TaskRecord, seenAt: row.t } : { task: null, seenAt: null };
    }
    const scope = this.scopeId(profile, clusterArn);
    if (scope === null) return { task: null, seenAt: null };
    for (const span of this.db.all('SELECT id, end FROM spans WHERE scope = ? ORDER BY start DESC LIMIT ?', [scope, LAST_SEEN_SPANS])) {
      const end = Number(span.end);
      const row = this.stateAt(scope, Number(span.id), 'tasks', end).rows.get(taskArn);
      if (row) return { task: row.record as unknown as TaskRecord, seenAt: end };
    }
    return { task: null, seenAt: null };
  }

  /** The recorded stretch `at` falls in (NOT_FOUND when none: the store has nothing of the cluster then). */
  private spanAt(profile: string, clusterArn: string, at: number): { scope: number; span: { id: number; start: number; end: number }; from: number | null; live: boolean } {
    const scope = this.scopeId(profile, clusterArn);
    const from = scope === null ? null : this.historyFrom([scope]);
    const spanRow = scope === null ? null : this.db.get('SELECT id, start, end FROM spans WHERE scope = ? AND start <= ? ORDER BY start DESC LIMIT 1', [scope, at]);
    if (scope === null || !spanRow) {
      throw new WharfError('NOT_FOUND', from === null ? 'Wharf has no history of this cluster yet.' : `Wharf's history of this cluster starts at ${new Date(from).toISOString()}.`, {
        fix: 'History is recorded while Wharf runs and looks at a cluster; pick a later moment.',
      });
    }
    const span = { id: Number(spanRow.id), start: Number(spanRow.start), end: Number(spanRow.end) };
    return { scope, span, from, live: this.liveSpan(scope) === span.id };
  }

  changes(profile: string, clusterArn: string | null, from: number, to: number, limit = 500): ChangesResult {
    const scopes = this.scopes(profile, clusterArn);
    const empty: ChangesResult = { from, to, changes: [], stopped: [], total: 0, historyFrom: null };
    if (!scopes.size) return empty;
    const ids = [...scopes.keys()];
    const inScopes = `scope IN (${ids.map(() => '?').join(',')})`;
    const total = Number(this.db.get(`SELECT COUNT(*) AS n FROM facts WHERE ${inScopes} AND t BETWEEN ? AND ?`, [...ids, from, to])!.n);
    const changes = this.db.all(`SELECT scope, t, kind, service, subject, text, tasks FROM facts WHERE ${inScopes} AND t BETWEEN ? AND ? ORDER BY t DESC, id DESC LIMIT ?`, [...ids, from, to, limit]).map((r) => ({
      t: Number(r.t),
      kind: String(r.kind) as ChangesResult['changes'][number]['kind'],
      clusterArn: scopes.get(Number(r.scope))!,
      service: r.service === null ? null : String(r.service),
      subject: String(r.subject),
      text: String(r.text),
      taskArns: r.tasks ? (JSON.parse(String(r.tasks)) as string[]) : [],
    }));
    // Grouped in SQL by cause (stop code and reason with IDs masked): counts, times, services.
    const groups = this.db.all(
      `SELECT reason_key, COUNT(*) AS n, MIN(t) AS first, MAX(t) AS last, group_concat(DISTINCT service) AS services FROM stopped WHERE ${inScopes} AND t BETWEEN ? AND ? GROUP BY reason_key ORDER BY n DESC LIMIT 50`,
      [...ids, from, to],
    );
    // The newest tasks of each cause, read backwards along (scope, reason_key, t).
    const stopped = groups.map((g) => ({
      reason: String(g.reason_key),
      count: Number(g.n),
      services: g.services ? String(g.services).split(',') : [],
      first: Number(g.first),
      last: Number(g.last),
      taskArns: this.db
        .all(`SELECT arn FROM stopped WHERE ${inScopes} AND reason_key = ? AND t BETWEEN ? AND ? ORDER BY t DESC LIMIT 20`, [...ids, g.reason_key, from, to])
        .map((r) => String(r.arn)),
    }));
    return { from, to, changes, stopped, total, historyFrom: this.historyFrom(ids) };
  }

  events(profile: string, clusterArn: string | null, q: { search?: string; service?: string; kind?: EventKind; before?: number; limit?: number }): EventsResult {
    const scopes = this.scopes(profile, clusterArn);
    if (!scopes.size) return { events: [], total: 0, byKind: [], byService: [], historyFrom: null };
    const ids = [...scopes.keys()];
    const base: string[] = [`scope IN (${ids.map(() => '?').join(',')})`];
    const baseValues: Array<string | number> = [...ids];
    if (q.before !== undefined) {
      base.push('t < ?');
      baseValues.push(q.before);
    }
    if (q.search?.trim()) {
      base.push("message LIKE ? ESCAPE '\\'");
      baseValues.push(`%${q.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    const where = [...base];
    const values = [...baseValues];
    if (q.service) {
      where.push('service = ?');
      values.push(q.service);
    }
    if (q.kind) {
      where.push('kind = ?');
      values.push(q.kind);
    }
    const w = where.join(' AND ');
    const total = Number(this.db.get(`SELECT COUNT(*) AS n FROM events WHERE ${w}`, values)!.n);
    const events = this.db.all(`SELECT scope, id, t, service, kind, message FROM events WHERE ${w} ORDER BY t DESC, id DESC LIMIT ?`, [...values, q.limit ?? 200]).map((r) => ({
      id: String(r.id),
      t: Number(r.t),
      clusterArn: scopes.get(Number(r.scope))!,
      service: String(r.service),
      kind: String(r.kind) as EventKind,
      message: String(r.message),
    }));
    const bw = base.join(' AND ');
    const byKind = this.db.all(`SELECT kind, COUNT(*) AS n FROM events WHERE ${bw} GROUP BY kind ORDER BY n DESC`, baseValues).map((r) => ({ kind: String(r.kind) as EventKind, count: Number(r.n) }));
    const byService = this.db
      .all(`SELECT scope, service, COUNT(*) AS n FROM events WHERE ${bw} GROUP BY scope, service ORDER BY n DESC LIMIT 100`, baseValues)
      .map((r) => ({ clusterArn: scopes.get(Number(r.scope))!, service: String(r.service), count: Number(r.n) }));
    return { events, total, byKind, byService, historyFrom: this.historyFrom(ids) };
  }

  stoppedTasks(profile: string, clusterArn: string, q: { taskArns?: string[]; service?: string; startedBy?: string; from?: number; to?: number; limit?: number }): { tasks: StoppedTask[]; historyFrom: number | null } {
    const scope = this.scopeId(profile, clusterArn);
    if (scope === null) return { tasks: [], historyFrom: null };
    const where = ['scope = ?'];
    const values: Array<string | number> = [scope];
    if (q.taskArns?.length) {
      where.push(`arn IN (${q.taskArns.map(() => '?').join(',')})`);
      values.push(...q.taskArns);
    }
    if (q.service) {
      where.push('service = ?');
      values.push(q.service);
    }
    if (q.startedBy) {
      where.push('started_by = ?');
      values.push(q.startedBy);
    }
    if (q.from !== undefined) {
      where.push('t >= ?');
      values.push(q.from);
    }
    if (q.to !== undefined) {
      where.push('t <= ?');
      values.push(q.to);
    }
    const rows = this.db.all(`SELECT t, dict, body FROM stopped WHERE ${where.join(' AND ')} ORDER BY t DESC LIMIT ?`, [...values, q.limit ?? 200]);
    const tasks = rows.map((r) => stoppedTask(decodeWithDictionary<TaskRecord>(r.body as Uint8Array, r.dict === null ? null : this.dict(Number(r.dict))), Number(r.t)));
    return { tasks, historyFrom: this.historyFrom([scope]) };
  }

  /** The oldest moment recorded for these scopes. */
  historyFrom(scopeIds: readonly number[]): number | null {
    if (!scopeIds.length) return null;
    const r = this.db.get(`SELECT MIN(start) AS t FROM spans WHERE scope IN (${scopeIds.map(() => '?').join(',')})`, [...scopeIds]);
    return r?.t === null || r?.t === undefined ? null : Number(r.t);
  }

  /** The oldest moment recorded for any cluster of the profile. */
  profileFrom(profile: string): number | null {
    return this.historyFrom([...this.scopes(profile, null).keys()]);
  }

  /**
   * A kind's records as they were at `at`: the keyframe before it, then the batches after that
   * keyframe. Records come out finished (`fetchedAt` = when Wharf saw that version, `stale`
   * false, a service with no events) and are shared with the caches below: callers copy one
   * before changing it. The state last built for a kind is kept: a later moment after the same
   * keyframe (dragging the time bar forward) applies only the batches in between.
   */
  private stateAt(scope: number, span: number, kind: StoredKind, at: number): KindState {
    const kf = this.db.get('SELECT id, upto FROM keyframes WHERE scope = ? AND span = ? AND kind = ? AND t <= ? ORDER BY t DESC LIMIT 1', [scope, span, kind, at]);
    const kfId = kf ? Number(kf.id) : 0;
    const cacheKey = `${scope}:${span}:${kind}`;
    const cached = this.states.get(cacheKey);
    let state: BuiltState;
    if (cached && cached.kfId === kfId && cached.at <= at) {
      state = cached;
    } else {
      const base = kf ? this.keyframe(kfId, kind) : { rows: new Map(), refreshedAt: null };
      state = { kfId, lastFullId: kf ? Number(kf.upto) : 0, at, rows: new Map(base.rows), refreshedAt: base.refreshedAt };
    }
    const finish = finishOf(kind);
    // Batches after the last one applied in full (one that reached past the moment asked
    // before may have been applied in part: applying its rows again changes nothing).
    let contiguous = true;
    for (const batch of this.db.all('SELECT id, t_end, body FROM batches WHERE scope = ? AND span = ? AND kind = ? AND id > ? AND t <= ? ORDER BY id', [scope, span, kind, state.lastFullId, at])) {
      const body = decodeRows(batch.body as Uint8Array);
      for (const [key, t, record, patch] of body.r) {
        if (t > at) continue;
        if (!record) state.rows.delete(key);
        else if (patch) {
          const base = state.rows.get(key);
          if (base) state.rows.set(key, { t, record: finished({ ...base.record, ...record }, t, finish) });
        } else state.rows.set(key, { t, record: finished(record, t, finish) });
      }
      if (body.f !== null && body.f <= at) state.refreshedAt = body.f;
      if (contiguous && Number(batch.t_end) <= at) state.lastFullId = Number(batch.id);
      else contiguous = false;
    }
    state.at = at;
    this.states.delete(cacheKey);
    this.states.set(cacheKey, state);
    while (this.states.size > STATE_CACHE) this.states.delete(this.states.keys().next().value!);
    return state;
  }

  /**
   * A keyframe decoded, kept for the next moments asked (dragging the time bar asks for many
   * moments after the same keyframe): the last few are held as finished records.
   */
  private keyframe(id: number, kind: StoredKind): KindState {
    const hit = this.keyframes.get(id);
    if (hit) {
      this.keyframes.delete(id);
      this.keyframes.set(id, hit);
      return hit;
    }
    const row = this.db.get('SELECT body FROM keyframes WHERE id = ?', [id]);
    const body = decodeRows(row!.body as Uint8Array);
    const finish = finishOf(kind);
    const rows = new Map<string, { t: number; record: Record<string, unknown> }>();
    for (const [key, t, record] of body.r) if (record) rows.set(key, { t, record: finished(record, t, finish) });
    const decoded = { rows, refreshedAt: body.f };
    this.keyframes.set(id, decoded);
    while (this.keyframes.size > KEYFRAME_CACHE) this.keyframes.delete(this.keyframes.keys().next().value!);
    return decoded;
  }

  /** A dictionary stopped tasks were deflated against (few: one per cluster and run). */
  private dict(id: number): Buffer {
    let bytes = this.dicts.get(id);
    if (!bytes) {
      bytes = Buffer.from(this.db.get('SELECT body FROM dicts WHERE id = ?', [id])!.body as Uint8Array);
      if (this.dicts.size > 64) this.dicts.clear();
      this.dicts.set(id, bytes);
    }
    return bytes;
  }

  private serviceEvents(scope: number, service: string, at: number): ServiceEvent[] {
    return this.db
      .all('SELECT id, t, message FROM events WHERE scope = ? AND service = ? AND t <= ? ORDER BY t DESC LIMIT 100', [scope, service, at])
      .map((r) => ({ id: String(r.id), createdAt: Number(r.t), message: String(r.message) }));
  }

  private scopeId(profile: string, clusterArn: string): number | null {
    const r = this.db.get('SELECT id FROM scopes WHERE profile = ? AND cluster = ?', [profile, clusterArn]);
    return r ? Number(r.id) : null;
  }

  /** Scope id -> cluster ARN: one cluster, or every cluster recorded for the profile. */
  private scopes(profile: string, clusterArn: string | null): Map<number, string> {
    const rows: Row[] = clusterArn === null
      ? this.db.all('SELECT id, cluster FROM scopes WHERE profile = ?', [profile])
      : this.db.all('SELECT id, cluster FROM scopes WHERE profile = ? AND cluster = ?', [profile, clusterArn]);
    return new Map(rows.map((r) => [Number(r.id), String(r.cluster)]));
  }
}

export function stoppedTask(task: TaskRecord, t: number): StoppedTask {
  return {
    arn: task.arn,
    id: task.id,
    clusterArn: task.clusterArn,
    service: task.serviceName,
    t,
    stopCode: task.stopCode,
    reason: task.stoppedReason,
    startedBy: task.startedBy,
    exits: task.containers.map((c) => ({ container: c.name, exitCode: c.exitCode, reason: c.reason })),
    task,
  };
}
