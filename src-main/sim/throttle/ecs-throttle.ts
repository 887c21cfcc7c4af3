/**
 * Request throttling of the APIs the sim throttles: one token bucket per account, region and
 * action category, with the burst and refill AWS documents (docs/aws-quotas.md): ECS's
 * categories, Elastic Load Balancing's Describe* bucket, CloudWatch's DescribeAlarms. Runs on
 * the real wall clock, not the accelerated sim clock: throttling is about how fast clients
 * call, which speed does not change.
 */
import { SimError } from '../http/types';
import { TokenBucket } from './token-bucket';

interface Category {
  burst: number;
  refillPerSecond: number;
}

const CATEGORIES: Record<string, Category> = {
  clusterRead: { burst: 50, refillPerSecond: 20 },
  serviceRead: { burst: 100, refillPerSecond: 20 },
  clusterResourceRead: { burst: 100, refillPerSecond: 20 },
  taskDefinitionRead: { burst: 50, refillPerSecond: 20 },
  capacityProviderRead: { burst: 50, refillPerSecond: 20 },
  serviceDeploymentRead: { burst: 50, refillPerSecond: 20 },
  serviceModify: { burst: 50, refillPerSecond: 5 },
  clusterResourceModify: { burst: 100, refillPerSecond: 40 },
  // Elastic Load Balancing (API version 2): the non-mutating Describe* actions.
  elbDescribe: { burst: 40, refillPerSecond: 10 },
  // CloudWatch DescribeAlarms: 9 transactions per second.
  cloudwatchDescribeAlarms: { burst: 9, refillPerSecond: 9 },
};

/** Which bucket each ECS action draws from; actions not listed are not throttled by the sim. */
export const ECS_THROTTLE_CATEGORY: Record<string, keyof typeof CATEGORIES> = {
  DescribeClusters: 'clusterRead',
  ListClusters: 'clusterRead',
  DescribeServices: 'serviceRead',
  ListServices: 'serviceRead',
  DescribeTasks: 'clusterResourceRead',
  ListTasks: 'clusterResourceRead',
  DescribeContainerInstances: 'clusterResourceRead',
  ListContainerInstances: 'clusterResourceRead',
  ListAttributes: 'clusterResourceRead',
  DescribeTaskDefinition: 'taskDefinitionRead',
  ListTaskDefinitions: 'taskDefinitionRead',
  ListTaskDefinitionFamilies: 'taskDefinitionRead',
  DescribeCapacityProviders: 'capacityProviderRead',
  DescribeServiceDeployments: 'serviceDeploymentRead',
  ListServiceDeployments: 'serviceDeploymentRead',
  DescribeServiceRevisions: 'serviceDeploymentRead',
  UpdateService: 'serviceModify',
  CreateService: 'serviceModify',
  // Not in ECS's table: counted with the service writes they are.
  ContinueServiceDeployment: 'serviceModify',
  StopServiceDeployment: 'serviceModify',
  StopTask: 'clusterResourceModify',
  ExecuteCommand: 'clusterResourceModify',
};

/** The other services' throttled actions, by SigV4 signing name. */
export const OTHER_THROTTLE_CATEGORY: Record<string, Record<string, keyof typeof CATEGORIES>> = {
  elasticloadbalancing: {
    DescribeLoadBalancers: 'elbDescribe',
    DescribeTargetGroups: 'elbDescribe',
    DescribeListeners: 'elbDescribe',
    DescribeRules: 'elbDescribe',
    DescribeTargetHealth: 'elbDescribe',
  },
  monitoring: { DescribeAlarms: 'cloudwatchDescribeAlarms' },
};

export function throttlingError(): SimError {
  return new SimError('ThrottlingException', 'Rate exceeded', 400);
}

export class EcsThrottle {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly wallNow: () => number = Date.now) {}

  /** Throws ThrottlingException when the action's bucket for this account and region is empty. */
  take(accountId: string, region: string, action: string, service = 'ecs'): void {
    const category = service === 'ecs' ? ECS_THROTTLE_CATEGORY[action] : OTHER_THROTTLE_CATEGORY[service]?.[action];
    if (!category) return;
    const key = `${accountId}|${region}|${category}`;
    const now = this.wallNow();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const { burst, refillPerSecond } = CATEGORIES[category];
      bucket = new TokenBucket(burst, refillPerSecond, now);
      this.buckets.set(key, bucket);
    }
    if (!bucket.tryTake(now)) throw throttlingError();
  }

  /** Tokens left per bucket, for `GET /__sim/state`. */
  snapshot(): Record<string, number> {
    const now = this.wallNow();
    return Object.fromEntries([...this.buckets].map(([key, bucket]) => [key, Math.floor(bucket.available(now))]));
  }
}
