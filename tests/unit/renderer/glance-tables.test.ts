/** Tables at a glance (issue 14): columns that fit, task health in a word, counts that follow the filter, word diffs, whole ARNs. */
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@contract/domains/audit';
import { columnsThatFit, type VirtualColumn } from '../../../src-renderer/models/table/virtual-table';
import { taskHealth } from '../../../src-renderer/models/inventory/task-words';
import { listCount } from '../../../src-renderer/models/inventory/cluster-list-states';
import { tokens, wordDiff } from '../../../src-renderer/models/diff/word-diff';
import { arnsOf } from '../../../src-renderer/models/audit/audit-model';

describe('columnsThatFit', () => {
  const cols: VirtualColumn[] = [
    { key: 'id', title: 'Task', width: 100 },
    { key: 'revision', title: 'Revision', minWidth: 100, dropOrder: 2 },
    { key: 'capacity', title: 'Capacity', minWidth: 100, dropOrder: 1 },
    { key: 'zone', title: 'Zone', width: 100, dropOrder: 3 },
    { key: 'stop', title: 'Why it stopped', minWidth: 200 },
  ];
  const keys = (width: number) => columnsThatFit(cols, width).map((c) => c.key);

  it('keeps every column when they fit, and before the width is known', () => {
    expect(keys(600)).toEqual(['id', 'revision', 'capacity', 'zone', 'stop']);
    expect(keys(0)).toEqual(['id', 'revision', 'capacity', 'zone', 'stop']);
  });

  it('drops Capacity first, then Revision, then Zone, keeping the order of the rest', () => {
    expect(keys(599)).toEqual(['id', 'revision', 'zone', 'stop']);
    expect(keys(450)).toEqual(['id', 'zone', 'stop']);
    expect(keys(350)).toEqual(['id', 'stop']);
  });

  it('never drops a column without a drop order, even when the rest do not fit', () => {
    expect(keys(100)).toEqual(['id', 'stop']);
  });
});

describe('taskHealth', () => {
  const c = (name: string, healthStatus: string | null) => ({ name, healthStatus }) as never;
  it('says healthy, unhealthy (naming the container) or not yet known', () => {
    expect(taskHealth({ lastStatus: 'RUNNING', containers: [c('web', 'HEALTHY'), c('sidecar', null)] })).toMatchObject({ state: 'healthy', word: 'healthy' });
    expect(taskHealth({ lastStatus: 'RUNNING', containers: [c('web', 'HEALTHY'), c('worker', 'UNHEALTHY')] })).toMatchObject({ state: 'failed', word: 'unhealthy', title: expect.stringContaining('worker') });
    expect(taskHealth({ lastStatus: 'PENDING', containers: [c('web', 'UNKNOWN')] })).toMatchObject({ state: 'unknown', word: 'unknown' });
  });
  it('has nothing to say for a stopped task or one without a health check', () => {
    expect(taskHealth({ lastStatus: 'STOPPED', containers: [c('web', 'UNHEALTHY')] })).toBeNull();
    expect(taskHealth({ lastStatus: 'RUNNING', containers: [c('web', null)] })).toBeNull();
  });
});

describe('listCount', () => {
  const words = { one: 'service', many: 'services' };
  it('counts what the filter shows, out of all', () => {
    expect(listCount({ total: 2000, shown: 100, query: 'svc-19', loading: false }, words)).toBe('100 of 2,000 services');
    expect(listCount({ total: 2000, shown: 2000, query: '', loading: false }, words)).toBe('2,000 services');
    expect(listCount({ total: 1, shown: 1, query: '  ', loading: false }, words)).toBe('1 service');
  });
  it('says "so far" while the first load runs, never a bare 0 for a cluster still being read', () => {
    expect(listCount({ total: 0, shown: 0, query: '', loading: true }, words)).toBe('0 services so far');
    expect(listCount({ total: 1200, shown: 40, query: 'web', loading: true }, words)).toBe('40 of 1,200 services so far');
  });
});

describe('wordDiff', () => {
  const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/ledger';
  const marked = (parts: Array<{ text: string; changed: boolean }>) => parts.filter((p) => p.changed).map((p) => p.text).join('');

  it('marks the tag whole inside a long image URI, and nothing else', () => {
    const d = wordDiff(`${registry}:v2.9.1`, `${registry}:v2.9.0`);
    expect(marked(d.before)).toBe('v2.9.1');
    expect(marked(d.after)).toBe('v2.9.0');
    expect(d.before.map((p) => p.text).join('')).toBe(`${registry}:v2.9.1`);
  });

  it('marks a digest, and a repository that changed', () => {
    expect(marked(wordDiff(`${registry}@sha256:aaa`, `${registry}@sha256:bbb`).after)).toBe('bbb');
    expect(marked(wordDiff(`${registry}:v1`, '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/billing:v1').after)).toBe('billing');
  });

  it('marks nothing when the values are the same, and may wrap only after separators', () => {
    expect(wordDiff('a/b:c', 'a/b:c').after.some((p) => p.changed)).toBe(false);
    expect(tokens('r.io/app:v1.2')).toEqual(['r.io', '/', 'app', ':', 'v1.2']);
    expect(wordDiff('r.io/app:v1.2', 'x').before.filter((p) => p.breakAfter).map((p) => p.text)).toEqual(['/', ':']);
  });
});

describe('arnsOf', () => {
  it('lists every ARN of an entry once, whole', () => {
    const service = 'arn:aws:ecs:us-east-1:123456789012:service/prod-fargate/checkout';
    const td = 'arn:aws:ecs:us-east-1:123456789012:task-definition/checkout:42';
    const entry = { target: service, before: { taskDefinition: td, deployments: ['ecs-svc/1'] }, after: { note: `moved to ${td}`, service } } as Pick<AuditEntry, 'target' | 'before' | 'after'>;
    expect(arnsOf(entry)).toEqual([service, td]);
    expect(arnsOf({ target: 'settings', before: null, after: { readOnlyProfiles: [] } })).toEqual([]);
  });
});
