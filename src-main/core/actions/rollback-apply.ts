import { RegisterTaskDefinitionCommand, StopServiceDeploymentCommand, UpdateServiceCommand, type Service } from '@aws-sdk/client-ecs';
import type { ActionOutcome } from '../../contract/domains/actions';
import { WharfError } from '../../contract/errors';
import type { EcsLike } from '../aws/reads';
import { listFamilyRevisions, type TaskDefinitionCache } from '../aws/task-definitions';
import type { OpenSession } from '../session/session-manager';
import type { AttemptContext, OperationRunner, OutcomeBody } from './operation-runner';
import { OPERATION_TAG, withOperationTag } from './registration';
import { sessionScope, type PreviewStore, type StoredPreview } from './rollback-preview';
import { describeServiceDeployment, stopIsUnderway } from './service-deployments';
import { once } from './send-once';
import { requireService } from './service-context';

/** What one rollback knows is done, across its attempts. */
interface RollbackState {
  registeredArn?: string;
  deploymentId?: string;
}

export interface ApplyDeps {
  previews: PreviewStore;
  runner: OperationRunner;
  tds: TaskDefinitionCache;
}

/**
 * Applies a preview: register the copied revision (image rollback), point the service at it
 * keeping its desired count and strategies (UpdateService gets only `taskDefinition`), and
 * report the deployment. One preview makes at most one revision and one deployment: the runner
 * joins a second click to the first, and an attempt after a failure first looks for what the
 * failed one may have done (the operation tag on a new revision, a new deployment on the service).
 */
export async function applyRollback(deps: ApplyDeps, session: OpenSession, args: { previewId: string; confirmation: string; requestId: string }): Promise<ActionOutcome> {
  const { previewId, confirmation } = args;
  const stored = deps.previews.get(previewId);
  const { preview } = stored;
  if (stored.scope !== sessionScope(session)) {
    throw new WharfError('CONFLICT', `This preview was made in ${preview.profile} / ${preview.region} (account ${preview.accountId}), but the open session is ${session.info.profile} / ${session.info.region}.`, {
      fix: 'Open the rollback again in the session you mean to change.',
    });
  }
  const action = preview.kind === 'image' ? 'rollback.image' : preview.kind === 'revision' ? 'rollback.revision' : 'rollback.stopDeployment';
  return deps.runner.execute<RollbackState>({
    requestId: args.requestId,
    // One preview, one effect, whichever request id applies it.
    intentKey: `preview:${previewId}`,
    args: { previewId },
    operationId: previewId,
    action,
    target: preview.service.serviceArn,
    session,
    confirmation,
    expected: preview.confirmText,
    before: { taskDefinition: stored.expectedTaskDefinition, desiredCount: preview.service.desiredCount, from: preview.fromLabel, diff: preview.diff },
    initialState: () => ({}),
    attempt: (ctx) => attemptRollback(deps, session, stored, ctx),
  });
}

async function attemptRollback(deps: ApplyDeps, session: OpenSession, stored: StoredPreview, ctx: AttemptContext<RollbackState>): Promise<{ outcome: OutcomeBody; after: unknown }> {
  const { ecs } = session.clients;
  const { plan, preview } = stored;
  const sentence = preview.sentence;
  if (plan.kind === 'stopDeployment') {
    const already = ctx.retry ? await describeServiceDeployment(ecs, plan.serviceDeploymentArn) : null;
    if (!already || !stopIsUnderway(already.status)) {
      await ecs.send(once(new StopServiceDeploymentCommand({ serviceDeploymentArn: plan.serviceDeploymentArn, stopType: 'ROLLBACK' })));
    }
    return {
      outcome: { taskDefinitionArn: null, deploymentId: null, serviceDeploymentArn: plan.serviceDeploymentArn, message: `Done: ${sentence}.` },
      after: { serviceDeploymentArn: plan.serviceDeploymentArn, stopType: 'ROLLBACK' },
    };
  }

  if (!ctx.retry) await assertUnchanged(session, stored);
  const state = ctx.state;
  if (plan.kind === 'image' && !state.registeredArn) {
    if (ctx.retry) state.registeredArn = (await findTaggedRevision(deps.tds, ecs, plan.registration.family ?? preview.service.family, ctx.operationId)) ?? undefined;
    if (!state.registeredArn) {
      const res = await ecs.send(once(new RegisterTaskDefinitionCommand(withOperationTag(plan.registration, ctx.operationId))));
      state.registeredArn = res.taskDefinition?.taskDefinitionArn;
      if (!state.registeredArn) throw new WharfError('AWS', 'ECS registered the task definition but did not say its ARN.');
    }
  }
  const taskDefinition = plan.kind === 'image' ? state.registeredArn! : plan.taskDefinitionArn;

  if (!state.deploymentId && ctx.retry) {
    state.deploymentId = newDeploymentFor(await requireService(session, stored.ref), taskDefinition, stored.knownDeploymentIds) ?? undefined;
  }
  if (!state.deploymentId) {
    // Only the task definition: desired count, strategies and every other setting stay as they are.
    const res = await ecs.send(once(new UpdateServiceCommand({ cluster: stored.ref.cluster, service: stored.ref.service, taskDefinition })));
    state.deploymentId = (res.service && newDeploymentFor(res.service, taskDefinition, stored.knownDeploymentIds)) ?? undefined;
  }
  return {
    outcome: { taskDefinitionArn: taskDefinition, deploymentId: state.deploymentId ?? null, serviceDeploymentArn: null, message: `Started: ${sentence}.` },
    after: { taskDefinition, image: plan.kind === 'image' ? plan.newImage : undefined, deploymentId: state.deploymentId ?? null, to: preview.toLabel },
  };
}

/** The service moved since the preview (someone deployed): its copy would undo their change. */
async function assertUnchanged(session: OpenSession, stored: StoredPreview): Promise<void> {
  const service = await requireService(session, stored.ref);
  if (service.taskDefinition !== stored.expectedTaskDefinition) {
    throw new WharfError('CONFLICT', `${stored.preview.service.serviceName} changed since the preview: it now runs ${service.taskDefinition}, not ${stored.expectedTaskDefinition}.`, {
      fix: 'Open the rollback again: the preview must show what will really change.',
    });
  }
}

/** The PRIMARY (else any) deployment of `taskDefinition` that did not exist at preview time. */
function newDeploymentFor(service: Service, taskDefinition: string, known: readonly string[]): string | null {
  const fresh = (service.deployments ?? []).filter((d) => d.taskDefinition === taskDefinition && d.id && !known.includes(d.id));
  return (fresh.find((d) => d.status === 'PRIMARY') ?? fresh[0])?.id ?? null;
}

/** A revision of `family` carrying this operation's tag: registered by an attempt whose answer was lost. */
async function findTaggedRevision(tds: TaskDefinitionCache, ecs: EcsLike, family: string, operationId: string): Promise<string | null> {
  for (const arn of await listFamilyRevisions(ecs, family, { max: 10 })) {
    const { tags } = await tds.describe(ecs, arn, { fresh: true });
    if (tags.some((t) => t.key === OPERATION_TAG && t.value === operationId)) return arn;
  }
  return null;
}

