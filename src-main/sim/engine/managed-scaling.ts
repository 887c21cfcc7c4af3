/**
 * Managed scaling of an Auto Scaling group capacity provider: when tasks cannot be placed and a
 * new instance of the group's type could take them, the group grows (within its maximum and
 * the provider's step sizes); new instances register after a warm-up.
 */
import type { CapacityProviderRecord, ContainerInstanceRecord } from '../world/types';
import type { EngineContext } from './context';
import { matchesExpression, type TaskNeeds } from './placement';

const LAUNCH_DELAY_MS = 90_000;

export function requestScaleOut(ctx: EngineContext, clusterName: string, providerName: string, needs: TaskNeeds): void {
  const provider = ctx.world.capacityProviders.get(providerName);
  if (!provider || provider.managedScaling.status !== 'ENABLED' || provider.asg.launching > 0) return;
  const current = [...ctx.world.instancesOf(clusterName)].filter((i) => i.capacityProviderName === providerName).length;
  const room = provider.asg.maxSize - current;
  if (room <= 0 || !newInstanceWouldFit(ctx, provider, needs)) return;
  const step = Math.max(1, Math.min(room, provider.managedScaling.minimumScalingStepSize, provider.managedScaling.maximumScalingStepSize));
  provider.asg.launching = step;
  ctx.after(LAUNCH_DELAY_MS + provider.managedScaling.instanceWarmupPeriod * 100, () => {
    for (let i = 0; i < step; i++) {
      const zone = provider.asg.zones[(current + i) % provider.asg.zones.length];
      const instance = newAsgInstance(ctx, clusterName, provider, zone);
      ctx.world.addInstance(instance);
      // The agent registers the instance: ECS's first state change for it.
      ctx.changed({ kind: 'instance', instance });
    }
    provider.asg.launching = 0;
    for (const service of ctx.world.servicesOf(clusterName)) ctx.markDirty(service);
  });
}

function newInstanceWouldFit(ctx: EngineContext, provider: CapacityProviderRecord, needs: TaskNeeds): boolean {
  const probe = newAsgInstance(ctx, provider.clusterName, provider, provider.asg.zones[0], true);
  if (needs.cpu > probe.cpu || needs.memory > probe.memory || needs.gpus > probe.gpus) return false;
  return needs.constraints.every((c) => c.type !== 'memberOf' || !c.expression || matchesExpression(probe, c.expression));
}

/** A container instance as an Auto Scaling group launches it into the cluster. */
export function newAsgInstance(
  ctx: EngineContext | { world: EngineContext['world']; random: EngineContext['random']; now(): number },
  clusterName: string,
  provider: CapacityProviderRecord,
  zone: string,
  probe = false,
): ContainerInstanceRecord {
  const { world, random } = ctx;
  const id = probe ? 'probe' : random.hex(32);
  const { instanceType, cpu, memory, gpus } = provider.asg;
  const instance: ContainerInstanceRecord = {
    arn: world.containerInstanceArn(clusterName, id),
    id,
    clusterName,
    ec2InstanceId: `i-0${probe ? '0' : random.hex(16)}`,
    capacityProviderName: provider.name,
    status: 'ACTIVE',
    agentConnected: true,
    registeredAt: ctx.now(),
    instanceType,
    availabilityZone: zone,
    external: false,
    cpu,
    memory,
    gpus,
    usedCpu: 0,
    usedMemory: 0,
    usedPorts: new Set(),
    freeGpus: [],
    attributes: ec2Attributes(instanceType, zone, gpus > 0),
    agentVersion: '1.89.2',
    tags: [],
    version: 1,
  };
  instance.freeGpus = Array.from({ length: gpus }, (_, i) => `GPU-${id.slice(0, 8)}-${i}`);
  return instance;
}

export function ec2Attributes(instanceType: string, zone: string, gpu: boolean): Array<{ name: string; value?: string }> {
  const attributes: Array<{ name: string; value?: string }> = [
    { name: 'ecs.availability-zone', value: zone },
    { name: 'ecs.instance-type', value: instanceType },
    { name: 'ecs.ami-id', value: gpu ? 'ami-0e4f1a2b3c4d5e6f7' : 'ami-0a1b2c3d4e5f60718' },
    { name: 'ecs.os-type', value: 'linux' },
    { name: 'ecs.os-family', value: 'LINUX' },
    { name: 'ecs.cpu-architecture', value: 'x86_64' },
    { name: 'ecs.capability.execution-role-awslogs' },
    { name: 'ecs.capability.task-eni' },
    { name: 'ecs.capability.efsAuth' },
    { name: 'ecs.capability.secrets.asm.environment-variables' },
    { name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' },
    { name: 'com.amazonaws.ecs.capability.docker-remote-api.1.44' },
    { name: 'com.amazonaws.ecs.capability.task-iam-role' },
    { name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' },
    { name: 'com.amazonaws.ecs.capability.private-registry-authentication.secretsmanager' },
    { name: 'ecs.capability.execute-command' },
  ];
  if (gpu) attributes.push({ name: 'ecs.capability.gpu-driver-version', value: '550.127.08' });
  return attributes;
}
