/**
 * The demo account: everything Wharf can show, in one place. Two production clusters (EC2 with
 * Auto Scaling providers across three zones incl. a GPU group, and Fargate + Fargate Spot),
 * services healthy / mid-deployment / failed by the circuit breaker / crash-looping / below
 * desired, ECR release histories, and the rest an operator meets (Service Connect, ECS
 * Anywhere, EFS, secrets, Docker Hub with registry credentials, exec).
 *
 * The scenario sets the stage two hours before "now" and schedules what happened since
 * (deployments, a Spot interruption); the engine then plays those two hours, so events, stopped
 * tasks and deployment histories are the engine's own. From then on, two release trains (api
 * and search, see release-train.ts) keep shipping, so a deployment is always in progress.
 */
import { startDeployment } from '../engine/deployments';
import { stopTask } from '../engine/task-lifecycle';
import {
  addAsgInstances,
  addAsgProvider,
  addCluster,
  addExternalInstance,
  addService,
  MINUTE,
  pushReleases,
  registerTaskDefinition,
  type ScenarioEnv,
} from './builder';
import { ReleaseTrains } from './release-train';
import { buildDemoDeployments } from './demo-deployments';
import { appTaskDefinition, type AppSpec } from './task-templates';
import type { Json, ServiceRecord, TaskDefinitionRecord } from '../world/types';

/** How much history the demo replays before "now". */
export const DEMO_HISTORY_MS = 120 * MINUTE;

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const SUBNETS = ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002', 'subnet-0a1b2c3d4e5f60003'];

export interface DemoOptions {
  /**
   * Ledger runs healthy (payments-ledger:7) until a bad release (:8, whose tasks crash a few
   * minutes after they start) is deployed this long after "now": the crash loop begins while
   * Wharf watches, so its history shows the moment before it and the deployment that began it.
   * Unset: ledger has been crash-looping since before "now" (the default demo).
   */
  ledgerIncidentInMs?: number;
}

export function buildDemo(env: ScenarioEnv, options: DemoOptions = {}): void {
  const { world, engine } = env;
  const zones = ZONES.map((z) => z.replace('us-east-1', world.region));
  const kmsKey = `arn:aws:kms:${world.region}:${world.accountId}:key/4f6c2a1e-8b3d-4c5e-9f7a-1b2c3d4e5f60`;

  // ---- ECR release histories ----
  const web = pushReleases(env, { repository: 'shop/web', mutability: 'IMMUTABLE', tags: semver(1, 12, 8) });
  // shop/api's newer releases come from its release train (v2.10.0 on), see below.
  const api = pushReleases(env, { repository: 'shop/api', mutability: 'IMMUTABLE', tags: semver(2, 3, 7), broken: ['v2.6.0'], findings: { HIGH: 2, MEDIUM: 5, LOW: 11 } });
  const worker = pushReleases(env, { repository: 'shop/worker', mutability: 'MUTABLE', tags: builds(101, 8), extraTagsOnNewest: ['latest', 'stable'] });
  const checkout = pushReleases(env, { repository: 'shop/checkout', mutability: 'IMMUTABLE', tags: semver(3, 1, 8), findings: { CRITICAL: 1, HIGH: 3 }, scanType: 'ENHANCED' });
  const ledger = pushReleases(env, { repository: 'payments/ledger', mutability: 'MUTABLE', tags: semver(0, 9, 8), extraTagsOnNewest: ['latest'] });
  const inference = pushReleases(env, { repository: 'ml/inference', mutability: 'IMMUTABLE', tags: semver(4, 0, 8), everyDays: 7 });
  const resizer = pushReleases(env, { repository: 'media/image-resizer', mutability: 'IMMUTABLE', tags: semver(1, 0, 8) });
  const search = pushReleases(env, { repository: 'shop/search', mutability: 'IMMUTABLE', tags: semver(1, 4, 6) });
  const app = (spec: Omit<AppSpec, 'accountId' | 'region'>) => appTaskDefinition({ ...spec, accountId: world.accountId, region: world.region });
  const history = (images: string[], make: (image: string) => Json) => images.map((image, i) => registerTaskDefinition(env, make(image), env.start - (images.length - i) * 3 * 24 * 60 * MINUTE + 3600_000));

  // ---- prod-ec2: EC2 with Auto Scaling providers across three zones ----
  const ec2 = addCluster(env, {
    name: 'prod-ec2',
    configuration: { executeCommandConfiguration: { kmsKeyId: kmsKey, logging: 'DEFAULT' } },
    serviceConnectDefaults: { namespace: `arn:aws:servicediscovery:${world.region}:${world.accountId}:namespace/ns-4ecs2shop7demo01` },
    tags: [{ key: 'env', value: 'production' }, { key: 'team', value: 'platform' }],
  });
  const general = addAsgProvider(env, { name: 'prod-ec2-general', cluster: ec2, instanceType: 'm5.xlarge', cpu: 4096, memory: 15466, zones, maxSize: 10, targetCapacity: 90 });
  const gpu = addAsgProvider(env, { name: 'prod-ec2-gpu', cluster: ec2, instanceType: 'g4dn.xlarge', cpu: 4096, memory: 15466, gpus: 1, zones, maxSize: 1, targetCapacity: 100 });
  ec2.defaultCapacityProviderStrategy = [{ capacityProvider: general.name, weight: 1, base: 0 }];
  const generalInstances = addAsgInstances(env, general, 7);
  generalInstances[6].status = 'DRAINING';
  addAsgInstances(env, gpu, 1);
  addExternalInstance(env, ec2, 2048, 3800);
  const onGeneral = [{ capacityProvider: general.name, weight: 1, base: 0 }];

  const webDefs = history(web, (image) => app({ family: 'shop-web', image, cpu: 512, memory: 1024, networkMode: 'bridge', port: 8080 }));
  const apiDefs = history(api, (image) => app({ family: 'shop-api', image, cpu: 512, memory: 1024, networkMode: 'awsvpc', port: 8080 }));
  const ledgerDefs = history(ledger, (image) => app({
    family: 'payments-ledger', image, cpu: 256, memory: 512, networkMode: 'awsvpc', port: 9000,
    container: {
      secrets: [
        { name: 'DATABASE_URL', valueFrom: `arn:aws:secretsmanager:${world.region}:${world.accountId}:secret:prod/ledger/database-url-Xy12Ab` },
        { name: 'SIGNING_KEY', valueFrom: `arn:aws:ssm:${world.region}:${world.accountId}:parameter/prod/ledger/signing-key` },
      ],
      mountPoints: [{ sourceVolume: 'ledger-data', containerPath: '/var/lib/ledger', readOnly: false }],
    },
    extra: {
      volumes: [{
        name: 'ledger-data',
        efsVolumeConfiguration: { fileSystemId: 'fs-0a1b2c3d4e5f67890', rootDirectory: '/ledger', transitEncryption: 'ENABLED', authorizationConfig: { accessPointId: 'fsap-0123456789abcdef0', iam: 'ENABLED' } },
      }],
    },
  }));
  const inferenceDefs = history(inference, (image) => app({
    family: 'ml-inference', image, cpu: 2048, memory: 8192, networkMode: 'bridge', port: 8500,
    container: { resourceRequirements: [{ type: 'GPU', value: '1' }] },
  }));
  const edgeDefs = [registerTaskDefinition(env, app({
    family: 'edge-collector', image: 'docker.io/acme/edge-collector:4.2.1', cpu: 256, memory: 512, networkMode: 'bridge',
    container: { repositoryCredentials: { credentialsParameter: `arn:aws:secretsmanager:${world.region}:${world.accountId}:secret:dockerhub/acme-pull-Zq81Lm` } },
    extra: { requiresCompatibilities: ['EXTERNAL'] },
  }), env.start - 40 * 24 * 60 * MINUTE)];

  const webService = addService(env, {
    cluster: ec2, name: 'web', taskDefinition: webDefs[5], desiredCount: 4, capacityProviderStrategy: onGeneral,
    circuitBreaker: { enable: true, rollback: true }, enableExecuteCommand: true,
    placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'binpack', field: 'memory' }],
  });
  const apiService = addService(env, {
    cluster: ec2, name: 'api', taskDefinition: apiDefs[6], desiredCount: 6, capacityProviderStrategy: onGeneral, subnets: SUBNETS,
    // One task at a time (7 of 6 at most): its release train's rollouts creep, visibly.
    maximumPercent: 120, circuitBreaker: { enable: true, rollback: true }, enableExecuteCommand: true,
    placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'spread', field: 'instanceId' }],
    serviceConnect: {
      enabled: true,
      namespace: 'shop.internal',
      services: [{ portName: 'http', discoveryName: 'api', clientAliases: [{ port: 80, dnsName: 'api.shop.internal' }] }],
    },
  });
  const incidentIn = options.ledgerIncidentInMs;
  const ledgerService = addService(env, {
    cluster: ec2, name: 'ledger', taskDefinition: ledgerDefs[incidentIn === undefined ? 7 : 6], desiredCount: 2, capacityProviderStrategy: onGeneral, subnets: SUBNETS,
    behaviour: incidentIn === undefined ? { crashAfterMs: 3 * MINUTE } : {}, placementStrategy: [{ type: 'binpack', field: 'cpu' }],
  });
  addService(env, {
    cluster: ec2, name: 'inference', taskDefinition: inferenceDefs[7], desiredCount: 2, capacityProviderStrategy: [{ capacityProvider: gpu.name, weight: 1, base: 0 }],
    enableExecuteCommand: true,
    placementConstraints: [{ type: 'distinctInstance' }, { type: 'memberOf', expression: 'attribute:ecs.instance-type =~ g4dn.*' }],
  });
  addService(env, { cluster: ec2, name: 'edge-collector', taskDefinition: edgeDefs[0], desiredCount: 1, launchType: 'EXTERNAL' });

  // ---- prod-fargate: Fargate and Fargate Spot ----
  const fargate = addCluster(env, {
    name: 'prod-fargate',
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 }],
    configuration: { executeCommandConfiguration: { logging: 'DEFAULT' } },
    tags: [{ key: 'env', value: 'production' }],
  });
  const fg = (family: string, image: string, cpu = 512, memory = 1024) => app({ family, image, cpu, memory, networkMode: 'awsvpc', port: 8080, fargate: true });
  const checkoutDefs = history(checkout, (image) => fg('shop-checkout', image));
  const workerDefs = history(worker, (image) => fg('shop-notifications', image, 256, 512));
  const emailerDefs = history(worker.slice(4), (image) => fg('shop-emailer', image, 256, 512));
  const resizerDefs = history(resizer, (image) => fg('media-image-resizer', image, 1024, 2048));
  const searchDefs = history(search, (image) => fg('shop-search', image, 1024, 2048));
  const spotOnly = [{ capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 }];

  const checkoutService = addService(env, {
    cluster: fargate, name: 'checkout', taskDefinition: checkoutDefs[6], desiredCount: 3, subnets: SUBNETS,
    capacityProviderStrategy: fargate.defaultCapacityProviderStrategy, circuitBreaker: { enable: true, rollback: true }, enableExecuteCommand: true,
  });
  const notifications = addService(env, {
    cluster: fargate, name: 'notifications', taskDefinition: workerDefs[7], desiredCount: 2, subnets: SUBNETS,
    capacityProviderStrategy: fargate.defaultCapacityProviderStrategy, circuitBreaker: { enable: true, rollback: true },
  });
  const emailer = addService(env, {
    cluster: fargate, name: 'emailer', taskDefinition: emailerDefs[3], desiredCount: 2, subnets: SUBNETS,
    capacityProviderStrategy: fargate.defaultCapacityProviderStrategy, circuitBreaker: { enable: true, rollback: false },
  });
  const resizerService = addService(env, {
    cluster: fargate, name: 'image-resizer', taskDefinition: resizerDefs[7], desiredCount: 4, subnets: SUBNETS, capacityProviderStrategy: spotOnly,
  });
  const searchService = addService(env, {
    cluster: fargate, name: 'search', taskDefinition: searchDefs[5], desiredCount: 4, subnets: SUBNETS,
    capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }], maximumPercent: 125, circuitBreaker: { enable: true, rollback: true },
  });

  // ---- what happened in the last two hours ----
  const at = (minutesFromHistoryStart: number, run: () => void) => engine.after(minutesFromHistoryStart * MINUTE, run);
  const deploy = (service: ServiceRecord, definition: TaskDefinitionRecord) => startDeployment(engine, service, { taskDefinition: definition.arn });
  at(20, () => deploy(webService, webDefs[6]));
  at(25, () => deploy(checkoutService, checkoutDefs[7]));
  at(70, () => deploy(webService, webDefs[7]));
  // A release whose image was never pushed: the circuit breaker fails it and rolls back.
  const missing = (family: string, tag: string) => registerTaskDefinition(env, fg(family, `${world.accountId}.dkr.ecr.${world.region}.amazonaws.com/shop/worker:${tag}`, 256, 512), env.start - 95 * MINUTE);
  const badNotifications = missing('shop-notifications', 'build-109');
  const badEmailer = missing('shop-emailer', 'build-110');
  at(30, () => deploy(notifications, badNotifications));
  at(60, () => deploy(emailer, badEmailer));
  // Spot capacity is reclaimed now and then anyway; one interruption every 40 minutes keeps a
  // SpotInterruption among the stopped tasks (kept an hour) at all times.
  const interruptions = () => {
    interruptOneSpotTask(env, resizerService);
    engine.after(40 * MINUTE, interruptions);
  };
  at(95, interruptions);
  if (incidentIn !== undefined) {
    engine.after(DEMO_HISTORY_MS + incidentIn, () => {
      ledgerService.behaviour.crashAfterMs = 3 * MINUTE;
      deploy(ledgerService, ledgerDefs[7]);
    });
  }

  // Always a deployment in progress: api's and search's release trains ship large images
  // (slow pulls) one task at a time. api's rollout (~90 min) is halfway at "now".
  const trains = new ReleaseTrains(env);
  trains.add({ service: apiService, repository: 'shop/api', tag: (n) => `v2.${10 + n}.0`, pullSeconds: 15 * 60, sizeBytes: 3_900_000_000, pauseMs: 15 * MINUTE }, 75 * MINUTE);
  trains.add({ service: searchService, repository: 'shop/search', tag: (n) => `v1.${10 + n}.0`, pullSeconds: 8 * 60, sizeBytes: 2_600_000_000, pauseMs: 20 * MINUTE }, 50 * MINUTE);

  // Blue/green, linear and canary deployments behind a load balancer (demo-deployments.ts).
  buildDemoDeployments(env, fargate, zones, SUBNETS);
}

function interruptOneSpotTask(env: ScenarioEnv, service: ServiceRecord): void {
  const task = [...env.world.tasksOfService(service.clusterName, service.name)].find((t) => t.lastStatus === 'RUNNING');
  if (task) stopTask(env.engine, task, { stopCode: 'SpotInterruption', reason: 'Your Spot Task was interrupted.', exitCode: 143, drainMs: 2 * MINUTE });
}

function semver(major: number, firstMinor: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `v${major}.${firstMinor + i}.0`);
}

function builds(first: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `build-${first + i}`);
}
