/**
 * EC2 instance types as a Kubernetes node sees them on EKS: vCPUs, memory and the pod limit
 * of the VPC CNI (ENIs x (IPs per ENI - 1) + 2, the EKS AMI's eni-max-pods table), and the
 * allocatable share the EKS AMI's bootstrap leaves after kube-reserved and the eviction
 * threshold (EKS AMI bootstrap: CPU 6% of the first core, 1% of the second, 0.5% of the next
 * two, 0.25% of the rest; memory 255 MiB + 11 MiB per pod, plus 100 MiB hard eviction).
 */
export interface InstanceType {
  vcpu: number;
  memoryGiB: number;
  maxPods: number;
  gpus?: number;
  arch?: 'amd64' | 'arm64';
}

export const INSTANCE_TYPES: Record<string, InstanceType> = {
  't3.medium': { vcpu: 2, memoryGiB: 4, maxPods: 17 },
  'm5.large': { vcpu: 2, memoryGiB: 8, maxPods: 29 },
  'm5.xlarge': { vcpu: 4, memoryGiB: 16, maxPods: 58 },
  'm5a.xlarge': { vcpu: 4, memoryGiB: 16, maxPods: 58 },
  'm6i.large': { vcpu: 2, memoryGiB: 8, maxPods: 29 },
  'm6i.xlarge': { vcpu: 4, memoryGiB: 16, maxPods: 58 },
  'm5.2xlarge': { vcpu: 8, memoryGiB: 32, maxPods: 58 },
  'm5.4xlarge': { vcpu: 16, memoryGiB: 64, maxPods: 234 },
  'c5.xlarge': { vcpu: 4, memoryGiB: 8, maxPods: 58 },
  'c5.2xlarge': { vcpu: 8, memoryGiB: 16, maxPods: 58 },
  'r5.xlarge': { vcpu: 4, memoryGiB: 32, maxPods: 58 },
  'm6g.xlarge': { vcpu: 4, memoryGiB: 16, maxPods: 58, arch: 'arm64' },
  'g5.xlarge': { vcpu: 4, memoryGiB: 16, maxPods: 58, gpus: 1 },
};

const MI = 1024 * 1024;

export interface NodeResources {
  cpuMilli: number;
  memoryBytes: number;
  pods: number;
  gpus: number;
}

export function instanceType(name: string): InstanceType {
  const type = INSTANCE_TYPES[name];
  if (!type) throw new Error(`The sim has no figures for instance type ${name}.`);
  return type;
}

/** What the kubelet reports as capacity: all vCPUs; memory less what the kernel keeps (~4%). */
export function capacityOf(type: InstanceType): NodeResources {
  return { cpuMilli: type.vcpu * 1000, memoryBytes: Math.floor((type.memoryGiB * 1024 * MI * 0.96) / 1024) * 1024, pods: type.maxPods, gpus: type.gpus ?? 0 };
}

export function allocatableOf(type: InstanceType): NodeResources {
  const capacity = capacityOf(type);
  const cores = type.vcpu;
  const reservedCpu = 60 + (cores > 1 ? 10 : 0) + Math.min(Math.max(cores - 2, 0), 2) * 5 + Math.max(cores - 4, 0) * 2.5;
  const reservedMemory = (255 + 11 * type.maxPods + 100) * MI;
  return { cpuMilli: capacity.cpuMilli - Math.ceil(reservedCpu), memoryBytes: capacity.memoryBytes - reservedMemory, pods: type.maxPods, gpus: capacity.gpus };
}
