import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeTaskDefinitionCommand,
  ListServiceDeploymentsCommand,
  type ServiceDeployment,
  type ServiceDeploymentBrief,
  type ServiceRevision,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { DescribeListenersCommand, DescribeRulesCommand, DescribeTargetGroupsCommand, DescribeTargetHealthCommand, type TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeAlarmsCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { ServiceClients } from '../aws/client-factory';

/**
 * The deployments domain's AWS reads, each at the API's batch size (20 service deployments or
 * revisions, 20 rules, 100 alarms per call), every call counted by `count` (the domain's
 * calls per minute). Nothing here decides when to read: deployments-service.ts does.
 */
export type Count = (operation: string) => void;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** ListServiceDeployments of one service created after `afterMs`, every page (newest first). */
export async function listServiceDeployments(clients: ServiceClients, count: Count, clusterArn: string, serviceName: string, afterMs: number, maxPages = 10): Promise<{ briefs: ServiceDeploymentBrief[]; truncated: boolean }> {
  const briefs: ServiceDeploymentBrief[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    count('ListServiceDeployments');
    const out = await clients.ecs.send(new ListServiceDeploymentsCommand({ cluster: clusterArn, service: serviceName, createdAt: { after: new Date(afterMs) }, maxResults: 100, nextToken }));
    briefs.push(...(out.serviceDeployments ?? []));
    nextToken = out.nextToken;
    pages++;
  } while (nextToken && pages < maxPages);
  return { briefs, truncated: Boolean(nextToken) };
}

export async function describeServiceDeployments(clients: ServiceClients, count: Count, arns: readonly string[]): Promise<ServiceDeployment[]> {
  const out: ServiceDeployment[] = [];
  for (const batch of chunks(arns, 20)) {
    count('DescribeServiceDeployments');
    const res = await clients.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: batch }));
    out.push(...(res.serviceDeployments ?? []));
  }
  return out;
}

export async function describeServiceRevisions(clients: ServiceClients, count: Count, arns: readonly string[]): Promise<ServiceRevision[]> {
  const out: ServiceRevision[] = [];
  for (const batch of chunks(arns, 20)) {
    count('DescribeServiceRevisions');
    const res = await clients.ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: batch }));
    out.push(...(res.serviceRevisions ?? []));
  }
  return out;
}

export async function describeTaskDefinition(clients: ServiceClients, count: Count, arn: string): Promise<TaskDefinition | undefined> {
  count('DescribeTaskDefinition');
  return (await clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }))).taskDefinition;
}

/**
 * The forward weights (by target group) of listener rules, or of listeners (a Network Load
 * Balancer's production "rule" is its listener): rule ARNs 20 per DescribeRules call.
 */
export async function forwardWeights(clients: ServiceClients, count: Count, arns: readonly string[]): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  const listeners = arns.filter((a) => a.includes(':listener/'));
  const rules = arns.filter((a) => !a.includes(':listener/'));
  const weightsOf = (actions: Array<{ Type?: string; TargetGroupArn?: string; ForwardConfig?: { TargetGroups?: Array<{ TargetGroupArn?: string; Weight?: number }> } }> | undefined) => {
    const forward = actions?.find((a) => a.Type === 'forward');
    if (!forward) return undefined;
    const groups = forward.ForwardConfig?.TargetGroups;
    if (groups?.length) return Object.fromEntries(groups.map((g) => [g.TargetGroupArn ?? '', g.Weight ?? 0]));
    return forward.TargetGroupArn ? { [forward.TargetGroupArn]: 1 } : undefined;
  };
  for (const batch of chunks(rules, 20)) {
    count('DescribeRules');
    const res = await clients.elbv2.send(new DescribeRulesCommand({ RuleArns: batch }));
    for (const rule of res.Rules ?? []) {
      const w = weightsOf(rule.Actions);
      if (rule.RuleArn && w) out.set(rule.RuleArn, w);
    }
  }
  for (const batch of chunks(listeners, 20)) {
    count('DescribeListeners');
    const res = await clients.elbv2.send(new DescribeListenersCommand({ ListenerArns: batch }));
    for (const listener of res.Listeners ?? []) {
      const w = weightsOf(listener.DefaultActions);
      if (listener.ListenerArn && w) out.set(listener.ListenerArn, w);
    }
  }
  return out;
}

export async function targetHealth(clients: ServiceClients, count: Count, targetGroupArn: string): Promise<TargetHealthDescription[]> {
  count('DescribeTargetHealth');
  return (await clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }))).TargetHealthDescriptions ?? [];
}

export async function targetGroupNames(clients: ServiceClients, count: Count, arns: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const batch of chunks(arns, 20)) {
    count('DescribeTargetGroups');
    const res = await clients.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: batch }));
    for (const tg of res.TargetGroups ?? []) if (tg.TargetGroupArn) out.set(tg.TargetGroupArn, tg.TargetGroupName ?? tg.TargetGroupArn);
  }
  return out;
}

export async function describeAlarms(clients: ServiceClients, count: Count, names: readonly string[]): Promise<MetricAlarm[]> {
  const out: MetricAlarm[] = [];
  for (const batch of chunks(names, 100)) {
    count('DescribeAlarms');
    const res = await clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: batch, MaxRecords: 100 }));
    out.push(...(res.MetricAlarms ?? []));
  }
  return out;
}
