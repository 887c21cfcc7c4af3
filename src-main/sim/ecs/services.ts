/** ListServices, DescribeServices, UpdateService. */
import type { OperationHandler } from '../http/types';
import { startDeployment } from '../engine/deployments';
import { SimError } from '../http/types';
import type { ServiceRecord } from '../world/types';
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
  if (input.desiredCount !== undefined) {
    const count = Number(input.desiredCount);
    if (!Number.isInteger(count) || count < 0) throw invalidParameter('desiredCount must be a non-negative integer.');
    service.desiredCount = count;
  }
  if (input.deploymentConfiguration) {
    service.deploymentConfiguration = { ...service.deploymentConfiguration, ...input.deploymentConfiguration };
  }
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
