/**
 * The history store as one object: the file, the recorder writing into it and the queries
 * reading it. Synchronous; the worker (history-worker.ts) runs it off the main thread, and
 * unit tests drive it directly.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import type { EventKind } from '../../../contract/domains/history';
import { WharfError } from '../../../contract/errors';
import { threadCpuMs } from '../thread-cpu';
import { HistoryDb, type OpenOptions } from './history-db';
import { releaseOwnership, takeOwnership } from './owner-lock';
import { HistoryQueries } from './queries';
import { Recorder } from './recorder';
import { compact } from './retention';
import type { AppendItem, Bounds } from './types';

export type StoreRequest =
  | { op: 'range'; profile: string; clusterArn: string }
  | { op: 'snapshot'; profile: string; clusterArn: string; at: number; kinds?: Array<'services' | 'tasks' | 'instances' | 'capacityProviders'>; eventsOf?: string }
  | { op: 'momentTasks'; profile: string; clusterArn: string; at: number }
  | { op: 'task'; profile: string; clusterArn: string; taskArn: string; at?: number }
  | { op: 'changes'; profile: string; clusterArn: string | null; from: number; to: number; limit?: number }
  | { op: 'events'; profile: string; clusterArn: string | null; search?: string; service?: string; kind?: EventKind; before?: number; limit?: number }
  | { op: 'stoppedTasks'; profile: string; clusterArn: string; taskArns?: string[]; service?: string; startedBy?: string; from?: number; to?: number; limit?: number }
  | { op: 'info'; profile: string | null }
  | { op: 'compact'; bounds: Bounds };

export interface StoreInfo {
  bytes: number;
  from: number | null;
  lastWriteAt: number | null;
  batches: number;
  keyframes: number;
  /** The heap of the thread the store runs in (the worker's own, apart from the main thread's). */
  heapUsed: number;
  /** How long the thread the store runs in has been busy (ms since it started; wall clock, so it stretches with the machine's load). */
  busyMs: number;
  /** The CPU time of the thread the store runs in (ms since it started), where the OS says (Linux); null elsewhere. */
  cpuMs: number | null;
}

export class HistoryStore {
  private readonly recorder: Recorder;
  private readonly queries: HistoryQueries;

  private constructor(
    private readonly db: HistoryDb,
    readonly notice: string | null,
  ) {
    this.recorder = new Recorder(db);
    this.queries = new HistoryQueries(db, (scope) => this.recorder.liveSpan(scope));
  }

  /** Opens the store at `file`, or says why it cannot (another Wharf records there). */
  static open(file: string, options: OpenOptions = {}): HistoryStore {
    mkdirSync(dirname(file), { recursive: true });
    const owner = takeOwnership(file);
    if (!owner.ok) {
      throw new WharfError('CONFLICT', `Another Wharf (process ${owner.pid}) is recording history in this data folder; this one does not record.`, {
        fix: 'Close the other Wharf, or start this one with another data folder.',
      });
    }
    const { db, recovered } = HistoryDb.open(file, options);
    return new HistoryStore(db, recovered);
  }

  append(items: readonly AppendItem[]): void {
    this.recorder.append(items);
  }

  handle(req: StoreRequest): unknown {
    switch (req.op) {
      case 'range':
        return this.queries.range(req.profile, req.clusterArn);
      case 'snapshot':
        return this.queries.snapshot(req.profile, req.clusterArn, req.at, req.kinds, req.eventsOf);
      case 'momentTasks':
        return this.queries.momentTasks(req.profile, req.clusterArn, req.at);
      case 'task':
        return this.queries.task(req.profile, req.clusterArn, req.taskArn, req.at);
      case 'changes':
        return this.queries.changes(req.profile, req.clusterArn, req.from, req.to, req.limit);
      case 'events':
        return this.queries.events(req.profile, req.clusterArn, req);
      case 'stoppedTasks':
        return this.queries.stoppedTasks(req.profile, req.clusterArn, req);
      case 'info':
        return this.info(req.profile);
      case 'compact': {
        const result = compact(this.db, req.bounds, this.recorder.liveDicts());
        this.recorder.forgetSpans(result.droppedSpans);
        return { cutoff: result.cutoff, usedBytes: result.usedBytes };
      }
    }
  }

  /** Where the recorder's time went (ms). */
  phases(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.recorder.stats.phases).map(([k, v]) => [k, Math.round(v)]));
  }

  info(profile: string | null): StoreInfo {
    const s = this.recorder.stats;
    return { bytes: this.db.fileBytes(), from: profile === null ? null : this.queries.profileFrom(profile), lastWriteAt: s.lastWriteAt, batches: s.batches, keyframes: s.keyframes, heapUsed: getHeapStatistics().used_heap_size, busyMs: performance.eventLoopUtilization().active, cpuMs: threadCpuMs() };
  }

  close(): void {
    this.db.close();
    releaseOwnership(this.db.file);
  }
}
