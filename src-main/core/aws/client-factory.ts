import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { EKSClient } from '@aws-sdk/client-eks';
import { KMSClient } from '@aws-sdk/client-kms';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { WharfError } from '../../contract/errors';
import { ApiBudget } from './api-budget';
import { AwsClock } from './aws-clock';
import type { ApiMonitor } from './api-monitor';
import { realClock, type Clock } from './clock';
import { wharfMiddleware } from './client-middleware';
import { unimplementedError } from './unimplemented';
import type { ServiceId } from './endpoints';
import { makeEksToken, regionalStsEndpoint, type EksToken } from './eks-token';
import type { AwsProfile } from './profiles';
import type { BudgetService } from './throttle-categories';

/** The SDK clients of one profile in one region. Each is created on first use. */
export interface ServiceClients {
  readonly region: string;
  readonly ecs: ECSClient;
  readonly ecr: ECRClient;
  readonly cloudwatch: CloudWatchClient;
  readonly logs: CloudWatchLogsClient;
  readonly kms: KMSClient;
  readonly sts: STSClient;
  /** Live events: the rule that routes ECS's events, and the queue Wharf long-polls. */
  readonly eventbridge: EventBridgeClient;
  readonly sqs: SQSClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly eks: EKSClient;
  /**
   * A bearer token for an EKS cluster's Kubernetes API (`aws eks get-token`), signed with the
   * profile's credentials for this region's STS (or the profile's STS endpoint override).
   */
  eksToken(clusterName: string): Promise<EksToken>;
}

export interface ClientFactoryDeps {
  profile: AwsProfile;
  credentials: AwsCredentialIdentityProvider;
  monitor: ApiMonitor;
  /** Share of AWS's throttle figures Wharf allows itself (settings.apiBudgetShare). */
  share: number;
  explainCredentialError: (err: unknown) => WharfError | null;
  clock?: Clock;
}

/** A few attempts, not the SDK's adaptive mode: Wharf's own buckets already pace requests. */
const MAX_ATTEMPTS = 3;
/** Sockets per client: above any burst the token buckets let through (see the request handler). */
const MAX_SOCKETS = 256;

type Ctor<C> = new (config: ConstructorParameters<typeof ECSClient>[0] & object) => C;

const SERVICES: Record<Exclude<keyof ServiceClients, 'region' | 'eksToken'>, { id: ServiceId; budget: BudgetService; ctor: Ctor<{ destroy(): void }> }> = {
  ecs: { id: 'ECS', budget: 'ecs', ctor: ECSClient as Ctor<ECSClient> },
  ecr: { id: 'ECR', budget: 'ecr', ctor: ECRClient as unknown as Ctor<ECRClient> },
  cloudwatch: { id: 'CLOUDWATCH', budget: 'cloudwatch', ctor: CloudWatchClient as unknown as Ctor<CloudWatchClient> },
  logs: { id: 'CLOUDWATCH_LOGS', budget: 'logs', ctor: CloudWatchLogsClient as unknown as Ctor<CloudWatchLogsClient> },
  kms: { id: 'KMS', budget: 'kms', ctor: KMSClient as unknown as Ctor<KMSClient> },
  sts: { id: 'STS', budget: 'sts', ctor: STSClient as unknown as Ctor<STSClient> },
  eventbridge: { id: 'EVENTBRIDGE', budget: 'events', ctor: EventBridgeClient as unknown as Ctor<EventBridgeClient> },
  sqs: { id: 'SQS', budget: 'sqs', ctor: SQSClient as unknown as Ctor<SQSClient> },
  elbv2: { id: 'ELASTIC_LOAD_BALANCING_V2', budget: 'elbv2', ctor: ElasticLoadBalancingV2Client as unknown as Ctor<ElasticLoadBalancingV2Client> },
  eks: { id: 'EKS', budget: 'eks', ctor: EKSClient as unknown as Ctor<EKSClient> },
};

/**
 * One client per service per region for one profile, cached; all clients of a region share
 * that region's token buckets (AWS throttles per account and region).
 */
export class ClientFactory {
  private readonly regions = new Map<string, { clients: ServiceClients; built: Map<string, { destroy(): void }> }>();
  private readonly budgets = new Map<string, ApiBudget>();
  /** AWS's clock per region, learnt from every response's Date header. */
  readonly awsClock = new AwsClock();
  /** Operations this profile's endpoints were found to lack, per service: never asked again. */
  private readonly unsupported = new Map<string, Set<string>>();

  constructor(private readonly deps: ClientFactoryDeps) {}

  clientsFor(region: string): ServiceClients {
    let entry = this.regions.get(region);
    if (!entry) {
      const built = new Map<string, { destroy(): void }>();
      const get = (key: keyof typeof SERVICES) => {
        let client = built.get(key);
        if (!client) {
          client = this.create(key, region);
          built.set(key, client);
        }
        return client;
      };
      const clients = {
        region,
        get ecs() { return get('ecs') as ECSClient; },
        get ecr() { return get('ecr') as ECRClient; },
        get cloudwatch() { return get('cloudwatch') as CloudWatchClient; },
        get logs() { return get('logs') as CloudWatchLogsClient; },
        get kms() { return get('kms') as KMSClient; },
        get sts() { return get('sts') as STSClient; },
        get eventbridge() { return get('eventbridge') as EventBridgeClient; },
        get sqs() { return get('sqs') as SQSClient; },
        get elbv2() { return get('elbv2') as ElasticLoadBalancingV2Client; },
        get eks() { return get('eks') as EKSClient; },
        eksToken: (clusterName: string) => this.eksToken(region, clusterName, get('sts') as STSClient),
      };
      entry = { clients, built };
      this.regions.set(region, entry);
    }
    return entry.clients;
  }

  budgetFor(region: string): ApiBudget {
    let budget = this.budgets.get(region);
    if (!budget) {
      budget = new ApiBudget(this.deps.share, this.deps.clock ?? realClock);
      this.budgets.set(region, budget);
    }
    return budget;
  }

  setShare(share: number): void {
    this.deps.share = share;
    for (const budget of this.budgets.values()) budget.setShare(share);
  }

  private unsupportedOf(key: string, endpoint: string | null): NonNullable<Parameters<typeof wharfMiddleware>[0]['unsupported']> {
    let set = this.unsupported.get(key);
    if (!set) {
      set = new Set();
      this.unsupported.set(key, set);
    }
    const known = set;
    return { has: (op) => known.has(op), add: (op) => void known.add(op), error: (op, cause) => unimplementedError(op, endpoint, cause) };
  }

  /** Closes sockets and releases anyone waiting for a token. */
  destroy(): void {
    for (const budget of this.budgets.values()) budget.drain();
    for (const { built } of this.regions.values()) for (const client of built.values()) client.destroy();
    this.regions.clear();
  }

  private eksToken(region: string, clusterName: string, sts: STSClient): Promise<EksToken> {
    // Signed by the STS client's clock, which the SDK corrects when AWS reports a skew.
    const offset = (sts.config as { systemClockOffset?: number }).systemClockOffset ?? 0;
    return makeEksToken({
      clusterName,
      region,
      stsEndpoint: this.deps.profile.endpoints.STS ?? regionalStsEndpoint(region),
      credentials: this.deps.credentials,
      signingDate: new Date(Date.now() + offset),
    });
  }

  private create(key: keyof typeof SERVICES, region: string): { destroy(): void } {
    const { id, budget, ctor } = SERVICES[key];
    const endpoint = this.deps.profile.endpoints[id];
    const client = new ctor({
      region,
      credentials: this.deps.credentials,
      maxAttempts: MAX_ATTEMPTS,
      // Our resolution (endpoints.ts) is the only one: without an override the SDK must not
      // pick one up from AWS_PROFILE's section, which may be another profile.
      ...(endpoint ? { endpoint } : { ignoreConfiguredEndpointUrls: true }),
      // The SDK's connection timeout also runs while a request waits for a free socket (its
      // agent holds 50): a burst the buckets let through (100 service reads) against a slow
      // endpoint failed as TimeoutError with no connection ever tried. The buckets already
      // bound what is in flight (a full bucket releases at most ~100 reads at once), so the
      // agent's cap sits well above any burst they allow: a backstop, not a queue.
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000, httpAgent: { maxSockets: MAX_SOCKETS }, httpsAgent: { maxSockets: MAX_SOCKETS } },
    }) as { destroy(): void; middlewareStack: { use(p: unknown): void } };
    client.middlewareStack.use(
      wharfMiddleware({
        service: budget,
        budget: this.budgetFor(region),
        monitor: this.deps.monitor,
        explainCredentialError: this.deps.explainCredentialError,
        onServerDate: (date) => this.awsClock.observe(region, date),
        unsupported: this.unsupportedOf(key, endpoint ?? null),
      }),
    );
    return client;
  }
}
