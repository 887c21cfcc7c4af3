import { describe, expect, it } from 'vitest';
import type { CapacityProviderRecord, ClusterRecord, ContainerInstanceRecord, DeploymentRecord, ServiceRecord } from '../../../src-main/contract/domains/inventory';
import { capacityProviderFacts, clusterFacts, instanceFacts, serviceFacts } from '../../../src-main/core/history/store/facts';

/**
 * "What changed" in words, kind by kind, as the issue names them: services scaled, deployments
 * started / finished / failed / rolled back, task definitions changed, instances added, drained,
 * disconnected and removed, capacity provider changes (the providers' own settings and the
 * cluster's providers and default strategy). Wharf's mutations come from the audit log (store test).
 */
const TD = (n: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/payments-ledger:${n}`;
type Svc = Pick<ServiceRecord, 'name' | 'desiredCount' | 'taskDefinition' | 'deployments'>;
const dep = (over: Partial<DeploymentRecord>): DeploymentRecord => ({
  id: 'ecs-svc/8', status: 'PRIMARY', taskDefinition: TD(8), desiredCount: 2, pendingCount: 0, runningCount: 0, failedTasks: 0,
  rolloutState: 'IN_PROGRESS', rolloutStateReason: null, createdAt: 0, updatedAt: 0, launchType: null, capacityProviderStrategy: [], platformVersion: null, ...over,
});
const svc = (over: Partial<Svc>): Svc => ({ name: 'ledger', desiredCount: 2, taskDefinition: TD(7), deployments: [dep({ id: 'ecs-svc/7', taskDefinition: TD(7), rolloutState: 'COMPLETED' })], ...over });
const kinds = (facts: Array<{ kind: string; text: string }>) => facts.map((f) => `${f.kind}|${f.text}`);

describe('what changed, kind by kind', () => {
  it('services: scaled, task definition changed, deployment started, created (once known) and deleted', () => {
    const before = svc({});
    const after = svc({ desiredCount: 4, taskDefinition: TD(8), deployments: [...before.deployments, dep({})] });
    expect(kinds(serviceFacts(before, after, true))).toEqual([
      'service-scaled|ledger scaled 2 → 4',
      'task-definition-changed|ledger: task definition payments-ledger:7 → payments-ledger:8',
      'deployment-started|ledger: deployment started (payments-ledger:8, 2 desired)',
    ]);
    expect(kinds(serviceFacts(null, before, true))).toEqual(['service-created|ledger created (payments-ledger:7, 2 desired)']);
    // Wharf starting up sees services for the first time: that is no change.
    expect(serviceFacts(null, before, false)).toEqual([]);
    expect(kinds(serviceFacts(before, null, true))).toEqual(['service-deleted|ledger deleted']);
  });

  it('deployments: finished, failed, and failed and rolled back (with the count the circuit breaker made)', () => {
    const rolling = svc({ taskDefinition: TD(8), deployments: [dep({})] });
    expect(kinds(serviceFacts(rolling, svc({ taskDefinition: TD(8), deployments: [dep({ rolloutState: 'COMPLETED' })] }), true))).toEqual([
      'deployment-finished|ledger: deployment of payments-ledger:8 completed',
    ]);
    expect(kinds(serviceFacts(rolling, svc({ taskDefinition: TD(8), deployments: [dep({ rolloutState: 'FAILED', failedTasks: 4, rolloutStateReason: 'tasks failed to start' })] }), true))).toEqual([
      'deployment-failed|ledger: deployment of payments-ledger:8 failed (4 failed to start): tasks failed to start',
    ]);
    const rolledBack = svc({ taskDefinition: TD(7), deployments: [dep({ status: 'ACTIVE', rolloutState: 'FAILED', failedTasks: 4 }), dep({ id: 'ecs-svc/9', taskDefinition: TD(7) })] });
    const facts = kinds(serviceFacts(rolling, rolledBack, true));
    expect(facts).toContain('deployment-rolled-back|ledger: deployment of payments-ledger:8 failed (4 failed to start) and rolled back to payments-ledger:7');
    expect(facts).toContain('task-definition-changed|ledger: task definition payments-ledger:8 → payments-ledger:7');
  });

  it('instances: added (once known), draining, agent disconnected, removed', () => {
    type Inst = Pick<ContainerInstanceRecord, 'id' | 'ec2InstanceId' | 'status' | 'agentConnected' | 'instanceType' | 'availabilityZone'>;
    const i: Inst = { id: 'ci-1', ec2InstanceId: 'i-0abc', status: 'ACTIVE', agentConnected: true, instanceType: 'm5.xlarge', availabilityZone: 'us-east-1a' };
    expect(kinds(instanceFacts(null, i, true))).toEqual(['instance-added|instance i-0abc registered (m5.xlarge, us-east-1a)']);
    expect(instanceFacts(null, i, false)).toEqual([]);
    expect(kinds(instanceFacts(i, { ...i, status: 'DRAINING' }, true))).toEqual(['instance-draining|instance i-0abc draining']);
    expect(kinds(instanceFacts(i, { ...i, agentConnected: false }, true))).toEqual(['instance-disconnected|instance i-0abc: agent disconnected']);
    expect(kinds(instanceFacts(i, null, true))).toEqual(['instance-removed|instance i-0abc deregistered']);
  });

  it('capacity providers: added, removed, their scaling and protection settings; the cluster\'s providers and default strategy', () => {
    type Cp = Pick<CapacityProviderRecord, 'name' | 'status' | 'managedScaling' | 'managedTerminationProtection' | 'managedDraining'>;
    const cp: Cp = { name: 'general', status: 'ACTIVE', managedScaling: { status: 'ENABLED', targetCapacity: 90, minimumScalingStepSize: 1, maximumScalingStepSize: 10, instanceWarmupPeriod: 300 }, managedTerminationProtection: 'ENABLED', managedDraining: null };
    expect(kinds(capacityProviderFacts(null, cp, true))).toEqual(['capacity-provider-changed|capacity provider general added']);
    expect(kinds(capacityProviderFacts(cp, null, true))).toEqual(['capacity-provider-changed|capacity provider general removed']);
    expect(kinds(capacityProviderFacts(cp, { ...cp, managedScaling: { ...cp.managedScaling!, targetCapacity: 100 }, managedTerminationProtection: 'DISABLED' }, true))).toEqual([
      'capacity-provider-changed|capacity provider general: target capacity 90% → 100%, termination protection ENABLED → DISABLED',
    ]);
    type Cl = Pick<ClusterRecord, 'name' | 'capacityProviders' | 'defaultCapacityProviderStrategy'>;
    const c: Cl = { name: 'prod', capacityProviders: ['general'], defaultCapacityProviderStrategy: [{ capacityProvider: 'general', weight: 1, base: 0 }] };
    expect(kinds(clusterFacts(c, { ...c, capacityProviders: ['general', 'spot'], defaultCapacityProviderStrategy: [{ capacityProvider: 'general', weight: 1, base: 2 }, { capacityProvider: 'spot', weight: 3, base: 0 }] }))).toEqual([
      'capacity-provider-changed|cluster providers: general → general, spot',
      'capacity-provider-changed|default strategy: general 1 → general 1 (base 2), spot 3',
    ]);
  });
});
