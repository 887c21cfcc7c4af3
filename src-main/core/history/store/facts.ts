/**
 * "What changed", in words: pure rules from a record's previous and next version (null when
 * absent) to the changes an operator asks about in an incident. `known` says whether the
 * kind had been read in full in this span: before that a record seen for the first time is
 * only first seen (Wharf starting up), not added.
 */
import type { ChangeKind } from '../../../contract/domains/history';
import type { CapacityProviderRecord, ClusterRecord, ContainerInstanceRecord, DeploymentRecord, ServiceRecord } from '../../../contract/domains/inventory';
import { shortName } from '../../../contract/arn';

export interface Fact {
  kind: ChangeKind;
  service: string | null;
  subject: string;
  text: string;
  taskArns?: string[];
}

type Svc = Pick<ServiceRecord, 'name' | 'desiredCount' | 'taskDefinition' | 'deployments'>;

export function serviceFacts(prev: Svc | null, next: Svc | null, known: boolean): Fact[] {
  if (!next) return prev ? [{ kind: 'service-deleted', service: prev.name, subject: prev.name, text: `${prev.name} deleted` }] : [];
  const name = next.name;
  const out: Fact[] = [];
  if (!prev) {
    if (known) out.push({ kind: 'service-created', service: name, subject: name, text: `${name} created (${shortName(next.taskDefinition)}, ${next.desiredCount} desired)` });
    return out;
  }
  if (prev.desiredCount !== next.desiredCount) {
    out.push({ kind: 'service-scaled', service: name, subject: name, text: `${name} scaled ${prev.desiredCount} → ${next.desiredCount}` });
  }
  if (prev.taskDefinition !== next.taskDefinition) {
    out.push({ kind: 'task-definition-changed', service: name, subject: name, text: `${name}: task definition ${shortName(prev.taskDefinition)} → ${shortName(next.taskDefinition)}` });
  }
  const before = new Map(prev.deployments.map((d) => [d.id, d]));
  const started = next.deployments.filter((d) => !before.has(d.id));
  for (const d of started) {
    out.push({ kind: 'deployment-started', service: name, subject: d.id, text: `${name}: deployment started (${shortName(d.taskDefinition)}, ${d.desiredCount} desired)` });
  }
  for (const d of next.deployments) {
    const was = before.get(d.id);
    if (!was || was.rolloutState === d.rolloutState) continue;
    if (d.rolloutState === 'COMPLETED') {
      out.push({ kind: 'deployment-finished', service: name, subject: d.id, text: `${name}: deployment of ${shortName(d.taskDefinition)} completed` });
    } else if (d.rolloutState === 'FAILED') {
      out.push(failedFact(name, d, next));
    }
  }
  return out;
}

function failedFact(name: string, d: DeploymentRecord, next: Svc): Fact {
  const rolledBack = next.taskDefinition !== d.taskDefinition;
  const why = d.rolloutStateReason ? `: ${d.rolloutStateReason}` : '';
  const counted = d.failedTasks ? ` (${d.failedTasks} failed to start)` : '';
  return rolledBack
    ? { kind: 'deployment-rolled-back', service: name, subject: d.id, text: `${name}: deployment of ${shortName(d.taskDefinition)} failed${counted} and rolled back to ${shortName(next.taskDefinition)}${why}` }
    : { kind: 'deployment-failed', service: name, subject: d.id, text: `${name}: deployment of ${shortName(d.taskDefinition)} failed${counted}${why}` };
}

type Inst = Pick<ContainerInstanceRecord, 'id' | 'ec2InstanceId' | 'status' | 'agentConnected' | 'instanceType' | 'availabilityZone'>;

export function instanceFacts(prev: Inst | null, next: Inst | null, known: boolean): Fact[] {
  const label = (i: Inst) => i.ec2InstanceId ?? i.id;
  if (!next) return prev ? [{ kind: 'instance-removed', service: null, subject: label(prev), text: `instance ${label(prev)} deregistered` }] : [];
  if (!prev) {
    const where = [next.instanceType, next.availabilityZone].filter(Boolean).join(', ');
    return known ? [{ kind: 'instance-added', service: null, subject: label(next), text: `instance ${label(next)} registered${where ? ` (${where})` : ''}` }] : [];
  }
  const out: Fact[] = [];
  if (prev.status !== next.status && next.status === 'DRAINING') out.push({ kind: 'instance-draining', service: null, subject: label(next), text: `instance ${label(next)} draining` });
  if (prev.agentConnected && !next.agentConnected) out.push({ kind: 'instance-disconnected', service: null, subject: label(next), text: `instance ${label(next)}: agent disconnected` });
  return out;
}

type Cp = Pick<CapacityProviderRecord, 'name' | 'status' | 'managedScaling' | 'managedTerminationProtection' | 'managedDraining'>;

export function capacityProviderFacts(prev: Cp | null, next: Cp | null, known: boolean): Fact[] {
  const fact = (name: string, text: string): Fact => ({ kind: 'capacity-provider-changed', service: null, subject: name, text });
  if (!next) return prev ? [fact(prev.name, `capacity provider ${prev.name} removed`)] : [];
  if (!prev) return known ? [fact(next.name, `capacity provider ${next.name} added`)] : [];
  const changes: string[] = [];
  if (prev.status !== next.status) changes.push(`status ${prev.status} → ${next.status}`);
  const a = prev.managedScaling;
  const b = next.managedScaling;
  if ((a?.status ?? null) !== (b?.status ?? null)) changes.push(`managed scaling ${a?.status ?? 'off'} → ${b?.status ?? 'off'}`);
  if ((a?.targetCapacity ?? null) !== (b?.targetCapacity ?? null)) changes.push(`target capacity ${a?.targetCapacity ?? '–'}% → ${b?.targetCapacity ?? '–'}%`);
  if ((a?.maximumScalingStepSize ?? null) !== (b?.maximumScalingStepSize ?? null)) changes.push(`max step ${a?.maximumScalingStepSize ?? '–'} → ${b?.maximumScalingStepSize ?? '–'}`);
  if (prev.managedTerminationProtection !== next.managedTerminationProtection) changes.push(`termination protection ${prev.managedTerminationProtection ?? '–'} → ${next.managedTerminationProtection ?? '–'}`);
  if (prev.managedDraining !== next.managedDraining) changes.push(`managed draining ${prev.managedDraining ?? '–'} → ${next.managedDraining ?? '–'}`);
  return changes.length ? [fact(next.name, `capacity provider ${next.name}: ${changes.join(', ')}`)] : [];
}

type Cl = Pick<ClusterRecord, 'name' | 'capacityProviders' | 'defaultCapacityProviderStrategy'>;

export function clusterFacts(prev: Cl | null, next: Cl | null): Fact[] {
  if (!prev || !next) return [];
  const strategy = (c: Cl) => c.defaultCapacityProviderStrategy.map((s) => `${s.capacityProvider} ${s.weight}${s.base ? ` (base ${s.base})` : ''}`).join(', ') || 'none';
  const out: Fact[] = [];
  if (prev.capacityProviders.join(',') !== next.capacityProviders.join(',')) {
    out.push({ kind: 'capacity-provider-changed', service: null, subject: next.name, text: `cluster providers: ${prev.capacityProviders.join(', ') || 'none'} → ${next.capacityProviders.join(', ') || 'none'}` });
  }
  if (strategy(prev) !== strategy(next)) {
    out.push({ kind: 'capacity-provider-changed', service: null, subject: next.name, text: `default strategy: ${strategy(prev)} → ${strategy(next)}` });
  }
  return out;
}
