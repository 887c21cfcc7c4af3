import type { Problem } from '@contract/domains/inventory';
import { clusterNameOf, parseArn } from '@contract/arn';
import type { HealthState } from '../../theme/states';

/**
 * Problems as the views show them: worst first (whatever their region), each with the place
 * to look. Core sweeps the open region and the overview regions chosen in Settings, so a
 * problem may sit in another region than the open one: it says so, and opening it switches.
 */

export const SEVERITY_RANK: Record<Problem['severity'], number> = { critical: 0, error: 1, warning: 2 };

export const SEVERITY_STATE: Record<Problem['severity'], HealthState> = { critical: 'failed', error: 'failed', warning: 'degraded' };

export const SEVERITY_WORD: Record<Problem['severity'], string> = { critical: 'critical', error: 'error', warning: 'warning' };

/** Worst first; within a severity the newest first; then by title so the order is stable. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.since - a.since || a.title.localeCompare(b.title));
}

/** Problems by the ARN they point at, so a row finds its own in one lookup. */
export function problemsByTarget(problems: readonly Problem[]): Map<string, Problem[]> {
  const out = new Map<string, Problem[]>();
  for (const p of problems) out.set(p.targetArn, [...(out.get(p.targetArn) ?? []), p]);
  return out;
}

/** A route by name and params (kept free of vue-router's types so it stays pure). */
export interface PlaceToLook {
  name: string;
  params: Record<string, string>;
  /** EKS: what to pick out on the page (`?highlight=namespace/workload`, `?node=name`). */
  query?: Record<string, string>;
  /** How the link reads: "service checkout", "task 8e96…", "instances of prod-ec2". */
  label: string;
}

/** What picks the spot on an EKS page: a problem's or a notification's kind (a notification has kinds of its own) and subject. */
interface Placed {
  kind?: string;
  subject?: string;
}

/** Where a problem sends the user: the service page, the task page, the instances list, or an EKS cluster's page. */
export function placeToLook(problem: Pick<Problem, 'targetArn' | 'clusterArn'> & Placed): PlaceToLook | null {
  const parsed = parseArn(problem.targetArn);
  const cluster = clusterNameOf(problem.targetArn) ?? clusterNameOf(problem.clusterArn);
  if (!parsed || !cluster) return null;
  if (parsed.service === 'eks') return eksPlaceToLook(problem, parsed.region, cluster);
  const last = parsed.resource.split('/').at(-1) ?? '';
  switch (parsed.resourceType) {
    case 'service':
      return { name: 'cluster.service', params: { cluster, service: last }, label: `service ${last}` };
    case 'task':
      return { name: 'cluster.task', params: { cluster, task: last }, label: `task ${last.slice(0, 8)}…` };
    case 'container-instance':
      return { name: 'cluster.instances', params: { cluster }, label: `instances of ${cluster}` };
    case 'cluster':
      return { name: 'cluster.services', params: { cluster }, label: `cluster ${cluster}` };
    default:
      return null;
  }
}

/** EKS pages name their region in the route: pods and nodes open the placement map with them picked out. */
function eksPlaceToLook(problem: Placed, region: string, cluster: string): PlaceToLook {
  const params = { region, cluster };
  if (problem.subject && problem.kind?.startsWith('pod-')) return { name: 'eks.placement', params, query: { highlight: problem.subject }, label: `${problem.subject} on the map` };
  if (problem.subject && problem.kind === 'node-not-ready') return { name: 'eks.placement', params, query: { node: problem.subject }, label: `node on the map` };
  return { name: 'eks.cluster', params, label: `EKS cluster ${cluster}` };
}

/** Whether a problem belongs to an EKS cluster (its pages need no region switch). */
export function isEksProblem(problem: Pick<Problem, 'clusterArn'>): boolean {
  return parseArn(problem.clusterArn)?.service === 'eks';
}

/** A problem's region when it is not the open one (null when it is, or no region is open). */
export function otherRegionOf(problem: Pick<Problem, 'region'>, openRegion: string | null): string | null {
  return openRegion !== null && problem.region !== openRegion ? problem.region : null;
}

/** What opening a problem takes: a region switch first when it lives elsewhere, then the place. */
export interface ProblemOpening {
  switchRegion: string | null;
  place: PlaceToLook | null;
}

export function openingOf(problem: Pick<Problem, 'targetArn' | 'clusterArn' | 'region'> & Partial<Pick<Problem, 'subject' | 'kind'>>, openRegion: string | null): ProblemOpening {
  return { switchRegion: isEksProblem(problem) ? null : otherRegionOf(problem, openRegion), place: placeToLook(problem) };
}
