import type { EksNodegroup, KubeEventRecord, KubeNodeRecord, KubePodRecord, PodState } from '@contract/domains/eks';
import { nodeVerdict, type Verdict } from '@contract/eks-verdict';

/**
 * The EKS placement map's model, in the ECS map's language: zones, in each zone the node
 * groups (managed, self-managed, Auto Mode) with their nodes as cards filled by the pods'
 * requests against allocatable CPU and memory and by the pod count against max pods, Fargate
 * pods in a pool per zone, and the pods no node took in a Pending section, each with the
 * scheduler's reason. Pure and ordered for stability (zones, groups and nodes by name, pods by
 * colour key then name), so a pod that comes or goes never reorders anything else.
 */

export type ColourBy = 'namespace' | 'workload';

export interface PodBlock {
  /** `namespace/name` */
  key: string;
  namespace: string;
  name: string;
  /** `namespace/workload` (the pod's name when it has no controller). */
  workload: string;
  colourKey: string;
  state: PodState;
  cpuMilli: number;
  memoryBytes: number;
  restarts: number;
  reason: string | null;
  message: string | null;
  nodeName: string | null;
}

export interface Used {
  requested: number;
  allocatable: number;
}

export interface NodeCell {
  kind: 'node';
  name: string;
  /** `ip-10-0-5-205`: the host part of the node's name. */
  label: string;
  zone: string | null;
  group: string;
  instanceType: string | null;
  capacityType: string | null;
  verdict: Verdict;
  cpu: Used;
  memory: Used;
  pods: Used;
  taints: string[];
  blocks: PodBlock[];
}

export interface PoolCell {
  kind: 'pool';
  key: string;
  title: string;
  zone: string | null;
  blocks: PodBlock[];
  cpuRequested: number;
  memoryRequested: number;
}

export interface NodeGroupBlock {
  key: string;
  /** The node group's name, "self-managed", "Auto Mode" or "Fargate". */
  title: string;
  /** Capacity type and instance types, e.g. "SPOT · m5.xlarge, m5a.xlarge". */
  detail: string;
  nodes: NodeCell[];
  pools: PoolCell[];
}

export interface PlacementSectionEks {
  key: string;
  kind: 'zone' | 'pending';
  title: string;
  zone: string | null;
  groups: NodeGroupBlock[];
  nodeCount: number;
  podCount: number;
}

/** A pod no node took, with the scheduler's words and how long it has waited. */
export interface PendingPod {
  block: PodBlock;
  since: number | null;
  /** The FailedScheduling event's message (else the pod's PodScheduled condition). */
  why: string | null;
  /** How many times the scheduler said so (the event's count). */
  attempts: number | null;
}

export interface EksFilter {
  namespace: string | null;
  zone: string | null;
  group: string | null;
}

export const NO_EKS_FILTER: EksFilter = { namespace: null, zone: null, group: null };

export interface EksPlacementModel {
  sections: PlacementSectionEks[];
  pending: PendingPod[];
  choices: { namespaces: string[]; workloads: string[]; zones: string[]; groups: string[] };
  totals: { nodes: number; pods: number; shownNodes: number; shownPods: number; pending: number };
  /** The most pods on any one shown node: the map sizes every card for it. */
  maxPodsPerNode: number;
}

const TERMINAL = new Set<PodState>(['succeeded', 'failed']);
export const UNKNOWN_ZONE = 'zone unknown';

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function workloadOf(p: Pick<KubePodRecord, 'namespace' | 'name' | 'workload'>): string {
  return `${p.namespace}/${p.workload?.name ?? p.name}`;
}

/** The group a node belongs to on the map: its managed node group, else how it is run. */
export function groupOf(n: Pick<KubeNodeRecord, 'nodegroup' | 'computeType'>): string {
  if (n.nodegroup) return n.nodegroup;
  if (n.computeType === 'auto') return 'Auto Mode';
  if (n.computeType === 'fargate') return 'Fargate';
  return 'self-managed';
}

export function nodeLabel(name: string): string {
  return name.replace(/^fargate-/, '').split('.')[0];
}

function blockOf(p: KubePodRecord, colourBy: ColourBy): PodBlock {
  const workload = workloadOf(p);
  return {
    key: `${p.namespace}/${p.name}`,
    namespace: p.namespace,
    name: p.name,
    workload,
    colourKey: colourBy === 'namespace' ? p.namespace : workload,
    state: p.state,
    cpuMilli: p.requests.cpuMilli,
    memoryBytes: p.requests.memoryBytes,
    restarts: p.restarts,
    reason: p.reason,
    message: p.message,
    nodeName: p.nodeName,
  };
}

const sortBlocks = (blocks: PodBlock[]) => blocks.sort((a, b) => byText(a.colourKey, b.colourKey) || byText(a.name, b.name));

/** What a group's heading says besides its name. */
function groupDetail(title: string, nodes: readonly KubeNodeRecord[], nodegroups: readonly EksNodegroup[]): string {
  const ng = nodegroups.find((g) => g.name === title);
  const types = [...new Set(nodes.map((n) => n.instanceType).filter((t): t is string => !!t))].sort();
  const capacity = ng?.capacityType ?? nodes.find((n) => n.capacityType)?.capacityType ?? null;
  return [capacity, types.join(', ')].filter(Boolean).join(' · ');
}

type EksPlacementInput = Parameters<typeof buildEksPlacement>[0];

/** The last model built and what it was built from (the snapshot's arrays, the filter, the colouring). */
let lastEks: { input: EksPlacementInput; model: EksPlacementModel } | null = null;

/**
 * buildEksPlacement, remembering its last answer. The store keeps one snapshot object until
 * core sends a newer one, so the same arrays with the same filter and colouring mean the
 * same model: going from the Cluster tab to the map and back does not rebuild 5,000 pods.
 */
export function eksPlacementOf(input: EksPlacementInput): EksPlacementModel {
  const l = lastEks?.input;
  const f = input.filter;
  if (
    l &&
    lastEks &&
    l.nodes === input.nodes &&
    l.pods === input.pods &&
    l.events === input.events &&
    l.nodegroups === input.nodegroups &&
    l.colourBy === input.colourBy &&
    l.filter.namespace === f.namespace &&
    l.filter.zone === f.zone &&
    l.filter.group === f.group
  ) {
    return lastEks.model;
  }
  const model = buildEksPlacement(input);
  lastEks = { input: { ...input, filter: { ...f } }, model };
  return model;
}

export function buildEksPlacement(input: {
  nodes: readonly KubeNodeRecord[];
  pods: readonly KubePodRecord[];
  events: readonly KubeEventRecord[];
  nodegroups: readonly EksNodegroup[];
  filter: EksFilter;
  colourBy: ColourBy;
}): EksPlacementModel {
  const { nodes, pods, events, nodegroups, filter, colourBy } = input;
  const live = pods.filter((p) => !TERMINAL.has(p.state));
  const byNode = new Map<string, KubePodRecord[]>();
  const unplaced: KubePodRecord[] = [];
  for (const p of live) {
    if (!p.nodeName) unplaced.push(p);
    else {
      const list = byNode.get(p.nodeName);
      if (list) list.push(p);
      else byNode.set(p.nodeName, [p]);
    }
  }
  const choices = {
    namespaces: [...new Set(live.map((p) => p.namespace))].sort(byText),
    workloads: [...new Set(live.map(workloadOf))].sort(byText),
    zones: [...new Set(nodes.map((n) => n.zone ?? UNKNOWN_ZONE))].sort(byText),
    groups: [...new Set(nodes.map(groupOf))].sort(byText),
  };
  const podShown = (p: KubePodRecord) => !filter.namespace || p.namespace === filter.namespace;

  // zone -> group -> nodes
  const zones = new Map<string, Map<string, KubeNodeRecord[]>>();
  for (const n of nodes) {
    const zone = n.zone ?? UNKNOWN_ZONE;
    const group = groupOf(n);
    if (filter.zone && zone !== filter.zone) continue;
    if (filter.group && group !== filter.group) continue;
    let groups = zones.get(zone);
    if (!groups) zones.set(zone, (groups = new Map()));
    const list = groups.get(group);
    if (list) list.push(n);
    else groups.set(group, [n]);
  }

  const sections: PlacementSectionEks[] = [];
  let shownNodes = 0;
  let shownPods = 0;
  let maxPodsPerNode = 0;
  for (const zone of [...zones.keys()].sort(byText)) {
    const groups = zones.get(zone)!;
    const blocks: NodeGroupBlock[] = [];
    let nodeCount = 0;
    let podCount = 0;
    // Managed node groups by name, then self-managed, Auto Mode, and Fargate last.
    const order = (g: string) => (g === 'Fargate' ? 3 : g === 'Auto Mode' ? 2 : g === 'self-managed' ? 1 : 0);
    for (const title of [...groups.keys()].sort((a, b) => order(a) - order(b) || byText(a, b))) {
      const groupNodes = groups.get(title)!.sort((a, b) => byText(a.name, b.name));
      if (title === 'Fargate') {
        // Fargate runs each pod on a node of its own: one pool of pods per zone, not one card each.
        const fargatePods = groupNodes.flatMap((n) => byNode.get(n.name) ?? []).filter(podShown);
        if (!fargatePods.length && filter.namespace) continue;
        const poolBlocks = sortBlocks(fargatePods.map((p) => blockOf(p, colourBy)));
        blocks.push({
          key: `${zone}|Fargate`,
          title: 'Fargate',
          detail: `${groupNodes.length} pod${groupNodes.length === 1 ? '' : 's'} on Fargate capacity`,
          nodes: [],
          pools: [{ kind: 'pool', key: `${zone}|fargate`, title: 'Fargate', zone, blocks: poolBlocks, cpuRequested: sum(poolBlocks, 'cpuMilli'), memoryRequested: sum(poolBlocks, 'memoryBytes') }],
        });
        podCount += poolBlocks.length;
        // Each Fargate pod has a node of its own: shown as the pool's pods, counted as nodes.
        nodeCount += groupNodes.length;
        continue;
      }
      const cells = groupNodes.map((n): NodeCell => {
        const all = byNode.get(n.name) ?? [];
        const shown = sortBlocks(all.filter(podShown).map((p) => blockOf(p, colourBy)));
        maxPodsPerNode = Math.max(maxPodsPerNode, shown.length);
        podCount += shown.length;
        return {
          kind: 'node',
          name: n.name,
          label: nodeLabel(n.name),
          zone: n.zone,
          group: title,
          instanceType: n.instanceType,
          capacityType: n.capacityType,
          verdict: nodeVerdict(n),
          cpu: { requested: all.reduce((s, p) => s + p.requests.cpuMilli, 0), allocatable: n.allocatable.cpuMilli },
          memory: { requested: all.reduce((s, p) => s + p.requests.memoryBytes, 0), allocatable: n.allocatable.memoryBytes },
          pods: { requested: all.length, allocatable: n.allocatable.pods },
          taints: n.taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`),
          blocks: shown,
        };
      });
      nodeCount += cells.length;
      blocks.push({ key: `${zone}|${title}`, title, detail: groupDetail(title, groupNodes, nodegroups), nodes: cells, pools: [] });
    }
    shownNodes += nodeCount;
    shownPods += podCount;
    sections.push({ key: zone, kind: 'zone', title: zone, zone: zone === UNKNOWN_ZONE ? null : zone, groups: blocks, nodeCount, podCount });
  }

  const pending = pendingPods(unplaced.filter(podShown), events, colourBy);
  if (pending.length) {
    const poolBlocks = pending.map((p) => p.block);
    sections.push({
      key: 'pending',
      kind: 'pending',
      title: 'Pending: no node took them',
      zone: null,
      groups: [{ key: 'pending', title: 'Pending', detail: '', nodes: [], pools: [{ kind: 'pool', key: 'pending', title: 'Pending', zone: null, blocks: poolBlocks, cpuRequested: sum(poolBlocks, 'cpuMilli'), memoryRequested: sum(poolBlocks, 'memoryBytes') }] }],
      nodeCount: 0,
      podCount: poolBlocks.length,
    });
    shownPods += poolBlocks.length;
  }

  return {
    sections,
    pending,
    choices,
    totals: { nodes: nodes.length, pods: live.length, shownNodes, shownPods, pending: unplaced.length },
    maxPodsPerNode,
  };
}

function sum(blocks: readonly PodBlock[], key: 'cpuMilli' | 'memoryBytes'): number {
  return blocks.reduce((s, b) => s + b[key], 0);
}

/** Pending pods, longest waiting first, each with the scheduler's last word on it. */
export function pendingPods(unplaced: readonly KubePodRecord[], events: readonly KubeEventRecord[], colourBy: ColourBy): PendingPod[] {
  const failed = new Map<string, KubeEventRecord>();
  for (const e of events) {
    if (e.reason !== 'FailedScheduling' || e.involvedKind !== 'Pod') continue;
    const key = `${e.namespace}/${e.involvedName}`;
    const known = failed.get(key);
    if (!known || (e.lastTimestamp ?? 0) > (known.lastTimestamp ?? 0)) failed.set(key, e);
  }
  return unplaced
    .map((p) => {
      const event = failed.get(`${p.namespace}/${p.name}`);
      return { block: blockOf(p, colourBy), since: p.pendingSince ?? p.createdAt, why: event?.message ?? p.message, attempts: event?.count ?? null };
    })
    .sort((a, b) => (a.since ?? Infinity) - (b.since ?? Infinity) || byText(a.block.key, b.block.key));
}

/** Pending pods grouped by workload and reason: "batch/spark-worker · 2 pods · 0/8 nodes are available: …". */
export interface PendingGroup {
  workload: string;
  count: number;
  since: number | null;
  why: string | null;
  attempts: number | null;
  pods: PodBlock[];
}

export function groupPending(pending: readonly PendingPod[]): PendingGroup[] {
  const groups = new Map<string, PendingGroup>();
  for (const p of pending) {
    const key = `${p.block.workload}|${p.why ?? ''}`;
    const g = groups.get(key);
    if (g) {
      g.count++;
      g.pods.push(p.block);
      g.since = Math.min(g.since ?? Infinity, p.since ?? Infinity);
      g.attempts = Math.max(g.attempts ?? 0, p.attempts ?? 0) || null;
    } else {
      groups.set(key, { workload: p.block.workload, count: 1, since: p.since, why: p.why, attempts: p.attempts, pods: [p.block] });
    }
  }
  return [...groups.values()];
}
