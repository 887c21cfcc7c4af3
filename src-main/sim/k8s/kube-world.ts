/**
 * One simulated Kubernetes cluster: its nodes, namespaces, pods and events, the scheduler that
 * places pods on nodes, and the kubelet's side of trouble (a container that keeps crashing, an
 * image that cannot be pulled). Time-driven changes (restarts, back-offs, the scheduler's
 * retries, events expiring after an hour as kube-apiserver's --event-ttl) are applied by
 * `advance(now)`, which the API server calls before answering, as the ECS engine runs up to
 * "now" before each call. Every stored change bumps `revision` (etcd's), which becomes the
 * object's resourceVersion.
 */
import type { Random } from '../engine/random';
import { passesStaticFilters, podRequests, schedulePod, type NodeUse } from './kube-scheduler';
import type { ContainerSpec, KubeEvent, KubeNamespace, KubeNode, KubePod, OwnerRef, PodBehaviour, Toleration } from './kube-types';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
/** kube-apiserver's default --event-ttl. */
export const EVENT_TTL_MS = 60 * MINUTE;
/** How long a crash-looping container runs before it exits again. */
export const CRASH_RUN_MS = 8 * SECOND;
/** kube-scheduler retries an unschedulable pod at least this often (podMaxInUnschedulablePodsDuration). */
export const UNSCHEDULABLE_RETRY_MS = 5 * MINUTE;

/** The kubelet's restart and image-pull back-off: 10 s doubling up to 5 min. */
export function backoffMs(attempt: number): number {
  return Math.min(10 * SECOND * 2 ** attempt, 5 * MINUTE);
}

/** A Fargate profile's selectors, as the cluster's Fargate scheduler matches pods with them. */
export interface FargateSelector {
  profile: string;
  namespace: string;
  labels: Record<string, string>;
  subnets: string[];
  zones: string[];
}

export interface PodTemplate {
  namespace: string;
  /** The app's name: pods are labelled `app: <name>` and `app.kubernetes.io/name: <name>`. */
  app: string;
  containers: ContainerSpec[];
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  labels?: Record<string, string>;
  priorityClassName?: string;
  serviceAccountName?: string;
  behaviour?: PodBehaviour;
  exitCode?: number;
}

/** Tolerations every pod gets from the DefaultTolerationSeconds admission plugin. */
const DEFAULT_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

/** DaemonSet pods tolerate the node conditions without limit (the DaemonSet controller adds these). */
const DAEMONSET_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

export class KubeWorld {
  revision = 1;
  readonly nodes = new Map<string, KubeNode>();
  readonly namespaces = new Map<string, KubeNamespace>();
  /** By `namespace/name`. */
  readonly pods = new Map<string, KubePod>();
  /** By `namespace/name`. */
  readonly events = new Map<string, KubeEvent>();
  private readonly use = new Map<string, NodeUse>();
  /** Pods whose state moves with time: crash loops, failing pulls, unschedulable ones. */
  private readonly dynamic = new Set<KubePod>();
  /** Per pod key, its trouble events by reason. */
  private readonly podEvents = new Map<string, Map<string, KubeEvent>>();
  private fargate: FargateSelector[] = [];
  private nodesCache: KubeNode[] | null = null;
  private readonly candidates = new Map<string, KubeNode[]>();
  private advancedTo = 0;

  constructor(
    readonly clusterName: string,
    readonly region: string,
    private readonly random: Random,
  ) {}

  // ---- building ----

  addNamespace(name: string, createdAt: number, labels: Record<string, string> = {}): KubeNamespace {
    const ns: KubeNamespace = { name, uid: this.random.uuid(), rv: this.bump(), createdAt, labels: { 'kubernetes.io/metadata.name': name, ...labels } };
    this.namespaces.set(name, ns);
    return ns;
  }

  addNode(node: Omit<KubeNode, 'rv' | 'uid'>): KubeNode {
    const stored: KubeNode = { ...node, uid: this.random.uuid(), rv: this.bump() };
    this.nodes.set(stored.name, stored);
    this.use.set(stored.name, { cpuMilli: 0, memoryBytes: 0, pods: 0 });
    this.nodesChanged();
    return stored;
  }

  setFargateProfiles(selectors: FargateSelector[]): void {
    this.fargate = selectors;
  }

  /** A Deployment's pods (through its ReplicaSet), created at `createdAt`, not yet placed. */
  addDeployment(template: PodTemplate, replicas: number, createdAt: number): KubePod[] {
    const hash = this.random.hex(10).replace(/[^a-z0-9]/g, 'x').slice(0, 10);
    const owner: OwnerRef = { kind: 'ReplicaSet', name: `${template.app}-${hash}`, uid: this.random.uuid() };
    return Array.from({ length: replicas }, () =>
      this.addPod(template, owner, `${owner.name}-${this.random.hex(5)}`, createdAt + this.random.int(0, 4) * SECOND, { 'pod-template-hash': hash }),
    );
  }

  addStatefulSet(template: PodTemplate, replicas: number, createdAt: number): KubePod[] {
    const owner: OwnerRef = { kind: 'StatefulSet', name: template.app, uid: this.random.uuid() };
    return Array.from({ length: replicas }, (_, i) => this.addPod(template, owner, `${template.app}-${i}`, createdAt + i * 20 * SECOND, {}));
  }

  /** One pod on every node the template selects (never on Fargate: Fargate runs no DaemonSets). */
  addDaemonSet(template: PodTemplate, createdAt: number): KubePod[] {
    const owner: OwnerRef = { kind: 'DaemonSet', name: template.app, uid: this.random.uuid() };
    const pods: KubePod[] = [];
    for (const node of this.nodes.values()) {
      if (node.computeType === 'fargate') continue;
      if (Object.entries(template.nodeSelector ?? {}).some(([k, v]) => node.labels[k] !== v)) continue;
      const pod = this.addPod({ ...template, tolerations: [...(template.tolerations ?? []), ...DAEMONSET_TOLERATIONS] }, owner, `${template.app}-${this.random.hex(5)}`, Math.max(createdAt, node.createdAt), {});
      this.bind(pod, node, pod.createdAt + 3 * SECOND);
      pods.push(pod);
    }
    return pods;
  }

  private addPod(template: PodTemplate, owner: OwnerRef | null, name: string, createdAt: number, extraLabels: Record<string, string>): KubePod {
    const fargate = this.fargateProfileFor(template.namespace, { app: template.app, ...template.labels });
    const pod: KubePod = {
      namespace: template.namespace,
      name,
      uid: this.random.uuid(),
      rv: this.bump(),
      createdAt,
      labels: { app: template.app, 'app.kubernetes.io/name': template.app, ...template.labels, ...extraLabels, ...(fargate ? { 'eks.amazonaws.com/fargate-profile': fargate.profile } : {}) },
      owner,
      containers: template.containers,
      nodeSelector: template.nodeSelector ?? {},
      tolerations: [...(template.tolerations ?? []), ...DEFAULT_TOLERATIONS],
      schedulerName: fargate ? 'fargate-scheduler' : 'default-scheduler',
      priorityClassName: template.priorityClassName,
      serviceAccountName: template.serviceAccountName ?? 'default',
      behaviour: template.behaviour ?? 'run',
      exitCode: template.exitCode,
      nodeName: null,
      scheduledAt: null,
      podIp: null,
      unschedulable: null,
      restarts: 0,
      lastTerminatedAt: null,
      lastStartedAt: null,
    };
    this.pods.set(podKey(pod), pod);
    return pod;
  }

  /**
   * Places every pod not yet on a node: Fargate pods each on a node of their own, the rest by
   * the default scheduler. A pod that fits nowhere is left Pending with a FailedScheduling event.
   */
  schedulePending(): void {
    const waiting = [...this.pods.values()].filter((pod) => !pod.nodeName && !pod.unschedulable);
    for (const pod of waiting) if (pod.schedulerName === 'fargate-scheduler') this.placeOnFargate(pod);
    // In creation order, as the scheduler's queue takes them (same priority).
    waiting.sort((a, b) => a.createdAt - b.createdAt);
    for (const pod of waiting) if (pod.schedulerName === 'default-scheduler') this.tryToSchedule(pod, pod.createdAt);
    for (const pod of this.pods.values()) if (pod.behaviour !== 'run' && pod.nodeName) this.dynamic.add(pod);
  }

  private tryToSchedule(pod: KubePod, at: number): void {
    // Fargate's nodes are tainted for the Fargate scheduler: they count among the nodes that refuse.
    const result = schedulePod(pod, this.nodeList(), (node) => this.use.get(node.name)!, this.candidatesFor(pod));
    if (result.node) {
      if (pod.unschedulable) this.dynamic.delete(pod);
      pod.unschedulable = null;
      this.bind(pod, result.node, at + 2 * SECOND);
      if (pod.behaviour !== 'run') this.dynamic.add(pod);
      return;
    }
    const message = result.message!;
    const since = pod.unschedulable?.since ?? at + SECOND;
    pod.unschedulable = { message, since, lastTriedAt: Math.max(at, since) };
    pod.rv = this.bump();
    this.dynamic.add(pod);
    this.recordPodEvent(pod, 'FailedScheduling', 'Warning', message, 'default-scheduler', pod.unschedulable.lastTriedAt);
  }

  private bind(pod: KubePod, node: KubeNode, at: number): void {
    pod.nodeName = node.name;
    pod.scheduledAt = at;
    pod.lastStartedAt = at + this.random.int(2, 9) * SECOND;
    pod.podIp = neighbourIp(node.internalIp, this.random);
    pod.rv = this.bump();
    const use = this.use.get(node.name)!;
    const need = podRequests(pod);
    use.cpuMilli += need.cpuMilli;
    use.memoryBytes += need.memoryBytes;
    use.pods += 1;
  }

  private placeOnFargate(pod: KubePod): void {
    const profile = this.fargateProfileFor(pod.namespace, pod.labels)!;
    const zone = profile.zones[this.random.int(0, profile.zones.length - 1)];
    const ip = `10.0.${this.random.int(128, 191)}.${this.random.int(2, 254)}`;
    const need = podRequests(pod);
    // Fargate rounds the pod's requests (plus 256 MiB for Kubernetes' components) up to a size it offers.
    const size = fargateSize(need.cpuMilli, need.memoryBytes + 256 * MIB);
    const node = this.addNode({
      name: `fargate-${ipHostname(ip, this.region)}`,
      createdAt: pod.createdAt + 40 * SECOND,
      labels: {
        'kubernetes.io/hostname': ipHostname(ip, this.region),
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'topology.kubernetes.io/region': this.region,
        'topology.kubernetes.io/zone': zone,
        'eks.amazonaws.com/compute-type': 'fargate',
      },
      taints: [{ key: 'eks.amazonaws.com/compute-type', value: 'fargate', effect: 'NoSchedule' }],
      unschedulable: false,
      capacity: { cpuMilli: size.cpuMilli, memoryBytes: size.memoryBytes, pods: 1, gpus: 0 },
      allocatable: { cpuMilli: size.cpuMilli, memoryBytes: size.memoryBytes, pods: 1, gpus: 0 },
      instanceId: '',
      zone,
      internalIp: ip,
      kubeletVersion: '',
      osImage: 'Amazon Linux 2',
      kernelVersion: '5.10.234-225.910.amzn2.x86_64',
      containerRuntime: 'containerd://1.7.27',
      architecture: 'amd64',
      computeType: 'fargate',
      ready: 'True',
      readySince: pod.createdAt + 55 * SECOND,
    });
    this.bind(pod, node, pod.createdAt + 45 * SECOND);
  }

  private fargateProfileFor(namespace: string, labels: Record<string, string>): FargateSelector | undefined {
    return this.fargate.find((s) => s.namespace === namespace && Object.entries(s.labels).every(([k, v]) => labels[k] === v));
  }

  /** A node stops posting its status: Ready Unknown, tainted unreachable, an event from the node controller. */
  loseNode(name: string, at: number): void {
    const node = this.nodes.get(name);
    if (!node) return;
    node.ready = 'Unknown';
    node.readySince = at;
    node.taints = [
      ...node.taints,
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
    ];
    node.rv = this.bump();
    this.nodesChanged();
    this.recordEvent({
      namespace: 'default',
      involved: { kind: 'Node', name: node.name, uid: node.uid },
      reason: 'NodeNotReady',
      message: `Node ${node.name} status is now: NodeNotReady`,
      type: 'Normal',
      component: 'node-controller',
      firstTimestamp: at,
      lastTimestamp: at,
      count: 1,
    });
  }

  /** Every node, as an array kept until the nodes change (the scheduler reads it per pod). */
  private nodeList(): KubeNode[] {
    if (!this.nodesCache) this.nodesCache = [...this.nodes.values()];
    return this.nodesCache;
  }

  /** The nodes a workload's pods may go on before resources count: the same for all its pods. */
  private candidatesFor(pod: KubePod): KubeNode[] {
    const key = pod.owner?.uid ?? podKey(pod);
    let candidates = this.candidates.get(key);
    if (!candidates) {
      candidates = this.nodeList().filter((node) => passesStaticFilters(node, pod));
      this.candidates.set(key, candidates);
    }
    return candidates;
  }

  private nodesChanged(): void {
    this.nodesCache = null;
    this.candidates.clear();
  }

  nodeUse(name: string): NodeUse | undefined {
    return this.use.get(name);
  }

  // ---- time ----

  /** Applies what happened between the last call and `now`: restarts, pull retries, scheduling retries, expired events. */
  advance(now: number): void {
    if (now <= this.advancedTo) return;
    this.advancedTo = now;
    for (const pod of [...this.dynamic]) {
      if (pod.unschedulable) this.retrySchedule(pod, now);
      else if (pod.behaviour === 'crash-loop') this.crashLoop(pod, now);
      else if (pod.behaviour === 'image-pull') this.pullLoop(pod, now);
    }
    for (const [key, event] of this.events) {
      if (now - event.lastTimestamp <= EVENT_TTL_MS) continue;
      this.events.delete(key);
      this.bump();
    }
  }

  private retrySchedule(pod: KubePod, now: number): void {
    const state = pod.unschedulable!;
    if (now - state.lastTriedAt < UNSCHEDULABLE_RETRY_MS) return;
    const at = state.lastTriedAt + Math.floor((now - state.lastTriedAt) / UNSCHEDULABLE_RETRY_MS) * UNSCHEDULABLE_RETRY_MS;
    const retries = Math.floor((at - state.lastTriedAt) / UNSCHEDULABLE_RETRY_MS);
    const event = this.podEvents.get(podKey(pod))?.get('FailedScheduling');
    this.tryToSchedule(pod, at);
    if (pod.unschedulable && event) {
      event.count += retries - 1; // tryToSchedule counted one
      event.rv = this.revision;
    }
  }

  private crashLoop(pod: KubePod, now: number): void {
    if (pod.lastStartedAt === null) return;
    const restartsBefore = pod.restarts;
    const crashedBefore = pod.lastTerminatedAt;
    // The container runs CRASH_RUN_MS, exits, and the kubelet waits out its back-off before the next start.
    while (pod.lastStartedAt + CRASH_RUN_MS + backoffMs(pod.restarts) <= now) {
      pod.lastTerminatedAt = pod.lastStartedAt + CRASH_RUN_MS;
      pod.lastStartedAt = pod.lastTerminatedAt + backoffMs(pod.restarts);
      pod.restarts += 1;
    }
    // The current run has ended too: the container waits in CrashLoopBackOff.
    if (pod.lastStartedAt + CRASH_RUN_MS <= now) pod.lastTerminatedAt = pod.lastStartedAt + CRASH_RUN_MS;
    if (pod.restarts === restartsBefore && pod.lastTerminatedAt === crashedBefore) return;
    pod.rv = this.bump();
    const crashes = pod.restarts + (isWaitingToRestart(pod) ? 1 : 0);
    const container = pod.containers[0].name;
    this.recordPodEvent(pod, 'BackOff', 'Warning', `Back-off restarting failed container ${container} in pod ${pod.name}_${pod.namespace}(${pod.uid})`, 'kubelet', pod.lastTerminatedAt!, crashes);
  }

  private pullLoop(pod: KubePod, now: number): void {
    if (pod.scheduledAt === null) return;
    // Pull attempts back off like restarts; `restarts` counts the attempts here (the container never started).
    let at = pod.scheduledAt + 2 * SECOND;
    let attempts = 0;
    while (at <= now) {
      attempts += 1;
      at += backoffMs(attempts - 1);
    }
    if (attempts === pod.restarts) return;
    const lastAttempt = at - backoffMs(attempts - 1);
    pod.restarts = attempts;
    pod.rv = this.bump();
    const image = pod.containers[0].image;
    this.recordPodEvent(
      pod,
      'Failed',
      'Warning',
      `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`,
      'kubelet',
      lastAttempt,
      attempts,
    );
    this.recordPodEvent(pod, 'BackOff', 'Normal', `Back-off pulling image "${image}"`, 'kubelet', lastAttempt + SECOND, attempts);
  }

  // ---- events ----

  private recordPodEvent(pod: KubePod, reason: string, type: KubeEvent['type'], message: string, component: string, at: number, count?: number): void {
    const key = podKey(pod);
    let byReason = this.podEvents.get(key);
    if (!byReason) this.podEvents.set(key, (byReason = new Map()));
    const existing = byReason.get(reason);
    if (existing && this.events.has(`${existing.namespace}/${existing.name}`)) {
      existing.message = message;
      existing.lastTimestamp = Math.max(existing.lastTimestamp, at);
      existing.count = count ?? existing.count + 1;
      existing.rv = this.bump();
      return;
    }
    const event = this.recordEvent({
      namespace: pod.namespace,
      involved: { kind: 'Pod', namespace: pod.namespace, name: pod.name, uid: pod.uid },
      reason,
      message,
      type,
      component,
      host: component === 'kubelet' ? (pod.nodeName ?? undefined) : undefined,
      firstTimestamp: at,
      lastTimestamp: at,
      count: count ?? 1,
    });
    byReason.set(reason, event);
  }

  private recordEvent(spec: Omit<KubeEvent, 'name' | 'uid' | 'rv'>): KubeEvent {
    const event: KubeEvent = { ...spec, name: `${spec.involved.name}.${this.random.hex(16)}`, uid: this.random.uuid(), rv: this.bump() };
    this.events.set(`${event.namespace}/${event.name}`, event);
    return event;
  }

  private bump(): number {
    this.revision += 1;
    return this.revision;
  }
}

export const MIB = 1024 * 1024;
export const GIB = 1024 * MIB;

/** A crash-looping container that has exited and waits out its back-off. */
export function isWaitingToRestart(pod: Pick<KubePod, 'lastStartedAt' | 'lastTerminatedAt'>): boolean {
  return pod.lastTerminatedAt !== null && pod.lastStartedAt !== null && pod.lastTerminatedAt >= pod.lastStartedAt;
}

export function podKey(pod: Pick<KubePod, 'namespace' | 'name'>): string {
  return `${pod.namespace}/${pod.name}`;
}

/** `ip-10-0-12-34.ec2.internal` in us-east-1, `ip-10-0-12-34.eu-west-1.compute.internal` elsewhere. */
export function ipHostname(ip: string, region: string): string {
  const base = `ip-${ip.replaceAll('.', '-')}`;
  return region === 'us-east-1' ? `${base}.ec2.internal` : `${base}.${region}.compute.internal`;
}

function neighbourIp(nodeIp: string, random: Random): string {
  const [a, b, c] = nodeIp.split('.');
  return `${a}.${b}.${c}.${random.int(2, 254)}`;
}

/** The Fargate pod sizes: vCPU with the memory range each allows (EKS user guide, "Fargate Pod configuration"). */
const FARGATE_SIZES: Array<{ cpuMilli: number; memoryGiB: number[] }> = [
  { cpuMilli: 250, memoryGiB: [0.5, 1, 2] },
  { cpuMilli: 500, memoryGiB: [1, 2, 3, 4] },
  { cpuMilli: 1000, memoryGiB: [2, 3, 4, 5, 6, 7, 8] },
  { cpuMilli: 2000, memoryGiB: [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16] },
  { cpuMilli: 4000, memoryGiB: Array.from({ length: 23 }, (_, i) => 8 + i) },
];

export function fargateSize(cpuMilli: number, memoryBytes: number): { cpuMilli: number; memoryBytes: number } {
  for (const size of FARGATE_SIZES) {
    if (size.cpuMilli < cpuMilli) continue;
    const gib = size.memoryGiB.find((m) => m * GIB >= memoryBytes);
    if (gib !== undefined) return { cpuMilli: size.cpuMilli, memoryBytes: gib * GIB };
  }
  return { cpuMilli: 4000, memoryBytes: 30 * GIB };
}
