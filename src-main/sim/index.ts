/**
 * The simulated AWS account: `startSim()` builds a scenario's world, starts the clock and the
 * engine, the exec agent, and one loopback HTTP front door serving ECS, ECR, CloudWatch,
 * CloudWatch Logs, Elastic Load Balancing (v2), STS and KMS as AWS's SDKs and CLI speak them.
 */
import { randomBytes } from 'node:crypto';
import { cloudwatchService } from './cloudwatch/cloudwatch-service';
import type { MetricsStore } from './cloudwatch/metrics-store';
import { ecrService } from './ecr/ecr-service';
import type { EcrStore } from './ecr/ecr-store';
import { ecsService } from './ecs/ecs-service';
import { EcsEventSource } from './events/event-source';
import { eventsService } from './events/events-service';
import { elbv2Service } from './elbv2/elbv2-service';
import { ControlPlanes } from './eks/control-planes';
import { eksService } from './eks/eks-service';
import { canonicalArn } from './k8s/token-verifier';
import { SimClock } from './engine/clock';
import type { Engine } from './engine/engine';
import { Random } from './engine/random';
import { ExecAgent } from './exec-agent/exec-agent';
import { Faults, type FaultOptions } from './faults/faults';
import { startFrontDoor, type AdminHandler, type Exchange, type OperationCall } from './http/server';
import { kmsService } from './kms/kms-service';
import { logsService } from './logs/logs-service';
import type { LogsStore } from './logs/logs-store';
import { AccountRegions } from './regions/account-regions';
import { buildRegion, regionSeed, type RegionSim } from './regions/region-sim';
import { perRegion, routeByRegion } from './regions/route-by-region';
import { scenarioPlan, type DemoOptions, type LargeSizes, type ScenarioName } from './scenarios';
import { sqsService } from './sqs/sqs-service';
import { callerIdentity, stsService } from './sts/sts-service';
import { EcsThrottle } from './throttle/ecs-throttle';
import { EventsThrottle } from './throttle/events-throttle';
import { EksThrottle } from './throttle/eks-throttle';
import type { World } from './world/world';
import type { ServiceDefinition } from './http/types';
import { SigV4Verifier, type SimCredentials } from './http/auth';
import type { ExecSessions } from './seams/ports';

export type { FaultOptions } from './faults/faults';
export type { SimCredentials } from './http/auth';
export { SigV4Verifier } from './http/auth';
export type { Exchange } from './http/server';
export type { ScenarioName } from './scenarios';

export interface SimOptions {
  scenario?: ScenarioName;
  host?: string;
  /** 0 = any free port. */
  port?: number;
  seed?: number;
  /** Sim seconds per real second (60 = a minute per second; 0 = frozen, move it with clock.advance). */
  speed?: number;
  /** ECS request throttling (on by default). */
  throttle?: boolean;
  /**
   * The wall clock (ms) the ECS and EKS token buckets refill by: Date.now by default. Tests freeze it
   * to count throttled calls exactly, whatever the machine's speed.
   */
  throttleClock?: () => number;
  faults?: FaultOptions;
  large?: Partial<LargeSizes>;
  /** The demo scenario's variations (see DemoOptions). */
  demo?: DemoOptions;
  accountId?: string;
  region?: string;
  /** The sim's "now" at start, epoch ms (default: the real time). */
  startTime?: number;
  onExchange?: (exchange: Exchange) => void;
  /**
   * The access keys the sim accepts, each with its secret (SigV4 signatures are checked
   * against them) and, for temporary credentials, the session token requests must carry.
   * Default: one random pair made at start, read back from `credentials`.
   */
  credentials?: SimCredentials[];
  /**
   * Serve the `/__sim/*` debugging routes (and the exec agent's `/admin/*`), to callers that
   * send a secret access key of `credentials` as `Authorization: Bearer` with a JSON
   * content type. Off by default: the app's embedded Demo account never turns them on.
   */
  admin?: boolean;
}

export interface SimClockHandle {
  /** Sim time, epoch ms. */
  now(): number;
  readonly speed: number;
  setSpeed(speed: number): void;
  /** Jumps ahead and lets the world catch up before returning. */
  advance(ms: number): void;
}

export interface RunningSim {
  endpoint: string;
  region: string;
  accountId: string;
  scenario: ScenarioName;
  /** The first pair the sim accepts: what a client of this sim signs with (and the admin routes' bearer token). */
  credentials: SimCredentials;
  /** The SigV4 verifier of this sim (see SimAccount.auth). */
  auth: SigV4Verifier;
  clock: SimClockHandle;
  setFaults(faults: FaultOptions): FaultOptions;
  close(): Promise<void>;
}

/**
 * The account without its network side: its regions (each with a world, engine, ECR, logs and
 * metrics), one clock, one set of faults and throttles, and its services. `world`, `engine`,
 * `ecr`, `logs` and `metrics` are the primary region's (`region`).
 */
export interface SimAccount {
  scenario: ScenarioName;
  accountId: string;
  region: string;
  world: World;
  engine: Engine;
  clock: SimClock;
  ecr: EcrStore;
  logs: LogsStore;
  metrics: MetricsStore;
  /** Every region: the scenario's, and any other created empty when first asked for. */
  regions: AccountRegions;
  faults: Faults;
  throttle?: EcsThrottle;
  /** EventBridge's request throttling (rules and targets), when throttling is on. */
  eventsThrottle?: EventsThrottle;
  /** Each region's ECS event source (ECS -> EventBridge -> SQS), by region. */
  eventSources: Map<string, EcsEventSource>;
  eksThrottle?: EksThrottle;
  /** The EKS clusters' Kubernetes API servers, started when a cluster is first described. */
  controlPlanes: ControlPlanes;
  /** The key pairs the account accepts (the options', or one random pair). */
  credentials: SimCredentials[];
  /**
   * Verifies SigV4 signatures against `credentials`, within 15 minutes of the sim clock or the
   * real one: the front door's check, and the one for any service of the sim that is handed a
   * presigned URL to verify (an EKS cluster's `k8s-aws-v1.` token: `auth.verifyPresignedUrl`).
   */
  auth: SigV4Verifier;
  /**
   * ECS, ECR, CloudWatch, Logs, ELBv2, EventBridge, SQS, STS and KMS. The first seven answer from the region each request
   * is signed for; ECS uses `exec` for ExecuteCommand sessions in every region.
   */
  services(exec?: ExecSessions): ServiceDefinition[];
}

/** Builds the scenario's regions and plays their recent history up to "now". No sockets. */
export function createSimAccount(options: SimOptions = {}): SimAccount {
  const scenario = options.scenario ?? 'demo';
  const accountId = options.accountId ?? '123456789012';
  const region = options.region ?? 'us-east-1';
  const seed = options.seed ?? 42;
  const start = options.startTime ?? Date.now();
  const plan = scenarioPlan(scenario, options.large, options.demo);
  const { historyMs, chatty } = plan;
  const credentials = options.credentials?.length ? options.credentials : [randomCredentials()];
  // Whoever signs with the first key pair made the account's EKS clusters: they get admin access entries.
  const eksCreators = [canonicalArn(callerIdentity(accountId, credentials[0]).Arn)];

  const primary = buildRegion({ accountId, region, random: new Random(seed), seed, start, historyMs, chatty, build: plan.build, eksCreators });
  const others = Object.entries(plan.regions ?? {})
    .filter(([name]) => name !== region)
    .map(([name, build]) => buildRegion({ accountId, region: name, random: new Random(regionSeed(seed, name)), seed, start, historyMs, chatty, build, eksCreators }));

  const clock = new SimClock(start, options.speed ?? 1);
  const faults = new Faults(options.faults ?? {}, seed);
  const eventSources = new Map<string, EcsEventSource>();
  const attachEventSource = (sim: RegionSim) => {
    const source = new EcsEventSource({ world: sim.world, engine: sim.engine, events: sim.events, sqs: sim.sqs, faults, seed: regionSeed(seed, sim.region), now: () => clock.now() });
    source.start();
    eventSources.set(sim.region, source);
  };
  const regions = new AccountRegions({ accountId, seed, primary, others, now: () => clock.now(), onRegion: attachEventSource });
  clock.onAdvance((now) => regions.runUntil(now));
  const throttle = options.throttle === false ? undefined : new EcsThrottle(options.throttleClock);
  const eventsThrottle = options.throttle === false ? undefined : new EventsThrottle();
  const eksThrottle = options.throttle === false ? undefined : new EksThrottle(options.throttleClock);
  const controlPlanes = new ControlPlanes({ host: options.host ?? '127.0.0.1', now: () => clock.now() });
  const { world, engine, ecr, logs, metrics } = primary;
  const auth = new SigV4Verifier({ credentials, clocks: [() => clock.now(), () => Date.now()] });
  return {
    scenario, accountId, region, world, engine, clock, ecr, logs, metrics, regions, faults, throttle, eventsThrottle, eventSources, eksThrottle, controlPlanes, credentials, auth,
    services: (exec) => {
      const regional = perRegion((name) => regionalServices(regions.get(name), faults, exec, controlPlanes));
      return [
        ...regional(region).map((template, i) => routeByRegion(template, (name) => regional(name)[i])),
        stsService({ accountId }),
        kmsService({ accountId }),
      ];
    },
  };
}

/** The services whose answers depend on the region: ECS, ECR, CloudWatch, Logs, ELBv2, EventBridge, SQS and EKS. */
function regionalServices(sim: RegionSim, faults: Faults, exec: ExecSessions | undefined, planes: ControlPlanes): ServiceDefinition[] {
  return [
    ecsService({ world: sim.world, engine: sim.engine, faults, exec }),
    ecrService(sim.ecr),
    cloudwatchService(sim.metrics, sim.alarms),
    logsService(sim.logs),
    elbv2Service(sim.elb),
    eventsService(sim.events),
    sqsService(sim.sqs),
    eksService(sim.eks, planes),
  ];
}

function regionCounts(sim: RegionSim) {
  const { world } = sim;
  return {
    clusters: world.clusters.size,
    services: world.services.size,
    tasks: world.tasks.size,
    containerInstances: world.instances.size,
    taskDefinitions: world.taskDefinitions.size,
  };
}

/**
 * A fresh key pair from the system's random source, shaped like AWS's: a 20-character access
 * key id (AKIA, then SIM, then 13 random upper-case letters and digits) and a 40-character secret.
 */
export function randomCredentials(): SimCredentials {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const id = [...randomBytes(13)].map((byte) => alphabet[byte % 32]).join('');
  return { accessKeyId: `AKIASIM${id}`, secretAccessKey: randomBytes(30).toString('base64') };
}

function execDropMs(faults: FaultOptions): number | undefined {
  const seconds = faults.execDropAfterSeconds;
  return seconds ? seconds * 1000 : undefined;
}

export async function startSim(options: SimOptions = {}): Promise<RunningSim> {
  const account = createSimAccount(options);
  const { scenario, accountId, region, regions, clock, faults, throttle, eventsThrottle, eventSources, eksThrottle, controlPlanes, credentials, auth } = account;
  regions.startTicking();
  const host = options.host ?? '127.0.0.1';
  // The admin routes take a secret key of the sim's as their bearer token.
  const authorize = options.admin ? (token: string) => auth.isSecret(token) : undefined;
  const exec = new ExecAgent({ host, dropAfterMs: execDropMs(faults.current()), authorizeAdmin: authorize });
  await exec.start();
  // Faults switch at runtime (setFaults, POST /__sim/faults); the exec agent holds its own.
  const setFaults = (update: FaultOptions): FaultOptions => {
    const current = faults.set(update);
    if (update.execDropAfterSeconds !== undefined) exec.setDropAfterMs(execDropMs(current));
    return current;
  };

  const beforeOperation = async (call: OperationCall) => {
    const isEcs = call.service.signingName === 'ecs';
    if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    faults.check({ accessKeyId: call.ctx.accessKeyId, ecs: isEcs, operation: call.operation });
    if (call.service.signingName === 'events') eventsThrottle?.take(accountId, call.ctx.region);
    throttle?.take(accountId, call.ctx.region, call.operation, call.service.signingName);
    // Services whose answers the engine moves (tasks, deployments, target health, alarms, and
    // SQS receiving ECS's events) see "now".
    if (isEcs || call.service.signingName === 'elasticloadbalancing' || call.service.signingName === 'monitoring' || call.service.signingName === 'sqs') {
      regions.get(call.ctx.region).engine.runUntil(clock.now());
    }
    if (call.service.signingName === 'eks') eksThrottle?.take(accountId, call.ctx.region);
  };

  const frontDoor = await startFrontDoor({
    host,
    port: options.port ?? 0,
    now: () => clock.now(),
    services: account.services(exec),
    verifier: auth,
    beforeOperation,
    onExchange: options.onExchange,
    admin: authorize && {
      authorize,
      routes: adminRoutes(),
    },
  });

  function adminRoutes(): Record<string, AdminHandler> {
    return {
      'POST /__sim/faults': (body) => setFaults(body as FaultOptions),
      'GET /__sim/faults': () => faults.current(),
      'POST /__sim/advance': (body) => {
        clock.advance(Number((body as { ms?: number }).ms ?? 0));
        return { now: new Date(clock.now()).toISOString() };
      },
      'GET /__sim/state': () => ({
        scenario,
        now: new Date(clock.now()).toISOString(),
        speed: clock.speed,
        faults: faults.current(),
        throttle: throttle ? throttle.snapshot() : 'off',
        execAgent: exec.endpoint,
        pendingTimers: regions.primary.engine.pendingTimers,
        // The primary region's, as before regions; every region's below.
        counts: regionCounts(regions.primary),
        regions: Object.fromEntries(regions.all().map((sim) => [sim.region, regionCounts(sim)])),
        events: Object.fromEntries([...eventSources].map(([name, source]) => [name, source.stats])),
      }),
    };
  }
  controlPlanes.setStsOrigin(frontDoor.endpoint);

  let closed = false;
  return {
    endpoint: frontDoor.endpoint,
    region,
    accountId,
    scenario,
    credentials: credentials[0],
    auth,
    clock: {
      now: () => clock.now(),
      get speed() {
        return clock.speed;
      },
      setSpeed: (speed) => clock.setSpeed(speed),
      advance: (ms) => clock.advance(ms),
    },
    setFaults,
    async close() {
      if (closed) return;
      closed = true;
      regions.stopTicking();
      for (const source of eventSources.values()) source.close();
      await Promise.all([frontDoor.close(), exec.close(), controlPlanes.close()]);
    },
  };
}
