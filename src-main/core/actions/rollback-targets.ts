import { ListServiceDeploymentsCommand, type Service } from '@aws-sdk/client-ecs';
import type { ImageTarget, InProgressDeployment, RevisionTarget, RollbackTargets, ServiceRef } from '../../contract/domains/actions';
import { tagIsImmutable, toScanSummary } from '../registry/ecr-reads';
import { parseEcrImage } from '../registry/image-ref';
import type { EcsLike } from '../aws/reads';
import { familyRevisionOf } from '../../contract/arn';
import { listFamilyRevisions, type TaskDefinitionCache } from '../aws/task-definitions';
import type { OpenSession } from '../session/session-manager';
import { loadServiceContext, type RepoImages, type ServiceContext } from './service-context';

/** How many earlier revisions of a family are described (newest first). */
const REVISION_DEPTH = 50;

/**
 * What a service can go back to: earlier images of its repositories (immutable tags first,
 * then newest), earlier ACTIVE revisions of its family (newest first), and the deployment in
 * progress, which StopServiceDeployment can roll back. Newer images and revisions come too,
 * marked `newer`: rolling forward past a bad release is the same change the other way.
 */
export async function rollbackTargets(session: OpenSession, tds: TaskDefinitionCache, ref: ServiceRef, now: number): Promise<RollbackTargets> {
  const ctx = await loadServiceContext(session, tds, ref);
  const history = await familyHistory(session, tds, ctx);
  const notes = [...ctx.notes, ...history.notes];
  return {
    service: ctx.head,
    current: ctx.containers,
    images: imageTargets(ctx, history.ranIn),
    revisions: history.revisions,
    inProgress: await inProgressDeployment(session.clients.ecs, ctx.service).catch((err) => {
      const e = session.explainError(err);
      // An emulator without ListServiceDeployments: say so once, and offer the other targets.
      notes.push(e.code === 'UNSUPPORTED' ? `${e.message} Stopping the deployment in progress needs it; going back to an earlier image or revision does not.` : `The deployment in progress could not be read: ${e.message}`);
      return null;
    }),
    notes,
    fetchedAt: now,
  };
}

export interface FamilyHistory {
  /** Earlier ACTIVE revisions, newest first. */
  revisions: RevisionTarget[];
  /** `container|digest` -> revisions of the family whose container ran that image. */
  ranIn: Map<string, number[]>;
  notes: string[];
}

/** The family's recent ACTIVE revisions (described once each, then cached) and the images each ran. */
export async function familyHistory(session: OpenSession, tds: TaskDefinitionCache, ctx: ServiceContext): Promise<FamilyHistory> {
  const { ecs } = session.clients;
  const notes: string[] = [];
  let revisionArns: string[] = [];
  try {
    revisionArns = (await listFamilyRevisions(ecs, ctx.head.family, { max: REVISION_DEPTH + 1 })).filter((arn) => (familyRevisionOf(arn)?.revision ?? 0) !== ctx.head.revision);
  } catch (err) {
    notes.push(`Earlier revisions of ${ctx.head.family} could not be listed: ${session.explainError(err).message}`);
  }
  const described = await Promise.all(revisionArns.map((arn) => tds.describe(ecs, arn).catch(() => null)));
  const revisions: RevisionTarget[] = [];
  const ranIn = new Map<string, number[]>();
  for (const d of [ctx.current, ...described]) {
    const td = d?.taskDefinition;
    if (!td?.taskDefinitionArn) continue;
    const revision = td.revision ?? 0;
    for (const c of td.containerDefinitions ?? []) {
      const digest = digestOf(c.image ?? '', ctx);
      if (c.name && digest) ranIn.set(`${c.name}|${digest}`, [...(ranIn.get(`${c.name}|${digest}`) ?? []), revision]);
    }
    if (revision !== ctx.head.revision) {
      revisions.push({
        taskDefinitionArn: td.taskDefinitionArn,
        revision,
        registeredAt: td.registeredAt ? td.registeredAt.getTime() : null,
        images: (td.containerDefinitions ?? []).map((c) => ({ containerName: c.name ?? '', image: c.image ?? '' })),
        ...(revision > ctx.head.revision ? { newer: true } : {}),
      });
    }
  }
  revisions.sort((a, b) => b.revision - a.revision);
  return { revisions: revisions.slice(0, REVISION_DEPTH), ranIn, notes };
}

function digestOf(image: string, ctx: ServiceContext): string | null {
  const ref = parseEcrImage(image);
  if (!ref) return null;
  if (ref.digest) return ref.digest;
  return ctx.repos.get(ref.repositoryName)?.tagToDigest.get(ref.tag ?? 'latest') ?? null;
}

/** Earlier images of each container's repository: pushed before the one running now. */
function imageTargets(ctx: ServiceContext, ranIn: Map<string, number[]>): ImageTarget[] {
  const out: ImageTarget[] = [];
  for (const c of ctx.containers) {
    const repo = c.repositoryName ? ctx.repos.get(c.repositoryName) : undefined;
    if (!repo || !c.repositoryName) continue;
    const currentPushed = repo.images.find((i) => i.imageDigest === c.digest)?.imagePushedAt?.getTime();
    for (const image of repo.images) {
      const digest = image.imageDigest;
      if (!digest || digest === c.digest) continue;
      const pushedAt = image.imagePushedAt ? image.imagePushedAt.getTime() : null;
      const newer = currentPushed !== undefined && pushedAt !== null && pushedAt > currentPushed;
      const tag = preferredTag(repo, image.imageTags ?? []);
      out.push({
        containerName: c.containerName,
        repositoryName: c.repositoryName,
        digest,
        tags: [...(image.imageTags ?? [])],
        tag,
        tagImmutable: tag !== null && tagIsImmutable(repo.repository, tag),
        pushedAt,
        sizeBytes: image.imageSizeInBytes ?? null,
        scan: toScanSummary(image),
        ranInRevisions: [...(ranIn.get(`${c.containerName}|${digest}`) ?? [])].sort((a, b) => b - a),
        ...(newer ? { newer: true } : {}),
      });
    }
  }
  // Earlier images first (what a rollback wants), then newer ones (roll forward).
  return out.sort((a, b) => Number(Boolean(a.newer)) - Number(Boolean(b.newer)) || Number(b.tagImmutable) - Number(a.tagImmutable) || (b.pushedAt ?? 0) - (a.pushedAt ?? 0));
}

/** The tag a person would name the image by: an immutable one, else any but `latest`. */
export function preferredTag(repo: Pick<RepoImages, 'repository'>, tags: readonly string[]): string | null {
  return tags.find((t) => tagIsImmutable(repo.repository, t)) ?? tags.find((t) => t !== 'latest') ?? tags[0] ?? null;
}

/** The service deployment in progress (PENDING or IN_PROGRESS), which can be stopped with ROLLBACK. */
export async function inProgressDeployment(ecs: EcsLike, service: Service): Promise<InProgressDeployment | null> {
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
  if (!primary || primary.rolloutState !== 'IN_PROGRESS') return null;
  const res = await ecs.send(new ListServiceDeploymentsCommand({ cluster: service.clusterArn, service: service.serviceName, status: ['PENDING', 'IN_PROGRESS'] }));
  const brief = res.serviceDeployments?.[0];
  if (!brief?.serviceDeploymentArn) return null;
  return {
    serviceDeploymentArn: brief.serviceDeploymentArn,
    deploymentId: primary.id ?? null,
    taskDefinitionArn: primary.taskDefinition ?? null,
    startedAt: brief.startedAt ? brief.startedAt.getTime() : brief.createdAt ? brief.createdAt.getTime() : null,
    status: brief.status ?? 'IN_PROGRESS',
  };
}
