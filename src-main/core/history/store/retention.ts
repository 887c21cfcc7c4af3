/**
 * The bound: history older than the retention (default 7 days) goes, and while the store uses
 * more than its size (default 500 MB) the oldest hours go too. Data is dropped a keyframe at a
 * time, so every moment kept can still be rebuilt: within a span, a kind's batches and
 * keyframes before its latest keyframe at or before the cutoff are deleted, and the span then
 * starts at the latest such keyframe.
 */
import type { HistoryDb } from './history-db';
import { STORED_KINDS, type Bounds } from './types';

const DAY_MS = 24 * 60 * 60_000;
/** Each size-driven step moves the cutoff this much later. */
const SIZE_STEP_MS = 60 * 60_000;

export interface CompactResult {
  cutoff: number;
  droppedSpans: Set<number>;
  usedBytes: number;
}

/** `keepDicts`: the dictionaries the recorder is using now (its next stopped task needs them). */
export function compact(db: HistoryDb, bounds: Bounds, keepDicts: ReadonlySet<number> = new Set()): CompactResult {
  const dropped = new Set<number>();
  let cutoff = bounds.now - bounds.retentionDays * DAY_MS;
  trimBefore(db, cutoff, dropped);
  let used = db.usedBytes();
  // Over the size bound: move the cutoff forward an hour at a time (from the oldest data)
  // until the store is back under 90 % of it, or nothing older than the last hour is left.
  while (used > bounds.maxBytes * 0.9) {
    const oldest = oldestTime(db);
    if (oldest === null) break;
    cutoff = Math.max(cutoff, oldest) + SIZE_STEP_MS;
    if (cutoff > bounds.now - SIZE_STEP_MS) break;
    trimBefore(db, cutoff, dropped);
    const next = db.usedBytes();
    if (next >= used && oldestTime(db) === oldest) {
      // Nothing could go (a span with no keyframe before the cutoff): try a later cutoff.
      continue;
    }
    used = next;
  }
  // Dictionaries no stopped task uses any more (and the recorder does not hold) go too.
  const keep = [...keepDicts];
  db.run(`DELETE FROM dicts WHERE id NOT IN (SELECT dict FROM stopped WHERE dict IS NOT NULL)${keep.length ? ` AND id NOT IN (${keep.map(() => '?').join(',')})` : ''}`, keep);
  db.shrink();
  return { cutoff, droppedSpans: dropped, usedBytes: db.usedBytes() };
}

function oldestTime(db: HistoryDb): number | null {
  const r = db.get('SELECT MIN(start) AS t FROM spans');
  return r?.t === null || r?.t === undefined ? null : Number(r.t);
}

function trimBefore(db: HistoryDb, cutoff: number, dropped: Set<number>): void {
  db.transaction(() => {
    for (const span of db.all('SELECT id, start, end FROM spans WHERE start < ?', [cutoff])) {
      const id = Number(span.id);
      if (Number(span.end) < cutoff) {
        db.run('DELETE FROM batches WHERE span = ?', [id]);
        db.run('DELETE FROM keyframes WHERE span = ?', [id]);
        db.run('DELETE FROM spans WHERE id = ?', [id]);
        dropped.add(id);
        continue;
      }
      let start = Number(span.start);
      for (const kind of STORED_KINDS) {
        const kf = db.get('SELECT t, upto FROM keyframes WHERE span = ? AND kind = ? AND t <= ? ORDER BY t DESC LIMIT 1', [id, kind, cutoff]);
        if (!kf) continue;
        db.run('DELETE FROM batches WHERE span = ? AND kind = ? AND id <= ?', [id, kind, Number(kf.upto)]);
        db.run('DELETE FROM keyframes WHERE span = ? AND kind = ? AND t < ?', [id, kind, Number(kf.t)]);
        start = Math.max(start, Number(kf.t));
      }
      db.run('UPDATE spans SET start = ? WHERE id = ?', [start, id]);
    }
    for (const table of ['facts', 'events', 'stopped', 'audit']) db.run(`DELETE FROM ${table} WHERE t < ?`, [cutoff]);
  });
}
