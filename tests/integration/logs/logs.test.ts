import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListTasksCommand } from '@aws-sdk/client-ecs';
import type { LogSource } from '../../../src-main/contract/domains/logs';
import { startLogsHarness, type LogsHarness } from './harness';

/**
 * Logs through Wharf against the demo sim: the crash-looping `ledger` service's stopped task
 * resolves to its container's awslogs stream, and the lines it wrote before exiting come back.
 */
let h: LogsHarness;
beforeAll(async () => {
  h = await startLogsHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('logs of the crash-looping service', () => {
  it('resolves the stopped task to the awslogs stream prefix/container/taskId', async () => {
    const [task] = await h.stoppedTasks('prod-ec2', 'ledger');
    expect(task?.stopCode).toBe('EssentialContainerExited');
    const { sources } = await h.ok('logs.sources', { scope: { kind: 'task', taskArn: task.taskArn } });
    const taskId = task.taskArn!.split('/').pop()!;
    expect(sources).toEqual<LogSource[]>([
      { readable: true, container: 'app', taskId, driver: 'awslogs', group: '/ecs/payments-ledger', region: h.sim.region, stream: `ecs/app/${taskId}` },
    ]);
    // The stream really exists in the sim under that name.
    const direct = await h.logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/payments-ledger', logStreamName: `ecs/app/${taskId}`, startFromHead: false, limit: 5 }));
    expect(direct.events?.length).toBeGreaterThan(0);
  });

  it('returns the last lines before the exit, in order, ending with the exit line', async () => {
    const [task] = await h.stoppedTasks('prod-ec2', 'ledger');
    const taskId = task.taskArn!.split('/').pop()!;
    const read = await h.ok('logs.read', { scope: { kind: 'task', taskArn: task.taskArn, container: 'app' }, limit: 20 });
    const messages = read.lines.map((l) => l.message);
    expect(messages.at(-1)).toBe(`process exited with code 1 (task ${taskId})`);
    expect(messages).toContain('FATAL: could not connect to database at db.internal:5432 after 3 attempts: connection refused');
    expect(read.lines.every((l) => l.container === 'app' && l.taskId === taskId)).toBe(true);
    const times = read.lines.map((l) => l.timestamp);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(read.empty).toBeNull();
  });

  it('"around the time it stopped": a range ending at stoppedAt + 2 min holds the crash', async () => {
    const [task] = await h.stoppedTasks('prod-ec2', 'ledger');
    const stoppedAt = task.stoppedAt!.getTime();
    const read = await h.ok('logs.read', { scope: { kind: 'task', taskArn: task.taskArn }, startTime: stoppedAt - 5 * 60_000, endTime: stoppedAt + 2 * 60_000 });
    expect(read.lines.length).toBeGreaterThan(0);
    expect(read.lines.every((l) => l.timestamp >= stoppedAt - 5 * 60_000 && l.timestamp < stoppedAt + 2 * 60_000)).toBe(true);
    expect(read.lines.some((l) => l.message.startsWith('process exited with code 1'))).toBe(true);
  });

  it('searches the service with FilterLogEvents and a pattern', async () => {
    const read = await h.ok('logs.read', { scope: { kind: 'service', clusterArn: h.clusterArn('prod-ec2'), serviceName: 'ledger' }, pattern: 'FATAL', limit: 50 });
    expect(h.exchanges.some((e) => e.operation === 'FilterLogEvents')).toBe(true);
    expect(read.lines.length).toBeGreaterThan(1);
    expect(read.lines.every((l) => l.message.includes('FATAL'))).toBe(true);
    // Several tasks of the service crashed: the lines come from more than one stream.
    expect(new Set(read.lines.map((l) => l.taskId)).size).toBeGreaterThan(1);
    const none = await h.ok('logs.read', { scope: { kind: 'service', clusterArn: h.clusterArn('prod-ec2'), serviceName: 'ledger' }, pattern: '"no such phrase anywhere"' });
    expect(none.lines).toEqual([]);
    expect(none.empty).toMatch(/No lines match/);
  });

  it('follows a running task: only lines written after the cursor come back', async () => {
    const running = await h.ecs.send(new ListTasksCommand({ cluster: 'prod-ec2', serviceName: 'web', desiredStatus: 'RUNNING' }));
    const taskArn = running.taskArns![0];
    const first = await h.ok('logs.read', { scope: { kind: 'task', taskArn }, limit: 50 });
    const again = await h.ok('logs.follow', { scope: { kind: 'task', taskArn }, cursor: first.cursor });
    expect(again.lines).toEqual([]);
    h.sim.clock.advance(5 * 60_000);
    const later = await h.ok('logs.follow', { scope: { kind: 'task', taskArn }, cursor: again.cursor });
    expect(later.lines.length).toBeGreaterThan(0);
    const lastSeen = first.lines.at(-1)!.timestamp;
    expect(later.lines.every((l) => l.timestamp >= lastSeen)).toBe(true);
    const ids = new Set(first.lines.map((l) => l.id));
    expect(later.lines.some((l) => ids.has(l.id))).toBe(false);
  });

  it('refuses a cursor it did not make, in words', async () => {
    const [task] = await h.stoppedTasks('prod-ec2', 'ledger');
    const answer = await h.call('logs.follow', { scope: { kind: 'task', taskArn: task.taskArn }, cursor: '{"v":2}' });
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.message).toMatch(/follow position/);
  });
});

describe('metrics', () => {
  it('returns the sim\'s CPU and memory series for a service over 1 h', async () => {
    const dims = { ClusterName: 'prod-ec2', ServiceName: 'web' };
    const result = await h.ok('metrics.query', {
      range: '1h',
      queries: [
        { id: 'cpu', namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensions: dims },
        { id: 'mem', namespace: 'AWS/ECS', metricName: 'MemoryUtilization', dimensions: dims },
      ],
    });
    expect(result.period).toBe(60);
    expect(result.endTime - result.startTime).toBe(3_600_000);
    const [cpu, mem] = result.series;
    expect(cpu.id).toBe('cpu');
    expect(cpu.timestamps.length).toBeGreaterThanOrEqual(55);
    expect(cpu.values.length).toBe(cpu.timestamps.length);
    expect(cpu.values.every((v) => v >= 0 && v <= 100)).toBe(true);
    expect(cpu.timestamps).toEqual([...cpu.timestamps].sort((a, b) => a - b));
    expect(mem.values.length).toBeGreaterThanOrEqual(55);
    expect(h.exchanges.some((e) => e.operation === 'GetMetricData')).toBe(true);
  });

  it('reads CapacityProviderReservation for a capacity provider over 24 h', async () => {
    const result = await h.ok('metrics.query', {
      range: '24h',
      queries: [{ id: 'reservation', namespace: 'AWS/ECS/ManagedScaling', metricName: 'CapacityProviderReservation', dimensions: { ClusterName: 'prod-ec2', CapacityProviderName: 'prod-ec2-general' } }],
    });
    expect(result.period).toBe(600);
    expect(result.series[0].values.length).toBeGreaterThan(100);
  });
});
