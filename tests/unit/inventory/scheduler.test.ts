import { describe, expect, it } from 'vitest';
import type { Focus } from '../../../src-main/contract/domains/inventory';
import { DEFAULT_POLICIES, dueJobs, MAX_BACKOFF_MS, newJobState, nextDueAt, nextSweepCluster, wantedJobs, type JobKey, type JobState } from '../../../src-main/core/inventory/scheduler';

const focus = (over: Partial<Focus> = {}): Focus => ({ clusterArn: 'c1', serviceArn: null, taskArn: null, view: 'services', ...over });
const ran = (startedAt: number, endedAt: number, over: Partial<JobState> = {}): JobState => ({ ...newJobState(), startedAt, endedAt, ...over });

describe('which jobs the focus calls for', () => {
  it('the focused cluster in full, its service when one is open, summaries always', () => {
    expect(wantedJobs(focus({ serviceArn: 's1' }), true)).toEqual(['summaries', 'cluster', 'services', 'tasks', 'instances', 'service', 'sweep']);
    expect(wantedJobs(focus({ clusterArn: null }), false)).toEqual(['summaries', 'sweep']);
  });

  it('holds the background sweep back until the focused first load is done', () => {
    expect(wantedJobs(focus(), false)).not.toContain('sweep');
  });
});

describe('when a job runs', () => {
  it('runs at once the first time, then every interval (start to start)', () => {
    const p = DEFAULT_POLICIES.services;
    expect(nextDueAt(p, newJobState())).toBe(Number.NEGATIVE_INFINITY);
    expect(nextDueAt(p, ran(1000, 1200))).toBe(1000 + p.intervalMs);
  });

  it('a long refresh (paced by the token buckets) waits as long again: at most half the time busy', () => {
    expect(nextDueAt(DEFAULT_POLICIES.services, ran(0, 17_000))).toBe(34_000);
  });

  it('backs off after failures, doubling up to a minute', () => {
    const p = DEFAULT_POLICIES.tasks;
    expect(nextDueAt(p, ran(0, 100, { failures: 1 }))).toBe(p.intervalMs);
    expect(nextDueAt(p, ran(0, 100, { failures: 3 }))).toBe(4 * p.intervalMs);
    expect(nextDueAt(p, ran(0, 100, { failures: 20 }))).toBe(MAX_BACKOFF_MS);
  });

  it('the sweep spends about one call per second', () => {
    expect(nextDueAt(DEFAULT_POLICIES.sweep, ran(0, 50, { calls: 12 }))).toBe(12_000);
  });

  it('never overlaps itself, and `r` forces the next run', () => {
    const states = new Map<JobKey, JobState>([
      ['services', { ...ran(0, 100), running: true }],
      ['tasks', ran(0, 100, { forced: true })],
      ['instances', ran(0, 100)],
    ]);
    expect(dueJobs(1000, ['services', 'tasks', 'instances'], states)).toEqual(['tasks']);
    expect(dueJobs(5000, ['services', 'tasks', 'instances'], states)).toEqual(['tasks', 'instances']);
  });
});

describe('the background sweep', () => {
  it('takes the least recently swept cluster, never the focused one, none twice a minute', () => {
    const swept = new Map([['a', 10_000], ['b', 5_000]]);
    expect(nextSweepCluster(['a', 'b', 'c'], null, swept, 100_000)).toBe('c');
    expect(nextSweepCluster(['a', 'b', 'c'], 'c', swept, 100_000)).toBe('b');
    expect(nextSweepCluster(['a', 'b'], null, swept, 30_000)).toBeNull();
  });
});
