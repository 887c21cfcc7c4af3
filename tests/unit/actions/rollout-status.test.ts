import type { Deployment, Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { RolloutTracker } from '../../../src-main/core/actions/rollout-status';
import type { OpenSession } from '../../../src-main/core/session/session-manager';

/** The tracker's words for each rollout state, from DescribeServices answers as ECS gives them. */
function sessionAnswering(service: () => Service): OpenSession {
  const ecs = { send: async () => ({ services: [service()], failures: [] }) };
  return { info: { profile: 'p', region: 'eu-west-1', accountId: '1' }, clients: { ecs }, explainError: (e: unknown) => e } as unknown as OpenSession;
}

const dep = (id: string, status: string, td: number, rolloutState: string, extra: Partial<Deployment> = {}): Deployment =>
  ({ id, status, taskDefinition: `arn:aws:ecs:eu-west-1:1:task-definition/api:${td}`, desiredCount: 6, runningCount: 0, pendingCount: 0, failedTasks: 0, rolloutState, ...extra }) as Deployment;

const svc = (deployments: Deployment[]): Service => ({ serviceName: 'api', status: 'ACTIVE', desiredCount: 6, deployments, events: [], deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } } }) as Service;

describe('RolloutTracker', () => {
  it('says in progress, then COMPLETED, with counts', async () => {
    let current = svc([dep('ecs-svc/2', 'PRIMARY', 9, 'IN_PROGRESS', { runningCount: 2, failedTasks: 1 })]);
    const tracker = new RolloutTracker();
    const session = sessionAnswering(() => current);
    const a = await tracker.status(session, { cluster: 'c', service: 'api' }, 'ecs-svc/2', 0);
    expect(a).toMatchObject({ state: 'in-progress', sentence: 'In progress: 2 of 6 tasks running api:9, 1 failed to start.' });
    current = svc([dep('ecs-svc/2', 'PRIMARY', 9, 'COMPLETED', { runningCount: 6 })]);
    expect((await tracker.status(session, { cluster: 'c', service: 'api' }, 'ecs-svc/2', 0)).sentence).toBe('COMPLETED: 6 of 6 tasks running api:9.');
  });

  it('says FAILED and rolled back, and still does once ECS drops the failed deployment', async () => {
    let current = svc([dep('ecs-svc/3', 'PRIMARY', 7, 'IN_PROGRESS'), dep('ecs-svc/2', 'ACTIVE', 9, 'FAILED', { rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' })]);
    const tracker = new RolloutTracker();
    const session = sessionAnswering(() => current);
    const failed = await tracker.status(session, { cluster: 'c', service: 'api' }, 'ecs-svc/2', 0);
    expect(failed.state).toBe('rolled-back');
    expect(failed.sentence).toBe('FAILED and rolled back: ECS deployment circuit breaker: tasks failed to start. api is rolling back to api:7 (0 of 6 running).');
    current = svc([dep('ecs-svc/3', 'PRIMARY', 7, 'COMPLETED', { runningCount: 6 })]);
    const later = await tracker.status(session, { cluster: 'c', service: 'api' }, 'ecs-svc/2', 0);
    expect(later.state).toBe('rolled-back');
    expect(later.sentence).toMatch(/api is back on api:7 \(6 of 6 running\)\.$/);
  });

  it('says FAILED without a rollback when the breaker does not roll back', async () => {
    const tracker = new RolloutTracker();
    const session = sessionAnswering(() => svc([dep('ecs-svc/2', 'PRIMARY', 9, 'FAILED', { rolloutStateReason: 'tasks failed to start.' })]));
    expect(await tracker.status(session, { cluster: 'c', service: 'api' }, 'ecs-svc/2', 0)).toMatchObject({ state: 'failed', sentence: 'FAILED: tasks failed to start.' });
  });
});
