/**
 * AWS's request throttling, per account and region, as token buckets per category
 * (docs/ecs-facts.md, from the ECS API reference "Request throttling"). Wharf keeps its own
 * bucket per category at a share of these figures, so it never spends the whole account's
 * budget that deploy pipelines and the console also draw from.
 */

export interface BucketSpec {
  /** Bucket size: how many calls may go at once. */
  burst: number;
  /** Tokens added per second: the sustained rate. */
  refillPerSecond: number;
}

export const ECS_CATEGORIES = {
  'ecs:cluster-read': { burst: 50, refillPerSecond: 20 },
  'ecs:service-read': { burst: 100, refillPerSecond: 20 },
  'ecs:cluster-resource-read': { burst: 100, refillPerSecond: 20 },
  'ecs:task-definition-read': { burst: 50, refillPerSecond: 20 },
  'ecs:capacity-provider-read': { burst: 50, refillPerSecond: 20 },
  'ecs:service-deployment-read': { burst: 50, refillPerSecond: 20 },
  'ecs:service-modify': { burst: 50, refillPerSecond: 5 },
  'ecs:cluster-resource-modify': { burst: 100, refillPerSecond: 40 },
  // Not in the table: every other ECS call (RegisterTaskDefinition, StopServiceDeployment,
  // tagging, ...). Wharf makes few of them; a small, slow bucket keeps them polite.
  'ecs:other': { burst: 20, refillPerSecond: 1 },
} as const satisfies Record<string, BucketSpec>;

/**
 * Other services: AWS documents rates only for some of their calls (ECR's push/pull,
 * CloudWatch's GetMetricData); Wharf treats each as one modest bucket.
 */
export const OTHER_CATEGORIES = {
  ecr: { burst: 20, refillPerSecond: 10 },
  cloudwatch: { burst: 20, refillPerSecond: 10 },
  // CloudWatch DescribeAlarms: 9 transactions per second (docs/aws-quotas.md).
  'cloudwatch:describe-alarms': { burst: 9, refillPerSecond: 9 },
  // Elastic Load Balancing v2: every Describe* shares 40 tokens refilled at 10 per second (docs/aws-quotas.md).
  elbv2: { burst: 40, refillPerSecond: 10 },
  logs: { burst: 10, refillPerSecond: 5 },
  sts: { burst: 20, refillPerSecond: 10 },
  kms: { burst: 20, refillPerSecond: 10 },
  // EventBridge: every API but PutEvents is limited to 50 requests per second (docs/aws-quotas.md).
  events: { burst: 50, refillPerSecond: 50 },
  // SQS standard queues: "nearly unlimited" calls. Idle, the long poll is one call per 20 s;
  // in a burst (a drained instance: hundreds of events) every 10 events cost a receive and a
  // delete, so the bucket must not be what holds events back: at the default half share,
  // 250 calls a second carry over 1,000 events a second.
  sqs: { burst: 1000, refillPerSecond: 500 },
  // EKS publishes no API rates; the sim's assumed bucket (docs/aws-quotas.md, EKS).
  eks: { burst: 50, refillPerSecond: 10 },
  // A cluster's Kubernetes API, per cluster: client-go's default QPS 5, burst 10.
  k8s: { burst: 10, refillPerSecond: 5 },
} as const satisfies Record<string, BucketSpec>;

export type EcsCategory = keyof typeof ECS_CATEGORIES;
export type ThrottleCategory = EcsCategory | keyof typeof OTHER_CATEGORIES;

export const CATEGORY_SPECS: Record<ThrottleCategory, BucketSpec> = { ...ECS_CATEGORIES, ...OTHER_CATEGORIES };

const ECS_OPERATION_CATEGORY: Record<string, EcsCategory> = {
  DescribeClusters: 'ecs:cluster-read',
  ListClusters: 'ecs:cluster-read',
  DescribeServices: 'ecs:service-read',
  ListServices: 'ecs:service-read',
  ListServicesByNamespace: 'ecs:service-read',
  DescribeTasks: 'ecs:cluster-resource-read',
  ListTasks: 'ecs:cluster-resource-read',
  DescribeContainerInstances: 'ecs:cluster-resource-read',
  ListContainerInstances: 'ecs:cluster-resource-read',
  ListAttributes: 'ecs:cluster-resource-read',
  DescribeTaskDefinition: 'ecs:task-definition-read',
  ListTaskDefinitions: 'ecs:task-definition-read',
  ListTaskDefinitionFamilies: 'ecs:task-definition-read',
  DescribeCapacityProviders: 'ecs:capacity-provider-read',
  DescribeServiceDeployments: 'ecs:service-deployment-read',
  ListServiceDeployments: 'ecs:service-deployment-read',
  DescribeServiceRevisions: 'ecs:service-deployment-read',
  UpdateService: 'ecs:service-modify',
  // Not in ECS's table: counted with the service writes (docs/aws-quotas.md).
  ContinueServiceDeployment: 'ecs:service-modify',
  StopServiceDeployment: 'ecs:service-modify',
  StopTask: 'ecs:cluster-resource-modify',
  ExecuteCommand: 'ecs:cluster-resource-modify',
};

/** The services a client belongs to, as the budget names them. */
export type BudgetService = 'ecs' | 'ecr' | 'cloudwatch' | 'logs' | 'sts' | 'kms' | 'eks' | 'elbv2' | 'events' | 'sqs';

/** The bucket an operation draws from; `operation` is the API name, e.g. `DescribeServices`. */
export function categoryOf(service: BudgetService, operation: string): ThrottleCategory {
  if (service === 'cloudwatch' && operation === 'DescribeAlarms') return 'cloudwatch:describe-alarms';
  if (service !== 'ecs') return service;
  return ECS_OPERATION_CATEGORY[operation] ?? 'ecs:other';
}
