import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionOutcome, RolloutStatus } from '../../../src-main/contract/domains/actions';
import type { DeploymentRecord, ServiceRecord } from '../../../src-main/contract/domains/inventory';
import { EventBus } from '../../../src-main/core/events';
import { RolloutFollower } from '../../../src-main/core/actions/rollout-follower';
import { NotificationsService } from '../../../src-main/core/notifications/notifications-service';
import { CLUSTER, service } from '../inventory/records';

/**
 * Core follows a rollback's rollout from the inventory's reads (deltas), sends each change as an
 * `actions.rollout` event and reports the outcome once; nothing polls the rollout on its own.
 */
const SERVICE_ARN = 'arn:aws:ecs:us-east-1:123456789012:service/prod/api';
const dep = (id: string, status: string, rev: number, rolloutState: string, over: Partial<DeploymentRecord> = {}): DeploymentRecord => ({
  id, status, taskDefinition: `arn:aws:ecs:us-east-1:123456789012:task-definition/api:${rev}`, desiredCount: 2, pendingCount: 0, runningCount: 0, failedTasks: 0,
  rolloutState, rolloutStateReason: null, createdAt: null, updatedAt: null, launchType: null, capacityProviderStrategy: [], platformVersion: null, ...over,
});
const api = (deployments: DeploymentRecord[]): ServiceRecord => service('api', { arn: SERVICE_ARN, clusterArn: CLUSTER, deployments });
const outcome = (over: Partial<ActionOutcome> = {}): ActionOutcome => ({
  operationId: 'op-1', action: 'rollback.image', target: SERVICE_ARN, taskDefinitionArn: null, deploymentId: 'ecs-svc/2', serviceDeploymentArn: null, replayed: false, message: 'Started', at: 0, ...over,
});

function harness(record: ServiceRecord | null) {
  const events = new EventBus();
  const seen: RolloutStatus[] = [];
  const finished: RolloutStatus[] = [];
  events.subscribe((event, payload) => {
    if (event === 'actions.rollout') seen.push((payload as { status: RolloutStatus }).status);
  });
  const follower = new RolloutFollower({ events, serviceRecord: () => record, finished: (s) => finished.push(s) });
  const delta = (s: ServiceRecord) => events.emit('inventory.delta', { clusterArn: CLUSTER, services: [s] });
  return { events, follower, seen, finished, delta };
}

describe('RolloutFollower', () => {
  it('follows a rollback from the deltas: each change once, the outcome reported once, then no more', () => {
    const h = harness(api([dep('ecs-svc/1', 'PRIMARY', 7, 'COMPLETED', { runningCount: 2 })]));
    h.events.emit('actions.completed', outcome());
    // The record read before the change does not list the deployment: nothing said yet.
    expect(h.seen).toEqual([]);
    expect(h.follower.following()).toEqual([SERVICE_ARN]);

    const rolling = api([dep('ecs-svc/2', 'PRIMARY', 6, 'IN_PROGRESS', { runningCount: 1 }), dep('ecs-svc/1', 'ACTIVE', 7, 'COMPLETED')]);
    h.delta(rolling);
    h.delta(rolling);
    expect(h.seen.map((s) => s.sentence)).toEqual(['In progress: 1 of 2 tasks running api:6.']);

    const done = api([dep('ecs-svc/2', 'PRIMARY', 6, 'COMPLETED', { runningCount: 2 })]);
    h.delta(done);
    expect(h.seen.at(-1)?.state).toBe('completed');
    expect(h.finished.map((s) => s.state)).toEqual(['completed']);
    expect(h.follower.following()).toEqual([]);
    h.delta(done);
    expect(h.seen).toHaveLength(2);
  });

  it("keeps following a failed rollout while the circuit breaker's rollback rolls, reporting it once", () => {
    const h = harness(null);
    h.events.emit('actions.completed', outcome());
    h.delta(api([dep('ecs-svc/1', 'PRIMARY', 7, 'IN_PROGRESS'), dep('ecs-svc/2', 'ACTIVE', 6, 'FAILED', { rolloutStateReason: 'tasks failed to start.' })]));
    expect(h.seen.at(-1)?.state).toBe('rolled-back');
    expect(h.finished).toHaveLength(1);
    expect(h.follower.following()).toEqual([SERVICE_ARN]);
    h.delta(api([dep('ecs-svc/1', 'PRIMARY', 7, 'COMPLETED', { runningCount: 2 })]));
    expect(h.seen.at(-1)?.sentence).toBe('FAILED and rolled back: tasks failed to start. api is back on api:7 (2 of 2 running).');
    expect(h.finished).toHaveLength(1);
    expect(h.follower.following()).toEqual([]);
  });

  it('follows only rollbacks that started a deployment, and not a replayed answer', () => {
    const h = harness(null);
    h.events.emit('actions.completed', outcome({ action: 'scale' }));
    h.events.emit('actions.completed', outcome({ deploymentId: null }));
    h.events.emit('actions.completed', outcome({ replayed: true }));
    expect(h.follower.following()).toEqual([]);
  });
});

describe('NotificationsService.rolloutFinished', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('notifies a finished rollout once, through the list and the shell, unless its cluster is muted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wharf-rollout-'));
    dirs.push(dir);
    const muted: string[] = [];
    const desktop: string[] = [];
    const notifications = new NotificationsService({ dataDir: dir, events: new EventBus(), problems: () => [], isWatched: () => true, mutedClusters: () => muted, notifyDesktop: (n) => desktop.push(n.title) });
    const status = { serviceName: 'api', deploymentId: 'ecs-svc/2', state: 'rolled-back', sentence: 'FAILED and rolled back: …' } as RolloutStatus;
    const where = { clusterArn: CLUSTER, serviceArn: SERVICE_ARN };
    const first = await notifications.rolloutFinished(status, where);
    expect(first).toMatchObject({ kind: 'rollout-finished', severity: 'error', title: 'api: rollout FAILED · rolled back', detail: 'FAILED and rolled back: …', targetArn: SERVICE_ARN, region: 'us-east-1' });
    expect(await notifications.rolloutFinished(status, where)).toBeNull();
    expect(desktop).toEqual(['api: rollout FAILED · rolled back']);
    muted.push('prod');
    expect(await notifications.rolloutFinished({ ...status, deploymentId: 'ecs-svc/3', state: 'completed' }, where)).toBeNull();
    muted.length = 0;
    expect(await notifications.rolloutFinished({ ...status, deploymentId: 'ecs-svc/4', state: 'completed' }, where)).toMatchObject({ severity: 'info', title: 'api: rollout completed' });
    notifications.close();
  });
});
