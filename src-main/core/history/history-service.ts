/**
 * History on the main thread: listens to core's EventBus (inventory deltas, whoever made them:
 * the poller or live events; audit entries), queues them with the moment they were seen and
 * the session's profile, and hands the queue to the history worker every few seconds (FLUSH_MS;
 * a query hands it over first, so answers are never behind). The worker
 * does all the work (see history-worker.ts); queries go to it and come back as promises.
 * Nothing here ever waits on the store: a slow disk slows history, never the poller or window.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { AuditEntry } from '../../contract/domains/audit';
import type { Settings } from '../../contract/domains/app';
import type { ChangesResult, EventsResult, HistoryKind, HistoryMomentTasks, HistoryRange, HistorySnapshot, HistoryStatus, StoppedTask, EventKind } from '../../contract/domains/history';
import type { InventoryDelta, Problem, TaskRecord } from '../../contract/domains/inventory';
import { WharfError, type ErrorCode } from '../../contract/errors';
import type { EventBus } from '../events';
import type { FromWorker, ToWorker, WorkerData } from './history-worker';
import type { StoreInfo, StoreRequest } from './store/history-store';
import type { AppendItem } from './store/types';
import { threadCpuMs } from './thread-cpu';

export interface HistoryDeps {
  events: EventBus;
  sessions: { current(): { info: { profile: string } } | null; onChange(listener: (session: unknown) => void): () => void };
  settings: { get(): Pick<Settings, 'historyRetentionDays' | 'historyMaxMb'> };
  dataDir: string;
  /** Epoch ms: when a change was seen (tests pass the sim's clock). */
  now?: () => number;
  /** How often the queue goes to the worker (ms). */
  flushMs?: number;
  /** How often the bound is enforced (ms). */
  compactMs?: number;
  /** Where the worker's script is (default: beside this module, built or source). */
  workerScript?: string;
  /** Test hook: SQLite page cache size in the worker. */
  cachePages?: number;
}

export const HISTORY_FILE = 'history.db';

/**
 * How often the queue goes to the worker by default: each hand-over is one SQLite transaction
 * (a journal written and synced), so a longer interval costs less CPU (the bench's replay at
 * `large`: 173 ms of the worker's CPU in its window at 5 s, 260 ms at 1 s) and a crash loses
 * at most this much more.
 */
const FLUSH_MS = 5_000;

export class HistoryService {
  private worker: Worker | null = null;
  private pending: AppendItem[] = [];
  private gen = 0;
  private problem: string | null = null;
  private ready: Promise<void>;
  private recording = false;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  private flushTimer: ReturnType<typeof setInterval> | null = null;
  private compactTimer: ReturnType<typeof setInterval> | null = null;
  private readonly unsubscribe: Array<() => void> = [];
  private closed = false;
  /** Main-thread time spent on history (queueing and posting; wall clock), for the bench. */
  mainThreadMs = 0;
  /** Main-thread CPU time spent posting the queue to the worker (the structured clone of it), where the OS says; for the bench. */
  mainThreadCpuMs = 0;
  readonly file: string;

  constructor(private readonly deps: HistoryDeps) {
    this.file = join(deps.dataDir, HISTORY_FILE);
    this.ready = this.start();
    this.unsubscribe.push(deps.events.subscribe((event, payload) => this.onEvent(event, payload)));
    this.unsubscribe.push(deps.sessions.onChange(() => this.gen++));
  }

  /** Resolves once the worker has opened the store (or failed to: see status().problem). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  async status(): Promise<HistoryStatus> {
    await this.ready;
    const { historyRetentionDays, historyMaxMb } = this.deps.settings.get();
    const base = { file: this.file, retentionDays: historyRetentionDays, maxMb: historyMaxMb };
    if (!this.recording) return { ...base, recording: false, problem: this.problem, bytes: 0, from: null, lastWriteAt: null };
    const info = (await this.request({ op: 'info', profile: this.deps.sessions.current()?.info.profile ?? null })) as StoreInfo;
    return { ...base, recording: true, problem: this.problem, bytes: info.bytes, from: info.from, lastWriteAt: info.lastWriteAt };
  }

  async range(clusterArn: string): Promise<HistoryRange> {
    return this.request({ op: 'range', profile: this.profile(), clusterArn }) as Promise<HistoryRange>;
  }

  async snapshot(args: { clusterArn: string; at: number; kinds?: HistoryKind[]; eventsOf?: string }): Promise<HistorySnapshot> {
    return this.request({ op: 'snapshot', profile: this.profile(), ...args }) as Promise<HistorySnapshot>;
  }

  /** The cluster's tasks (slim) and instances at `at`: what the pages showing a moment's tasks read. */
  async momentTasks(args: { clusterArn: string; at: number }): Promise<HistoryMomentTasks> {
    return this.request({ op: 'momentTasks', profile: this.profile(), ...args }) as Promise<HistoryMomentTasks>;
  }

  /** One task at `at`, whole; without `at`, as history last had it. */
  async task(args: { clusterArn: string; taskArn: string; at?: number }): Promise<{ task: TaskRecord | null; seenAt: number | null }> {
    return this.request({ op: 'task', profile: this.profile(), ...args }) as Promise<{ task: TaskRecord | null; seenAt: number | null }>;
  }

  /** A task as history last had it: the record of its stop, else its last sighting (for a task ECS forgot). */
  async lastRecordOf(args: { clusterArn: string; taskArn: string }): Promise<TaskRecord | null> {
    const stopped = await this.stoppedTasks({ clusterArn: args.clusterArn, taskArns: [args.taskArn], limit: 1 });
    return stopped.tasks[0]?.task ?? (await this.task(args)).task;
  }

  async changes(args: { clusterArn: string | null; from: number; to: number; limit?: number }): Promise<ChangesResult> {
    return this.request({ op: 'changes', profile: this.profile(), ...args }) as Promise<ChangesResult>;
  }

  /** What changed in the last `ms`, by history's clock (the moments it records with): the incident summary's hour before. */
  changesInLast(args: { clusterArn: string; ms: number }): Promise<ChangesResult> {
    const to = this.now();
    return this.changes({ clusterArn: args.clusterArn, from: to - args.ms, to });
  }

  async events(args: { clusterArn: string | null; search?: string; service?: string; kind?: EventKind; before?: number; limit?: number }): Promise<EventsResult> {
    return this.request({ op: 'events', profile: this.profile(), ...args }) as Promise<EventsResult>;
  }

  async stoppedTasks(args: { clusterArn: string; taskArns?: string[]; service?: string; startedBy?: string; from?: number; to?: number; limit?: number }): Promise<{ tasks: StoppedTask[]; historyFrom: number | null }> {
    return this.request({ op: 'stoppedTasks', profile: this.profile(), ...args }) as Promise<{ tasks: StoppedTask[]; historyFrom: number | null }>;
  }

  /** The store's counters (bench, tests). */
  async info(): Promise<StoreInfo> {
    return (await this.request({ op: 'info', profile: this.deps.sessions.current()?.info.profile ?? null })) as StoreInfo;
  }

  /** Hands the queue to the worker now and waits until it is written (tests, shutdown). */
  async flush(): Promise<void> {
    await this.ready;
    this.post();
    if (this.recording) await this.request({ op: 'info', profile: null });
  }

  /** Enforces the bound now (it also runs every 10 minutes and when the settings change). */
  async compact(): Promise<{ cutoff: number; usedBytes: number }> {
    await this.flush();
    const { historyRetentionDays, historyMaxMb } = this.deps.settings.get();
    return (await this.request({ op: 'compact', bounds: { now: this.now(), retentionDays: historyRetentionDays, maxBytes: historyMaxMb * 1024 * 1024 } })) as { cutoff: number; usedBytes: number };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.unsubscribe) off();
    if (this.flushTimer) clearInterval(this.flushTimer);
    if (this.compactTimer) clearInterval(this.compactTimer);
    await this.ready;
    const worker = this.worker;
    if (!worker) return;
    if (!this.recording) {
      // The store never opened (or the worker failed): nothing to write, no answer to wait for.
      await worker.terminate();
      this.worker = null;
      return;
    }
    this.post();
    const id = this.nextId++;
    const done = new Promise((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    worker.postMessage({ type: 'close', id } satisfies ToWorker);
    await Promise.race([done, new Promise((r) => setTimeout(r, 5_000).unref())]).catch(() => {});
    await worker.terminate();
    this.worker = null;
    this.recording = false;
  }

  private readonly now = (): number => (this.deps.now ?? Date.now)();

  private async start(): Promise<void> {
    const worker = spawnWorker(this.deps.workerScript ?? defaultWorkerScript(), { file: this.file, cachePages: this.deps.cachePages });
    this.worker = worker;
    worker.unref();
    const opened = new Promise<void>((resolve) => {
      worker.on('message', (msg: FromWorker) => {
        if (msg.type === 'ready') {
          this.recording = true;
          this.problem = msg.notice;
          resolve();
        } else if (msg.type === 'failed') {
          this.problem = msg.fix ? `${msg.message} ${msg.fix}` : msg.message;
          resolve();
        } else if (msg.type === 'appendFailed') {
          this.problem = `History could not be written: ${msg.message}`;
        } else if (msg.type === 'response') {
          const waiter = this.waiting.get(msg.id);
          this.waiting.delete(msg.id);
          if (!waiter) return;
          if (msg.ok) waiter.resolve(msg.result);
          else waiter.reject(new WharfError(msg.error.code as ErrorCode, msg.error.message, { fix: msg.error.fix }));
        }
      });
      worker.on('error', (err) => {
        this.problem = `The history worker stopped: ${err.message}`;
        this.recording = false;
        for (const w of this.waiting.values()) w.reject(new WharfError('INTERNAL', this.problem));
        this.waiting.clear();
        resolve();
      });
      worker.on('exit', () => {
        // A worker that is gone answers nothing: settle every waiter now (close() among them).
        this.recording = false;
        for (const w of this.waiting.values()) w.reject(new WharfError('INTERNAL', this.problem ?? 'The history worker stopped.'));
        this.waiting.clear();
        if (this.worker === worker) this.worker = null;
        resolve();
      });
    });
    await opened;
    if (!this.recording || this.closed) return;
    this.flushTimer = setInterval(() => this.post(), this.deps.flushMs ?? FLUSH_MS);
    this.flushTimer.unref?.();
    this.compactTimer = setInterval(() => void this.compact().catch(() => {}), this.deps.compactMs ?? 10 * 60_000);
    this.compactTimer.unref?.();
    void this.compact().catch(() => {});
  }

  private onEvent(event: string, payload: unknown): void {
    if (this.closed || this.problemStopsRecording()) return;
    const started = performance.now();
    this.queue(event, payload);
    this.mainThreadMs += performance.now() - started;
  }

  private queue(event: string, payload: unknown): void {
    if (event === 'inventory.delta') {
      const profile = this.deps.sessions.current()?.info.profile;
      if (profile) this.pending.push({ type: 'delta', t: this.now(), gen: this.gen, profile, delta: payload as InventoryDelta });
    } else if (event === 'audit.appended') {
      const entry = payload as AuditEntry;
      this.pending.push({ type: 'audit', t: this.now(), profile: entry.profile, entry });
    } else if (event === 'problems.changed') {
      const profile = this.deps.sessions.current()?.info.profile;
      if (profile) this.pending.push({ type: 'problems', t: this.now(), gen: this.gen, profile, problems: (payload as { problems: Problem[] }).problems });
    } else if (event === 'settings.changed') {
      if (this.recording) void this.compact().catch(() => {});
    }
  }

  /** Before the worker is ready the queue fills (and is sent on ready); after a failure nothing is kept. */
  private problemStopsRecording(): boolean {
    return !this.recording && this.problem !== null;
  }

  private post(): void {
    if (!this.pending.length || !this.worker || !this.recording) return;
    const started = performance.now();
    const cpu = threadCpuMs();
    const items = this.pending;
    this.pending = [];
    this.worker.postMessage({ type: 'append', items } satisfies ToWorker);
    if (cpu !== null) this.mainThreadCpuMs += (threadCpuMs() ?? cpu) - cpu;
    this.mainThreadMs += performance.now() - started;
  }

  private request(req: StoreRequest): Promise<unknown> {
    return this.ready.then(() => {
      const worker = this.worker;
      if (!worker || !this.recording) {
        throw new WharfError('PRECONDITION', this.problem ?? 'History is not being recorded.', { fix: 'See Settings › History.' });
      }
      this.post();
      const id = this.nextId++;
      const answer = new Promise((resolve, reject) => this.waiting.set(id, { resolve, reject }));
      worker.postMessage({ type: 'request', id, req } satisfies ToWorker);
      return answer;
    });
  }

  private profile(): string {
    const session = this.deps.sessions.current();
    if (!session) throw new WharfError('NO_SESSION', 'No AWS profile is open yet.', { fix: 'Pick a profile and a region.' });
    return session.info.profile;
  }
}

/**
 * The built worker beside the bundle (out/main, this module may sit in out/main/chunks), else
 * the source file under tsx (tests, bench). Entry points pass the built path explicitly.
 */
function defaultWorkerScript(): string {
  for (const built of [join(__dirname, 'history-worker.js'), join(__dirname, '..', 'history-worker.js')]) if (existsSync(built)) return built;
  return join(__dirname, 'history-worker.ts');
}

function spawnWorker(script: string, data: WorkerData): Worker {
  if (script.endsWith('.ts')) {
    // Source (vitest, tsx): register tsx's require hook in the thread, then load the module.
    return new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true, workerData: data });
  }
  return new Worker(script, { workerData: data });
}
