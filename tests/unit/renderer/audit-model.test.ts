import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@contract/domains/audit';
import { actionLabel, changeSummary, filterEntries, isEmptySide, mergeEntries, olderPageCursor, prettyJson, resultCounts, targetLabel } from '../../../src-renderer/models/audit/audit-model';

const SERVICE = 'arn:aws:ecs:us-east-1:123456789012:service/prod-fargate/checkout';
const TASK = 'arn:aws:ecs:us-east-1:123456789012:task/prod-ec2/3f2a9c1e0b7d4e5f8a6b1c2d3e4f5a6b';

function entry(time: number, over: Partial<AuditEntry> = {}): AuditEntry {
  return { time, profile: 'Demo account', accountId: '123456789012', region: 'us-east-1', action: 'scale', target: SERVICE, before: { desiredCount: 2 }, after: { desiredCount: 3 }, result: 'ok', ...over };
}

describe('audit entries: merging pages and live appends', () => {
  it('keeps newest first and drops entries already shown', () => {
    const shown = [entry(30), entry(20), entry(10)];
    const merged = mergeEntries(shown, [entry(40), entry(20), entry(5)]);
    expect(merged.map((e) => e.time)).toEqual([40, 30, 20, 10, 5]);
    expect(mergeEntries(merged, [entry(30)])).toBe(merged);
  });

  it('keeps two different entries of the same millisecond', () => {
    const merged = mergeEntries([entry(10)], [entry(10, { result: 'refused', after: null, error: 'The confirmation does not match' })]);
    expect(merged.map((e) => e.result).sort()).toEqual(['ok', 'refused']);
  });

  it('asks for the next older page overlapping the oldest millisecond, then steps past it', () => {
    expect(olderPageCursor([])).toBeUndefined();
    expect(olderPageCursor([entry(30), entry(10)])).toBe(11);
    expect(olderPageCursor([entry(30), entry(10)], true)).toBe(10);
  });
});

describe('audit entries: words on screen', () => {
  it('names actions in words and keeps an unknown one as core wrote it', () => {
    expect(actionLabel('rollback.image')).toBe('Roll back image');
    expect(actionLabel('forceDeployment')).toBe('Force new deployment');
    expect(actionLabel('ecs.Something')).toBe('ecs.Something');
  });

  it('names targets by short name with the cluster beside, and keeps the full ARN', () => {
    expect(targetLabel(SERVICE)).toEqual({ name: 'checkout', context: 'prod-fargate', full: SERVICE });
    expect(targetLabel(TASK)).toMatchObject({ name: 'task 3f2a9c1e', context: 'prod-ec2' });
    expect(targetLabel(`${TASK}/app`)).toMatchObject({ name: 'app in 3f2a9c1e', context: 'prod-ec2' });
    expect(targetLabel('arn:aws:ecs:us-east-1:123456789012:service-deployment/prod-ec2/api/AbCd')).toMatchObject({ name: 'deployment of api', context: 'prod-ec2' });
    expect(targetLabel('arn:aws:ecs:us-east-1:123456789012:task-definition/web:42').name).toBe('web:42');
    expect(targetLabel('payments/ledger')).toEqual({ name: 'ledger', context: 'payments', full: 'payments/ledger' });
  });

  it('prints before and after as indented JSON, null when nothing was recorded', () => {
    expect(prettyJson({ desiredCount: 3 })).toBe('{\n  "desiredCount": 3\n}');
    expect(prettyJson(null)).toBe('null');
    expect(prettyJson(undefined)).toBe('null');
    expect(isEmptySide(null)).toBe(true);
    expect(isEmptySide({})).toBe(false);
  });

  it('sums up a scale or a rollback beside the action, and nothing it cannot say plainly', () => {
    expect(changeSummary(entry(1))).toBe('2 → 3');
    expect(changeSummary(entry(1, { action: 'rollback.image', before: { from: 'v3.8.0' }, after: { to: 'v3.7.0' } }))).toBe('v3.8.0 → v3.7.0');
    expect(changeSummary(entry(1, { result: 'refused', after: null }))).toBeNull();
    expect(changeSummary(entry(1, { action: 'forceDeployment', before: { deployments: [] }, after: { deploymentId: 'ecs-svc/1' } }))).toBeNull();
  });

  it('counts results for the header', () => {
    expect(resultCounts([entry(3), entry(2, { result: 'refused' }), entry(1)])).toBe('2 ok · 1 refused');
    expect(resultCounts([])).toBe('');
  });
});

describe('audit entries: the / filter', () => {
  const rows = [
    entry(5, { action: 'scale' }),
    entry(4, { action: 'rollback.image', result: 'refused', after: null }),
    entry(3, { action: 'stopTask', target: TASK, result: 'error', profile: 'prod-admin', region: 'eu-west-1' }),
    entry(2, { action: 'exec.open', target: `${TASK}/hooks`, profile: 'prod-admin' }),
  ];
  const times = (q: string): number[] => filterEntries(rows, q).map((e) => e.time);

  it('matches action by key or words, target by name, cluster or ARN, profile, account and region', () => {
    expect(times('')).toEqual([5, 4, 3, 2]);
    expect(times('roll back')).toEqual([4]);
    expect(times('stoptask')).toEqual([3]);
    expect(times('checkout')).toEqual([5, 4]);
    expect(times('prod-ec2')).toEqual([3, 2]);
    expect(times('eu-west')).toEqual([3]);
    expect(times('1234')).toEqual([5, 4, 3, 2]);
  });

  it('takes a bare result word as the result, and field:word as one field', () => {
    expect(times('refused')).toEqual([4]);
    expect(times('ok')).toEqual([5, 2]);
    expect(times('result:err')).toEqual([3]);
    expect(times('profile:prod')).toEqual([3, 2]);
    expect(times('target:hooks')).toEqual([2]);
    expect(times('action:scale')).toEqual([5]);
    expect(times('prod-admin ok')).toEqual([2]);
  });
});

describe('settings entries', () => {
  it('reads a settings change as the setting and its values', () => {
    const base = { time: 1, profile: '', accountId: null, region: null, target: 'settings: allowExecOnReadOnly', result: 'ok' as const };
    expect(actionLabel('settings.update')).toBe('Change settings');
    expect(changeSummary({ ...base, action: 'settings.update', before: { allowExecOnReadOnly: false }, after: { allowExecOnReadOnly: true } })).toBe('allowExecOnReadOnly: off → on');
    expect(changeSummary({ ...base, action: 'settings.update', before: { readOnlyProfiles: ['a', 'b'] }, after: { readOnlyProfiles: [] } })).toBe('readOnlyProfiles: a, b → none');
    expect(changeSummary({ ...base, action: 'settings.update', before: { theme: 'dark', apiBudgetShare: 0.5 }, after: { theme: 'light', apiBudgetShare: 0.3 } })).toBeNull();
  });
});
