import { describe, expect, it } from 'vitest';
import type { TaskDefinitionDoc } from '@contract/domains/inventory';
import { filterServiceRows, imageTag, rolloutOf, serviceState, sortServiceRows, toServiceRow } from '../../../src-renderer/models/inventory/service-rows';
import { healthSentence } from '../../../src-renderer/models/inventory/health-sentence';
import { describeExit, describeStopCode, execAvailability, taskSentence, taskState, taskTimeline } from '../../../src-renderer/models/inventory/task-words';
import { countChanges, diffTaskDefinitions, taskDefinitionLines } from '../../../src-renderer/models/task-definition/td-diff';
import { taskDefinitionFacts } from '../../../src-renderer/models/task-definition/td-facts';
import { placeToLook, sortProblems } from '../../../src-renderer/models/problems/problem-rows';
import { clusterResolver, focusFromRoute } from '../../../src-renderer/models/inventory/route-focus';
import { explainStale } from '../../../src-renderer/models/inventory/staleness';
import { sortInstanceRows, toInstanceRow } from '../../../src-renderer/models/inventory/instance-rows';
import { formatAge } from '../../../src-renderer/format';
import { ACCOUNT, CLUSTER_ARN, deployment, instance, problem, service, task } from './inventory-fixtures';

const td = (n: number) => `${ACCOUNT}:task-definition/web:${n}`;
const rolling = service('web', {
  taskDefinition: td(9),
  runningCount: 6,
  pendingCount: 2,
  desiredCount: 4,
  deployments: [
    deployment({ id: 'new', taskDefinition: td(9), rolloutState: 'IN_PROGRESS', runningCount: 2, pendingCount: 2, desiredCount: 4, createdAt: 0 }),
    deployment({ id: 'old', status: 'ACTIVE', taskDefinition: td(8), rolloutState: 'COMPLETED', runningCount: 4 }),
  ],
});

describe('services table rows', () => {
  const rows = [
    toServiceRow(service('web'), new Map([[`${ACCOUNT}:task-definition/web:8`, 'repo/web:v1.2.0']])),
    toServiceRow(rolling, new Map()),
    toServiceRow(service('ledger', { runningCount: 1 }, [problem({ targetArn: `${ACCOUNT}:service/prod/ledger` })]), new Map()),
    toServiceRow(service('api', { runningCount: 2 }, [problem({ id: 'below-desired:api', kind: 'below-desired', severity: 'warning', targetArn: `${ACCOUNT}:service/prod/api`, title: 'api: 2 of 4 tasks running', detail: 'Below its desired count for 4 min.' })]), new Map()),
  ];

  it('say the verdict core sent in a word: crash-looping, rolling, below desired, steady', () => {
    expect(rows.map((r) => `${r.state}:${r.stateWord}`)).toEqual(['healthy:steady', 'progress:rolling', 'failed:crash-looping', 'degraded:below desired']);
    expect(rows[2]!.problem?.kind).toBe('crash-loop');
    expect(rows[1]!.stateWord).toBe('rolling');
    expect(rows[0]!.imageTag).toBe('v1.2.0');
    expect(rows[0]!.taskDefinition).toBe('web:8');
    expect(rows[0]!.revision).toBe(8);
  });

  it('describe a rolling deployment as old -> new with the new one\'s progress', () => {
    expect(rolloutOf(rolling)).toMatchObject({ kind: 'rolling', from: 'web:8', to: 'web:9', newRunning: 2, newDesired: 4, rolloutState: 'IN_PROGRESS' });
    expect(rolloutOf(service('x', { deployments: [deployment({ rolloutState: 'FAILED' })] })).kind).toBe('failed');
  });

  it('sort worst first by state, ties by name; numbers both ways', () => {
    expect(sortServiceRows(rows, 'state', 'ascend').map((r) => r.stateWord)).toEqual(['crash-looping', 'below desired', 'rolling', 'steady']);
    expect(sortServiceRows(rows, 'running', 'descend').map((r) => r.running)).toEqual([6, 4, 2, 1]);
    expect(sortServiceRows(rows, 'name', 'ascend').map((r) => r.name)).toEqual(['api', 'ledger', 'web', 'web']);
  });

  it('filter with every word matching name, state, image or task definition', () => {
    expect(filterServiceRows(rows, 'crash').map((r) => r.name)).toEqual(['ledger']);
    expect(filterServiceRows(rows, 'v1.2').map((r) => r.name)).toEqual(['web']);
    expect(filterServiceRows(rows, 'web rolling').map((r) => r.stateWord)).toEqual(['rolling']);
    expect(filterServiceRows(rows, '  ')).toHaveLength(4);
    expect(filterServiceRows(rows, 'nothing-like-this')).toEqual([]);
  });

  it('image tags from references with tags, digests or neither', () => {
    expect(imageTag('123.dkr.ecr.us-east-1.amazonaws.com/shop/api:v2.10.0')).toBe('v2.10.0');
    expect(imageTag('localhost:5000/app')).toBe('latest');
    expect(imageTag('repo/app@sha256:0123456789abcdef0123')).toBe('sha256:0123456789ab');
  });
});

describe('the service health sentence', () => {
  const now = 5 * 60_000;
  it('leads with the worst fact', () => {
    expect(healthSentence(service('web'), now)).toBe('Steady: 4 of 4 tasks running on web:8.');
    expect(healthSentence(rolling, now)).toBe('Rolling out web:9 from web:8: 2 of 4 new tasks running (started 5m ago).');
    expect(healthSentence(service('web', { runningCount: 1 }, [problem()]), now)).toBe(
      'Crash loop: 3 tasks stopped in 10 min: essential container exited with code 137. 1 of 4 tasks running.',
    );
    const failed = service('x', { deployments: [deployment({ rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' })] });
    expect(healthSentence(failed, now)).toBe('Deployment failed: ECS deployment circuit breaker: tasks failed to start. 4 of 4 tasks running on x:8.');
    const below = problem({ id: 'b', kind: 'below-desired', severity: 'warning', targetArn: `${ACCOUNT}:service/prod/api`, title: 'api: 2 of 4', detail: 'Below its desired count for 4 min.' });
    expect(healthSentence(service('api', { runningCount: 2, pendingCount: 1 }, [below]), now)).toBe('Below desired: 2 of 4 tasks running, 1 pending. Below its desired count for 4 min.');
    expect(healthSentence(service('api', { runningCount: 2, pendingCount: 1 }), now)).toBe('Scaling to 4 tasks: 2 running, 1 pending, on api:8.');
    expect(healthSentence(service('api', { stale: true }), now)).toMatch(/may be old/);
  });

  it('a state word for every kind of service', () => {
    expect(serviceState(service('x', { status: 'DRAINING' })).word).toBe('draining');
    expect(serviceState(service('x', {}, [problem({ kind: 'circuit-breaker', targetArn: `${ACCOUNT}:service/prod/x` })])).word).toBe('failed');
  });
});

describe('tasks in plain words', () => {
  it('exit codes', () => {
    expect(describeExit({ exitCode: 137, reason: null })).toBe('exited with code 137 — killed (SIGKILL), often out of memory');
    expect(describeExit({ exitCode: 1, reason: null })).toBe('exited with code 1 — the application reported an error');
    expect(describeExit({ exitCode: 0, reason: null })).toBe('exited normally (code 0)');
    expect(describeExit({ exitCode: 143, reason: null })).toMatch(/SIGTERM/);
    expect(describeExit({ exitCode: 134, reason: null })).toBe('exited with code 134 — killed by signal 6 (SIGABRT)');
    expect(describeExit({ exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' })).toMatch(/out of memory/);
    expect(describeExit({ exitCode: null, reason: 'CannotPullContainerError: not found' })).toMatch(/could not be pulled/);
    expect(describeExit({ exitCode: null, reason: null })).toBeNull();
    expect(describeStopCode('SpotInterruption')).toBe('Spot capacity was reclaimed by AWS');
  });

  const stopped = task('s1', {
    lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', stoppingAt: 200, stoppedAt: 210,
    containers: [{ ...task('x').containers[0]!, lastStatus: 'STOPPED', exitCode: 137 }],
  });

  it('a stopped task says when and why, its state is "stopped with error", its timeline is in order', () => {
    expect(taskSentence(stopped, 60_210, formatAge)).toBe(
      'Stopped 1m ago: an essential container exited. app exited with code 137 — killed (SIGKILL), often out of memory.',
    );
    expect(taskState(stopped)).toEqual({ state: 'failed', word: 'stopped with error' });
    expect(taskState(task('ok', { lastStatus: 'STOPPED', stopCode: 'ServiceSchedulerInitiated', containers: [{ ...stopped.containers[0]!, exitCode: 143 }] })).word).toBe('stopped');
    expect(taskTimeline(stopped).map((s) => s.label)).toEqual(['Created', 'Network connected', 'Image pull started', 'Image pull finished', 'Started', 'Stopping', 'Stopped']);
  });

  it('exec says why it cannot open a shell', () => {
    expect(execAvailability(task('a')).why).toMatch(/not enabled/);
    expect(execAvailability(stopped).ok).toBe(false);
    expect(execAvailability({ ...stopped, enableExecuteCommand: true }).why).toMatch(/stopped, not running/);
    const agent = (lastStatus: string) => task('b', { enableExecuteCommand: true, containers: [{ ...task('x').containers[0]!, managedAgents: [{ name: 'ExecuteCommandAgent', lastStatus, reason: null }] }] });
    expect(execAvailability(agent('PENDING')).why).toMatch(/ExecuteCommandAgent is pending/);
    expect(execAvailability(agent('RUNNING')).ok).toBe(true);
  });
});

describe('task definition diff', () => {
  const base = (image: string, extra: Record<string, unknown> = {}): TaskDefinitionDoc => ({
    taskDefinitionArn: `${ACCOUNT}:task-definition/ledger:7`,
    family: 'ledger',
    revision: 7,
    cpu: '256',
    memory: '512',
    taskRoleArn: 'arn:aws:iam::123456789012:role/ledger-task',
    containerDefinitions: [
      {
        name: 'app',
        image,
        environment: [{ name: 'MODE', value: 'fast' }],
        secrets: [{ name: 'DATABASE_URL', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-Xy12' }],
        portMappings: [{ containerPort: 9000, protocol: 'tcp' }],
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/ledger' } },
        healthCheck: { command: ['CMD-SHELL', 'curl -f localhost:9000/health'], interval: 30, retries: 3 },
        ...extra,
      },
    ],
    volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-1', rootDirectory: '/ledger', transitEncryption: 'ENABLED' } }],
  });

  it('shows images, ports, health check, logs, CPU and memory with units, and secrets by name only', () => {
    const lines = taskDefinitionLines(base('repo/ledger:v1'));
    const text = lines.map((l) => `${l.section} | ${l.key} | ${l.value}`).join('\n');
    expect(text).toContain('Task | cpu | 0.25 vCPU (256 units)');
    expect(text).toContain('Task | memory | 512 MiB');
    expect(text).toContain('Container app | ports | 9000/tcp');
    expect(text).toContain('Container app | health check | curl -f localhost:9000/health (every 30s, 3 retries)');
    expect(text).toContain('Container app | logs | awslogs awslogs-group=/ecs/ledger');
    expect(text).toContain('Container app | secret DATABASE_URL | from arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-Xy12');
    expect(text).toContain('Volume data | EFS file system | fs-1');
    expect(text).not.toContain('fast'); // an environment value never shows
  });

  it('aligns two revisions and marks changed, added and removed lines; env values change without showing', () => {
    const left = base('repo/ledger:v1');
    const right = base('repo/ledger:v2', { environment: [{ name: 'MODE', value: 'safe' }, { name: 'NEW_FLAG', value: '1' }], healthCheck: undefined });
    const rows = diffTaskDefinitions(left, right);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey.image).toMatchObject({ left: 'repo/ledger:v1', right: 'repo/ledger:v2', change: 'changed' });
    expect(byKey['env MODE']).toMatchObject({ change: 'changed', right: 'set (value changed, hidden)' });
    expect(byKey['env NEW_FLAG']).toMatchObject({ left: null, change: 'added' });
    expect(byKey['health check']).toMatchObject({ right: null, change: 'removed' });
    expect(byKey.cpu!.change).toBe('same');
    expect(countChanges(rows)).toBe(4);
    expect(JSON.stringify(rows)).not.toMatch(/safe|fast/);
  });

  it('facts: roles, EFS volumes, secret names, registry credentials', () => {
    const facts = taskDefinitionFacts(base('docker.io/acme/x:1', { repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:us-east-1:1:secret:dockerhub' } }));
    expect(facts.taskRoleArn).toMatch(/ledger-task/);
    expect(facts.volumes[0]).toMatchObject({ kind: 'EFS', fileSystemId: 'fs-1', rootDirectory: '/ledger', transitEncryption: 'ENABLED' });
    expect(facts.secrets).toEqual([{ container: 'app', name: 'DATABASE_URL', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-Xy12' }]);
    expect(facts.registryCredentials).toEqual([{ container: 'app', secret: 'arn:aws:secretsmanager:us-east-1:1:secret:dockerhub' }]);
  });
});

describe('problems, focus, staleness, instances', () => {
  it('problems sort worst first and link to the place to look', () => {
    const list = sortProblems([problem({ id: 'w', severity: 'warning', since: 9 }), problem({ id: 'c1', since: 1 }), problem({ id: 'c2', since: 5 })]);
    expect(list.map((p) => p.id)).toEqual(['c2', 'c1', 'w']);
    expect(placeToLook(problem())).toEqual({ name: 'cluster.service', params: { cluster: 'prod', service: 'web' }, label: 'service web' });
    expect(placeToLook(problem({ targetArn: `${ACCOUNT}:task/prod/abc123` }))!.params).toEqual({ cluster: 'prod', task: 'abc123' });
    expect(placeToLook(problem({ targetArn: `${ACCOUNT}:container-instance/prod/i1` }))!.name).toBe('cluster.instances');
  });

  it('the focus follows the route, with names turned into ARNs', () => {
    const focus = focusFromRoute({ name: 'cluster.service', params: { cluster: 'prod', service: 'web' } }, (n) => (n === 'prod' ? CLUSTER_ARN : null));
    expect(focus).toEqual({ clusterArn: CLUSTER_ARN, serviceArn: `${ACCOUNT}:service/prod/web`, taskArn: null, view: 'service' });
    expect(focusFromRoute({ name: 'problems', params: {} }, () => null)).toEqual({ clusterArn: null, serviceArn: null, taskArn: null, view: 'problems' });
    expect(focusFromRoute({ name: 'cluster.services', params: { cluster: 'unknown' } }, () => null).clusterArn).toBeNull();
  });

  it('before core lists the clusters, a name resolves in the session\'s account and region; after, only a listed one does', () => {
    const session = { accountId: '123456789012', region: 'eu-west-1' };
    const early = clusterResolver({ listed: false, byName: () => null, session });
    expect(early('prod')).toBe('arn:aws:ecs:eu-west-1:123456789012:cluster/prod');
    expect(clusterResolver({ listed: false, byName: () => null, session: { ...session, region: 'cn-north-1' } })('prod')).toBe('arn:aws-cn:ecs:cn-north-1:123456789012:cluster/prod');
    expect(clusterResolver({ listed: false, byName: () => null, session: null })('prod')).toBeNull();
    const listed = clusterResolver({ listed: true, byName: (n) => (n === 'prod' ? CLUSTER_ARN : null), session });
    expect(listed('prod')).toBe(CLUSTER_ARN);
    expect(listed('gone')).toBeNull();
  });

  it('stale data: core names the cause; without one, says so plainly', () => {
    const condition = { kind: 'credentials' as const, message: 'The credentials of profile prod-admin have expired or were refused, so Wharf cannot refresh.', fix: 'aws sso login --profile prod-admin', count: 3, recovered: false };
    expect(explainStale(condition)).toEqual({ message: condition.message, fix: condition.fix });
    expect(explainStale(null, true).message).toMatch(/API budget/);
    expect(explainStale(null).fix).toMatch(/retries by itself/);
  });

  it('instances: reservations with units, trouble first', () => {
    const row = toInstanceRow(instance('a'));
    expect(row.cpuText).toBe('1.5 of 4 vCPU');
    expect(row.memText).toBe('3 of 15 GiB');
    const rows = sortInstanceRows([row, toInstanceRow(instance('b', { status: 'DRAINING' })), toInstanceRow(instance('c', { agentConnected: false }))]);
    expect(rows.map((r) => `${r.id}:${r.stateWord}`)).toEqual(['c:agent disconnected', 'b:draining', 'a:active']);
  });
});
