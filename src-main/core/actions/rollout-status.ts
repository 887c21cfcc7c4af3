import type { RolloutDeployment, RolloutState, RolloutStatus, ServiceRef } from '../../contract/domains/actions';
import type { DeploymentRecord, ServiceRecord } from '../../contract/domains/inventory';
import { normalizeService } from '../inventory/normalize';
import { familyRevisionOf } from '../../contract/arn';
import type { OpenSession } from '../session/session-manager';
import { requireService } from './service-context';

/**
 * The live state of a rollout, in words, judged from a service record (the inventory's, or one
 * DescribeServices). ECS drops a failed deployment from `deployments[]` once its rollback has
 * finished, so the last state seen of each deployment is remembered: a tracker that sees the
 * service every few seconds always sees FAILED before it disappears.
 */
export class RolloutTracker {
  private readonly seen = new Map<string, { state: RolloutState; sentence: string; reason?: string }>();

  /** One read of the service (DescribeServices), judged. */
  async status(session: OpenSession, ref: ServiceRef, deploymentId: string | undefined, now: number): Promise<RolloutStatus> {
    return this.statusOf(normalizeService(await requireService(session, ref), now), deploymentId);
  }

  /** The rollout of `deploymentId` (else the PRIMARY deployment) as a service record shows it. */
  statusOf(service: ServiceRecord, deploymentId: string | undefined): RolloutStatus {
    const id = deploymentId ?? service.deployments.find((d) => d.status === 'PRIMARY')?.id ?? null;
    const judged = id ? this.judge(service, id) : { state: 'unknown' as const, sentence: 'No deployment to follow.' };
    if (id && judged.state !== 'unknown') this.seen.set(id, { ...judged, reason: service.deployments.find((d) => d.id === id)?.rolloutStateReason ?? undefined });
    const remembered = id && judged.state === 'unknown' ? this.recall(service, id) : undefined;
    return {
      serviceName: service.name,
      deploymentId: id,
      ...(remembered ?? judged),
      desiredCount: service.desiredCount,
      deployments: service.deployments.map(toRolloutDeployment),
      events: service.events.slice(0, 25).map((e) => ({ id: e.id, createdAt: e.createdAt || null, message: e.message })),
      circuitBreaker: service.circuitBreaker,
      fetchedAt: service.fetchedAt,
    };
  }

  /** A deployment ECS no longer lists: how it was last seen, with a rollback's current progress. */
  private recall(service: ServiceRecord, id: string): { state: RolloutState; sentence: string } | undefined {
    const seen = this.seen.get(id);
    if (seen?.state !== 'rolled-back') return seen;
    const primary = service.deployments.find((d) => d.status === 'PRIMARY');
    if (!primary) return seen;
    const where = primary.rolloutState === 'COMPLETED' ? 'is back on' : 'is rolling back to';
    const reason = seen.reason ? ` ${seen.reason}` : '';
    return { state: 'rolled-back', sentence: `FAILED and rolled back:${reason} ${service.name} ${where} ${revisionLabel(primary.taskDefinition)} (${primary.runningCount} of ${primary.desiredCount} running).` };
  }

  private judge(service: ServiceRecord, id: string): { state: RolloutState; sentence: string } {
    const all = service.deployments;
    const d = all.find((x) => x.id === id);
    if (!d) return judgeFromEvents(service, id);
    const label = revisionLabel(d.taskDefinition);
    const counts = `${d.runningCount} of ${d.desiredCount} tasks running ${label}`;
    if (d.rolloutState === 'COMPLETED') return { state: 'completed', sentence: `COMPLETED: ${counts}.` };
    if (d.rolloutState === 'FAILED') {
      const reason = d.rolloutStateReason ? ` ${d.rolloutStateReason}` : '';
      const back = all.find((x) => x.status === 'PRIMARY' && x.id !== id);
      if (back) {
        const backState = back.rolloutState === 'COMPLETED' ? 'is back on' : 'is rolling back to';
        return { state: 'rolled-back', sentence: `FAILED and rolled back:${reason} ${service.name} ${backState} ${revisionLabel(back.taskDefinition)} (${back.runningCount} of ${back.desiredCount} running).` };
      }
      return { state: 'failed', sentence: `FAILED:${reason || ' the deployment did not reach a steady state.'}` };
    }
    if (d.status !== 'PRIMARY') {
      const primary = all.find((x) => x.status === 'PRIMARY');
      return { state: 'stopped', sentence: `Replaced: ${service.name} now deploys ${revisionLabel(primary?.taskDefinition)}; ${counts}.` };
    }
    const failed = d.failedTasks ? `, ${d.failedTasks} failed to start` : '';
    return { state: 'in-progress', sentence: `In progress: ${counts}${failed}.` };
  }
}

/** The deployment is gone from `deployments[]`: its events say how it ended. */
function judgeFromEvents(service: ServiceRecord, id: string): { state: RolloutState; sentence: string } {
  const mentions = service.events.filter((e) => e.message.includes(id));
  const failed = mentions.find((e) => /fail|circuit breaker|roll(ed|ing)? back/i.test(e.message));
  if (failed) return { state: 'rolled-back', sentence: `FAILED and rolled back: ${failed.message}` };
  if (mentions.some((e) => /completed/i.test(e.message))) return { state: 'completed', sentence: `COMPLETED: ${service.name} runs ${revisionLabel(service.taskDefinition)}.` };
  return { state: 'unknown', sentence: `Deployment ${id} is no longer listed by ECS.` };
}

function revisionLabel(taskDefinition: string | undefined): string {
  const fr = taskDefinition ? familyRevisionOf(taskDefinition) : null;
  return fr ? `${fr.family}:${fr.revision}` : (taskDefinition ?? 'unknown');
}

function toRolloutDeployment(d: DeploymentRecord): RolloutDeployment {
  return {
    id: d.id,
    status: d.status,
    taskDefinition: d.taskDefinition,
    revisionLabel: revisionLabel(d.taskDefinition),
    desiredCount: d.desiredCount,
    runningCount: d.runningCount,
    pendingCount: d.pendingCount,
    failedTasks: d.failedTasks,
    rolloutState: d.rolloutState,
    rolloutStateReason: d.rolloutStateReason,
    createdAt: d.createdAt,
  };
}
