/**
 * Kubernetes JSON (nodes, pods, events) into Wharf's records. The API server's answers enter
 * as `unknown` and are checked by loose schemas for the fields Wharf reads; quantities become
 * numbers (CPU millicores, memory bytes), and each pod gets one word for what it is doing.
 */
import { z } from 'zod';
import type { ComputeType, KubeEventRecord, KubeNodeRecord, KubePodRecord, NodeTaint, PodState, Toleration } from '../../contract/domains/eks';

const Labels = z.record(z.string(), z.string()).nullish();
const Quantities = z.record(z.string(), z.string()).nullish();
const Condition = z.looseObject({ type: z.string(), status: z.string(), reason: z.string().nullish(), message: z.string().nullish(), lastTransitionTime: z.string().nullish() });

const NodeJson = z.looseObject({
  metadata: z.looseObject({ name: z.string(), labels: Labels, creationTimestamp: z.string().nullish() }),
  spec: z.looseObject({ providerID: z.string().nullish(), unschedulable: z.boolean().nullish(), taints: z.array(z.looseObject({ key: z.string(), value: z.string().nullish(), effect: z.string() })).nullish() }).nullish(),
  status: z.looseObject({ capacity: Quantities, allocatable: Quantities, conditions: z.array(Condition).nullish(), nodeInfo: z.looseObject({ kubeletVersion: z.string().nullish() }).nullish() }).nullish(),
});

const ContainerStatus = z.looseObject({
  name: z.string(),
  ready: z.boolean().nullish(),
  restartCount: z.number().nullish(),
  state: z.looseObject({ waiting: z.looseObject({ reason: z.string().nullish(), message: z.string().nullish() }).nullish(), running: z.looseObject({ startedAt: z.string().nullish() }).nullish(), terminated: z.looseObject({ exitCode: z.number().nullish(), reason: z.string().nullish() }).nullish() }).nullish(),
  lastState: z.looseObject({ terminated: z.looseObject({ exitCode: z.number().nullish(), reason: z.string().nullish() }).nullish() }).nullish(),
});

const PodJson = z.looseObject({
  metadata: z.looseObject({
    name: z.string(),
    namespace: z.string(),
    labels: Labels,
    creationTimestamp: z.string().nullish(),
    ownerReferences: z.array(z.looseObject({ kind: z.string(), name: z.string(), controller: z.boolean().nullish() })).nullish(),
  }),
  spec: z.looseObject({
    nodeName: z.string().nullish(),
    nodeSelector: z.record(z.string(), z.string()).nullish(),
    tolerations: z.array(z.looseObject({ key: z.string().nullish(), operator: z.string().nullish(), value: z.string().nullish(), effect: z.string().nullish() })).nullish(),
    containers: z.array(z.looseObject({ name: z.string(), resources: z.looseObject({ requests: Quantities }).nullish() })),
    initContainers: z.array(z.looseObject({ name: z.string(), resources: z.looseObject({ requests: Quantities }).nullish() })).nullish(),
    schedulerName: z.string().nullish(),
    priorityClassName: z.string().nullish(),
  }),
  status: z.looseObject({ phase: z.string().nullish(), conditions: z.array(Condition).nullish(), startTime: z.string().nullish(), containerStatuses: z.array(ContainerStatus).nullish(), reason: z.string().nullish(), message: z.string().nullish() }).nullish(),
});

const EventJson = z.looseObject({
  metadata: z.looseObject({ namespace: z.string().nullish() }),
  involvedObject: z.looseObject({ kind: z.string().nullish(), name: z.string().nullish() }),
  reason: z.string().nullish(),
  message: z.string().nullish(),
  type: z.string().nullish(),
  count: z.number().nullish(),
  firstTimestamp: z.string().nullish(),
  lastTimestamp: z.string().nullish(),
  eventTime: z.string().nullish(),
  source: z.looseObject({ component: z.string().nullish() }).nullish(),
  reportingComponent: z.string().nullish(),
});

/** "250m" -> 250, "2" -> 2000, "0.5" -> 500. */
export function parseCpu(quantity: string | null | undefined): number {
  if (!quantity) return 0;
  const m = /^([0-9.]+)(m|u|n)?$/.exec(quantity.trim());
  if (!m) return 0;
  const n = Number(m[1]);
  if (m[2] === 'm') return n;
  if (m[2] === 'u') return n / 1000;
  if (m[2] === 'n') return n / 1_000_000;
  return n * 1000;
}

const MEMORY_UNITS: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, m: 1e-3 };

/** "512Mi" -> 536870912, "7362887Ki", "1G", "129e6". */
export function parseMemory(quantity: string | null | undefined): number {
  if (!quantity) return 0;
  const m = /^([0-9.]+(?:e[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T|m)?$/.exec(quantity.trim());
  if (!m) return 0;
  return Math.round(Number(m[1]) * MEMORY_UNITS[m[2] ?? '']);
}

const time = (text: string | null | undefined): number | null => {
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
};

const TAINT_EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

export function normalizeNode(raw: unknown): KubeNodeRecord | null {
  const parsed = NodeJson.safeParse(raw);
  if (!parsed.success) return null;
  const n = parsed.data;
  const labels = n.metadata.labels ?? {};
  const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
  const resources = (q: Record<string, string> | null | undefined) => ({ cpuMilli: parseCpu(q?.cpu), memoryBytes: parseMemory(q?.memory), pods: Number(q?.pods ?? 0) || 0 });
  const providerInstance = /\/(i-[0-9a-f]+)$/.exec(n.spec?.providerID ?? '')?.[1] ?? null;
  const taints: NodeTaint[] = (n.spec?.taints ?? [])
    .filter((t) => TAINT_EFFECTS.has(t.effect))
    .map((t) => ({ key: t.key, value: t.value ?? null, effect: t.effect as NodeTaint['effect'] }));
  return {
    name: n.metadata.name,
    zone: labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? null,
    instanceType: labels['node.kubernetes.io/instance-type'] ?? labels['beta.kubernetes.io/instance-type'] ?? null,
    instanceId: providerInstance,
    nodegroup: labels['eks.amazonaws.com/nodegroup'] ?? null,
    capacityType: capacityTypeOf(labels),
    computeType: computeTypeOf(labels),
    labels,
    taints,
    unschedulable: n.spec?.unschedulable === true,
    ready: ready?.status === 'True' ? 'True' : ready?.status === 'False' ? 'False' : 'Unknown',
    readyReason: ready?.reason ?? null,
    readySince: time(ready?.lastTransitionTime),
    allocatable: resources(n.status?.allocatable),
    capacity: resources(n.status?.capacity),
    kubeletVersion: n.status?.nodeInfo?.kubeletVersion || null,
    createdAt: time(n.metadata.creationTimestamp),
  };
}

function computeTypeOf(labels: Record<string, string>): ComputeType {
  const type = labels['eks.amazonaws.com/compute-type'];
  if (type === 'fargate') return 'fargate';
  if (type === 'auto') return 'auto';
  if (labels['eks.amazonaws.com/nodegroup']) return 'managed';
  return 'self-managed';
}

function capacityTypeOf(labels: Record<string, string>): string | null {
  const managed = labels['eks.amazonaws.com/capacityType'];
  if (managed) return managed;
  const karpenter = labels['karpenter.sh/capacity-type'];
  if (karpenter) return karpenter === 'spot' ? 'SPOT' : 'ON_DEMAND';
  return null;
}

const IMAGE_PULL = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);

export function normalizePod(raw: unknown): KubePodRecord | null {
  const parsed = PodJson.safeParse(raw);
  if (!parsed.success) return null;
  const p = parsed.data;
  const statuses = p.status?.containerStatuses ?? [];
  const conditions = p.status?.conditions ?? [];
  const scheduled = conditions.find((c) => c.type === 'PodScheduled');
  const readyCondition = conditions.find((c) => c.type === 'Ready');
  let cpuMilli = 0;
  let memoryBytes = 0;
  for (const c of p.spec.containers) {
    cpuMilli += parseCpu(c.resources?.requests?.cpu);
    memoryBytes += parseMemory(c.resources?.requests?.memory);
  }
  // An init container's request counts when it is the largest (the pod's effective request).
  for (const c of p.spec.initContainers ?? []) {
    cpuMilli = Math.max(cpuMilli, parseCpu(c.resources?.requests?.cpu));
    memoryBytes = Math.max(memoryBytes, parseMemory(c.resources?.requests?.memory));
  }
  const { state, reason, message } = podState(p.status?.phase ?? 'Unknown', p.spec.nodeName ?? null, scheduled, readyCondition, statuses);
  const lastExit = statuses.map((s) => s.lastState?.terminated?.exitCode ?? s.state?.terminated?.exitCode).find((c) => c !== undefined && c !== null);
  const started = statuses.map((s) => s.state?.running?.startedAt).find(Boolean);
  return {
    namespace: p.metadata.namespace,
    name: p.metadata.name,
    nodeName: p.spec.nodeName ?? null,
    phase: p.status?.phase ?? 'Unknown',
    state,
    reason,
    message,
    workload: workloadOf(p.metadata.ownerReferences ?? [], p.metadata.labels ?? {}),
    requests: { cpuMilli, memoryBytes },
    nodeSelector: p.spec.nodeSelector ?? {},
    tolerations: (p.spec.tolerations ?? []).map((t): Toleration => ({ key: t.key ?? null, operator: t.operator ?? null, value: t.value ?? null, effect: t.effect ?? null })),
    restarts: statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0),
    lastExitCode: lastExit ?? null,
    createdAt: time(p.metadata.creationTimestamp),
    startedAt: time(started ?? p.status?.startTime),
    pendingSince: scheduled?.status === 'False' ? time(scheduled.lastTransitionTime) ?? time(p.metadata.creationTimestamp) : null,
    schedulerName: p.spec.schedulerName ?? null,
    priorityClassName: p.spec.priorityClassName ?? null,
  };
}

type ConditionT = z.infer<typeof Condition>;
type StatusT = z.infer<typeof ContainerStatus>;

function podState(phase: string, nodeName: string | null, scheduled: ConditionT | undefined, ready: ConditionT | undefined, statuses: StatusT[]): { state: PodState; reason: string | null; message: string | null } {
  if (phase === 'Succeeded') return { state: 'succeeded', reason: 'Completed', message: null };
  if (phase === 'Failed') return { state: 'failed', reason: 'Failed', message: null };
  if (!nodeName) return { state: 'pending', reason: scheduled?.reason ?? null, message: scheduled?.message ?? null };
  const waiting = statuses.map((s) => s.state?.waiting).filter((w): w is NonNullable<typeof w> => !!w);
  const crash = waiting.find((w) => w.reason === 'CrashLoopBackOff');
  if (crash) return { state: 'crash-loop', reason: 'CrashLoopBackOff', message: crash.message ?? null };
  const pull = waiting.find((w) => IMAGE_PULL.has(w.reason ?? ''));
  if (pull) return { state: 'image-pull', reason: pull.reason ?? null, message: pull.message ?? null };
  if (waiting.length || statuses.length === 0) return { state: 'starting', reason: waiting[0]?.reason ?? null, message: waiting[0]?.message ?? null };
  if (ready?.status === 'True') return { state: 'running', reason: null, message: null };
  return { state: 'not-ready', reason: ready?.reason ?? null, message: ready?.message ?? null };
}

/** The controller behind a pod: a Deployment when its ReplicaSet carries the pod-template-hash. */
export function workloadOf(owners: ReadonlyArray<{ kind: string; name: string; controller?: boolean | null }>, labels: Record<string, string>): { kind: string; name: string } | null {
  const owner = owners.find((o) => o.controller) ?? owners[0];
  if (!owner) return null;
  const hash = labels['pod-template-hash'];
  if (owner.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`)) return { kind: 'Deployment', name: owner.name.slice(0, -hash.length - 1) };
  if (owner.kind === 'Job' && /-\d{8,}$/.test(owner.name)) return { kind: 'CronJob', name: owner.name.replace(/-\d{8,}$/, '') };
  return { kind: owner.kind, name: owner.name };
}

export function normalizeEvent(raw: unknown): KubeEventRecord | null {
  const parsed = EventJson.safeParse(raw);
  if (!parsed.success) return null;
  const e = parsed.data;
  return {
    namespace: e.metadata.namespace ?? '',
    involvedKind: e.involvedObject.kind ?? '',
    involvedName: e.involvedObject.name ?? '',
    reason: e.reason ?? '',
    message: e.message ?? '',
    type: e.type ?? 'Normal',
    count: e.count ?? 1,
    firstTimestamp: time(e.firstTimestamp ?? e.eventTime),
    lastTimestamp: time(e.lastTimestamp ?? e.eventTime),
    source: e.source?.component ?? e.reportingComponent ?? null,
  };
}
