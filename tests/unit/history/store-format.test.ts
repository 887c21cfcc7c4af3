import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { Database } from 'node-sqlite3-wasm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoppedTask } from '../../../src-main/contract/domains/history';
import type { TaskRecord } from '../../../src-main/contract/domains/inventory';
import { HistoryDb } from '../../../src-main/core/history/store/history-db';
import { HistoryStore } from '../../../src-main/core/history/store/history-store';
import { CLUSTER, T0, task } from '../inventory/records';

const PROFILE = 'prod-admin';
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wharf-history-format-'));
  file = join(dir, 'history.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const stoppedTask = (id: string, minute: number): TaskRecord =>
  task(id, { serviceName: 'web', lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: `Essential container in task exited (${id})`, stoppedAt: T0 + minute * MIN, startedBy: 'ecs-svc/1' });

const stoppedOf = (store: HistoryStore, arns: string[]) => (store.handle({ op: 'stoppedTasks', profile: PROFILE, clusterArn: CLUSTER, taskArns: arns }) as { tasks: StoppedTask[] }).tasks;

/** A file as Wharf's first history format (schema 1) wrote it: stopped tasks in a WITHOUT ROWID table, bodies deflated alone. */
function writeVersion1(tasks: TaskRecord[]): void {
  const db = new Database(file);
  db.exec(`
    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta VALUES ('schema', '1');
    CREATE TABLE scopes(id INTEGER PRIMARY KEY, profile TEXT NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL, cluster TEXT NOT NULL, UNIQUE(profile, cluster));
    CREATE TABLE spans(id INTEGER PRIMARY KEY, scope INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL);
    CREATE TABLE stopped(scope INTEGER NOT NULL, arn TEXT NOT NULL, t INTEGER NOT NULL, service TEXT, started_by TEXT, stop_code TEXT, reason TEXT, reason_key TEXT NOT NULL, body BLOB NOT NULL, PRIMARY KEY(scope, arn)) WITHOUT ROWID;
    CREATE INDEX stopped_scope_t ON stopped(scope, t);
    CREATE INDEX stopped_started_by ON stopped(scope, started_by);
    CREATE INDEX stopped_reason ON stopped(scope, reason_key, t);
  `);
  db.run('INSERT INTO scopes(id, profile, account, region, cluster) VALUES (1, ?, ?, ?, ?)', [PROFILE, '123456789012', 'us-east-1', CLUSTER]);
  db.run('INSERT INTO spans(scope, start, end) VALUES (1, ?, ?)', [T0, T0 + 10 * MIN]);
  for (const t of tasks) {
    db.run('INSERT INTO stopped(scope, arn, t, service, started_by, stop_code, reason, reason_key, body) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)', [t.arn, t.stoppedAt!, t.serviceName, t.startedBy, t.stopCode, t.stoppedReason, `${t.stopCode}: x`, deflateRawSync(Buffer.from(JSON.stringify(t)))]);
  }
  db.close();
}

describe('the history file format', () => {
  it('migrates a file of the first format in place: its stopped tasks stay readable and new ones are recorded beside them', () => {
    const old = [stoppedTask('o1', 2), stoppedTask('o2', 3)];
    writeVersion1(old);
    const store = HistoryStore.open(file);
    try {
      expect(store.notice).toBeNull();
      expect(stoppedOf(store, old.map((t) => t.arn)).map((t) => t.reason).sort()).toEqual(['Essential container in task exited (o1)', 'Essential container in task exited (o2)']);
      store.append([{ type: 'delta', t: T0 + 20 * MIN, gen: 0, profile: PROFILE, delta: { clusterArn: CLUSTER, tasks: [stoppedTask('n1', 19)] } }]);
      expect(stoppedOf(store, [stoppedTask('n1', 19).arn]).map((t) => t.id)).toEqual(['n1']);
    } finally {
      store.close();
    }
    const { db } = HistoryDb.open(file);
    try {
      expect(db.get("SELECT value FROM meta WHERE key = 'schema'")!.value).toBe('2');
      // The migrated table is an ordinary one: rows live in its pages, not one overflow page each.
      expect(String(db.get("SELECT sql FROM sqlite_schema WHERE name = 'stopped'")!.sql)).not.toContain('WITHOUT ROWID');
      expect(Number(db.get('SELECT COUNT(*) AS n FROM stopped')!.n)).toBe(3);
    } finally {
      db.close();
    }
  });

  it('moves a file of a newer format aside and starts a new one, saying so', () => {
    const db = new Database(file);
    db.exec("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('schema', '99');");
    db.close();
    const store = HistoryStore.open(file);
    try {
      expect(store.notice).toContain('newer Wharf');
    } finally {
      store.close();
    }
  });

  it('keeps the dictionary stopped tasks are deflated against while the recorder uses it, and drops it once nothing does', () => {
    const store = HistoryStore.open(file);
    try {
      const append = (t: number, tasks: TaskRecord[]) => store.append([{ type: 'delta', t, gen: 0, profile: PROFILE, delta: { clusterArn: CLUSTER, tasks } }]);
      append(T0 + MIN, [stoppedTask('a1', 1)]);
      append(T0 + 2.5 * DAY, [task('r1', { serviceName: 'web' })]);
      // Everything older than a day goes (a1 with it); the recording goes on in the same span, and
      // the dictionary made from a1 stays: the recorder deflates the next stopped task against it.
      store.handle({ op: 'compact', bounds: { now: T0 + 3 * DAY, retentionDays: 1, maxBytes: 1e9 } });
      append(T0 + 3 * DAY, [stoppedTask('a2', 3 * 24 * 60)]);
      expect(stoppedOf(store, [stoppedTask('a1', 1).arn])).toEqual([]);
      expect(stoppedOf(store, [stoppedTask('a2', 3 * 24 * 60).arn]).map((t) => t.reason)).toEqual(['Essential container in task exited (a2)']);
    } finally {
      store.close();
    }
    // A new run makes its own dictionary; the old one goes once no stopped task uses it.
    const again = HistoryStore.open(file);
    try {
      again.handle({ op: 'compact', bounds: { now: T0 + 6 * DAY, retentionDays: 1, maxBytes: 1e9 } });
    } finally {
      again.close();
    }
    const { db } = HistoryDb.open(file);
    try {
      expect(Number(db.get('SELECT COUNT(*) AS n FROM dicts')!.n)).toBe(0);
    } finally {
      db.close();
    }
  });
});
