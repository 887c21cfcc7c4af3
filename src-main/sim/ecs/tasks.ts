/** ListTasks, DescribeTasks, StopTask. */
import type { OperationHandler } from '../http/types';
import { stopTask } from '../engine/task-lifecycle';
import type { TaskRecord } from '../world/types';
import { describeBatch } from './describe-batch';
import { includeSet, optionalString, requireCluster, requiredString, stringList, type EcsDeps } from './deps';
import { invalidParameter, serviceNotFound } from './errors';
import { paginate } from './pagination';
import { renderTask } from './render';
import { TaskJsonCache } from './task-json';

export function taskOperations(deps: EcsDeps): Record<string, OperationHandler> {
  const { world, engine } = deps;
  const taskJson = new TaskJsonCache(world);
  return {
    ListTasks(input) {
      const cluster = requireCluster(deps, input.cluster);
      const serviceName = optionalString(input.serviceName, 'serviceName');
      const instanceRef = optionalString(input.containerInstance, 'containerInstance');
      const family = optionalString(input.family, 'family');
      const startedBy = optionalString(input.startedBy, 'startedBy');
      const launchType = optionalString(input.launchType, 'launchType');
      const desiredStatus = optionalString(input.desiredStatus, 'desiredStatus') ?? 'RUNNING';
      if (!['RUNNING', 'PENDING', 'STOPPED'].includes(desiredStatus)) throw invalidParameter(`Invalid desiredStatus: ${desiredStatus}`);

      // Start from the narrowest index the filters allow, then filter the rest.
      let source: Iterable<TaskRecord> = world.tasksOfCluster(cluster.name);
      if (serviceName) {
        const service = world.findService(cluster.name, serviceName);
        if (!service) throw serviceNotFound();
        source = world.tasksOfService(cluster.name, service.name);
      } else if (instanceRef) {
        const instance = world.findInstance(cluster.name, instanceRef);
        if (!instance) throw invalidParameter('The referenced container instance was not found.');
        source = world.tasksOfInstance(instance.arn);
      }
      const familyName = family?.split(':')[0];
      function* arns() {
        for (const task of source) {
          if (task.desiredStatus !== desiredStatus) continue;
          if (familyName && task.family !== familyName) continue;
          if (startedBy && task.startedBy !== startedBy) continue;
          if (launchType && task.launchType !== launchType) continue;
          yield task.arn;
        }
      }
      const listing = `ListTasks|${cluster.name}|${serviceName}|${instanceRef}|${family}|${startedBy}|${launchType}|${desiredStatus}`;
      const { page, nextToken } = paginate(arns(), input, { defaultSize: 100, maxSize: 100, listing });
      return { taskArns: page, nextToken };
    },

    DescribeTasks(input) {
      const references = stringList(input.tasks, 'tasks', 100);
      const cluster = requireCluster(deps, input.cluster);
      const includeTags = includeSet(input.include).has('TAGS');
      const { found, failures } = describeBatch(
        references,
        (ref) => world.findTask(cluster.name, ref),
        (task) => taskJson.fragment(task, includeTags),
        (ref) => world.taskArn(cluster.name, ref),
      );
      return { tasks: found, failures };
    },

    StopTask(input) {
      const cluster = requireCluster(deps, input.cluster);
      const task = world.findTask(cluster.name, requiredString(input.task, 'task'));
      if (!task) throw invalidParameter('The referenced task was not found.');
      const reason = optionalString(input.reason, 'reason') ?? 'Task stopped by user';
      stopTask(engine, task, { stopCode: 'UserInitiated', reason, exitCode: 143 });
      engine.runUntil(engine.now());
      return { task: renderTask(world, task, false) };
    },
  };
}
