import type { Problem, ServiceRecord } from '@contract/domains/inventory';
import { taskDefinitionLabel } from '@contract/arn';
import { formatAge, pluralize } from '../../format';
import { primaryDeployment, rolloutOf, serviceState } from './service-rows';
import { worstProblem } from '../problems/problem-rows';

/**
 * The service page's first line: how the service is, in one sentence an on-call engineer can
 * read aloud. The worst fact leads; counts and ages back it up.
 */
export function healthSentence(s: ServiceRecord, problems: readonly Problem[], now: number): string {
  const { word } = serviceState(s, problems);
  const running = `${s.runningCount} of ${pluralize(s.desiredCount, 'task')} running`;
  const td = taskDefinitionLabel(s.taskDefinition);
  const worst = worstProblem(problems);
  const stale = s.stale ? ' (Wharf could not refresh it lately: these numbers may be old.)' : '';

  if (s.status === 'INACTIVE') return `Deleted: the service is INACTIVE and runs nothing.${stale}`;
  if (s.status === 'DRAINING') return `Being deleted: ECS is draining its tasks; ${running}.${stale}`;
  if (word === 'crash loop' && worst) return `Crash loop: ${lowerFirst(worst.detail)} ${capitalize(running)}.${stale}`;
  if (word === 'failed') {
    const failed = s.deployments.find((d) => d.rolloutState === 'FAILED');
    const reason = failed?.rolloutStateReason ?? worst?.detail ?? 'the deployment failed';
    return `Deployment failed: ${lowerFirst(stripDot(reason))}. ${capitalize(running)} on ${td}.${stale}`;
  }
  const rollout = rolloutOf(s);
  if (rollout.kind === 'rolling') {
    const primary = primaryDeployment(s);
    const since = primary?.createdAt != null ? ` (started ${formatAge(primary.createdAt, now)} ago)` : '';
    const from = rollout.from ? ` from ${rollout.from}` : '';
    const failedTasks = primary?.failedTasks ? `; ${pluralize(primary.failedTasks, 'task')} failed to start` : '';
    return `Rolling out ${rollout.to}${from}: ${rollout.newRunning} of ${rollout.newDesired} new tasks running${failedTasks}${since}.${stale}`;
  }
  if (word === 'below desired') {
    const pending = s.pendingCount ? `, ${s.pendingCount} pending` : '';
    const why = worst ? ` ${capitalize(stripDot(worst.detail))}.` : '';
    return `Below desired: ${running}${pending}.${why}${stale}`;
  }
  if (word === 'unsettled' && worst) return `Running ${running.replace(' running', '')} on ${td}, but ${lowerFirst(stripDot(worst.title.replace(`${s.name}: `, '')))}.${stale}`;
  if (s.desiredCount === 0) return `Scaled to zero: no tasks wanted, ${s.runningCount} running, on ${td}.${stale}`;
  return `Steady: ${running} on ${td}.${stale}`;
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
