/**
 * The simulated AWS account: `startSim()` builds a scenario's world, starts the clock and the
 * engine, the exec agent, and one loopback HTTP front door serving ECS, ECR, CloudWatch,
 * CloudWatch Logs, STS and KMS as AWS's SDKs and CLI speak them.
 */
import { cloudwatchService } from './cloudwatch/cloudwatch-service';
import { MetricsStore } from './cloudwatch/metrics-store';
import { ecrService } from './ecr/ecr-service';
import { EcrStore } from './ecr/ecr-store';
import { ecsService } from './ecs/ecs-service';
import { SimClock } from './engine/clock';
import { Engine } from './engine/engine';
import { Random } from './engine/random';
import { ExecAgent } from './exec-agent/exec-agent';
import { Faults, type FaultOptions } from './faults/faults';
import { startFrontDoor, type Exchange, type OperationCall } from './http/server';
import { kmsService } from './kms/kms-service';
import { logsService } from './logs/logs-service';
import { LogsStore } from './logs/logs-store';
import { scenarioPlan, type LargeSizes, type ScenarioName } from './scenarios';
import { stsService } from './sts/sts-service';
import { EcsThrottle } from './throttle/ecs-throttle';
import { World } from './world/world';
import type { ServiceDefinition } from './http/types';
import type { ExecSessions } from './seams/ports';

export type { FaultOptions } from './faults/faults';
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
  faults?: FaultOptions;
  large?: Partial<LargeSizes>;
  accountId?: string;
  region?: string;
  /** The sim's "now" at start, epoch ms (default: the real time). */
  startTime?: number;
  onExchange?: (exchange: Exchange) => void;
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
  clock: SimClockHandle;
  setFaults(faults: FaultOptions): FaultOptions;
  close(): Promise<void>;
}

/** The account without its network side: the world, its engine and clock, and its services. */
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
  faults: Faults;
  throttle?: EcsThrottle;
  /** ECS, ECR, CloudWatch, Logs, STS and KMS; ECS uses `exec` for ExecuteCommand sessions. */
  services(exec?: ExecSessions): ServiceDefinition[];
}

/** Builds the scenario's world and plays its recent history up to "now". No sockets. */
export function createSimAccount(options: SimOptions = {}): SimAccount {
  const scenario = options.scenario ?? 'demo';
  const accountId = options.accountId ?? '123456789012';
  const region = options.region ?? 'us-east-1';
  const seed = options.seed ?? 42;
  const start = options.startTime ?? Date.now();
  const random = new Random(seed);

  const world = new World(accountId, region, random.fork());
  const ecr = new EcrStore({ accountId, region });
  const logs = new LogsStore({ accountId, region });
  const metrics = new MetricsStore();
  const plan = scenarioPlan(scenario, options.large);
  const engine = new Engine({ world, random: random.fork(), registry: ecr, logs, start: start - plan.historyMs, chatty: plan.chatty });
  plan.build({ world, engine, ecr, logs, metrics, seed, start });
  engine.runUntil(start);

  const clock = new SimClock(start, options.speed ?? 1);
  clock.onAdvance((now) => engine.runUntil(now));
  const faults = new Faults(options.faults ?? {}, seed);
  const throttle = options.throttle === false ? undefined : new EcsThrottle();
  return {
    scenario, accountId, region, world, engine, clock, ecr, logs, metrics, faults, throttle,
    services: (exec) => [
      ecsService({ world, engine, faults, exec }),
      ecrService(ecr),
      cloudwatchService(metrics),
      logsService(logs),
      stsService({ accountId }),
      kmsService({ accountId }),
    ],
  };
}

function execDropMs(faults: FaultOptions): number | undefined {
  const seconds = faults.execDropAfterSeconds;
  return seconds ? seconds * 1000 : undefined;
}

export async function startSim(options: SimOptions = {}): Promise<RunningSim> {
  const account = createSimAccount(options);
  const { scenario, accountId, region, world, engine, clock, faults, throttle } = account;
  engine.startTicking(() => clock.now());
  const host = options.host ?? '127.0.0.1';
  const exec = new ExecAgent({ host, dropAfterMs: execDropMs(faults.current()) });
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
    faults.check({ accessKeyId: call.ctx.accessKeyId, ecs: isEcs });
    if (isEcs) {
      throttle?.take(accountId, call.ctx.region, call.operation);
      engine.runUntil(clock.now());
    }
  };

  const frontDoor = await startFrontDoor({
    host,
    port: options.port ?? 0,
    now: () => clock.now(),
    services: account.services(exec),
    beforeOperation,
    onExchange: options.onExchange,
    admin: {
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
        pendingTimers: engine.pendingTimers,
        counts: {
          clusters: world.clusters.size,
          services: world.services.size,
          tasks: world.tasks.size,
          containerInstances: world.instances.size,
          taskDefinitions: world.taskDefinitions.size,
        },
      }),
    },
  });

  let closed = false;
  return {
    endpoint: frontDoor.endpoint,
    region,
    accountId,
    scenario,
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
      engine.stopTicking();
      await Promise.all([frontDoor.close(), exec.close()]);
    },
  };
}
