import { randomUUID } from 'node:crypto';
import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs';
import type { PreviewWarning, RollbackPreview, RollbackTarget, ServiceRef } from '../../contract/domains/actions';
import { WharfError } from '../../contract/errors';
import { tagIsImmutable, toScanSummary } from '../registry/ecr-reads';
import { imageLabel, imageReference, shortDigest } from '../registry/image-ref';
import { familyRevisionOf } from '../../contract/arn';
import { type TaskDefinitionCache } from '../aws/task-definitions';
import type { OpenSession } from '../session/session-manager';
import { OPERATION_TAG, registrationOf, withImage } from './registration';
import { familyHistory, inProgressDeployment, preferredTag } from './rollback-targets';
import { loadServiceContext, type ServiceContext } from './service-context';
import { diffRegistrations } from './td-diff';

/** What apply needs, kept in core: the renderer only ever sends the preview id back. */
export type RollbackPlan =
  | { kind: 'image'; registration: RegisterTaskDefinitionRequest; newImage: string; containerName: string }
  | { kind: 'revision'; taskDefinitionArn: string }
  | { kind: 'stopDeployment'; serviceDeploymentArn: string };

export interface StoredPreview {
  preview: RollbackPreview;
  plan: RollbackPlan;
  ref: ServiceRef;
  /** The session the preview was made in: applying it in another is refused. */
  scope: string;
  /** The service's task definition when previewed: if it moved, the preview is out of date. */
  expectedTaskDefinition: string;
  /** Deployment ids that existed when previewed, so the new one can be told apart. */
  knownDeploymentIds: string[];
}

const PREVIEW_TTL_MS = 15 * 60_000;

export function sessionScope(session: OpenSession): string {
  return `${session.info.profile}|${session.info.accountId}|${session.info.region}`;
}

/** Previews by id, for a quarter of an hour. */
export class PreviewStore {
  private readonly previews = new Map<string, StoredPreview>();
  constructor(private readonly now: () => number = Date.now) {}

  put(stored: StoredPreview): void {
    for (const [id, p] of this.previews) if (p.preview.expiresAt < this.now()) this.previews.delete(id);
    this.previews.set(stored.preview.previewId, stored);
  }

  get(previewId: string): StoredPreview {
    const stored = this.previews.get(previewId);
    if (!stored) throw new WharfError('NOT_FOUND', 'This rollback preview is unknown or has expired (previews last 15 minutes).', { fix: 'Open the rollback again to see the current state and confirm it.' });
    return stored;
  }
}

export async function buildPreview(session: OpenSession, tds: TaskDefinitionCache, ref: ServiceRef, target: RollbackTarget, now: number): Promise<StoredPreview> {
  const ctx = await loadServiceContext(session, tds, ref);
  const built = target.kind === 'image' ? imagePlan(ctx, target, (await familyHistory(session, tds, ctx)).ranIn) : target.kind === 'revision' ? await revisionPlan(session, tds, ctx, target.taskDefinitionArn) : await stopPlan(session, ctx, target.serviceDeploymentArn);
  const { info } = session;
  const warnings = [...built.warnings, ...commonWarnings(session, ctx, target.kind)];
  const service = ctx.head.serviceName;
  const way = rollsForward(ctx, target) ? 'forward' : 'back';
  const sentence =
    target.kind === 'stopDeployment'
      ? `Stop the deployment of ${service} to ${built.fromLabel} and roll back to ${built.toLabel} in ${info.profile} / ${info.region}`
      : `Roll ${service} ${way} from ${built.fromLabel} to ${built.toLabel} in ${info.profile} / ${info.region}`;
  const previewId = randomUUID();
  const preview: RollbackPreview = {
    previewId,
    kind: target.kind,
    service: ctx.head,
    sentence,
    confirmText: service,
    profile: info.profile,
    accountId: info.accountId,
    region: info.region,
    fromLabel: built.fromLabel,
    toLabel: built.toLabel,
    targetTaskDefinitionArn: built.plan.kind === 'revision' ? built.plan.taskDefinitionArn : null,
    registration: built.plan.kind === 'image' ? built.plan.registration : null,
    diff: built.diff,
    operationTag: built.plan.kind === 'image' ? { key: OPERATION_TAG, value: previewId } : null,
    warnings,
    readOnly: info.readOnly,
    createdAt: now,
    expiresAt: now + PREVIEW_TTL_MS,
  };
  return {
    preview,
    plan: built.plan,
    ref,
    scope: sessionScope(session),
    expectedTaskDefinition: ctx.head.taskDefinitionArn,
    knownDeploymentIds: (ctx.service.deployments ?? []).map((d) => d.id ?? '').filter(Boolean),
  };
}

interface BuiltPlan {
  plan: RollbackPlan;
  fromLabel: string;
  toLabel: string;
  diff: RollbackPreview['diff'];
  warnings: PreviewWarning[];
}

function imagePlan(ctx: ServiceContext, target: Extract<RollbackTarget, { kind: 'image' }>, ranIn: Map<string, number[]>): BuiltPlan {
  const container = ctx.containers.find((c) => c.containerName === target.containerName);
  const repo = container?.repositoryName ? ctx.repos.get(container.repositoryName) : undefined;
  if (!container || !repo?.repository.repositoryUri) {
    throw new WharfError('BAD_REQUEST', `Container ${target.containerName} of ${ctx.head.serviceName} does not run an image from this account's ECR.`);
  }
  const image = repo.images.find((i) => i.imageDigest === target.digest);
  if (!image) throw new WharfError('NOT_FOUND', `Repository ${container.repositoryName} has no image ${shortDigest(target.digest)} (it may have been deleted or expired by a lifecycle policy).`);
  const tags = image.imageTags ?? [];
  const tag = target.tag && tags.includes(target.tag) ? target.tag : preferredTag(repo, tags);
  const immutable = tag !== null && tagIsImmutable(repo.repository, tag);
  const newImage = imageReference(repo.repository.repositoryUri, { tag, digest: target.digest, pinByDigest: !immutable });
  if (newImage === container.image || target.digest === container.digest) {
    throw new WharfError('PRECONDITION', `${ctx.head.serviceName} already runs ${imageLabel({ tag, digest: target.digest })} in container ${container.containerName}.`, { fix: 'Pick an earlier image.' });
  }
  const base = registrationOf(ctx.current.taskDefinition, ctx.current.tags);
  const registration = withImage(base.input, container.containerName, newImage);
  const warnings: PreviewWarning[] = [];
  if (!immutable) {
    warnings.push({
      code: 'mutable-tag-pinned',
      message: tag
        ? `${tag} is a mutable tag: the new revision names the image by digest (${shortDigest(target.digest)}), so it runs exactly the image ${tag} names now even if the tag moves.`
        : `This image has no tag: the new revision names it by digest (${shortDigest(target.digest)}).`,
    });
  }
  const scan = toScanSummary(image);
  if (scan && scan.total > 0) {
    const parts = Object.entries(scan.counts).map(([sev, n]) => `${n} ${sev}`);
    warnings.push({ code: 'scan-findings', message: `The last scan of ${imageLabel({ tag, digest: target.digest })} found ${parts.join(', ')}.` });
  }
  const ranBefore = ranIn.has(`${container.containerName}|${target.digest}`);
  if (!ranBefore) warnings.push({ code: 'never-ran', message: `No earlier revision of ${ctx.head.family} ran this image: it has never run in ${ctx.head.serviceName}.` });
  for (const field of base.notCopied) {
    warnings.push({ code: 'field-not-copied', message: `ECS returned a field Wharf does not know (${field}); it is not copied into the new revision.` });
  }
  return {
    plan: { kind: 'image', registration, newImage, containerName: container.containerName },
    fromLabel: imageLabel({ tag: container.tag, digest: container.digest }),
    toLabel: imageLabel({ tag, digest: target.digest }),
    diff: diffRegistrations(base.input, registration),
    warnings,
  };
}

async function revisionPlan(session: OpenSession, tds: TaskDefinitionCache, ctx: ServiceContext, arn: string): Promise<BuiltPlan> {
  const target = await tds.describe(session.clients.ecs, arn).catch((err) => Promise.reject(session.explainError(err)));
  const td = target.taskDefinition;
  const fr = familyRevisionOf(td.taskDefinitionArn ?? arn);
  if (!fr || fr.family !== ctx.head.family) throw new WharfError('BAD_REQUEST', `${arn} is not a revision of ${ctx.head.family}.`);
  if (fr.revision === ctx.head.revision) throw new WharfError('PRECONDITION', `${ctx.head.serviceName} already runs revision ${fr.revision}.`);
  if (td.status !== 'ACTIVE') throw new WharfError('PRECONDITION', `Revision ${fr.revision} of ${fr.family} is ${td.status ?? 'not ACTIVE'}: ECS cannot start new tasks from it.`);
  const before = registrationOf(ctx.current.taskDefinition, ctx.current.tags).input;
  const after = registrationOf(td, target.tags).input;
  return {
    plan: { kind: 'revision', taskDefinitionArn: td.taskDefinitionArn ?? arn },
    fromLabel: `revision ${ctx.head.revision}`,
    toLabel: `revision ${fr.revision}`,
    diff: diffRegistrations(before, after),
    warnings: [],
  };
}

async function stopPlan(session: OpenSession, ctx: ServiceContext, serviceDeploymentArn: string): Promise<BuiltPlan> {
  const running = await inProgressDeployment(session.clients.ecs, ctx.service).catch((err) => Promise.reject(session.explainError(err)));
  if (!running || running.serviceDeploymentArn !== serviceDeploymentArn) {
    throw new WharfError('CONFLICT', `That deployment of ${ctx.head.serviceName} is no longer in progress.`, { fix: 'Open the rollback again to see the current deployments.' });
  }
  const previous = (ctx.service.deployments ?? []).find((d) => d.status !== 'PRIMARY' && d.taskDefinition);
  const prevRevision = previous?.taskDefinition ? familyRevisionOf(previous.taskDefinition)?.revision : undefined;
  return {
    plan: { kind: 'stopDeployment', serviceDeploymentArn },
    fromLabel: `revision ${ctx.head.revision}`,
    toLabel: prevRevision !== undefined ? `revision ${prevRevision}` : 'the last steady revision',
    diff: [],
    warnings: [],
  };
}

function commonWarnings(session: OpenSession, ctx: ServiceContext, kind: RollbackTarget['kind']): PreviewWarning[] {
  const out: PreviewWarning[] = [];
  if (session.info.production) out.push({ code: 'production', message: `${session.info.profile} is marked production.` });
  const primary = ctx.service.deployments?.find((d) => d.status === 'PRIMARY');
  if (kind !== 'stopDeployment' && primary?.rolloutState === 'IN_PROGRESS') {
    out.push({ code: 'deployment-in-progress', message: `A deployment of ${ctx.head.serviceName} is in progress: this rollback replaces it.` });
  }
  const cb = ctx.service.deploymentConfiguration?.deploymentCircuitBreaker;
  if (kind !== 'stopDeployment' && !cb?.enable) {
    out.push({ code: 'no-circuit-breaker', message: `The deployment circuit breaker is off for ${ctx.head.serviceName}: if the target cannot start, ECS keeps trying instead of rolling back.` });
  }
  return out;
}

/** A target later than what the service runs: a newer revision of the family, or an image pushed after the running one. */
function rollsForward(ctx: ServiceContext, target: RollbackTarget): boolean {
  if (target.kind === 'revision') return (familyRevisionOf(target.taskDefinitionArn)?.revision ?? 0) > ctx.head.revision;
  if (target.kind !== 'image') return false;
  const running = ctx.containers.find((c) => c.containerName === target.containerName);
  const repo = running?.repositoryName ? ctx.repos.get(running.repositoryName) : undefined;
  const pushed = (digest: string | null | undefined) => repo?.images.find((i) => i.imageDigest === digest)?.imagePushedAt?.getTime();
  const now = pushed(running?.digest);
  const then = pushed(target.digest);
  return now !== undefined && then !== undefined && then > now;
}
