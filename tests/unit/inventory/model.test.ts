import { describe, expect, it } from 'vitest';
import { DeltaBuilder } from '../../../src-main/core/inventory/delta';
import { InventoryModel, STOPPED_LISTING_GRACE_MS } from '../../../src-main/core/inventory/model';
import { normalizeCluster } from '../../../src-main/core/inventory/normalize';
import { CLUSTER, T0, service, task } from './records';

function setup() {
  const model = new InventoryModel();
  const d = new DeltaBuilder(null);
  model.putClusters([normalizeCluster({ clusterArn: CLUSTER, clusterName: 'prod', status: 'ACTIVE' }, 'us-east-1', T0)], d);
  return { model, delta: new DeltaBuilder(CLUSTER) };
}

describe('InventoryModel merge and deltas', () => {
  it('sends a record once, then only when a field that matters changed', () => {
    const { model, delta } = setup();
    model.put(CLUSTER, 'services', [service('web', { runningCount: 1 })], delta);
    expect(delta.take().services?.map((s) => s.name)).toEqual(['web']);

    model.put(CLUSTER, 'services', [service('web', { runningCount: 1, fetchedAt: T0 + 5000 })], delta);
    expect(delta.isEmpty()).toBe(true);
    expect(model.state(CLUSTER).services.get(service('web').arn)?.fetchedAt).toBe(T0 + 5000);

    model.put(CLUSTER, 'services', [service('web', { runningCount: 2, fetchedAt: T0 + 10_000 })], delta);
    expect(delta.take().services?.[0].runningCount).toBe(2);
  });

  it('marks failed records stale (once) and never removes them; a good refresh clears stale', () => {
    const { model, delta } = setup();
    model.put(CLUSTER, 'services', [service('web'), service('api')], delta);
    delta.take();
    model.stale(CLUSTER, 'services', [service('web').arn], delta);
    model.stale(CLUSTER, 'services', [service('web').arn], delta);
    expect(delta.take()).toEqual({ clusterArn: CLUSTER, staled: [service('web').arn] });
    expect(model.state(CLUSTER).services.get(service('web').arn)?.stale).toBe(true);
    expect(model.state(CLUSTER).services.size).toBe(2);

    model.put(CLUSTER, 'services', [service('web', { fetchedAt: T0 + 1 })], delta);
    expect(delta.take().services?.[0]).toMatchObject({ name: 'web', stale: false });
  });

  it('removes services only when a complete listing no longer has them', () => {
    const { model, delta } = setup();
    model.put(CLUSTER, 'services', [service('web'), service('old')], delta);
    delta.take();
    model.removeNotListed(CLUSTER, 'services', new Set([service('web').arn]), delta);
    expect(delta.take().removed).toEqual([service('old').arn]);
    expect([...model.state(CLUSTER).services.keys()]).toEqual([service('web').arn]);
  });

  it('removes a STOPPED task once ECS no longer lists it, after the listing grace; never a live one', () => {
    const { model, delta } = setup();
    const now = T0 + 2 * 60 * 60_000;
    model.put(CLUSTER, 'tasks', [
      task('old', { lastStatus: 'STOPPED', stoppedAt: T0 }),
      task('fresh', { lastStatus: 'STOPPED', stoppedAt: now - STOPPED_LISTING_GRACE_MS / 2 }),
      task('listed', { lastStatus: 'STOPPED', stoppedAt: T0 }),
      task('live'),
    ], delta);
    delta.take();
    model.removeExpiredTasks(CLUSTER, new Set([task('listed').arn]), now, delta);
    expect(delta.take().removed).toEqual([task('old').arn]);
    expect(model.liveTaskArns(CLUSTER)).toEqual([task('live').arn]);
  });

  it('keeps problemCount across summary refreshes and reports its changes', () => {
    const { model } = setup();
    const d = new DeltaBuilder(null);
    model.setProblemCount(CLUSTER, 3, d);
    expect(d.take().clusters?.[0].problemCount).toBe(3);
    model.putClusters([normalizeCluster({ clusterArn: CLUSTER, clusterName: 'prod', status: 'ACTIVE' }, 'us-east-1', T0 + 60_000)], d);
    expect(d.isEmpty()).toBe(true);
    expect(model.clusterRecord(CLUSTER)?.problemCount).toBe(3);
  });

  it('tells the oldest data of a cluster, and STOPPED tasks still listed count as fresh', () => {
    const { model, delta } = setup();
    model.put(CLUSTER, 'tasks', [task('s', { lastStatus: 'STOPPED', fetchedAt: T0 - 50_000 })], delta);
    expect(model.oldestFetchedAt(CLUSTER)).toBe(T0 - 50_000);
    model.confirmStoppedTasks(CLUSTER, [task('s').arn], T0 + 5000);
    expect(model.oldestFetchedAt(CLUSTER)).toBe(T0);
  });

  it('a snapshot of an unknown cluster is an error that says what to do', () => {
    expect(() => new InventoryModel().snapshot('arn:nope')).toThrow(/has not loaded the cluster/);
  });
});
