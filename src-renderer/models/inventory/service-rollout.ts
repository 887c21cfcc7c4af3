import { familyRevisionOf } from '@contract/arn';
import type { Rollout } from './service-rows';

/**
 * The words and the bar of a service's rollout in the services table: "✓ web:8" when steady;
 * "web:7 → 8 ▓▓░░ 2/4" while a new deployment replaces the old; "✕ web:8 failed" when it
 * failed. Plain functions, so the table draws a rollout with plain elements (a component per
 * row costs on every scroll step of a virtual list).
 */

/** The share of the new deployment's desired tasks running, 0..1 (1 when it wants none). */
export function rolloutShare(r: Rollout): number {
  return r.newDesired > 0 ? Math.min(1, r.newRunning / r.newDesired) : 1;
}

/** "shop-api:7 → shop-api:8" reads better as "shop-api:7 → 8" when the family is the same. */
export function rolloutLabel(r: Rollout): string {
  if (r.kind === 'failed') return `${r.to} failed`;
  if (r.kind === 'steady' || !r.from) return r.to;
  const from = familyRevisionOf(r.from);
  const to = familyRevisionOf(r.to);
  return `${r.from} → ${from && to && from.family === to.family ? to.revision : r.to}`;
}

/** ECS's rollout state in words for a title ("rollout in progress"), or undefined without one. */
export function rolloutTitle(r: Rollout): string | undefined {
  return r.rolloutState ? `rollout ${r.rolloutState.toLowerCase().replace('_', ' ')}` : undefined;
}
