import type { ImageDetail, Repository } from '@aws-sdk/client-ecr';
import type { Service } from '@aws-sdk/client-ecs';
import type { ContainerImage, ServiceHead, ServiceRef } from '../../contract/domains/actions';
import { WharfError } from '../../contract/errors';
import { describeAllImages, describeRepositories } from '../registry/ecr-reads';
import { describeService } from '../aws/ecs-reads';
import { parseEcrImage } from '../registry/image-ref';
import { familyRevisionOf } from '../../contract/arn';
import { type DescribedTaskDefinition, type TaskDefinitionCache } from '../aws/task-definitions';
import type { OpenSession } from '../session/session-manager';

/** A repository of this account and region that one of the service's containers pulls from. */
export interface RepoImages {
  repository: Repository;
  images: ImageDetail[];
  tagToDigest: Map<string, string>;
}

/** A service as a rollback sees it: the service, its current task definition, and its images. */
export interface ServiceContext {
  service: Service;
  head: ServiceHead;
  current: DescribedTaskDefinition;
  containers: ContainerImage[];
  repos: Map<string, RepoImages>;
  notes: string[];
}

export async function requireService(session: OpenSession, ref: ServiceRef): Promise<Service> {
  let service: Service | null;
  try {
    service = await describeService(session.clients.ecs, ref.cluster, ref.service);
  } catch (err) {
    throw session.explainError(err);
  }
  if (!service) throw new WharfError('NOT_FOUND', `There is no active service ${ref.service} in cluster ${ref.cluster} (${session.info.region}).`);
  return service;
}

export function headOf(service: Service): ServiceHead {
  const fr = familyRevisionOf(service.taskDefinition ?? '');
  return {
    clusterArn: service.clusterArn ?? '',
    serviceArn: service.serviceArn ?? '',
    serviceName: service.serviceName ?? '',
    taskDefinitionArn: service.taskDefinition ?? '',
    family: fr?.family ?? '',
    revision: fr?.revision ?? 0,
    desiredCount: service.desiredCount ?? 0,
    runningCount: service.runningCount ?? 0,
  };
}

/** Reads the service, its current task definition (fresh, with tags) and its ECR repositories' images. */
export async function loadServiceContext(session: OpenSession, tds: TaskDefinitionCache, ref: ServiceRef): Promise<ServiceContext> {
  const service = await requireService(session, ref);
  const head = headOf(service);
  const { ecs, ecr } = session.clients;
  let current: DescribedTaskDefinition;
  try {
    current = await tds.describe(ecs, head.taskDefinitionArn, { fresh: true });
  } catch (err) {
    throw session.explainError(err);
  }
  const notes: string[] = [];
  const repos = new Map<string, RepoImages>();
  const containers: ContainerImage[] = [];
  for (const c of current.taskDefinition.containerDefinitions ?? []) {
    if (!c.name || !c.image) continue;
    const ref = parseEcrImage(c.image);
    const ours = ref && ref.registryId === session.info.accountId && ref.region === session.info.region;
    if (ref && ours && !repos.has(ref.repositoryName)) {
      try {
        const [repository] = await describeRepositories(ecr, [ref.repositoryName]);
        const images = await describeAllImages(ecr, ref.repositoryName);
        const tagToDigest = new Map<string, string>();
        for (const d of images) for (const tag of d.imageTags ?? []) if (d.imageDigest) tagToDigest.set(tag, d.imageDigest);
        if (repository) repos.set(ref.repositoryName, { repository, images, tagToDigest });
      } catch (err) {
        notes.push(`The images of ${ref.repositoryName} could not be read: ${session.explainError(err).message}`);
      }
    } else if (!ours) {
      notes.push(`Container ${c.name} runs ${c.image}, which is not in this account's ECR in ${session.info.region}: only a revision rollback can change it.`);
    }
    const repo = ref && ours ? repos.get(ref.repositoryName) : undefined;
    const digest = ref?.digest ?? (repo ? repo.tagToDigest.get(ref?.tag ?? 'latest') ?? null : null);
    containers.push({ containerName: c.name, image: c.image, repositoryName: ref && ours ? ref.repositoryName : null, tag: ref?.tag ?? null, digest });
  }
  return { service, head, current, containers, repos, notes };
}

