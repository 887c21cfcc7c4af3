import type { Service } from '@aws-sdk/client-ecs';
import type { ImageUseRole } from '../../contract/domains/registry';
import { mapLimit } from './brief-cache';
import { describeServices, listClusterArns, listServiceArns, runningTasksOf } from '../aws/ecs-reads';
import { parseEcrImage, repositoryUriOf } from './image-ref';
import type { EcsLike } from '../aws/reads';
import { familyRevisionOf } from '../../contract/arn';
import { listFamilyRevisions, type TaskDefinitionCache } from '../aws/task-definitions';

/** One container of one service deployment naming an image. */
export interface ServiceImageUse {
  clusterArn: string;
  serviceArn: string;
  serviceName: string;
  containerName: string;
  image: string;
  repositoryUri: string;
  role: ImageUseRole;
  taskDefinitionArn: string;
}

export interface ServiceImages {
  services: Service[];
  uses: ServiceImageUse[];
  warnings: string[];
}

/**
 * What a collection in progress knows so far (the same arrays it fills), and what is left:
 * clusters whose services are still being listed (null before the clusters are), and
 * deployments whose task definitions are still being read.
 */
export interface ServiceImagesSoFar extends ServiceImages {
  clustersLeft: number | null;
  taskDefinitionsLeft: number;
}

export function noServiceImagesYet(): ServiceImagesSoFar {
  return { services: [], uses: [], warnings: [], clustersLeft: null, taskDefinitionsLeft: 0 };
}

const PARALLEL = 4;

/**
 * Every image every service of the region's clusters deploys: the PRIMARY deployment's as
 * `current`, older deployments still draining as `active`. A cluster or task definition that
 * fails to load becomes a warning, never a missing row without explanation. `soFar` fills
 * in as answers arrive (a region of 2,000 services takes a while to read every task
 * definition of), so a caller can show what is known while the rest is read.
 */
export async function collectServiceImages(ecs: EcsLike, tds: TaskDefinitionCache, soFar: ServiceImagesSoFar = noServiceImagesYet()): Promise<ServiceImages> {
  const { services, uses, warnings } = soFar;
  const readImages = async (service: Service) => {
    for (const deployment of service.deployments ?? []) {
      if (!deployment.taskDefinition) continue;
      const role: ImageUseRole = deployment.status === 'PRIMARY' ? 'current' : 'active';
      try {
        const { taskDefinition } = await tds.describe(ecs, deployment.taskDefinition);
        for (const c of taskDefinition.containerDefinitions ?? []) {
          if (c.name && c.image) uses.push(useOf(service, c.name, c.image, role, deployment.taskDefinition));
        }
      } catch (err) {
        warnings.push(`Task definition ${deployment.taskDefinition} could not be read: ${(err as Error).message}`);
      } finally {
        soFar.taskDefinitionsLeft--;
      }
    }
  };
  const clusters = await listClusterArns(ecs);
  soFar.clustersLeft = clusters.length;
  // Clusters two at a time, each a chunk of services at a time: a chunk's task definitions
  // are read (two at a time) as soon as it is described, so a cluster of 2,000 services
  // names its first users within seconds, not after every service is described.
  await mapLimit(clusters, PARALLEL / 2, async (cluster) => {
    try {
      const arns = await listServiceArns(ecs, cluster);
      for (let i = 0; i < arns.length; i += SERVICES_CHUNK) {
        const found = await describeServices(ecs, cluster, arns.slice(i, i + SERVICES_CHUNK));
        services.push(...found);
        for (const s of found) soFar.taskDefinitionsLeft += (s.deployments ?? []).filter((d) => d.taskDefinition).length;
        await mapLimit(found, PARALLEL / 2, readImages);
      }
    } catch (err) {
      warnings.push(`Services of ${cluster} could not be read: ${(err as Error).message}`);
    } finally {
      soFar.clustersLeft = (soFar.clustersLeft ?? 1) - 1;
    }
  });
  return { services, uses, warnings };
}

/** Services described (and their task definitions read) per step. */
const SERVICES_CHUNK = 50;

function useOf(service: Service, containerName: string, image: string, role: ImageUseRole, taskDefinitionArn: string): ServiceImageUse {
  return {
    clusterArn: service.clusterArn ?? '',
    serviceArn: service.serviceArn ?? '',
    serviceName: service.serviceName ?? '',
    containerName,
    image,
    repositoryUri: repositoryUriOf(image),
    role,
    taskDefinitionArn,
  };
}

/** How far back to look for a service's previous image. */
const PREVIOUS_SEARCH_DEPTH = 20;

/**
 * The image each container of a service ran before its current one: the newest earlier ACTIVE
 * revision of the family whose image for that container differs.
 */
export async function previousImages(ecs: EcsLike, tds: TaskDefinitionCache, service: Service): Promise<ServiceImageUse[]> {
  const currentArn = service.taskDefinition;
  const current = currentArn ? familyRevisionOf(currentArn) : null;
  if (!currentArn || !current) return [];
  const { taskDefinition } = await tds.describe(ecs, currentArn);
  const pending = new Map((taskDefinition.containerDefinitions ?? []).filter((c) => c.name && c.image).map((c) => [c.name!, c.image!]));
  const found: ServiceImageUse[] = [];
  const older = (await listFamilyRevisions(ecs, current.family, { max: PREVIOUS_SEARCH_DEPTH })).filter((arn) => (familyRevisionOf(arn)?.revision ?? 0) < current.revision);
  for (const arn of older) {
    if (pending.size === 0) break;
    const { taskDefinition: td } = await tds.describe(ecs, arn);
    for (const c of td.containerDefinitions ?? []) {
      const now = c.name ? pending.get(c.name) : undefined;
      if (now !== undefined && c.image && c.image !== now) {
        found.push(useOf(service, c.name!, c.image, 'previous', arn));
        pending.delete(c.name!);
      }
    }
  }
  return found;
}

/** Running tasks per `serviceArn|digest` for containers whose image is in `repositoryUri`. */
export async function runningDigests(ecs: EcsLike, services: Service[], repositoryUri: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  await mapLimit(services, PARALLEL, async (service) => {
    const tasks = await runningTasksOf(ecs, service.clusterArn ?? '', service.serviceName ?? '');
    for (const task of tasks) {
      for (const c of task.containers ?? []) {
        if (!c.imageDigest || !c.image || !sameRepository(repositoryUriOf(c.image), repositoryUri)) continue;
        const key = `${service.serviceArn}|${c.imageDigest}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  });
  return counts;
}

/** Registry hosts are case-insensitive; repository paths are lower case in ECR. */
export function sameRepository(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The digest an image reference runs: its own `@sha256`, or its tag looked up (no tag = `latest`). */
export function resolveDigest(image: string, tagToDigest: ReadonlyMap<string, string>): string | null {
  const ref = parseEcrImage(image);
  if (ref?.digest) return ref.digest;
  const at = image.indexOf('@');
  if (at >= 0) return image.slice(at + 1);
  return tagToDigest.get(ref?.tag ?? 'latest') ?? null;
}
