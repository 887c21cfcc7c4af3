/**
 * The Problems rules for EKS, pure like the ECS ones (problems/rules.ts) and in the same list:
 * nodes not Ready, pods crash-looping, failing to pull their image or pending for more than
 * five minutes (per workload, with the kubelet's or the scheduler's own words), managed node
 * groups with health issues, add-ons degraded, and a Kubernetes version past standard support.
 */
import type { EksClusterRecord, KubePodRecord, KubeSnapshot } from '../../contract/domains/eks';
import type { Problem } from '../../contract/domains/inventory';

export const MINUTE = 60_000;
export const PENDING_AFTER_MS = 5 * MINUTE;

type Draft = Omit<Problem, 'id' | 'clusterArn' | 'region'>;

function problem(cluster: EksClusterRecord, draft: Draft): Problem {
  const key = draft.subject ? `${draft.targetArn}/${draft.subject}` : draft.targetArn;
  return { id: `${draft.kind}:${key}`, clusterArn: cluster.arn, region: cluster.region, ...draft };
}

/** "7 min", "3 h", "2 days": how long, in the unit a person reads it in. */
export function duration(ms: number): string {
  const min = Math.max(1, Math.round(ms / MINUTE));
  if (min < 120) return `${min} min`;
  const hours = Math.round(min / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const clause = (text: string) => text.replace(/\.+\s*$/, '');

function date(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function detectEksProblems(cluster: EksClusterRecord, kube: KubeSnapshot | null, now: number): Problem[] {
  return [...versionSupport(cluster, now), ...nodegroupHealth(cluster), ...addonHealth(cluster), ...(kube && kube.access.state === 'ok' ? [...nodesNotReady(cluster, kube), ...podTrouble(cluster, kube, now)] : [])];
}

export function versionSupport(cluster: EksClusterRecord, now: number): Problem[] {
  const { status, endOfStandardSupport, endOfExtendedSupport } = cluster.support;
  if (!cluster.version || (status !== 'extended' && status !== 'unsupported')) return [];
  const ended = endOfStandardSupport ? ` on ${date(endOfStandardSupport)}` : '';
  const detail =
    status === 'unsupported'
      ? `Kubernetes ${cluster.version} is past the end of extended support${endOfExtendedSupport ? ` (${date(endOfExtendedSupport)})` : ''}: EKS upgrades such clusters to the oldest version it still supports. Upgrade it yourself, one minor version at a time.`
      : `Standard support for Kubernetes ${cluster.version} ended${ended}: the cluster is in extended support, billed at a higher rate per cluster hour${endOfExtendedSupport ? `, until ${date(endOfExtendedSupport)}` : ''}. Plan the upgrade; the cluster's upgrade insights say what blocks it.`;
  return [
    problem(cluster, {
      severity: status === 'unsupported' ? 'error' : 'warning',
      kind: 'version-support',
      targetArn: cluster.arn,
      title: `${cluster.name}: Kubernetes ${cluster.version} is past standard support`,
      detail,
      since: endOfStandardSupport ?? now,
    }),
  ];
}

export function nodegroupHealth(cluster: EksClusterRecord): Problem[] {
  return cluster.nodegroups
    .filter((ng) => ng.issues.length > 0 || ng.status === 'DEGRADED' || ng.status.endsWith('FAILED'))
    .map((ng) => {
      const first = ng.issues[0];
      return problem(cluster, {
        severity: ng.status.endsWith('FAILED') ? 'error' : 'warning',
        kind: 'nodegroup-degraded',
        targetArn: ng.arn,
        title: `${cluster.name} node group ${ng.name}: ${first ? first.code : ng.status}`,
        detail: first
          ? `${clause(first.message)}. ${ng.scaling.desired} nodes wanted (${ng.capacityType ?? 'ON_DEMAND'}, ${ng.instanceTypes.join(', ') || 'no instance type'}).${ng.issues.length > 1 ? ` ${plural(ng.issues.length - 1, 'more issue')}.` : ''}`
          : `The node group is ${ng.status}.`,
        since: ng.modifiedAt ?? ng.createdAt ?? 0,
      });
    });
}

export function addonHealth(cluster: EksClusterRecord): Problem[] {
  return cluster.addons
    .filter((a) => a.status === 'DEGRADED' || a.status.endsWith('FAILED') || a.issues.length > 0)
    .map((a) =>
      problem(cluster, {
        severity: a.status.endsWith('FAILED') ? 'error' : 'warning',
        kind: 'addon-degraded',
        targetArn: a.arn ?? cluster.arn,
        subject: a.arn ? undefined : `addon/${a.name}`,
        title: `${cluster.name} add-on ${a.name}: ${a.status.toLowerCase().replace('_', ' ')}`,
        detail: a.issues.length ? `${a.issues.map((i) => `${i.code}: ${clause(i.message)}`).join('; ')}. (${a.version ?? 'unknown version'})` : `The add-on is ${a.status} (${a.version ?? 'unknown version'}).`,
        since: 0,
      }),
    );
}

export function nodesNotReady(cluster: EksClusterRecord, kube: KubeSnapshot): Problem[] {
  return kube.nodes
    .filter((n) => n.ready !== 'True')
    .map((n) => {
      const pods = kube.pods.filter((p) => p.nodeName === n.name).length;
      const where = [n.nodegroup ? `node group ${n.nodegroup}` : n.computeType, n.zone].filter(Boolean).join(', ');
      const why = n.ready === 'Unknown' ? 'the kubelet stopped posting its status' : `Ready is False (${n.readyReason ?? 'no reason given'})`;
      return problem(cluster, {
        severity: 'error',
        kind: 'node-not-ready',
        targetArn: cluster.arn,
        subject: n.name,
        title: `${cluster.name}: node ${n.name} is NotReady`,
        detail: `${where ? `${where}: ` : ''}${why}. ${plural(pods, 'pod')} were placed on it; Kubernetes evicts them 5 min after the node went away.`,
        since: n.readySince ?? 0,
      });
    });
}

function workloadKey(p: KubePodRecord): string {
  return `${p.namespace}/${p.workload?.name ?? p.name}`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

export function podTrouble(cluster: EksClusterRecord, kube: KubeSnapshot, now: number): Problem[] {
  const out: Problem[] = [];
  const troubled = kube.pods.filter((p) => p.state === 'crash-loop' || p.state === 'image-pull' || (p.state === 'pending' && now - (p.pendingSince ?? p.createdAt ?? now) >= PENDING_AFTER_MS));
  for (const [subject, pods] of groupBy(troubled, (p) => `${p.state}|${workloadKey(p)}`)) {
    const workload = subject.slice(subject.indexOf('|') + 1);
    const first = pods[0];
    const since = Math.min(...pods.map((p) => (first.state === 'pending' ? (p.pendingSince ?? p.createdAt) : p.startedAt ?? p.createdAt) ?? now));
    if (first.state === 'crash-loop') {
      const restarts = Math.max(...pods.map((p) => p.restarts));
      out.push(
        problem(cluster, {
          severity: 'critical',
          kind: 'pod-crash-loop',
          targetArn: cluster.arn,
          subject: workload,
          title: `${workload}: CrashLoopBackOff`,
          detail: `${pods.length === 1 ? '1 pod keeps' : `${pods.length} pods keep`} crashing${first.lastExitCode !== null ? `: the container exits with code ${first.lastExitCode}` : ''}, ${plural(restarts, 'restart')} so far; the kubelet waits longer before each restart. Look at the container's logs (kubectl logs --previous).`,
          since,
        }),
      );
    } else if (first.state === 'image-pull') {
      out.push(
        problem(cluster, {
          severity: 'error',
          kind: 'pod-image-pull',
          targetArn: cluster.arn,
          subject: workload,
          // The kubelet alternates ErrImagePull and ImagePullBackOff: one title for both, so the problem holds still.
          title: `${workload}: ImagePullBackOff`,
          detail: `${plural(pods.length, 'pod')} cannot start: ${clause(first.message ?? 'the image cannot be pulled')}. Check the image tag exists and the node role may pull it.`,
          since,
        }),
      );
    } else {
      const event = kube.events.find((e) => e.reason === 'FailedScheduling' && e.namespace === first.namespace && pods.some((p) => p.name === e.involvedName));
      // The scheduler's sentence without its preemption part, which says nothing to fix.
      const why = (event?.message ?? first.message ?? 'the scheduler has not placed them yet').replace(/\s*preemption:.*$/s, '');
      out.push(
        problem(cluster, {
          severity: 'error',
          kind: 'pod-pending',
          targetArn: cluster.arn,
          subject: workload,
          title: `${workload}: ${plural(pods.length, 'pod')} pending for ${duration(now - since)}`,
          detail: `${clause(why)}.`,
          since,
        }),
      );
    }
  }
  return out;
}
