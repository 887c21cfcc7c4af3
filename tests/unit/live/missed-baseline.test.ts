import { describe, expect, it } from 'vitest';
import { DeltaBuilder } from '../../../src-main/core/inventory/delta';
import { InventoryModel } from '../../../src-main/core/inventory/model';
import { normalizeCluster } from '../../../src-main/core/inventory/normalize';
import { CLUSTER, T0, service, task } from '../inventory/records';

/**
 * What a reconciliation counts as missed by events (docs/live-events.md, counting what events
 * missed). EventBridge sends only what happens while the rule exists: a task started by a
 * change made while Wharf still polled, after the last full read of tasks began, never had an
 * event. The 5,000-service bench counted 6 such tasks (scales of its polling phase) as missed.
 */
function setup() {
  const model = new InventoryModel();
  model.putClusters([normalizeCluster({ clusterArn: CLUSTER, clusterName: 'prod', status: 'ACTIVE' }, 'us-east-1', T0)], new DeltaBuilder(null));
  const found: Array<{ kind: string; key: string; fields: readonly string[] }> = [];
  const delta = new DeltaBuilder(CLUSTER);
  // The first load, while polling: complete reads of services and tasks that began at T0.
  model.put(CLUSTER, 'services', [service('web', { desiredCount: 2 })], delta);
  model.put(CLUSTER, 'tasks', [task('a')], delta);
  model.state(CLUSTER).complete.services = true;
  model.state(CLUSTER).complete.tasks = true;
  model.fullyRead(CLUSTER, 'services', T0);
  model.fullyRead(CLUSTER, 'tasks', T0);
  // Live events drive the model from T0 + 60 s.
  model.liveSince = T0 + 60_000;
  model.pollChanges = (kind, _cluster, key, fields) => found.push({ kind, key, fields });
  return { model, delta, found };
}

describe('reconciliation: what counts as missed by events', () => {
  it('does not count a change made before live events, found by the first full read since', () => {
    const { model, delta, found } = setup();
    // Read by the first reconciliation: a task the polling phase's scale started (no event ever
    // told of it: the rule's events were not flowing when it started), and that scale.
    model.put(CLUSTER, 'tasks', [task('started-while-polling')], delta);
    model.put(CLUSTER, 'services', [service('web', { desiredCount: 3 })], delta);
    model.removeNotListed(CLUSTER, 'services', new Set(), delta);
    expect(found).toEqual([]);
    // The model took the reading all the same.
    expect(model.state(CLUSTER).tasks.get(task('started-while-polling').arn)).toBeDefined();
  });

  it('counts what a read finds changed when the previous full read began after live events, naming the fields', () => {
    const { model, delta, found } = setup();
    model.fullyRead(CLUSTER, 'services', T0 + 120_000);
    model.fullyRead(CLUSTER, 'tasks', T0 + 120_000);
    model.put(CLUSTER, 'tasks', [task('no-event')], delta);
    model.put(CLUSTER, 'services', [service('web', { desiredCount: 3, fetchedAt: T0 + 200_000 })], delta);
    model.removeNotListed(CLUSTER, 'services', new Set(), delta);
    expect(found).toEqual([
      { kind: 'tasks', key: task('no-event').arn, fields: ['(new)'] },
      { kind: 'services', key: service('web').arn, fields: ['desiredCount'] },
      { kind: 'services', key: service('web').arn, fields: ['(gone)'] },
    ]);
  });

  it('does not count while only one kind was read since live events', () => {
    const { model, delta, found } = setup();
    model.fullyRead(CLUSTER, 'services', T0 + 120_000);
    model.put(CLUSTER, 'tasks', [task('started-while-polling')], delta);
    model.put(CLUSTER, 'services', [service('web', { desiredCount: 3 })], delta);
    expect(found.map((f) => f.kind)).toEqual(['services']);
  });
});
