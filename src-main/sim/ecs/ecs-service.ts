/** The ECS ServiceDefinition: JSON 1.1, target prefix AmazonEC2ContainerServiceV20141113. */
import type { ServiceDefinition } from '../http/types';
import { clusterOperations } from './clusters';
import { containerInstanceOperations } from './container-instances';
import { deploymentOperations } from './deployments';
import type { EcsDeps } from './deps';
import { execOperations } from './exec';
import { serviceOperations } from './services';
import { tagOperations } from './tags';
import { taskDefinitionOperations } from './task-definitions';
import { taskOperations } from './tasks';

export type { EcsDeps } from './deps';

export function ecsService(deps: EcsDeps): ServiceDefinition {
  return {
    signingName: 'ecs',
    targetPrefix: 'AmazonEC2ContainerServiceV20141113',
    protocols: ['json1.1'],
    operations: {
      ...clusterOperations(deps),
      ...serviceOperations(deps),
      ...taskOperations(deps),
      ...containerInstanceOperations(deps),
      ...taskDefinitionOperations(deps),
      ...deploymentOperations(deps),
      ...execOperations(deps),
      ...tagOperations(deps),
    },
  };
}
