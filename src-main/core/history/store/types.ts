import type { AuditEntry } from '../../../contract/domains/audit';
import type { HistoryKind } from '../../../contract/domains/history';
import type { InventoryDelta } from '../../../contract/domains/inventory';

/** What the main thread hands the history worker, in order. */
export type AppendItem =
  /** `gen` counts the sessions: a new session's poller starts with an empty model (a new span). */
  | { type: 'delta'; t: number; gen: number; profile: string; delta: InventoryDelta }
  | { type: 'audit'; t: number; profile: string; entry: AuditEntry };

/** The cluster record is kept like the other kinds, under its own name. */
export type StoredKind = 'cluster' | HistoryKind;
export const STORED_KINDS: readonly StoredKind[] = ['cluster', 'services', 'tasks', 'instances', 'capacityProviders'];

/** A record as stored: key, when Wharf saw it (epoch ms), its JSON without freshness (null: removed). */
export type StoredRow = [key: string, t: number, json: string | null];

/** The body of a batch or keyframe once inflated: the kind's refreshedAt, and its records. */
export interface DecodedBody {
  f: number | null;
  r: Array<[string, number, Record<string, unknown> | null]>;
}

export interface Bounds {
  /** "now" by the recorder's clock (the main thread's, which tests set). */
  now: number;
  retentionDays: number;
  maxBytes: number;
}
