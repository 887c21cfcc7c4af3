/**
 * The history store's file: SQLite (WebAssembly build, node-sqlite3-wasm) in the data folder.
 * Synchronous; only the history worker thread opens it, so nothing here runs on the main
 * thread. Every append is one transaction in SQLite's rollback-journal mode with full fsync:
 * a crash mid-write leaves a hot journal that the next open rolls back, so a torn write loses
 * that batch and nothing before it.
 *
 * Tables (times are epoch ms):
 * - scopes: one row per profile + cluster ARN (account and region come from the ARN);
 * - spans: the stretches recorded (one per run of the app and session), per scope;
 * - batches: the records that changed, per scope, span and kind, deflated JSON;
 * - keyframes: a kind's whole state at a moment, so a past moment replays few batches;
 * - facts: "what changed" in words (scaled, deployment started, instance drained...);
 * - events: service events, once each; stopped: stopped tasks with reasons and exit codes,
 *   each body deflated against its scope's dictionary (dicts: a stopped task of that cluster);
 * - audit: Wharf's own mutations.
 *
 * Schema versions (meta.schema): 1 kept stopped tasks in a WITHOUT ROWID table, where a row
 * of ~1 KB is more than such a b-tree keeps in its page, so every row spilled into an overflow
 * page of its own (4 KB for ~1 KB: three quarters of a large file was empty space). 2 keeps
 * them in an ordinary table with a covering index for the grouping. A version 1 file is
 * migrated in place when it is opened (its stopped rows copied over, their bodies as they
 * were: dict NULL); a file of a newer version than this Wharf knows is refused (and so moved
 * aside by open()).
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Database, type BindValues, type SQLiteValue } from 'node-sqlite3-wasm';

export const SCHEMA_VERSION = 2;

const META = 'CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)';
const STOPPED_COLUMNS = 'id INTEGER PRIMARY KEY, scope INTEGER NOT NULL, arn TEXT NOT NULL, t INTEGER NOT NULL, service TEXT, started_by TEXT, stop_code TEXT, reason TEXT, reason_key TEXT NOT NULL, dict INTEGER, body BLOB NOT NULL, UNIQUE(scope, arn)';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS scopes(id INTEGER PRIMARY KEY, profile TEXT NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL, cluster TEXT NOT NULL, UNIQUE(profile, cluster));
CREATE TABLE IF NOT EXISTS spans(id INTEGER PRIMARY KEY, scope INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS spans_scope ON spans(scope, start);
CREATE TABLE IF NOT EXISTS batches(id INTEGER PRIMARY KEY, scope INTEGER NOT NULL, span INTEGER NOT NULL, kind TEXT NOT NULL, t INTEGER NOT NULL, t_end INTEGER NOT NULL, body BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS batches_scope ON batches(scope, kind, t);
CREATE TABLE IF NOT EXISTS keyframes(id INTEGER PRIMARY KEY, scope INTEGER NOT NULL, span INTEGER NOT NULL, kind TEXT NOT NULL, t INTEGER NOT NULL, upto INTEGER NOT NULL, body BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS keyframes_scope ON keyframes(scope, kind, t);
CREATE TABLE IF NOT EXISTS facts(id INTEGER PRIMARY KEY, scope INTEGER NOT NULL, t INTEGER NOT NULL, kind TEXT NOT NULL, service TEXT, subject TEXT NOT NULL, text TEXT NOT NULL, tasks TEXT);
CREATE INDEX IF NOT EXISTS facts_scope ON facts(scope, t);
CREATE INDEX IF NOT EXISTS facts_t ON facts(t);
CREATE TABLE IF NOT EXISTS events(scope INTEGER NOT NULL, id TEXT NOT NULL, t INTEGER NOT NULL, service TEXT NOT NULL, kind TEXT NOT NULL, message TEXT NOT NULL, PRIMARY KEY(scope, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS events_scope_t ON events(scope, t);
CREATE INDEX IF NOT EXISTS events_t ON events(t);
CREATE TABLE IF NOT EXISTS stopped(${STOPPED_COLUMNS});
CREATE INDEX IF NOT EXISTS stopped_t_reason ON stopped(scope, t, reason_key, service);
CREATE INDEX IF NOT EXISTS stopped_started ON stopped(scope, started_by, t);
CREATE INDEX IF NOT EXISTS stopped_reason_t ON stopped(scope, reason_key, t);
CREATE TABLE IF NOT EXISTS dicts(id INTEGER PRIMARY KEY, scope INTEGER NOT NULL, t INTEGER NOT NULL, body BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS audit(id INTEGER PRIMARY KEY, profile TEXT NOT NULL, scope INTEGER, t INTEGER NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, result TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_t ON audit(t);
`;

export type Row = Record<string, SQLiteValue>;

export interface OpenOptions {
  /** Test hook: SQLite's page cache size in pages (a tiny cache spills pages before COMMIT). */
  cachePages?: number;
}

export class HistoryDb {
  private readonly db: Database;
  private readonly statements = new Map<string, ReturnType<Database['prepare']>>();

  /** Opens (or creates) the store; a file SQLite cannot read is moved aside and a new one started. */
  static open(file: string, options: OpenOptions = {}): { db: HistoryDb; recovered: string | null } {
    mkdirSync(dirname(file), { recursive: true });
    try {
      return { db: new HistoryDb(file, options), recovered: null };
    } catch (err) {
      if (!existsSync(file)) throw err;
      const aside = `${file}.unreadable-${Date.now()}`;
      renameSync(file, aside);
      rmSync(`${file}-journal`, { force: true });
      return { db: new HistoryDb(file, options), recovered: `The history file could not be read (${err instanceof Error ? err.message : String(err)}); it was moved to ${aside} and a new one started.` };
    }
  }

  private constructor(readonly file: string, options: OpenOptions) {
    this.db = new Database(file);
    try {
      // auto_vacuum must be chosen before the first table exists: freed pages go back to the
      // file system with `PRAGMA incremental_vacuum`, no full VACUUM rewrite of a large file.
      this.db.exec('PRAGMA auto_vacuum = INCREMENTAL');
      this.db.exec('PRAGMA journal_mode = DELETE');
      this.db.exec('PRAGMA synchronous = FULL');
      if (options.cachePages) this.db.exec(`PRAGMA cache_size = ${Math.trunc(options.cachePages)}`);
      const check = this.db.get('PRAGMA quick_check') as Row | null;
      if (check && Object.values(check)[0] !== 'ok') throw new Error(`integrity check: ${String(Object.values(check)[0])}`);
      this.db.exec(META);
      const found = this.db.get("SELECT value FROM meta WHERE key = 'schema'") as Row | null;
      const version = found ? Number(found.value) : null;
      if (version !== null && version > SCHEMA_VERSION) throw new Error(`written by a newer Wharf (history format ${version}; this one knows ${SCHEMA_VERSION})`);
      if (version === 1) this.migrateFrom1();
      this.db.exec(SCHEMA);
      this.db.run('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)', ['schema', String(SCHEMA_VERSION)]);
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  /** Version 1 to 2: stopped tasks into an ordinary table (bodies as they were, deflated alone). One transaction. */
  private migrateFrom1(): void {
    this.transaction(() => {
      this.db.exec(`CREATE TABLE stopped_v2(${STOPPED_COLUMNS})`);
      this.db.exec('INSERT INTO stopped_v2(scope, arn, t, service, started_by, stop_code, reason, reason_key, dict, body) SELECT scope, arn, t, service, started_by, stop_code, reason, reason_key, NULL, body FROM stopped ORDER BY scope, t');
      this.db.exec('DROP TABLE stopped');
      this.db.exec('ALTER TABLE stopped_v2 RENAME TO stopped');
      this.db.exec("UPDATE meta SET value = '2' WHERE key = 'schema'");
    });
  }

  /** Runs `fn` in one transaction: all of it is written, or (on an error or a crash) none. */
  transaction<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const out = fn();
      this.db.exec('COMMIT');
      return out;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  run(sql: string, values?: BindValues): { changes: number; lastInsertRowid: number } {
    const r = this.statement(sql).run(values);
    return { changes: r.changes, lastInsertRowid: Number(r.lastInsertRowid) };
  }

  all(sql: string, values?: BindValues): Row[] {
    return this.statement(sql).all(values) as Row[];
  }

  get(sql: string, values?: BindValues): Row | null {
    return (this.statement(sql).get(values) as Row | undefined) ?? null;
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  /** Bytes in use: the file less its free pages. */
  usedBytes(): number {
    const pages = Number((this.db.get('PRAGMA page_count') as Row).page_count);
    const free = Number((this.db.get('PRAGMA freelist_count') as Row).freelist_count);
    const size = Number((this.db.get('PRAGMA page_size') as Row).page_size);
    return (pages - free) * size;
  }

  fileBytes(): number {
    try {
      return statSync(this.file).size;
    } catch {
      return 0;
    }
  }

  /** Gives freed pages back to the file system (auto_vacuum = INCREMENTAL). */
  shrink(): void {
    this.db.exec('PRAGMA incremental_vacuum');
  }

  close(): void {
    for (const s of this.statements.values()) s.finalize();
    this.statements.clear();
    if (this.db.isOpen) this.db.close();
  }

  /** Prepared once per SQL text (the WebAssembly build does not free them by itself). */
  private statement(sql: string): ReturnType<Database['prepare']> {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
}
