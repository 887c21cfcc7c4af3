/**
 * The sim's Kubernetes objects as the API server writes them (core/v1 JSON): quantities as
 * strings ("250m", "512Mi", the kubelet's "7935488Ki"), RFC 3339 timestamps to the second,
 * conditions and container states the way the kubelet and the scheduler report them.
 */
import { backoffMs, CRASH_RUN_MS, isWaitingToRestart } from './kube-world';
import type { KubeEvent, KubeNamespace, KubeNode, KubePod, Taint } from './kube-types';

type Json = Record<string, unknown>;

export function time(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function cpuQuantity(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

export function memoryQuantity(bytes: number): string {
  const mi = bytes / (1024 * 1024);
  if (Number.isInteger(mi / 1024)) return `${mi / 1024}Gi`;
  if (Number.isInteger(mi)) return `${mi}Mi`;
  return `${Math.floor(bytes / 1024)}Ki`;
}

/** The kubelet reports node memory in Ki. */
function kubeletMemory(bytes: number): string {
  return `${Math.floor(bytes / 1024)}Ki`;
}

export function renderNamespace(ns: KubeNamespace): Json {
  return {
    metadata: { name: ns.name, uid: ns.uid, resourceVersion: String(ns.rv), creationTimestamp: time(ns.createdAt), labels: ns.labels },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

function renderTaint(taint: Taint, node: KubeNode): Json {
  const added = taint.key.startsWith('node.kubernetes.io/') ? { timeAdded: time(node.readySince) } : {};
  return { key: taint.key, ...(taint.value !== undefined ? { value: taint.value } : {}), effect: taint.effect, ...added };
}

export function renderNode(node: KubeNode, now: number): Json {
  const resources = (r: KubeNode['capacity']) => ({
    cpu: cpuQuantity(r.cpuMilli),
    'ephemeral-storage': '20959212Ki',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: kubeletMemory(r.memoryBytes),
    pods: String(r.pods),
    ...(r.gpus ? { 'nvidia.com/gpu': String(r.gpus) } : {}),
  });
  const heartbeat = node.ready === 'Unknown' ? node.readySince : now - 20_000;
  const pressure = (type: string, reason: string, message: string) =>
    node.ready === 'Unknown'
      ? { type, status: 'Unknown', lastHeartbeatTime: time(heartbeat), lastTransitionTime: time(node.readySince), reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }
      : { type, status: 'False', lastHeartbeatTime: time(heartbeat), lastTransitionTime: time(node.createdAt), reason, message };
  const ready =
    node.ready === 'True'
      ? { type: 'Ready', status: 'True', lastHeartbeatTime: time(heartbeat), lastTransitionTime: time(node.readySince), reason: 'KubeletReady', message: 'kubelet is posting ready status' }
      : node.ready === 'Unknown'
        ? { type: 'Ready', status: 'Unknown', lastHeartbeatTime: time(heartbeat), lastTransitionTime: time(node.readySince), reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }
        : { type: 'Ready', status: 'False', lastHeartbeatTime: time(heartbeat), lastTransitionTime: time(node.readySince), reason: 'KubeletNotReady', message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady' };
  const hostname = node.labels['kubernetes.io/hostname'] ?? node.name;
  return {
    metadata: {
      name: node.name,
      uid: node.uid,
      resourceVersion: String(node.rv),
      creationTimestamp: time(node.createdAt),
      labels: node.labels,
      annotations: { 'alpha.kubernetes.io/provided-node-ip': node.internalIp, 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {
      ...(node.instanceId ? { providerID: `aws:///${node.zone}/${node.instanceId}` } : {}),
      ...(node.taints.length ? { taints: node.taints.map((t) => renderTaint(t, node)) } : {}),
      ...(node.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      capacity: resources(node.capacity),
      allocatable: resources(node.allocatable),
      conditions: [
        pressure('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        pressure('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        pressure('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        ready,
      ],
      addresses: [
        { type: 'InternalIP', address: node.internalIp },
        { type: 'InternalDNS', address: hostname },
        { type: 'Hostname', address: hostname },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: node.uid.replaceAll('-', ''),
        systemUUID: node.uid,
        bootID: node.uid,
        kernelVersion: node.kernelVersion,
        osImage: node.osImage,
        containerRuntimeVersion: node.containerRuntime,
        kubeletVersion: node.kubeletVersion,
        kubeProxyVersion: '',
        operatingSystem: 'linux',
        architecture: node.architecture,
      },
    },
  };
}

function qosClass(pod: KubePod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const hasRequests = pod.containers.some((c) => c.requests.cpuMilli > 0 || c.requests.memoryBytes > 0);
  if (!hasRequests) return 'BestEffort';
  const guaranteed = pod.containers.every((c) => c.limits?.cpuMilli === c.requests.cpuMilli && c.limits?.memoryBytes === c.requests.memoryBytes);
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function containerSpec(pod: KubePod): Json[] {
  return pod.containers.map((c) => {
    const limits: Json = {};
    if (c.limits?.cpuMilli) limits.cpu = cpuQuantity(c.limits.cpuMilli);
    if (c.limits?.memoryBytes) limits.memory = memoryQuantity(c.limits.memoryBytes);
    return {
      name: c.name,
      image: c.image,
      imagePullPolicy: 'IfNotPresent',
      ...(c.ports?.length ? { ports: c.ports.map((p) => ({ containerPort: p, protocol: 'TCP' })) } : {}),
      resources: {
        requests: { cpu: cpuQuantity(c.requests.cpuMilli), ...(c.requests.memoryBytes ? { memory: memoryQuantity(c.requests.memoryBytes) } : {}) },
        ...(Object.keys(limits).length ? { limits } : {}),
      },
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    };
  });
}

function digestOf(pod: KubePod, image: string): string {
  let h = 0x811c9dc5;
  for (const ch of image) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `${image.split(':')[0]}@sha256:${h.toString(16).padStart(8, '0').repeat(8)}`;
}

function containerStatuses(pod: KubePod, nodeReady: boolean, now: number): { statuses: Json[]; ready: boolean; started: boolean } {
  const c = pod.containers[0];
  const containerId = `containerd://${pod.uid.replaceAll('-', '')}${pod.uid.replaceAll('-', '').slice(0, 32)}`;
  if (pod.behaviour === 'image-pull') {
    const waiting = pod.restarts % 2 === 1 ? { reason: 'ErrImagePull', message: `rpc error: code = NotFound desc = failed to pull and unpack image "${c.image}": not found` } : { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` };
    return { statuses: [{ name: c.name, image: c.image, imageID: '', ready: false, started: false, restartCount: 0, state: { waiting }, lastState: {} }], ready: false, started: false };
  }
  if (pod.behaviour === 'crash-loop') {
    const exitCode = pod.exitCode ?? 1;
    const waiting = isWaitingToRestart(pod);
    const lastRunStart = waiting ? pod.lastStartedAt! : (pod.lastTerminatedAt ?? pod.lastStartedAt!) - CRASH_RUN_MS;
    const terminated = pod.lastTerminatedAt !== null ? { terminated: { exitCode, reason: 'Error', startedAt: time(lastRunStart), finishedAt: time(pod.lastTerminatedAt), containerID: containerId } } : {};
    const state = waiting
      ? { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${Math.round(backoffMs(pod.restarts) / 1000)}s restarting failed container=${c.name} pod=${pod.name}_${pod.namespace}(${pod.uid})` } }
      : { running: { startedAt: time(pod.lastStartedAt!) } };
    return {
      statuses: [{ name: c.name, image: c.image, imageID: digestOf(pod, c.image), containerID: containerId, ready: false, started: !waiting, restartCount: pod.restarts, state, lastState: terminated }],
      ready: false,
      started: true,
    };
  }
  const startedAt = pod.lastStartedAt !== null && pod.lastStartedAt <= now ? pod.lastStartedAt : null;
  const statuses = pod.containers.map((container) => ({
    name: container.name,
    image: container.image,
    imageID: digestOf(pod, container.image),
    containerID: containerId,
    ready: !!startedAt && nodeReady,
    started: !!startedAt,
    restartCount: 0,
    state: startedAt ? { running: { startedAt: time(startedAt) } } : { waiting: { reason: 'ContainerCreating' } },
    lastState: {},
  }));
  return { statuses, ready: !!startedAt && nodeReady, started: !!startedAt };
}

export function renderPod(pod: KubePod, node: KubeNode | undefined, now: number): Json {
  const metadata: Json = {
    name: pod.name,
    namespace: pod.namespace,
    uid: pod.uid,
    resourceVersion: String(pod.rv),
    creationTimestamp: time(pod.createdAt),
    labels: pod.labels,
    ...(pod.owner ? { generateName: `${pod.owner.name}-` } : {}),
    ...(pod.owner
      ? { ownerReferences: [{ apiVersion: pod.owner.kind === 'Job' ? 'batch/v1' : 'apps/v1', kind: pod.owner.kind, name: pod.owner.name, uid: pod.owner.uid, controller: true, blockOwnerDeletion: true }] }
      : {}),
  };
  const spec: Json = {
    containers: containerSpec(pod),
    restartPolicy: pod.owner?.kind === 'Job' ? 'OnFailure' : 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: pod.serviceAccountName,
    serviceAccount: pod.serviceAccountName,
    ...(pod.nodeName ? { nodeName: pod.nodeName } : {}),
    ...(Object.keys(pod.nodeSelector).length ? { nodeSelector: pod.nodeSelector } : {}),
    securityContext: {},
    schedulerName: pod.schedulerName,
    tolerations: pod.tolerations,
    ...(pod.priorityClassName ? { priorityClassName: pod.priorityClassName } : {}),
    priority: pod.priorityClassName === 'system-node-critical' ? 2000001000 : pod.priorityClassName === 'system-cluster-critical' ? 2000000000 : 0,
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
  };
  return { metadata, spec, status: podStatus(pod, node, now) };
}

function podStatus(pod: KubePod, node: KubeNode | undefined, now: number): Json {
  const qos = qosClass(pod);
  if (!pod.nodeName || !pod.scheduledAt) {
    const conditions = pod.unschedulable
      ? [{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: time(pod.unschedulable.since), reason: 'Unschedulable', message: pod.unschedulable.message }]
      : [];
    return { phase: 'Pending', conditions, qosClass: qos };
  }
  const nodeReady = node?.ready === 'True';
  const { statuses, ready } = containerStatuses(pod, nodeReady, now);
  const at = time(pod.scheduledAt);
  const readyAt = time(pod.lastStartedAt ?? pod.scheduledAt);
  const notReady = pod.behaviour === 'image-pull' || pod.behaviour === 'crash-loop' ? `containers with unready status: [${pod.containers[0].name}]` : null;
  const readyCondition = ready
    ? { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: readyAt }
    : { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: readyAt, reason: notReady ? 'ContainersNotReady' : 'NodeNotReady', ...(notReady ? { message: notReady } : {}) };
  const phase = pod.behaviour === 'image-pull' ? 'Pending' : 'Running';
  return {
    phase,
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: at },
      { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: at },
      readyCondition,
      { ...readyCondition, type: 'ContainersReady' },
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: at },
    ],
    hostIP: node?.internalIp,
    hostIPs: node ? [{ ip: node.internalIp }] : [],
    podIP: pod.podIp,
    podIPs: pod.podIp ? [{ ip: pod.podIp }] : [],
    startTime: at,
    containerStatuses: statuses,
    qosClass: qos,
  };
}

export function renderEvent(event: KubeEvent): Json {
  return {
    metadata: { name: event.name, namespace: event.namespace, uid: event.uid, resourceVersion: String(event.rv), creationTimestamp: time(event.firstTimestamp) },
    involvedObject: {
      kind: event.involved.kind,
      ...(event.involved.namespace ? { namespace: event.involved.namespace } : {}),
      name: event.involved.name,
      uid: event.involved.uid,
      apiVersion: 'v1',
    },
    reason: event.reason,
    message: event.message,
    source: { component: event.component, ...(event.host ? { host: event.host } : {}) },
    firstTimestamp: time(event.firstTimestamp),
    lastTimestamp: time(event.lastTimestamp),
    count: event.count,
    type: event.type,
    eventTime: null,
    reportingComponent: event.component,
    reportingInstance: event.host ?? '',
  };
}
