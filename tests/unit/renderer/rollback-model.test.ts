import { describe, expect, it } from 'vitest';
import { isFinished, rollbackUnderway } from '@contract/rollout';
import { diffValue, progressPercent, ranText, rolloutHealth, scanHealth, scanText, targetLabel } from '../../../src-renderer/models/rollback/rollback-model';

describe('rollback view helpers', () => {
  it('says scan findings worst first, and colours CRITICAL/HIGH as failed', () => {
    const scan = { status: 'COMPLETE', counts: { HIGH: 3, CRITICAL: 1, LOW: 2 }, total: 6 };
    expect(scanText(scan)).toBe('1 CRITICAL · 3 HIGH · 2 LOW');
    expect(scanHealth(scan)).toBe('failed');
    expect(scanText({ status: 'COMPLETE', counts: {}, total: 0 })).toBe('no findings');
    // Enhanced (Inspector) scanning is continuous: ACTIVE with nothing found is a clean image too.
    expect(scanText({ status: 'ACTIVE', counts: {}, total: 0 })).toBe('no findings');
    expect(scanHealth({ status: 'ACTIVE', counts: {}, total: 0 })).toBe('healthy');
    expect(scanHealth({ status: 'COMPLETE', counts: { LOW: 1 }, total: 1 })).toBe('degraded');
    expect(scanText(null)).toBe('not scanned');
  });

  it('names a target by tag, else by short digest, and says where it ran', () => {
    expect(targetLabel({ tag: null, digest: 'sha256:' + 'ab'.repeat(32) })).toBe('abababababab');
    expect(ranText({ ranInRevisions: [] })).toBe('never ran here');
    expect(ranText({ ranInRevisions: [9, 7, 5, 3] })).toBe('ran in revision 9, 7, 5, …');
  });

  it('treats FAILED and rolled back as failed and finished', () => {
    expect(rolloutHealth('rolled-back')).toBe('failed');
    expect(isFinished('in-progress')).toBe(false);
    expect(isFinished('rolled-back')).toBe(true);
  });

  it('keeps following a failed rollout while its rollback is still rolling', () => {
    const d = (status: string, rolloutState: string) => ({ id: status, status, taskDefinition: 't', revisionLabel: 't', desiredCount: 1, runningCount: 0, pendingCount: 0, failedTasks: 0, rolloutState, rolloutStateReason: null, createdAt: null });
    expect(rollbackUnderway({ state: 'rolled-back', deployments: [d('PRIMARY', 'IN_PROGRESS'), d('ACTIVE', 'FAILED')] })).toBe(true);
    expect(rollbackUnderway({ state: 'rolled-back', deployments: [d('PRIMARY', 'COMPLETED')] })).toBe(false);
    expect(rollbackUnderway({ state: 'completed', deployments: [d('PRIMARY', 'IN_PROGRESS')] })).toBe(false);
  });

  it('draws progress and diff values safely', () => {
    expect(progressPercent(2, 3)).toBe(67);
    expect(progressPercent(5, 3)).toBe(100);
    expect(progressPercent(0, 0)).toBe(0);
    expect(diffValue(null)).toBe('—');
    expect(diffValue({ a: 1 })).toBe('{"a":1}');
  });
});
