/** ListContainerInstances, DescribeContainerInstances, UpdateContainerInstancesState (drain and undrain). */
import type { OperationHandler } from '../http/types';
import { matchesExpression } from '../engine/placement';
import { touchInstance } from '../engine/record-changes';
import { stopTask } from '../engine/task-lifecycle';
import { describeBatch } from './describe-batch';
import { includeSet, optionalString, requireCluster, stringList, type EcsDeps } from './deps';
import { invalidParameter } from './errors';
import { paginate } from './pagination';
import { renderContainerInstance } from './render';

const STATUSES = ['ACTIVE', 'DRAINING', 'REGISTERING', 'DEREGISTERING', 'REGISTRATION_FAILED'];

export function containerInstanceOperations(deps: EcsDeps): Record<string, OperationHandler> {
  const { world, engine } = deps;
  return {
    ListContainerInstances(input) {
      const cluster = requireCluster(deps, input.cluster);
      const status = optionalString(input.status, 'status');
      if (status && !STATUSES.includes(status)) throw invalidParameter(`Invalid status: ${status}`);
      const filter = optionalString(input.filter, 'filter');
      function* arns() {
        for (const instance of world.instancesOf(cluster.name)) {
          if (status ? instance.status !== status : instance.status === 'REGISTERING') continue;
          if (filter && !matchesExpression(instance, filter)) continue;
          yield instance.arn;
        }
      }
      const { page, nextToken } = paginate(arns(), input, { defaultSize: 100, maxSize: 100, listing: `ListContainerInstances|${cluster.name}|${status}|${filter}` });
      return { containerInstanceArns: page, nextToken };
    },

    DescribeContainerInstances(input) {
      const references = stringList(input.containerInstances, 'containerInstances', 100);
      const cluster = requireCluster(deps, input.cluster);
      const includeTags = includeSet(input.include).has('TAGS');
      const { found, failures } = describeBatch(
        references,
        (ref) => world.findInstance(cluster.name, ref),
        (instance) => renderContainerInstance(world, instance, includeTags),
        (ref) => world.containerInstanceArn(cluster.name, ref),
      );
      return { containerInstances: found, failures };
    },

    /**
     * DRAINING: no new tasks are placed on the instances, and the service tasks on them are
     * stopped so their services start replacements elsewhere. ACTIVE takes tasks again.
     */
    UpdateContainerInstancesState(input) {
      const references = stringList(input.containerInstances, 'containerInstances', 10);
      const cluster = requireCluster(deps, input.cluster);
      const status = optionalString(input.status, 'status');
      if (status !== 'ACTIVE' && status !== 'DRAINING') throw invalidParameter('Container instance status must be ACTIVE or DRAINING.');
      const containerInstances: object[] = [];
      const failures: object[] = [];
      for (const reference of references) {
        const instance = world.findInstance(cluster.name, reference);
        if (!instance) {
          failures.push({ arn: reference.startsWith('arn:') ? reference : world.containerInstanceArn(cluster.name, reference), reason: 'MISSING' });
          continue;
        }
        if (instance.status !== status) {
          instance.status = status;
          touchInstance(engine, instance);
          if (status === 'DRAINING') {
            for (const task of [...world.tasksOfInstance(instance.arn)]) {
              if (task.serviceName && task.desiredStatus === 'RUNNING') {
                stopTask(engine, task, { stopCode: 'ServiceSchedulerInitiated', reason: 'Container instance is being drained.' });
              }
            }
          }
        }
        containerInstances.push(renderContainerInstance(world, instance, false));
      }
      engine.runUntil(engine.now());
      return { containerInstances, failures };
    },
  };
}
