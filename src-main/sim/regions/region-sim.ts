/**
 * One region of the simulated account: its ECS world and engine, its ECR registry, its log
 * groups, its metrics and alarms, and its load balancers. Every ARN, image URI and log group these hold carries the region, as
 * on AWS, where each region's resources are separate.
 */
import { AlarmsStore } from '../cloudwatch/alarms-store';
import { MetricsStore } from '../cloudwatch/metrics-store';
import { ElbStore } from '../elbv2/elb-store';
import { EcrStore } from '../ecr/ecr-store';
import { EksStore } from '../eks/eks-store';
import { Engine } from '../engine/engine';
import { Random } from '../engine/random';
import { EventsStore } from '../events/events-store';
import { LogsStore } from '../logs/logs-store';
import { SqsStore } from '../sqs/sqs-store';
import type { ScenarioEnv } from '../scenarios/builder';
import { World } from '../world/world';

export interface RegionSim {
  region: string;
  world: World;
  engine: Engine;
  ecr: EcrStore;
  logs: LogsStore;
  metrics: MetricsStore;
  /** EventBridge's default bus (rules, targets) and the SQS queues of the region. */
  events: EventsStore;
  sqs: SqsStore;
  elb: ElbStore;
  alarms: AlarmsStore;
  eks: EksStore;
}

export interface RegionBuild {
  accountId: string;
  region: string;
  /** The world's and the engine's randomness are forked from this, in that order. */
  random: Random;
  seed: number;
  /** The scenario's "now", epoch ms; the engine starts `historyMs` before it and plays up to it. */
  start: number;
  historyMs: number;
  /** Whether running tasks write periodic log lines. */
  chatty: boolean;
  /** Fills the region (nothing: a region the account has never used). */
  build?: (env: ScenarioEnv) => void;
  /** IAM ARNs given cluster-admin access entries on the EKS clusters the scenario creates. */
  eksCreators?: readonly string[];
}

/** Builds the region's stores, lets `build` fill them, and plays its history up to `start`. */
export function buildRegion(spec: RegionBuild): RegionSim {
  const { accountId, region, random, seed, start } = spec;
  const world = new World(accountId, region, random.fork());
  const ecr = new EcrStore({ accountId, region });
  const logs = new LogsStore({ accountId, region });
  const metrics = new MetricsStore();
  const elb = new ElbStore({ accountId, region });
  const alarms = new AlarmsStore({ accountId, region });
  const engine = new Engine({ world, random: random.fork(), registry: ecr, logs, loadBalancing: elb, alarms, start: start - spec.historyMs, chatty: spec.chatty });
  // Forked after the world's and the engine's, so ECS scenarios keep their seeds' worlds.
  const eks = new EksStore({ accountId, region, random: random.fork(), creators: spec.eksCreators });
  spec.build?.({ world, engine, ecr, logs, metrics, elb, alarms, eks, seed, start });
  engine.runUntil(start);
  return { region, world, engine, ecr, logs, metrics, elb, alarms, eks, events: new EventsStore(accountId, region), sqs: new SqsStore(accountId, region) };
}

/**
 * A seed of its own per region, so a region's world does not depend on which other regions
 * exist or in which order they were first asked for.
 */
export function regionSeed(seed: number, region: string): number {
  let hash = 0x811c9dc5;
  for (const char of region) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return (seed ^ hash) >>> 0;
}
