/**
 * ECS's request throttling: one token bucket per account, region and action category, with
 * the burst and refill AWS documents (docs/ecs-facts.md). Runs on the real wall clock, not the
 * accelerated sim clock: throttling is about how fast clients call, which speed does not change.
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
  StopTask: 'clusterResourceModify',
  ExecuteCommand: 'clusterResourceModify',
};

export function throttlingError(): SimError {
  return new SimError('ThrottlingException', 'Rate exceeded', 400);
}

export class EcsThrottle {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly wallNow: () => number = Date.now) {}

  /** Throws ThrottlingException when the action's bucket for this account and region is empty. */
  take(accountId: string, region: string, action: string): void {
    const category = ECS_THROTTLE_CATEGORY[action];
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
