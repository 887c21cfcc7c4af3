/** ListServices, DescribeServices, CreateService, UpdateService. */
import type { OperationHandler } from '../http/types';
import { startDeployment } from '../engine/deployments';
import { SimError } from '../http/types';
import type { Json, ServiceRecord } from '../world/types';
import { validateDeploymentConfiguration } from './deployment-configuration';
import { describeBatch } from './describe-batch';
import { includeSet, optionalString, requireCluster, requiredString, stringList, type EcsDeps } from './deps';
import { clientError, invalidParameter, serviceNotActive, serviceNotFound } from './errors';
import { paginate } from './pagination';
import { renderService } from './render';

/** UpdateService members that make ECS start a new deployment. */
const REDEPLOYING_MEMBERS = [
  'capacityProviderStrategy', 'networkConfiguration', 'placementConstraints', 'placementStrategy', 'platformVersion',
  'enableExecuteCommand', 'serviceConnectConfiguration', 'loadBalancers', 'serviceRegistries', 'propagateTags', 'enableECSManagedTags',
] as const;

export function serviceOperations(deps: EcsDeps): Record<string, OperationHandler> {
  const { world, engine } = deps;
  return {
    ListServices(input) {
      const cluster = requireCluster(deps, input.cluster);
      const launchType = optionalString(input.launchType, 'launchType');
      const scheduling = optionalString(input.schedulingStrategy, 'schedulingStrategy');
      function* arns() {
        for (const service of world.servicesOf(cluster.name)) {
          if (service.status === 'INACTIVE') continue;
          if (launchType && (service.launchType ?? 'EC2') !== launchType) continue;
          if (scheduling && scheduling !== 'REPLICA') continue;
          yield service.arn;
        }
      }
      const { page, nextToken } = paginate(arns(), input, { defaultSize: 10, maxSize: 100, listing: `ListServices|${cluster.name}|${launchType}|${scheduling}` });
      return { serviceArns: page, nextToken };
    },

    DescribeServices(input) {
      const references = stringList(input.services, 'services', 10);
      const cluster = requireCluster(deps, input.cluster);
      const includeTags = includeSet(input.include).has('TAGS');
      const { found, failures } = describeBatch(
        references,
        (ref) => world.findService(cluster.name, ref),
        (service) => {
          const rendered = renderService(world, service, includeTags);
          return deps.faults?.negativePendingFor(service.name) ? { ...rendered, pendingCount: -1 } : rendered;
        },
        (ref) => world.serviceArn(cluster.name, ref),
      );
      return { services: found, failures };
    },

    CreateService(input, ctx) {
      const cluster = requireCluster(deps, input.cluster);
      const name = requiredString(input.serviceName, 'serviceName');
      if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/.test(name)) throw invalidParameter('serviceName can have up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens.');
      const existing = world.findService(cluster.name, name);
      if (existing && existing.status !== 'INACTIVE') throw invalidParameter('Creation of service was not idempotent.');
      const definition = world.findTaskDefinition(requiredString(input.taskDefinition, 'taskDefinition'));
      if (!definition) throw clientError('TaskDefinition not found.');
      if (definition.status !== 'ACTIVE') throw clientError(`TaskDefinition is inactive (${definition.family}:${definition.revision}).`);
      if (input.launchType && input.capacityProviderStrategy) throw invalidParameter('Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.');
      const desired = input.desiredCount === undefined ? 0 : Number(input.desiredCount);
      if (!Number.isInteger(desired) || desired < 0) throw invalidParameter('desiredCount must be a non-negative integer.');
      const awsvpc = definition.body.networkMode === 'awsvpc';
      if (awsvpc && !input.networkConfiguration?.awsvpcConfiguration) throw invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
      const loadBalancers: Json[] = Array.isArray(input.loadBalancers) ? input.loadBalancers : [];
      for (const lb of loadBalancers) {
        const container = (definition.body.containerDefinitions ?? []).find((c: Json) => c.name === lb.containerName);
        if (!container) throw invalidParameter(`The container ${String(lb.containerName)} does not exist in the task definition.`);
        if (!(container.portMappings ?? []).some((m: Json) => m.containerPort === lb.containerPort)) {
          throw invalidParameter(`The container ${String(lb.containerName)} did not have a container port ${String(lb.containerPort)} defined.`);
        }
      }
      const controller = input.deploymentController?.type ?? 'ECS';
      const deploymentConfiguration = {
        deploymentCircuitBreaker: { enable: false, rollback: false },
        maximumPercent: 200,
        minimumHealthyPercent: 100,
        ...(input.deploymentConfiguration ?? {}),
      };
      deploymentConfiguration.strategy ??= 'ROLLING';
      validateDeploymentConfiguration(deps, deploymentConfiguration, loadBalancers, controller);
      const launchType = input.capacityProviderStrategy ? undefined : input.launchType ?? (cluster.defaultCapacityProviderStrategy.length ? undefined : 'EC2');
      const capacityProviderStrategy = input.capacityProviderStrategy ?? (launchType ? undefined : cluster.defaultCapacityProviderStrategy);
      const fargate = launchType === 'FARGATE' || capacityProviderStrategy?.some((s: Json) => String(s.capacityProvider).startsWith('FARGATE'));
      const service: ServiceRecord = {
        arn: world.serviceArn(cluster.name, name),
        name,
        clusterName: cluster.name,
        status: 'ACTIVE',
        desiredCount: desired,
        taskDefinition: definition.arn,
        launchType,
        capacityProviderStrategy,
        platformVersion: fargate ? input.platformVersion ?? 'LATEST' : undefined,
        deploymentConfiguration,
        deployments: [],
        pastDeployments: [],
        events: [],
        createdAt: ctx.now,
        createdBy: `arn:aws:iam::${world.accountId}:user/sim-operator`,
        roleArn: input.role,
        placementConstraints: input.placementConstraints ?? [],
        placementStrategy: input.placementStrategy ?? [],
        networkConfiguration: input.networkConfiguration,
        loadBalancers,
        serviceRegistries: input.serviceRegistries ?? [],
        healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds ?? (loadBalancers.length ? 0 : undefined),
        enableExecuteCommand: Boolean(input.enableExecuteCommand),
        enableECSManagedTags: Boolean(input.enableECSManagedTags),
        propagateTags: input.propagateTags ?? 'NONE',
        tags: (input.tags ?? []) as ServiceRecord['tags'],
        behaviour: {},
        deploymentController: { type: controller },
      };
      world.addService(service);
      startDeployment(engine, service, { taskDefinition: definition.arn });
      engine.runUntil(engine.now());
      return { service: renderService(world, service, false) };
    },

    UpdateService(input) {
      const cluster = requireCluster(deps, input.cluster);
      const service = world.findService(cluster.name, requiredString(input.service, 'service'));
      if (!service) throw serviceNotFound();
      if (service.status !== 'ACTIVE') throw serviceNotActive();
      applyUpdate(deps, service, input);
      engine.runUntil(engine.now());
      if (deps.faults?.consumeApplyThenFail()) {
        throw new SimError('ServerException', 'Service Unavailable. Please try again later.', 500);
      }
      return { service: renderService(world, service, false) };
    },
  };
}

function applyUpdate(deps: EcsDeps, service: ServiceRecord, input: Record<string, any>): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  const { world, engine } = deps;
  let taskDefinition = service.taskDefinition;
  if (input.taskDefinition !== undefined) {
    const definition = world.findTaskDefinition(requiredString(input.taskDefinition, 'taskDefinition'));
    if (!definition) throw clientError('TaskDefinition not found.');
    if (definition.status !== 'ACTIVE') throw clientError(`TaskDefinition is inactive (${definition.family}:${definition.revision}).`);
    taskDefinition = definition.arn;
  }
  const config = input.deploymentConfiguration || input.loadBalancers !== undefined ? { ...service.deploymentConfiguration, ...(input.deploymentConfiguration ?? {}) } : undefined;
  if (config) validateDeploymentConfiguration(deps, config, input.loadBalancers ?? service.loadBalancers, service.deploymentController?.type);
  if (input.desiredCount !== undefined) {
    const count = Number(input.desiredCount);
    if (!Number.isInteger(count) || count < 0) throw invalidParameter('desiredCount must be a non-negative integer.');
    service.desiredCount = count;
  }
  if (config) service.deploymentConfiguration = config;
  if (input.healthCheckGracePeriodSeconds !== undefined) service.healthCheckGracePeriodSeconds = input.healthCheckGracePeriodSeconds;
  let redeploy = Boolean(input.forceNewDeployment) || taskDefinition !== service.taskDefinition;
  for (const member of REDEPLOYING_MEMBERS) {
    if (input[member] === undefined) continue;
    redeploy = true;
    if (member === 'capacityProviderStrategy') {
      service.capacityProviderStrategy = input.capacityProviderStrategy;
      service.launchType = undefined;
    } else if (member !== 'serviceConnectConfiguration') {
      (service as unknown as Record<string, unknown>)[member] = input[member];
    }
  }
  if (redeploy) {
    const deployment = startDeployment(engine, service, { taskDefinition });
    if (input.serviceConnectConfiguration) deployment.serviceConnectConfiguration = input.serviceConnectConfiguration;
  } else {
    engine.markDirty(service);
  }
}
