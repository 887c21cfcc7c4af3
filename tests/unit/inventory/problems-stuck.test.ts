import { describe, expect, it } from 'vitest';
import type { DeploymentRecord } from '../../../src-main/contract/domains/inventory';
import { ProblemsEngine } from '../../../src-main/core/problems/problems-engine';
import { MINUTE } from '../../../src-main/core/problems/rules';
import { CLUSTER, T0, service } from './records';

/**
 * "Deployment stuck" means no progress, not merely a long rollout: the engine remembers, per
 * deployment id, when its running and failed task counts last moved.
 */
const START = T0 + 10 * MINUTE;

function rolling(over: Partial<DeploymentRecord>): DeploymentRecord {
  return {
    id: 'ecs-svc/42', status: 'PRIMARY', taskDefinition: 'td:3', desiredCount: 10, pendingCount: 1, runningCount: 0, failedTasks: 0, rolloutState: 'IN_PROGRESS',
    rolloutStateReason: null, createdAt: START, updatedAt: START, launchType: null, capacityProviderStrategy: [], platformVersion: null, ...over,
  };
}

const old: DeploymentRecord = { ...rolling({ id: 'ecs-svc/41', status: 'ACTIVE', taskDefinition: 'td:2', rolloutState: 'COMPLETED', runningCount: 10 }), createdAt: T0 - 60 * MINUTE };

function poll(engine: ProblemsEngine, minutesAfterStart: number, d: Partial<DeploymentRecord>) {
  const svc = service('web', { deployments: [rolling(d), old] });
  engine.update([{ clusterArn: CLUSTER, region: 'us-east-1', services: [svc], tasks: [], instances: [] }], START + minutesAfterStart * MINUTE);
  return engine.list().filter((p) => p.kind === 'deployment-stuck');
}

describe('deployment stuck', () => {
  it('a slow rollout that keeps starting tasks is not stuck, even after an hour', () => {
    const engine = new ProblemsEngine();
    // One more task running every 6 minutes (ECS's updatedAt left at the start, as a cache may hold it).
    for (let m = 0; m <= 60; m += 2) expect(poll(engine, m, { runningCount: Math.floor(m / 6) }), `minute ${m}`).toEqual([]);
  });

  it('a rollout whose counts freeze is stuck 30 min after its last change, saying since when', () => {
    const engine = new ProblemsEngine();
    for (let m = 0; m <= 20; m += 2) poll(engine, m, { runningCount: Math.floor(m / 5) }); // last change at minute 20: 4 running
    expect(poll(engine, 49, { runningCount: 4 })).toEqual([]);
    const [p] = poll(engine, 51, { runningCount: 4 });
    expect(p).toMatchObject({ kind: 'deployment-stuck', severity: 'error', since: START + 20 * MINUTE, title: 'web: deployment in progress for 51 min' });
    expect(p.detail).toMatch(/^No progress for 31 min: 4 of 10 tasks/);
    // A task failing to start is a change too: the clock restarts, and the problem goes away.
    expect(poll(engine, 52, { runningCount: 4, failedTasks: 1 })).toEqual([]);
  });

  it('a deployment first seen frozen counts from ECS updatedAt, not from when Wharf started', () => {
    const [p] = poll(new ProblemsEngine(), 45, { runningCount: 2, updatedAt: START + 5 * MINUTE });
    expect(p?.since).toBe(START + 5 * MINUTE);
    expect(poll(new ProblemsEngine(), 45, { runningCount: 2, updatedAt: START + 30 * MINUTE })).toEqual([]);
  });
});
