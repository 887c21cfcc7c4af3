import type { ServiceRecord } from '@contract/domains/inventory';
import { taskDefinitionLabel } from '@contract/arn';
import { formatAge, pluralize } from '../../format';
import { primaryDeployment, rolloutOf } from './service-rows';

/**
 * The service page's first line: how the service is, in one sentence an on-call engineer can
 * read aloud. The verdict (core's, `service.health`) leads; counts and ages back it up. This
 * only puts the verdict and the record's facts into words; it decides nothing.
 */
export function healthSentence(s: ServiceRecord, now: number): string {
  const { word, problem: worst } = s.health;
  const running = `${s.runningCount} of ${pluralize(s.desiredCount, 'task')} running`;
  const td = taskDefinitionLabel(s.taskDefinition);
  const stale = s.stale ? ' (Wharf could not refresh it lately: these numbers may be old.)' : '';

  switch (word) {
    case 'inactive':
      return `Deleted: the service is INACTIVE and runs nothing.${stale}`;
    case 'draining':
      return `Being deleted: ECS is draining its tasks; ${running}.${stale}`;
    case 'crash-looping':
      return `Crash loop: ${worst ? lowerFirst(stripDot(worst.detail)) : 'its tasks keep stopping'}. ${capitalize(running)}.${stale}`;
    case 'failed': {
      const failed = s.deployments.find((d) => d.rolloutState === 'FAILED');
      const reason = failed?.rolloutStateReason ?? worst?.detail ?? 'the deployment failed';
      return `Deployment failed: ${lowerFirst(stripDot(reason))}. ${capitalize(running)} on ${td}.${stale}`;
    }
    case 'stuck':
      return `Rollout stuck: ${worst ? lowerFirst(stripDot(worst.detail)) : 'no progress for a while'}.${stale}`;
    case 'rolling': {
      const rollout = rolloutOf(s);
      const primary = primaryDeployment(s);
      const since = primary?.createdAt != null ? ` (started ${formatAge(primary.createdAt, now)} ago)` : '';
      const from = rollout.from ? ` from ${rollout.from}` : '';
      const failedTasks = primary?.failedTasks ? `; ${pluralize(primary.failedTasks, 'task')} failed to start` : '';
      return `Rolling out ${rollout.to}${from}: ${rollout.newRunning} of ${rollout.newDesired} new tasks running${failedTasks}${since}.${stale}`;
    }
    case 'down':
    case 'below desired': {
      const pending = s.pendingCount > 0 ? `, ${s.pendingCount} pending` : '';
      const why = worst ? ` ${capitalize(stripDot(worst.detail))}.` : '';
      return `${word === 'down' ? 'Down' : 'Below desired'}: ${running}${pending}.${why}${stale}`;
    }
    case 'scaling':
      return `Scaling to ${pluralize(s.desiredCount, 'task')}: ${s.runningCount} running${s.pendingCount > 0 ? `, ${s.pendingCount} pending` : ''}, on ${td}.${stale}`;
    case 'task errors':
      return `Running ${running.replace(' running', '')} on ${td}, but ${worst ? lowerFirst(stripDot(worst.title.replace(`${s.name}: `, ''))) : 'tasks stopped with errors'}.${stale}`;
    default:
      if (s.desiredCount === 0) return `Scaled to zero: no tasks wanted, ${s.runningCount} running, on ${td}.${stale}`;
      return `Steady: ${running} on ${td}.${stale}`;
  }
}

function stripDot(text: string): string {
  return text.replace(/[.\s]+$/, '');
}

function lowerFirst(text: string): string {
  // Keep acronyms and names ("ECS", "CannotPullContainerError") as they are.
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function capitalize(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}
