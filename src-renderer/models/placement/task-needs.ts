import type { TaskDefinitionDoc, TaskRecord } from '@contract/domains/inventory';

/**
 * What one more task of a service needs from an instance: CPU units, MiB of memory, static
 * host ports, GPUs. Read from the task definition (the truth), or estimated from a running
 * task when the definition is not at hand (then `source` says so).
 */
export interface TaskNeeds {
  cpu: number;
  memory: number;
  /** Static host ports as ECS lists them in PORTS / PORTS_UDP: "8080", "53/udp". */
  hostPorts: string[];
  gpus: number;
  networkMode: string;
  source: 'task-definition' | 'running-task';
}

interface PortMappingLike {
  containerPort?: unknown;
  hostPort?: unknown;
  protocol?: unknown;
}

interface ContainerLike {
  cpu?: unknown;
  memory?: unknown;
  memoryReservation?: unknown;
  portMappings?: unknown;
  resourceRequirements?: unknown;
}

const asNumber = (v: unknown): number => {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : NaN;
  return Number.isFinite(n) ? n : 0;
};

const portKey = (port: number, protocol: unknown): string => (protocol === 'udp' ? `${port}/udp` : String(port));

/** Static host ports: host mode binds the container port; bridge only a non-zero hostPort; awsvpc none. */
function hostPortsOf(container: ContainerLike, networkMode: string): string[] {
  if (networkMode === 'awsvpc' || networkMode === 'none') return [];
  const mappings = Array.isArray(container.portMappings) ? (container.portMappings as PortMappingLike[]) : [];
  const ports: string[] = [];
  for (const m of mappings) {
    const port = networkMode === 'host' ? asNumber(m.hostPort) || asNumber(m.containerPort) : asNumber(m.hostPort);
    if (port > 0) ports.push(portKey(port, m.protocol));
  }
  return ports;
}

function gpusOf(container: ContainerLike): number {
  const reqs = Array.isArray(container.resourceRequirements) ? (container.resourceRequirements as Array<{ type?: unknown; value?: unknown }>) : [];
  return reqs.filter((r) => r.type === 'GPU').reduce((sum, r) => sum + asNumber(r.value), 0);
}

export function needsFromTaskDefinition(doc: TaskDefinitionDoc): TaskNeeds {
  const containers = doc.containerDefinitions as ContainerLike[];
  const networkMode = typeof doc.networkMode === 'string' ? doc.networkMode : 'bridge';
  // Task-level sizes win; without them ECS reserves the sum of the containers'.
  const cpu = asNumber(doc.cpu) || containers.reduce((s, c) => s + asNumber(c.cpu), 0);
  const memory = asNumber(doc.memory) || containers.reduce((s, c) => s + (asNumber(c.memory) || asNumber(c.memoryReservation)), 0);
  return {
    cpu,
    memory,
    hostPorts: [...new Set(containers.flatMap((c) => hostPortsOf(c, networkMode)))],
    gpus: containers.reduce((s, c) => s + gpusOf(c), 0),
    networkMode,
    source: 'task-definition',
  };
}

/** An estimate from a task of the service: its sizes and the host ports it was bound to (if static). */
export function needsFromTask(task: TaskRecord, staticPorts: readonly string[] = []): TaskNeeds {
  const containerSum = (pick: (c: TaskRecord['containers'][number]) => string | null) => task.containers.reduce((s, c) => s + asNumber(pick(c)), 0);
  return {
    cpu: asNumber(task.cpu) || containerSum((c) => c.cpu),
    memory: asNumber(task.memory) || containerSum((c) => c.memory),
    hostPorts: [...staticPorts],
    gpus: 0,
    networkMode: 'unknown',
    source: 'running-task',
  };
}
