/**
 * The default scheduler's filters, as far as the sim's pods need them, in the plugin order of
 * kube-scheduler's default profile: NodeUnschedulable, TaintToleration, NodeAffinity (the
 * pod's nodeSelector), NodeResourcesFit (CPU, memory and the pod count). A pod that fits
 * nowhere gets the scheduler's own sentence: "0/6 nodes are available: 2 Insufficient cpu,
 * 1 node(s) had untolerated taint {dedicated: gpu}. preemption: ...", reasons counted per
 * node and sorted as kube-scheduler sorts them.
 */
import type { KubeNode, KubePod, Resources, Taint, Toleration } from './kube-types';

/** What is already placed on a node: the sum of its pods' requests and their number. */
export interface NodeUse extends Resources {
  pods: number;
}

export function podRequests(pod: Pick<KubePod, 'containers'>): Resources {
  let cpuMilli = 0;
  let memoryBytes = 0;
  for (const c of pod.containers) {
    cpuMilli += c.requests.cpuMilli;
    memoryBytes += c.requests.memoryBytes;
  }
  return { cpuMilli, memoryBytes };
}

export function tolerates(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (!t.key) return t.operator === 'Exists';
    if (t.key !== taint.key) return false;
    return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
  });
}

/** The first taint with a scheduling effect the pod does not tolerate (PreferNoSchedule only scores). */
export function untoleratedTaint(node: KubeNode, pod: Pick<KubePod, 'tolerations'>): Taint | undefined {
  return node.taints.find((taint) => taint.effect !== 'PreferNoSchedule' && !tolerates(pod.tolerations, taint));
}

export function matchesSelector(node: KubeNode, selector: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector)) if (node.labels[key] !== value) return false;
  return true;
}

/** Why the pod cannot go on this node (one or more reasons of the failing filter), or [] when it fits. */
export function filterNode(node: KubeNode, pod: KubePod, use: NodeUse): string[] {
  if (node.unschedulable) return ['node(s) were unschedulable'];
  const taint = untoleratedTaint(node, pod);
  if (taint) return [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`];
  if (!matchesSelector(node, pod.nodeSelector)) return ["node(s) didn't match Pod's node affinity/selector"];
  const need = podRequests(pod);
  const reasons: string[] = [];
  if (use.pods + 1 > node.allocatable.pods) reasons.push('Too many pods');
  if (use.cpuMilli + need.cpuMilli > node.allocatable.cpuMilli) reasons.push('Insufficient cpu');
  if (use.memoryBytes + need.memoryBytes > node.allocatable.memoryBytes) reasons.push('Insufficient memory');
  return reasons;
}

export interface ScheduleResult {
  node: KubeNode | null;
  /** The FailedScheduling message when no node fits. */
  message: string | null;
}

/**
 * Picks a node for the pod: among the nodes that pass every filter, the least requested one
 * (NodeResourcesFit's default LeastAllocated score: the most free CPU and memory, in shares).
 * `candidates` may narrow the search to the nodes that pass the filters that do not depend on
 * what runs where (unschedulable, taints, selector): the same for every pod of one workload,
 * so the caller can compute them once per workload. The reasons are counted over all nodes,
 * and only when no node fits.
 */
export function schedulePod(pod: KubePod, nodes: readonly KubeNode[], useOf: (node: KubeNode) => NodeUse, candidates: readonly KubeNode[] = nodes): ScheduleResult {
  const need = podRequests(pod);
  let best: KubeNode | null = null;
  let bestScore = -1;
  for (const node of candidates) {
    const use = useOf(node);
    const a = node.allocatable;
    if (use.pods + 1 > a.pods || use.cpuMilli + need.cpuMilli > a.cpuMilli || use.memoryBytes + need.memoryBytes > a.memoryBytes) continue;
    if (candidates === nodes && !passesStaticFilters(node, pod)) continue;
    const score = (2 - (use.cpuMilli + need.cpuMilli) / Math.max(1, a.cpuMilli) - (use.memoryBytes + need.memoryBytes) / Math.max(1, a.memoryBytes)) / 2;
    if (score > bestScore) {
      best = node;
      bestScore = score;
    }
  }
  if (best) return { node: best, message: null };
  const counts = new Map<string, number>();
  for (const node of nodes) for (const reason of filterNode(node, pod, useOf(node))) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return { node: null, message: failedSchedulingMessage(nodes.length, counts) };
}

/** NodeUnschedulable, TaintToleration and the nodeSelector: what does not change as pods come and go. */
export function passesStaticFilters(node: KubeNode, pod: Pick<KubePod, 'tolerations' | 'nodeSelector'>): boolean {
  if (node.unschedulable) return false;
  for (const taint of node.taints) if (taint.effect !== 'PreferNoSchedule' && !tolerates(pod.tolerations, taint)) return false;
  return matchesSelector(node, pod.nodeSelector);
}

/** kube-scheduler's FitError text: reasons sorted, then what preemption would have done. */
export function failedSchedulingMessage(nodeCount: number, counts: ReadonlyMap<string, number>): string {
  const reasons = [...counts].map(([reason, n]) => `${n} ${reason}`).sort();
  const head = `0/${nodeCount} nodes are available${reasons.length ? `: ${reasons.join(', ')}` : ''}.`;
  // Insufficient resources might be freed by evicting lower-priority pods; the other reasons never.
  const helpless = [...counts].filter(([reason]) => !reason.startsWith('Insufficient') && reason !== 'Too many pods').reduce((n, [, c]) => n + c, 0);
  const victims = Math.max(0, nodeCount - helpless);
  const preemption = [victims ? `${victims} No preemption victims found for incoming pod` : '', helpless ? `${helpless} Preemption is not helpful for scheduling` : '']
    .filter(Boolean)
    .sort()
    .join(', ');
  return `${head} preemption: 0/${nodeCount} nodes are available${preemption ? `: ${preemption}` : ''}.`;
}
