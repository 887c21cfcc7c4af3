import type { AuditEntry } from '../../../contract/domains/audit';
import type { HistoryKind } from '../../../contract/domains/history';
import type { InventoryDelta, Problem } from '../../../contract/domains/inventory';

/** What the main thread hands the history worker, in order. */
export type AppendItem =
  /** `gen` counts the sessions: a new session's poller starts with an empty model (a new span). */
  | { type: 'delta'; t: number; gen: number; profile: string; delta: InventoryDelta }
  | { type: 'audit'; t: number; profile: string; entry: AuditEntry }
  /** The Problems list as core computed it (every watched cluster): the health verdict at each moment. */
  | { type: 'problems'; t: number; gen: number; profile: string; problems: Problem[] };

/** The cluster record is kept like the other kinds, under its own name. */
export type StoredKind = 'cluster' | HistoryKind | 'problems';
export const STORED_KINDS: readonly StoredKind[] = ['cluster', 'services', 'tasks', 'instances', 'capacityProviders', 'problems'];

/** A record as stored: key, when Wharf saw it (epoch ms), its JSON without freshness (null: removed). */
export type StoredRow = [key: string, t: number, json: string | null, patch?: 1];

/** The body of a batch or keyframe once inflated: the kind's refreshedAt, and its records. */
export interface DecodedBody {
  f: number | null;
  /** A row with a 4th element 1 holds only the top-level fields that changed (a patch). */
  r: Array<[string, number, Record<string, unknown> | null, 1?]>;
}

export interface Bounds {
  /** "now" by the recorder's clock (the main thread's, which tests set). */
  now: number;
  retentionDays: number;
  maxBytes: number;
}
