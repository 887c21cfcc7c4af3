import { ContinueServiceDeploymentCommand, StopServiceDeploymentCommand, type ServiceDeployment } from '@aws-sdk/client-ecs';
import type { ActionOutcome } from '../../contract/domains/actions';
import { bulkConfirmation } from '../../contract/bulk';
import type { BulkContinueResult } from '../../contract/domains/deployments';
import { WharfError } from '../../contract/errors';
import { once } from '../actions/send-once';
import type { OperationRunner } from '../actions/operation-runner';
import type { OpenSession } from '../session/session-manager';
import { describeServiceDeployments, type Count } from './deployment-reads';
import { regionOfArn } from './deployments-service';

/**
 * Steering a deployment, through the guarded runner (refused on a read-only profile, the typed
 * confirmation is the service's name, one effect per request id, audited with before and after):
 * approve or roll back a PAUSE hook (ContinueServiceDeployment), stop a deployment with ROLLBACK
 * or ABORT (StopServiceDeployment). The action runs in the deployment's own region (a watched
 * region's deployment is steered there, and audited with that region).
 */
export interface SteerDeps {
  runner: OperationRunner;
  count: Count;
  /** After an action: read the deployment again at once. */
  refresh(serviceDeploymentArn: string): void;
}

interface Ref {
  serviceDeploymentArn: string;
  region?: string;
  confirmation: string;
  requestId: string;
  /** What the confirmation must say (default: the service's name); a bulk action's phrase. */
  expected?: string;
}

/** The session as it acts in `region`: that region's clients, and the region in the audit entry. */
export function inRegion(session: OpenSession, region: string): OpenSession {
  if (region === session.info.region) return session;
  return { ...session, info: { ...session.info, region }, clients: session.clientsFor(region) };
}

async function describeOne(session: OpenSession, count: Count, arn: string): Promise<ServiceDeployment> {
  const [sd] = await describeServiceDeployments(session.clients, count, [arn]).catch((err) => Promise.reject(session.explainError(err)));
  if (!sd) throw new WharfError('NOT_FOUND', `ECS does not know the service deployment ${arn}.`);
  return sd;
}

const serviceNameOf = (sd: ServiceDeployment) => (sd.serviceArn ?? '').slice((sd.serviceArn ?? '').lastIndexOf('/') + 1);

export async function continueDeployment(deps: SteerDeps, base: OpenSession, args: Ref & { hookId: string; action: 'CONTINUE' | 'ROLLBACK' }): Promise<ActionOutcome> {
  const session = inRegion(base, args.region ?? regionOfArn(args.serviceDeploymentArn) ?? base.info.region);
  const sd = await describeOne(session, deps.count, args.serviceDeploymentArn);
  const name = serviceNameOf(sd);
  const hook = sd.lifecycleHookDetails?.find((h) => h.hookId === args.hookId);
  const verb = args.action === 'CONTINUE' ? 'approved' : 'rolled back';
  const outcome = await deps.runner.execute({
    requestId: args.requestId,
    args: { serviceDeploymentArn: args.serviceDeploymentArn, hookId: args.hookId, action: args.action },
    action: args.action === 'CONTINUE' ? 'deployment.continue' : 'deployment.rollback',
    target: args.serviceDeploymentArn,
    session,
    confirmation: args.confirmation,
    expected: args.expected ?? name,
    before: { status: sd.status, stage: sd.lifecycleStage ?? null, hook: hook ? { hookId: hook.hookId, status: hook.status, expiresAt: hook.expiresAt?.toISOString() ?? null } : null },
    initialState: () => ({}),
    attempt: async ({ retry }) => {
      // A lost answer: the hook may already have been acted on; act only while it still waits.
      const now = retry ? await describeOne(session, deps.count, args.serviceDeploymentArn) : null;
      const waiting = !now || now.lifecycleHookDetails?.some((h) => h.hookId === args.hookId && h.status === 'AWAITING_ACTION');
      if (waiting) {
        deps.count('ContinueServiceDeployment');
        await session.clients.ecs.send(once(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: args.serviceDeploymentArn, hookId: args.hookId, action: args.action })));
      }
      const after = await describeOne(session, deps.count, args.serviceDeploymentArn).catch(() => null);
      return {
        outcome: {
          taskDefinitionArn: null,
          deploymentId: null,
          serviceDeploymentArn: args.serviceDeploymentArn,
          message:
            args.action === 'CONTINUE'
              ? `${name}: the paused deployment continues (${after?.lifecycleStage ?? 'next stage'}).`
              : `${name}: the paused deployment rolls back to the previous revision.`,
        },
        after: { status: after?.status ?? null, stage: after?.lifecycleStage ?? null, hook: verb },
      };
    },
  });
  deps.refresh(args.serviceDeploymentArn);
  return outcome;
}

export async function stopDeployment(deps: SteerDeps, base: OpenSession, args: Ref & { stopType: 'ROLLBACK' | 'ABORT' }): Promise<ActionOutcome> {
  const session = inRegion(base, args.region ?? regionOfArn(args.serviceDeploymentArn) ?? base.info.region);
  const sd = await describeOne(session, deps.count, args.serviceDeploymentArn);
  const name = serviceNameOf(sd);
  const outcome = await deps.runner.execute({
    requestId: args.requestId,
    args: { serviceDeploymentArn: args.serviceDeploymentArn, stopType: args.stopType },
    action: args.stopType === 'ROLLBACK' ? 'deployment.stop' : 'deployment.abort',
    target: args.serviceDeploymentArn,
    session,
    confirmation: args.confirmation,
    expected: name,
    before: { status: sd.status, stage: sd.lifecycleStage ?? null },
    initialState: () => ({}),
    attempt: async ({ retry }) => {
      const now = retry ? await describeOne(session, deps.count, args.serviceDeploymentArn) : null;
      if (!now || now.status === 'IN_PROGRESS' || now.status === 'PENDING') {
        deps.count('StopServiceDeployment');
        await session.clients.ecs.send(once(new StopServiceDeploymentCommand({ serviceDeploymentArn: args.serviceDeploymentArn, stopType: args.stopType })));
      }
      const after = await describeOne(session, deps.count, args.serviceDeploymentArn).catch(() => null);
      return {
        outcome: {
          taskDefinitionArn: null,
          deploymentId: null,
          serviceDeploymentArn: args.serviceDeploymentArn,
          message:
            args.stopType === 'ROLLBACK'
              ? `${name}: the deployment stops and traffic goes back to the previous revision.`
              : `${name}: the deployment stops where it is; both revisions keep running and traffic stays as it is.`,
        },
        after: { status: after?.status ?? null, stage: after?.lifecycleStage ?? null },
      };
    },
  });
  deps.refresh(args.serviceDeploymentArn);
  return outcome;
}

export interface BulkItem {
  serviceDeploymentArn: string;
  region?: string;
  hookId: string;
}

/**
 * Several paused hooks after one typed confirmation: each is its own intent through the runner
 * (`<requestId>-<index>`: the same bulk request sent again replays, never repeats), one after
 * another, each refused, done or failed on its own.
 */
export async function continueMany(deps: SteerDeps, base: OpenSession, args: { items: BulkItem[]; action: 'CONTINUE' | 'ROLLBACK'; confirmation: string; requestId: string }): Promise<BulkContinueResult[]> {
  const expected = bulkConfirmation(args.action, args.items.length);
  const results: BulkContinueResult[] = [];
  for (const [i, item] of args.items.entries()) {
    const region = item.region ?? regionOfArn(item.serviceDeploymentArn) ?? base.info.region;
    const where = { serviceDeploymentArn: item.serviceDeploymentArn, hookId: item.hookId, region };
    try {
      const outcome = await continueDeployment(deps, base, { ...item, region, action: args.action, confirmation: args.confirmation, expected, requestId: `${args.requestId}-${i}` });
      results.push({ ...where, serviceName: serviceNameOfArn(item.serviceDeploymentArn), result: 'done', message: outcome.message, code: null, operationId: outcome.operationId });
    } catch (err) {
      const e = err instanceof WharfError ? err : base.explainError(err);
      const refused = e.code === 'READ_ONLY' || e.code === 'NOT_CONFIRMED' || e.code === 'CONFLICT';
      results.push({ ...where, serviceName: serviceNameOfArn(item.serviceDeploymentArn), result: refused ? 'refused' : 'failed', message: e.fix ? `${e.message} ${e.fix}` : e.message, code: e.awsCode ?? e.code, operationId: null });
    }
  }
  return results;
}

/** arn:aws:ecs:region:account:service-deployment/cluster/service/id -> service. */
function serviceNameOfArn(arn: string): string | null {
  const parts = arn.split(':').slice(5).join(':').split('/');
  return parts[0] === 'service-deployment' && parts[2] ? parts[2] : null;
}
