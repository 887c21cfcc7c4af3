import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListClustersCommand,
  ListServicesCommand,
  ListTasksCommand,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs';
import type { EcsSender } from './task-definitions';

/** The ECS reads the registry and rollback need, every page followed, at the API's batch sizes. */
const MAX_PAGES = 1000;

export async function listClusterArns(ecs: EcsSender): Promise<string[]> {
  const out: string[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await ecs.send(new ListClustersCommand({ nextToken, maxResults: 100 }));
    out.push(...(res.clusterArns ?? []));
    nextToken = res.nextToken;
    if (!nextToken) break;
  }
  return out;
}

export async function listServiceArns(ecs: EcsSender, cluster: string): Promise<string[]> {
  const out: string[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await ecs.send(new ListServicesCommand({ cluster, nextToken, maxResults: 100 }));
    out.push(...(res.serviceArns ?? []));
    nextToken = res.nextToken;
    if (!nextToken) break;
  }
  return out;
}

/** DescribeServices takes at most 10 services per call. */
export async function describeServices(ecs: EcsSender, cluster: string, services: string[]): Promise<Service[]> {
  const out: Service[] = [];
  for (let i = 0; i < services.length; i += 10) {
    const res = await ecs.send(new DescribeServicesCommand({ cluster, services: services.slice(i, i + 10) }));
    out.push(...(res.services ?? []));
  }
  return out;
}

/** One service, or null when ECS reports it missing (its `failures[]` entry). */
export async function describeService(ecs: EcsSender, cluster: string, service: string): Promise<Service | null> {
  const res = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  const found = res.services?.[0];
  return found && found.status !== 'INACTIVE' ? found : null;
}

/** The RUNNING tasks of a service (DescribeTasks takes at most 100 per call). */
export async function runningTasksOf(ecs: EcsSender, cluster: string, serviceName: string): Promise<Task[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await ecs.send(new ListTasksCommand({ cluster, serviceName, desiredStatus: 'RUNNING', nextToken, maxResults: 100 }));
    arns.push(...(res.taskArns ?? []));
    nextToken = res.nextToken;
    if (!nextToken) break;
  }
  const out: Task[] = [];
  for (let i = 0; i < arns.length; i += 100) {
    const res = await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns.slice(i, i + 100) }));
    out.push(...(res.tasks ?? []));
  }
  return out;
}
