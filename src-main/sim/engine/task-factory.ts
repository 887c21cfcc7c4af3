/**
 * Builds a task from its task definition, and reserves / frees what it takes on a container
 * instance (CPU, memory, host ports, GPUs) so `remainingResources` always adds up.
 */
import type { ContainerInstanceRecord, ContainerRecord, DeploymentRecord, ServiceRecord, TaskDefinitionRecord, TaskRecord } from '../world/types';
import type { EngineContext } from './context';
import type { TaskNeeds } from './placement';
import { assignLogStream } from './container-logs';
import { touchInstance } from './record-changes';

type ContainerDefinition = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DYNAMIC_PORT_START = 32768;

function containersOf(definition: TaskDefinitionRecord): ContainerDefinition[] {
  return (definition.body.containerDefinitions ?? []) as ContainerDefinition[];
}

function gpusOf(container: ContainerDefinition): number {
  const gpu = (container.resourceRequirements ?? []).find((r: { type: string }) => r.type === 'GPU');
  return gpu ? Number(gpu.value) : 0;
}

export function taskCpu(definition: TaskDefinitionRecord): number {
  if (definition.body.cpu) return Number.parseInt(String(definition.body.cpu), 10) || 0;
  return containersOf(definition).reduce((sum, c) => sum + (Number(c.cpu) || 0), 0);
}

export function taskMemory(definition: TaskDefinitionRecord): number {
  if (definition.body.memory) return Number.parseInt(String(definition.body.memory), 10) || 0;
  return containersOf(definition).reduce((sum, c) => sum + (Number(c.memoryReservation ?? c.memory) || 0), 0);
}

export function taskNeeds(definition: TaskDefinitionRecord, service: ServiceRecord): TaskNeeds {
  const networkMode = definition.body.networkMode ?? 'bridge';
  const hostPorts: number[] = [];
  if (networkMode !== 'awsvpc') {
    for (const container of containersOf(definition)) {
      for (const mapping of container.portMappings ?? []) {
        const port = networkMode === 'host' ? mapping.hostPort ?? mapping.containerPort : mapping.hostPort;
        if (port) hostPorts.push(Number(port));
      }
    }
  }
  return {
    cpu: taskCpu(definition),
    memory: taskMemory(definition),
    hostPorts,
    gpus: containersOf(definition).reduce((sum, c) => sum + gpusOf(c), 0),
    constraints: [...service.placementConstraints, ...((definition.body.placementConstraints ?? []) as TaskNeeds['constraints'])],
    strategy: service.placementStrategy,
  };
}

export interface TaskPlan {
  service: ServiceRecord;
  deployment: DeploymentRecord;
  definition: TaskDefinitionRecord;
  launchType: TaskRecord['launchType'];
  capacityProviderName?: string;
  instance?: ContainerInstanceRecord;
  zone: string;
  subnetId?: string;
}

export function buildTask(ctx: EngineContext, plan: TaskPlan): TaskRecord {
  const { world, random } = ctx;
  const { service, deployment, definition } = plan;
  const id = random.hex(32);
  const awsvpc = definition.body.networkMode === 'awsvpc';
  const containers: ContainerRecord[] = containersOf(definition).map((c) => {
    const container: ContainerRecord = {
      name: c.name,
      arn: world.arn(`container/${service.clusterName}/${id}/${random.uuid()}`),
      image: c.image,
      lastStatus: 'PENDING',
      essential: c.essential !== false,
      cpu: Number(c.cpu) || 0,
      memory: c.memory,
      memoryReservation: c.memoryReservation,
      portMappings: c.portMappings ?? [],
      hostPorts: [],
      gpuIds: [],
      execAgent: service.enableExecuteCommand ? { lastStatus: 'PENDING' } : undefined,
      healthStatus: c.healthCheck ? 'UNKNOWN' : undefined,
    };
    assignLogStream(container, c, id);
    return container;
  });
  const task: TaskRecord = {
    arn: world.taskArn(service.clusterName, id),
    id,
    clusterName: service.clusterName,
    serviceName: service.name,
    deploymentId: deployment.id,
    group: `service:${service.name}`,
    startedBy: deployment.id,
    taskDefinitionArn: definition.arn,
    family: definition.family,
    launchType: plan.launchType,
    capacityProviderName: plan.capacityProviderName,
    containerInstanceArn: plan.instance?.arn,
    availabilityZone: plan.zone,
    platformVersion: plan.launchType === 'FARGATE' ? '1.4.0' : undefined,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    cpu: taskCpu(definition),
    memory: taskMemory(definition),
    createdAt: ctx.now(),
    containers,
    eni: awsvpc ? newEni(ctx, plan.subnetId ?? 'subnet-0a1b2c3d4e5f60001') : undefined,
    enableExecuteCommand: service.enableExecuteCommand,
    version: 1,
    tags: service.propagateTags === 'SERVICE' ? [...service.tags] : [],
  };
  if (plan.instance) {
    reserve(plan.instance, task, definition);
    touchInstance(ctx, plan.instance);
  }
  return task;
}

function newEni(ctx: EngineContext, subnetId: string): NonNullable<TaskRecord['eni']> {
  const { random } = ctx;
  return {
    id: `eni-0${random.hex(16)}`,
    attachmentId: random.uuid(),
    subnetId,
    privateIp: `10.0.${random.int(0, 63)}.${random.int(4, 250)}`,
    mac: Array.from({ length: 6 }, () => random.hex(2)).join(':'),
  };
}

function reserve(instance: ContainerInstanceRecord, task: TaskRecord, definition: TaskDefinitionRecord): void {
  instance.usedCpu += task.cpu;
  instance.usedMemory += task.memory;
  const networkMode = definition.body.networkMode ?? 'bridge';
  const defs = containersOf(definition);
  task.containers.forEach((container, i) => {
    if (networkMode !== 'awsvpc') {
      for (const mapping of container.portMappings) {
        let port = networkMode === 'host' ? mapping.hostPort ?? mapping.containerPort ?? 0 : mapping.hostPort ?? 0;
        if (!port) port = nextDynamicPort(instance);
        instance.usedPorts.add(port);
        container.hostPorts.push(port);
      }
    }
    const gpus = gpusOf(defs[i] ?? {});
    container.gpuIds = instance.freeGpus.splice(0, gpus);
  });
}

function nextDynamicPort(instance: ContainerInstanceRecord): number {
  let port = DYNAMIC_PORT_START;
  while (instance.usedPorts.has(port)) port++;
  return port;
}

/** Gives the task's CPU, memory, ports and GPUs back to its instance (when it stops). */
export function release(ctx: EngineContext, task: TaskRecord): void {
  const instance = task.containerInstanceArn ? ctx.world.instances.get(task.containerInstanceArn) : undefined;
  if (!instance || task.released) return;
  task.released = true;
  instance.usedCpu = Math.max(0, instance.usedCpu - task.cpu);
  instance.usedMemory = Math.max(0, instance.usedMemory - task.memory);
  for (const container of task.containers) {
    for (const port of container.hostPorts) instance.usedPorts.delete(port);
    instance.freeGpus.push(...container.gpuIds);
  }
  touchInstance(ctx, instance);
}
