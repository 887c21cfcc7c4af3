import type { Focus } from '@contract/domains/inventory';
import { parseArn } from '@contract/arn';

/**
 * What the user looks at, for core's poller: derived from the route (names in the URL) and
 * the clusters core listed (names to ARNs). Pure; the frame calls it on every route change.
 */

type View = Focus['view'];

const VIEW_OF_ROUTE: Record<string, View> = {
  overview: 'overview',
  problems: 'problems',
  'cluster.services': 'services',
  'cluster.service': 'service',
  'cluster.tasks': 'tasks',
  'cluster.task': 'task',
  'cluster.instances': 'instances',
  'cluster.placement': 'placement',
  'cluster.capacity': 'capacity',
  registry: 'registry',
};

/** A resource ARN in the cluster's account and region: `childArn(cluster, 'service', 'web')`. */
export function childArn(clusterArn: string, type: 'service' | 'task', name: string): string | null {
  const p = parseArn(clusterArn);
  if (!p || p.resourceType !== 'cluster') return null;
  return `arn:${p.partition}:${p.service}:${p.region}:${p.accountId}:${type}/${p.resource}/${name}`;
}

/**
 * The ARN a cluster of this name has in the session's account and region. Used only until
 * core's cluster list arrives, so a first load can start from the URL's name at once.
 */
export function clusterArnInSession(session: { accountId: string; region: string }, name: string): string {
  const partition = session.region.startsWith('cn-') ? 'aws-cn' : session.region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:ecs:${session.region}:${session.accountId}:cluster/${name}`;
}

/**
 * Names to ARNs: from core's cluster list once it has arrived (a name not in it has no ARN);
 * before that, the ARN the name has in the session's account and region.
 */
export function clusterResolver(opts: {
  listed: boolean;
  byName: (name: string) => string | null;
  session: { accountId: string; region: string } | null;
}): (name: string) => string | null {
  const { listed, byName, session } = opts;
  if (listed) return byName;
  return (name) => byName(name) ?? (session ? clusterArnInSession(session, name) : null);
}

export interface RouteLike {
  name?: string | symbol | null;
  params: Record<string, string | string[] | undefined>;
}

function param(route: RouteLike, key: string): string | null {
  const v = route.params[key];
  return typeof v === 'string' && v ? v : null;
}

export function focusFromRoute(route: RouteLike, clusterArnByName: (name: string) => string | null): Focus {
  const name = typeof route.name === 'string' ? route.name : '';
  const view: View = VIEW_OF_ROUTE[name] ?? 'other';
  const clusterName = param(route, 'cluster');
  const clusterArn = clusterName ? clusterArnByName(clusterName) : null;
  const service = param(route, 'service');
  const task = param(route, 'task');
  return {
    clusterArn,
    serviceArn: clusterArn && service ? childArn(clusterArn, 'service', service) : null,
    taskArn: clusterArn && task ? childArn(clusterArn, 'task', task) : null,
    view,
  };
}

/**
 * Whether the focus is known yet: not while the route names a cluster whose ARN neither the
 * clusters list nor the session has given (the window's first moments). A cluster-less focus
 * sent then would let core start its background sweep, which reads the very cluster the window
 * is opening and is cut off when the real focus comes: service-read tokens the first load needs.
 */
export function focusKnown(route: RouteLike, focus: Focus, clustersListed: boolean): boolean {
  return clustersListed || !param(route, 'cluster') || focus.clusterArn !== null;
}

export function sameFocus(a: Focus | null, b: Focus): boolean {
  return !!a && a.clusterArn === b.clusterArn && a.serviceArn === b.serviceArn && a.taskArn === b.taskArn && a.view === b.view;
}
