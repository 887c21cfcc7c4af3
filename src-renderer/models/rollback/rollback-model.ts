import type { ImageTarget, RolloutState } from '@contract/domains/actions';
import type { ScanSummary } from '@contract/domains/registry';
import type { HealthState } from '../../theme/states';

/** Pure view helpers for the registry and rollback views (unit-tested without a browser). */

export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

/** A basic scan that finished (COMPLETE), or an enhanced one that scans continuously (ACTIVE). */
function scanDone(status: string | null | undefined): boolean {
  return status === 'COMPLETE' || status === 'ACTIVE';
}

/** "1 CRITICAL · 3 HIGH", or "none" / "not scanned". */
export function scanText(scan: ScanSummary | null): string {
  if (!scan || (!scan.status && scan.total === 0)) return 'not scanned';
  if (scan.total === 0) return scanDone(scan.status) ? 'no findings' : (scan.status ?? 'not scanned').toLowerCase();
  const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'] as const;
  return order.filter((s) => scan.counts[s]).map((s) => `${scan.counts[s]} ${s}`).join(' · ');
}

/** The worst severity present, as a state colour: CRITICAL/HIGH fail, the rest degrade. */
export function scanHealth(scan: ScanSummary | null): HealthState {
  if (!scan || scan.total === 0) return scanDone(scan?.status) ? 'healthy' : 'unknown';
  return scan.counts.CRITICAL || scan.counts.HIGH ? 'failed' : 'degraded';
}

export function targetLabel(t: Pick<ImageTarget, 'tag' | 'digest'>): string {
  return t.tag ?? shortDigest(t.digest);
}

export function ranText(t: Pick<ImageTarget, 'ranInRevisions'>): string {
  if (t.ranInRevisions.length === 0) return 'never ran here';
  const revs = t.ranInRevisions.slice(0, 3).join(', ');
  return `ran in revision ${revs}${t.ranInRevisions.length > 3 ? ', …' : ''}`;
}

export function rolloutHealth(state: RolloutState): HealthState {
  switch (state) {
    case 'completed':
      return 'healthy';
    case 'in-progress':
      return 'progress';
    case 'failed':
    case 'rolled-back':
      return 'failed';
    case 'stopped':
      return 'degraded';
    default:
      return 'unknown';
  }
}

export function rolloutWord(state: RolloutState): string {
  return { completed: 'COMPLETED', 'in-progress': 'IN PROGRESS', failed: 'FAILED', 'rolled-back': 'FAILED · rolled back', stopped: 'replaced', unknown: 'unknown' }[state];
}

/** A diff value as one line: strings as they are, the rest as JSON. */
export function diffValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** 0..100, for a deployment's progress bar. */
export function progressPercent(running: number, desired: number): number {
  if (desired <= 0) return running > 0 ? 100 : 0;
  return Math.min(100, Math.round((running / desired) * 100));
}
