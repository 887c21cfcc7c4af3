import type { Problem } from '../../contract/domains/inventory';
import { belowDesired, crashLoops, erroredTasks, failedDeployments, instanceTrouble, spotInterruptions, stuckDeployments, type RuleInput } from './rules';

/** Every rule over one cluster's records. */
export function detectClusterProblems(input: RuleInput): Problem[] {
  const loops = crashLoops(input);
  return [
    ...failedDeployments(input),
    ...loops,
    ...stuckDeployments(input),
    ...erroredTasks(input, new Set(loops.map((p) => p.targetArn))),
    ...belowDesired(input),
    ...instanceTrouble(input),
    ...spotInterruptions(input),
  ];
}

const SEVERITY_RANK = { critical: 0, error: 1, warning: 2 } as const;

/** Worst first: severity, then the longest-standing, then by id for a stable order. */
export function sortWorstFirst(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.since - b.since || a.id.localeCompare(b.id));
}
