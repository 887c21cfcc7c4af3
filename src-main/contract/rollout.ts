import type { RolloutState, RolloutStatus } from './domains/actions';

/** Pure rules of a rollout, shared by core's follower and the renderer's tracker (no zod: the renderer bundles this). */

/** A rollout has an outcome (the tracker shows it; core notifies it once). */
export function isFinished(state: RolloutState): boolean {
  return state !== 'in-progress' && state !== 'unknown';
}

/** A failed rollout whose circuit-breaker rollback (the new PRIMARY) is still rolling: still worth following. */
export function rollbackUnderway(status: Pick<RolloutStatus, 'state' | 'deployments'>): boolean {
  return status.state === 'rolled-back' && status.deployments.some((d) => d.status === 'PRIMARY' && d.rolloutState === 'IN_PROGRESS');
}
