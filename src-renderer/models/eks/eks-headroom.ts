import type { EksFargateProfile, KubeNodeRecord, KubePodRecord, NodeTaint, Toleration } from '@contract/domains/eks';
import { nodeLabel } from './eks-placement';

/**
 * "Can N more pods of this size be scheduled now?", answered with Kubernetes' own rules, in
 * the default scheduler's filter order: the node not cordoned, every NoSchedule/NoExecute
 * taint tolerated, the pod's nodeSelector matched by the node's labels, then the pod's
 * requests within allocatable less what the pods already there request, and one more pod
 * within max pods. Pods go one at a time to the least requested node that passes (the
 * default LeastAllocated score). What does not fit is said as the scheduler says it:
 * "0/8 nodes are available: 2 Insufficient cpu, 3 node(s) didn't match Pod's node affinity/selector".
 * A pod whose namespace and labels match a Fargate profile goes to Fargate instead.
 * It answers for now: the cluster autoscaler or Karpenter may add nodes later, and pods that
 * come and go meanwhile change the answer.
 */

export interface PodShape {
  cpuMilli: number;
  memoryBytes: number;
  nodeSelector: Record<string, string>;
  tolerations: readonly Toleration[];
  namespace: string | null;
  labels: Record<string, string>;
}

export interface HeadroomPlacement {
  node: string;
  label: string;
  zone: string | null;
  count: number;
}

export interface HeadroomResult {
  requested: number;
  placed: number;
  onFargate: string | null;
  placements: HeadroomPlacement[];
  /** The scheduler's sentence for the first pod that does not fit; null when all fit. */
  message: string | null;
  sentence: string;
}

const TERMINAL = new Set(['succeeded', 'failed']);

export function tolerates(tolerations: readonly Toleration[], taint: NodeTaint): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (!t.key) return t.operator === 'Exists';
    if (t.key !== taint.key) return false;
    return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
  });
}

/** The reason a node refuses the pod before resources count, or null. */
export function staticRefusal(node: KubeNodeRecord, shape: PodShape): string | null {
  if (node.unschedulable) return 'node(s) were unschedulable';
  const taint = node.taints.find((t) => t.effect !== 'PreferNoSchedule' && !tolerates(shape.tolerations, t));
  if (taint) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  for (const [key, value] of Object.entries(shape.nodeSelector)) if (node.labels[key] !== value) return "node(s) didn't match Pod's node affinity/selector";
  return null;
}

interface Slot {
  node: KubeNodeRecord;
  cpu: number;
  memory: number;
  pods: number;
  taken: number;
}

function resourceRefusals(slot: Slot, shape: PodShape): string[] {
  const a = slot.node.allocatable;
  const out: string[] = [];
  if (slot.pods + 1 > a.pods) out.push('Too many pods');
  if (slot.cpu + shape.cpuMilli > a.cpuMilli) out.push('Insufficient cpu');
  if (slot.memory + shape.memoryBytes > a.memoryBytes) out.push('Insufficient memory');
  return out;
}

/** kube-scheduler's sentence for a pod that fits nowhere (reasons counted per node, sorted). */
export function schedulerSentence(nodeCount: number, counts: ReadonlyMap<string, number>): string {
  const reasons = [...counts].map(([reason, n]) => `${n} ${reason}`).sort();
  return `0/${nodeCount} nodes are available${reasons.length ? `: ${reasons.join(', ')}` : ''}.`;
}

export function fargateProfileFor(shape: Pick<PodShape, 'namespace' | 'labels'>, profiles: readonly EksFargateProfile[]): string | null {
  if (!shape.namespace) return null;
  for (const p of profiles) {
    if (p.selectors.some((s) => s.namespace === shape.namespace && Object.entries(s.labels).every(([k, v]) => shape.labels[k] === v))) return p.name;
  }
  return null;
}

export function fitPods(input: { shape: PodShape; count: number; nodes: readonly KubeNodeRecord[]; pods: readonly KubePodRecord[]; fargateProfiles: readonly EksFargateProfile[] }): HeadroomResult {
  const { shape, nodes } = input;
  const count = Math.max(1, Math.floor(input.count));
  const fargate = fargateProfileFor(shape, input.fargateProfiles);
  if (fargate) {
    return {
      requested: count,
      placed: count,
      onFargate: fargate,
      placements: [],
      message: null,
      sentence: `Pods in ${shape.namespace} match Fargate profile ${fargate}: Fargate runs each one on capacity of its own, so all ${count} can be scheduled (within the account's Fargate quota).`,
    };
  }
  const used = new Map<string, { cpu: number; memory: number; pods: number }>();
  for (const p of input.pods) {
    if (!p.nodeName || TERMINAL.has(p.state)) continue;
    const u = used.get(p.nodeName) ?? { cpu: 0, memory: 0, pods: 0 };
    u.cpu += p.requests.cpuMilli;
    u.memory += p.requests.memoryBytes;
    u.pods += 1;
    used.set(p.nodeName, u);
  }
  const candidates: Slot[] = [];
  const staticCounts = new Map<string, number>();
  for (const node of nodes) {
    if (node.computeType === 'fargate') {
      // Fargate's nodes carry the eks.amazonaws.com/compute-type taint: counted as the scheduler counts them.
      const reason = staticRefusal(node, shape) ?? 'node(s) had untolerated taint {eks.amazonaws.com/compute-type: fargate}';
      staticCounts.set(reason, (staticCounts.get(reason) ?? 0) + 1);
      continue;
    }
    const reason = staticRefusal(node, shape);
    if (reason) {
      staticCounts.set(reason, (staticCounts.get(reason) ?? 0) + 1);
      continue;
    }
    const u = used.get(node.name) ?? { cpu: 0, memory: 0, pods: 0 };
    candidates.push({ node, cpu: u.cpu, memory: u.memory, pods: u.pods, taken: 0 });
  }

  let placed = 0;
  const order: Slot[] = [];
  for (; placed < count; placed++) {
    let best: Slot | null = null;
    let bestScore = -Infinity;
    for (const slot of candidates) {
      if (resourceRefusals(slot, shape).length) continue;
      const a = slot.node.allocatable;
      const score = 2 - (slot.cpu + shape.cpuMilli) / Math.max(1, a.cpuMilli) - (slot.memory + shape.memoryBytes) / Math.max(1, a.memoryBytes);
      if (score > bestScore) {
        best = slot;
        bestScore = score;
      }
    }
    if (!best) break;
    best.cpu += shape.cpuMilli;
    best.memory += shape.memoryBytes;
    best.pods += 1;
    if (best.taken === 0) order.push(best);
    best.taken += 1;
  }

  let message: string | null = null;
  if (placed < count) {
    const counts = new Map(staticCounts);
    for (const slot of candidates) for (const r of resourceRefusals(slot, shape)) counts.set(r, (counts.get(r) ?? 0) + 1);
    message = schedulerSentence(nodes.length, counts);
  }
  const placements = order.map((s) => ({ node: s.node.name, label: nodeLabel(s.node.name), zone: s.node.zone, count: s.taken }));
  return { requested: count, placed, onFargate: null, placements, message, sentence: sentenceOf(count, placed, placements, message) };
}

function sentenceOf(requested: number, placed: number, placements: readonly HeadroomPlacement[], message: string | null): string {
  const where = placements.length === 1 ? `on ${placements[0].label}` : `on ${placements.length} nodes`;
  if (placed === requested) return `Yes: all ${requested} can be scheduled now, ${where}.`;
  const head = message?.split(':')[0] ?? '';
  if (placed === 0) return `No: not one more pod of this shape can be scheduled now. ${head}:`;
  return `Only ${placed} of ${requested} can be scheduled now (${where}); for the rest, ${head}:`;
}

/** A workload's shape, from one of its pods: what "more of these" means. */
export function shapeOfWorkload(pods: readonly KubePodRecord[], workload: string): PodShape | null {
  const pod = pods.find((p) => `${p.namespace}/${p.workload?.name ?? p.name}` === workload);
  if (!pod) return null;
  // Tolerations every pod gets by default are dropped: they tolerate only the node conditions.
  return { cpuMilli: pod.requests.cpuMilli, memoryBytes: pod.requests.memoryBytes, nodeSelector: pod.nodeSelector, tolerations: pod.tolerations, namespace: pod.namespace, labels: {} };
}

/** "key=value, key2=value2" into a selector; null when a part is not key=value. */
export function parseSelector(text: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([\w./-]+)=([\w./-]*)$/.exec(part);
    if (!m) return null;
    out[m[1]] = m[2];
  }
  return out;
}
