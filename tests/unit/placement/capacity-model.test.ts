import { describe, expect, it } from 'vitest';
import type { ClusterRecord } from '@contract/domains/inventory';
import { capacityModel, expectedSplit, strategyWords } from '../../../src-renderer/models/capacity/capacity-model';
import { fargateTask, instance, provider, service, task, taskOn } from './records';

function cluster(over: Partial<ClusterRecord> = {}): ClusterRecord {
  return {
    arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod', name: 'prod', region: 'us-east-1', status: 'ACTIVE', runningTasksCount: 0, pendingTasksCount: 0,
    activeServicesCount: 0, registeredContainerInstancesCount: 0, capacityProviders: ['FARGATE', 'FARGATE_SPOT'], defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 }],
    containerInsights: null, execKmsKeyId: null, execLogging: null, problemCount: 0, health: { state: 'healthy', word: 'no problems' }, fetchedAt: 1, stale: false, ...over,
  };
}

describe('capacityModel', () => {
  it('counts running tasks per provider as DescribeTasks names them, stopping ones apart', () => {
    const tasks = [
      fargateTask('a', 'us-east-1a', 'FARGATE', { cpu: '512', memory: '1024' }),
      fargateTask('b', 'us-east-1b', 'FARGATE_SPOT'),
      fargateTask('c', 'us-east-1b', 'FARGATE_SPOT', { desiredStatus: 'STOPPED' }),
      fargateTask('d', 'us-east-1b', 'FARGATE_SPOT', { lastStatus: 'STOPPED', desiredStatus: 'STOPPED' }),
    ];
    const m = capacityModel(cluster(), [provider('FARGATE'), provider('FARGATE_SPOT')], [], [], tasks);
    expect(m.providers.map((p) => [p.name, p.tasks, p.stopping])).toEqual([['FARGATE', 1, 0], ['FARGATE_SPOT', 1, 1]]);
    expect(m.providers[0].cpu).toEqual({ reserved: 512, registered: null });
    expect(m.providers[1].memory.reserved).toBe(1024); // the stopping task still holds its memory
    expect(m.spotShare).toBe(0.5);
  });

  it('sums an Auto Scaling provider from its instances, and counts DRAINING ones', () => {
    const a = instance('a', { capacityProviderName: 'general', cpuLeft: 3072, memLeft: 14442 });
    const d = instance('d', { capacityProviderName: 'general', status: 'DRAINING' });
    const m = capacityModel(cluster({ capacityProviders: ['general'], defaultCapacityProviderStrategy: [] }), [provider('general')], [], [a, d], [taskOn('t', a)]);
    const general = m.providers[0];
    expect(general).toMatchObject({ name: 'general', kind: 'ASG', tasks: 1, instances: 2, drainingInstances: 1, attached: true });
    expect(general.cpu).toEqual({ reserved: 1024, registered: 8192 });
    expect(general.memory).toEqual({ reserved: 1024, registered: 30932 });
    expect(m.spotShare).toBeNull();
  });

  it('groups tasks without a provider under their launch type', () => {
    const ext = instance('e', { external: true, capacityProviderName: null, ec2InstanceId: 'mi-1' });
    const m = capacityModel(cluster({ capacityProviders: [] }), [], [], [ext], [taskOn('x', ext, { capacityProviderName: null, launchType: 'EXTERNAL' })]);
    expect(m.providers.map((p) => [p.name, p.kind, p.tasks, p.instances])).toEqual([['launch type EXTERNAL', 'NONE', 1, 1]]);
  });

  it('lists the default strategy and each service strategy with the split it has', () => {
    const svc = service('checkout', { capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 }] });
    const legacy = service('old', { capacityProviderStrategy: [], launchType: 'EC2' });
    const tasks = [fargateTask('1', 'us-east-1a', 'FARGATE', { serviceName: 'checkout' }), fargateTask('2', 'us-east-1a', 'FARGATE_SPOT', { serviceName: 'checkout' })];
    const m = capacityModel(cluster(), [], [svc, legacy], [], tasks);
    expect(m.strategies.map((r) => r.label)).toEqual(['Cluster default', 'checkout', 'old']);
    expect(m.strategies[1].actual).toEqual({ FARGATE: 1, FARGATE_SPOT: 1 });
    expect(m.strategies[2].launchType).toBe('EC2');
  });

  it('lists Spot interruptions, newest first', () => {
    const t = (id: string, at: number, code: string | null) => task(id, { stopCode: code, stoppedAt: at, lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stoppedReason: 'Your Spot Task was interrupted.' });
    const m = capacityModel(cluster(), [], [], [], [t('old', 1, 'SpotInterruption'), t('user', 5, 'UserInitiated'), t('new', 9, 'SpotInterruption')]);
    expect(m.interruptions.map((i) => i.taskId)).toEqual(['new', 'old']);
  });
});

describe('strategies in words and numbers', () => {
  const items = [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 }];
  it('says the strategy', () => {
    expect(strategyWords(items)).toBe('FARGATE base 1, weight 1 · FARGATE_SPOT weight 3');
  });
  it('splits tasks as ECS describes: base first, the rest by weight', () => {
    expect(expectedSplit(items, 1)).toEqual({ FARGATE: 1, FARGATE_SPOT: 0 });
    expect(expectedSplit(items, 5)).toEqual({ FARGATE: 2, FARGATE_SPOT: 3 });
    expect(expectedSplit(items, 9)).toEqual({ FARGATE: 3, FARGATE_SPOT: 6 });
  });
});
