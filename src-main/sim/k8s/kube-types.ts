/**
 * The objects of one simulated Kubernetes cluster, as the sim keeps them (not as the API
 * writes them: kube-render.ts does that). Every stored change bumps the cluster's revision and
 * sets the object's `rv`, as etcd's revision becomes each object's resourceVersion.
 */
export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: TaintEffect;
  tolerationSeconds?: number;
}

export interface Resources {
  cpuMilli: number;
  memoryBytes: number;
}

export type NodeReady = 'True' | 'False' | 'Unknown';
export type ComputeType = 'managed' | 'self-managed' | 'fargate' | 'auto';

export interface KubeNode {
  name: string;
  uid: string;
  rv: number;
  createdAt: number;
  labels: Record<string, string>;
  taints: Taint[];
  unschedulable: boolean;
  capacity: Resources & { pods: number; gpus: number };
  allocatable: Resources & { pods: number; gpus: number };
  instanceId: string;
  zone: string;
  internalIp: string;
  kubeletVersion: string;
  osImage: string;
  kernelVersion: string;
  containerRuntime: string;
  architecture: string;
  computeType: ComputeType;
  ready: NodeReady;
  /** When Ready last changed. */
  readySince: number;
}

export interface ContainerSpec {
  name: string;
  image: string;
  requests: Resources;
  limits?: Partial<Resources>;
  ports?: number[];
}

export interface OwnerRef {
  kind: 'ReplicaSet' | 'DaemonSet' | 'StatefulSet' | 'Job';
  name: string;
  uid: string;
}

/**
 * How a pod behaves once placed: runs, crash-loops (its container exits and the kubelet backs
 * off restarting it), or cannot pull its image.
 */
export type PodBehaviour = 'run' | 'crash-loop' | 'image-pull';

export interface KubePod {
  namespace: string;
  name: string;
  uid: string;
  rv: number;
  createdAt: number;
  labels: Record<string, string>;
  owner: OwnerRef | null;
  containers: ContainerSpec[];
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  schedulerName: 'default-scheduler' | 'fargate-scheduler';
  priorityClassName?: string;
  serviceAccountName: string;
  behaviour: PodBehaviour;
  /** A crash-looping container's exit code. */
  exitCode?: number;
  nodeName: string | null;
  scheduledAt: number | null;
  podIp: string | null;
  /** Set while unschedulable: the scheduler's message, and when it last tried. */
  unschedulable: { message: string; since: number; lastTriedAt: number } | null;
  /** Crash loop: restarts so far and when the last one ended. */
  restarts: number;
  lastTerminatedAt: number | null;
  lastStartedAt: number | null;
}

export interface KubeNamespace {
  name: string;
  uid: string;
  rv: number;
  createdAt: number;
  labels: Record<string, string>;
}

export interface KubeEvent {
  namespace: string;
  name: string;
  uid: string;
  rv: number;
  involved: { kind: 'Pod' | 'Node'; namespace?: string; name: string; uid: string };
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  component: string;
  host?: string;
  firstTimestamp: number;
  lastTimestamp: number;
  count: number;
}
