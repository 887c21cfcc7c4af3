import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListClustersCommand,
  ListServicesCommand,
  ListTasksCommand,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs';
import { allPages, type EcsLike } from '../aws/reads';

/** The ECS reads the registry and rollback need, every page followed, at the API's batch sizes. */

export async function listClusterArns(ecs: EcsLike): Promise<string[]> {
  const pages = await allPages((nextToken) => ecs.send(new ListClustersCommand({ nextToken, maxResults: 100 })));
  return pages.flatMap((p) => p.clusterArns ?? []);
}

export async function listServiceArns(ecs: EcsLike, cluster: string): Promise<string[]> {
  const pages = await allPages((nextToken) => ecs.send(new ListServicesCommand({ cluster, nextToken, maxResults: 100 })));
  return pages.flatMap((p) => p.serviceArns ?? []);
}

/** DescribeServices takes at most 10 services per call. */
export async function describeServices(ecs: EcsLike, cluster: string, services: string[]): Promise<Service[]> {
  const out: Service[] = [];
  for (let i = 0; i < services.length; i += 10) {
    const res = await ecs.send(new DescribeServicesCommand({ cluster, services: services.slice(i, i + 10) }));
    out.push(...(res.services ?? []));
  }
  return out;
}

/** One service, or null when ECS reports it missing (its `failures[]` entry). */
export async function describeService(ecs: EcsLike, cluster: string, service: string): Promise<Service | null> {
  const res = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  const found = res.services?.[0];
  return found && found.status !== 'INACTIVE' ? found : null;
}

/** The RUNNING tasks of a service (DescribeTasks takes at most 100 per call). */
export async function runningTasksOf(ecs: EcsLike, cluster: string, serviceName: string): Promise<Task[]> {
  const pages = await allPages((nextToken) => ecs.send(new ListTasksCommand({ cluster, serviceName, desiredStatus: 'RUNNING', nextToken, maxResults: 100 })));
  const arns = pages.flatMap((p) => p.taskArns ?? []);
  const out: Task[] = [];
  for (let i = 0; i < arns.length; i += 100) {
    const res = await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns.slice(i, i + 100) }));
    out.push(...(res.tasks ?? []));
  }
  return out;
}
