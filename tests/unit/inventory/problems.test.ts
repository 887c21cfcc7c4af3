import { describe, expect, it } from 'vitest';
import type { DeploymentRecord } from '../../../src-main/contract/domains/inventory';
import { ProblemsEngine } from '../../../src-main/core/problems/problems-engine';
import { MINUTE } from '../../../src-main/core/problems/rules';
import { CLUSTER, T0, instance, service, task } from './records';

const NOW = T0 + 120 * MINUTE;

function deployment(over: Partial<DeploymentRecord>): DeploymentRecord {
  return {
    id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: 'td:2', desiredCount: 2, pendingCount: 0, runningCount: 2, failedTasks: 0, rolloutState: 'COMPLETED',
    rolloutStateReason: null, createdAt: NOW - 60 * MINUTE, updatedAt: NOW - 50 * MINUTE, launchType: null, capacityProviderStrategy: [], platformVersion: null, ...over,
  };
}

function run(records: { services?: ReturnType<typeof service>[]; tasks?: ReturnType<typeof task>[]; instances?: ReturnType<typeof instance>[] }, now = NOW, engine = new ProblemsEngine()) {
  engine.update([{ clusterArn: CLUSTER, region: 'us-east-1', services: records.services ?? [], tasks: records.tasks ?? [], instances: records.instances ?? [] }], now);
  return engine.list();
}

const crashed = (id: string, minutesAgo: number, exitCode = 137) =>
  task(id, { serviceName: 'api', lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', stoppedAt: NOW - minutesAgo * MINUTE,
    containers: [{ name: 'app', image: 'api:v2', imageDigest: null, runtimeId: null, lastStatus: 'STOPPED', exitCode, reason: null, healthStatus: null, cpu: null, memory: null, networkBindings: [], managedAgents: [] }] });

describe('problems', () => {
  it('a circuit breaker that stopped a rollout is critical and says why', () => {
    const [p] = run({ services: [service('web', { circuitBreaker: { enable: true, rollback: true }, deployments: [deployment({ rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' })] })] });
    expect(p).toMatchObject({ kind: 'circuit-breaker', severity: 'critical', targetArn: service('web').arn, id: `circuit-breaker:${service('web').arn}` });
    expect(p.detail).toMatch(/tasks failed to start.*rolls back/);
  });

  it('a "deployment failed" event without a circuit breaker is a failed deployment', () => {
    const [p] = run({ services: [service('web', { events: [{ id: 'e', createdAt: NOW - 5 * MINUTE, message: '(service web) (deployment ecs-svc/9) deployment failed: tasks failed to start.' }] })] });
    expect(p.kind).toBe('deployment-failed');
  });

  it('a rollout in progress for more than 30 min with tasks missing is stuck', () => {
    const svc = service('web', { deployments: [deployment({ rolloutState: 'IN_PROGRESS', createdAt: NOW - 45 * MINUTE, runningCount: 1, desiredCount: 3, failedTasks: 4 }), deployment({ id: 'old', status: 'ACTIVE' })] });
    const [p] = run({ services: [svc] });
    expect(p).toMatchObject({ kind: 'deployment-stuck', title: 'web: deployment in progress for 45 min' });
    expect(p.detail).toMatch(/1 of 3 tasks.*4 failed/);
    expect(run({ services: [service('web', { deployments: [deployment({ rolloutState: 'IN_PROGRESS', createdAt: NOW - 10 * MINUTE })] })] })).toEqual([]);
  });

  it('3 crashes of one service within 10 min are a crash loop naming the exit code (137: OOM?)', () => {
    const problems = run({ services: [service('api', { runningCount: 2, desiredCount: 2 })], tasks: [crashed('a', 1), crashed('b', 4), crashed('c', 8)] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'crash-loop', severity: 'critical', targetArn: service('api').arn, since: NOW - 8 * MINUTE });
    expect(problems[0].detail).toBe('3 tasks stopped in 10 min: essential container exited with code 137 (OOM?)');
  });

  it('2 crashes are not a loop but tasks stopped with an error; crashes older than 10 min do not count', () => {
    const problems = run({ services: [service('api')], tasks: [crashed('a', 1, 1), crashed('b', 4, 1), crashed('c', 25, 1)] });
    expect(problems.map((p) => p.kind)).toEqual(['task-stopped-error']);
    expect(problems[0].detail).toMatch(/^3 tasks stopped in the last hour; latest \(a\): essential container exited with code 1$/);
  });

  it('an image that cannot be pulled is a task error; a normal scale-in stop is nothing', () => {
    const pull = task('p', { lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart', stoppedReason: 'CannotPullContainerError: pull image manifest has been retried 5 time(s)', stoppedAt: NOW - MINUTE });
    const scaleIn = task('s', { serviceName: 'web', lastStatus: 'STOPPED', stopCode: 'ServiceSchedulerInitiated', stoppedReason: 'Scaling activity initiated by (deployment ecs-svc/1)', stoppedAt: NOW - MINUTE });
    const problems = run({ tasks: [pull, scaleIn] });
    expect(problems.map((p) => [p.kind, p.targetArn])).toEqual([['task-stopped-error', pull.arn]]);
    expect(problems[0].detail).toMatch(/CannotPullContainerError/);
  });

  it('Spot interruptions are a warning per service', () => {
    const spot = (id: string) => task(id, { serviceName: 'resizer', lastStatus: 'STOPPED', stopCode: 'SpotInterruption', stoppedReason: 'Your Spot Task was interrupted.', stoppedAt: NOW - 2 * MINUTE });
    const problems = run({ tasks: [spot('x'), spot('y')] });
    expect(problems).toMatchObject([{ kind: 'spot-interruption', severity: 'warning' }]);
    expect(problems[0].detail).toMatch(/^2 tasks were stopped/);
    expect(problems[0].detail).toContain('Your Spot Task was interrupted. ECS replaces them');
  });

  it('below desired only after a few minutes, and not while a healthy rollout runs', () => {
    const engine = new ProblemsEngine();
    const low = service('web', { desiredCount: 4, runningCount: 2, deployments: [deployment({})] });
    expect(run({ services: [low] }, NOW, engine)).toEqual([]);
    const later = run({ services: [low] }, NOW + 4 * MINUTE, engine);
    expect(later).toMatchObject([{ kind: 'below-desired', severity: 'warning', since: NOW, title: 'web: 2 of 4 tasks running' }]);
    const rolling = service('web', { desiredCount: 4, runningCount: 2, deployments: [deployment({ rolloutState: 'IN_PROGRESS', createdAt: NOW - MINUTE })] });
    expect(run({ services: [rolling] }, NOW + 5 * MINUTE, engine)).toEqual([]);
  });

  it('instances disconnected (error) and draining (warning)', () => {
    const problems = run({ instances: [instance('a', { agentConnected: false }), instance('b', { status: 'DRAINING', runningTasksCount: 3 }), instance('c')] });
    expect(problems.map((p) => [p.kind, p.severity, p.targetArn])).toEqual([
      ['instance-disconnected', 'error', instance('a').arn],
      ['instance-draining', 'warning', instance('b').arn],
    ]);
  });

  it('are sorted worst first, keep their ids across polls, and report whether the list changed', () => {
    const engine = new ProblemsEngine();
    const records = {
      services: [service('web', { circuitBreaker: { enable: true, rollback: false }, deployments: [deployment({ rolloutState: 'FAILED' })] })],
      instances: [instance('b', { status: 'DRAINING' }), instance('a', { agentConnected: false })],
    };
    engine.update([{ clusterArn: CLUSTER, region: 'us-east-1', services: [], tasks: [], instances: [] }], NOW);
    expect(engine.update([{ clusterArn: CLUSTER, region: 'us-east-1', tasks: [], ...records }], NOW)).toBe(true);
    const first = engine.list().map((p) => p.id);
    expect(engine.list().map((p) => p.severity)).toEqual(['critical', 'error', 'warning']);
    expect(engine.update([{ clusterArn: CLUSTER, region: 'us-east-1', tasks: [], ...records }], NOW + 5000)).toBe(false);
    expect(engine.list().map((p) => p.id)).toEqual(first);
    expect(engine.countsByCluster().get(CLUSTER)).toBe(3);
  });
});
