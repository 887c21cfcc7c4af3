/**
 * Release trains: services whose releases keep coming, as a CI pipeline ships them. A release
 * pushes a new image to ECR, registers a task definition revision with it and updates the
 * service. The images are large (slow pulls) and the services replace one task at a time, so
 * a rollout takes a long stretch of sim time with steady, visible progress (old -> new).
 * When a rollout completes, its train pauses, then ships the next release.
 *
 * The trains share one rule, so the demo always has a deployment to show: the account is
 * never left without a train's deployment in progress. When a rollout ends and no other train
 * is rolling, the longest-paused train ships at once instead of finishing its pause.
 * An operator who stops, rolls back or replaces a train's deployment gets their way: that
 * train holds off for HOLD_MS and is never forced to ship during the hold.
 */
import { startDeployment } from '../engine/deployments';
import type { Engine } from '../engine/engine';
import type { Json, ServiceRecord } from '../world/types';
import { MINUTE, registerTaskDefinition, type ScenarioEnv } from './builder';

/** How long a train stays quiet after someone else ended its rollout. */
export const HOLD_MS = 60 * MINUTE;

export interface TrainSpec {
  service: ServiceRecord;
  /** The ECR repository its releases are pushed to (already created). */
  repository: string;
  /** The tag of the n-th release this train ships (n = 0, 1, 2, …). */
  tag(n: number): string;
  /** How long one task's image pull takes; the rollout takes about desiredCount times this. */
  pullSeconds: number;
  sizeBytes: number;
  /** Quiet time between a completed rollout and the next release. */
  pauseMs: number;
}

type TrainState =
  | { kind: 'waiting' } // not started yet
  | { kind: 'rolling'; deploymentId: string }
  | { kind: 'paused'; since: number; readyAt: number; held: boolean };

interface Train {
  spec: TrainSpec;
  state: TrainState;
  shipped: number;
}

export class ReleaseTrains {
  private readonly trains: Train[] = [];

  constructor(private readonly env: ScenarioEnv) {
    env.engine.watch(() => this.check());
  }

  /** Adds a train whose first release ships `afterMs` from the engine's current time. */
  add(spec: TrainSpec, afterMs: number): void {
    const train: Train = { spec, state: { kind: 'waiting' }, shipped: 0 };
    this.trains.push(train);
    this.engine.after(afterMs, () => this.ship(train));
  }

  private get engine(): Engine {
    return this.env.engine;
  }

  /** Runs after every engine event: notices ended rollouts, ships when a pause is over or nothing rolls. */
  private check(): void {
    const now = this.engine.now();
    for (const train of this.trains) {
      if (train.state.kind === 'rolling' && !rollingOwnDeployment(train)) this.pause(train, now);
    }
    for (const train of this.trains) {
      if (train.state.kind === 'paused' && now >= train.state.readyAt && !inProgress(train.spec.service)) this.ship(train);
    }
    const started = this.trains.some((t) => t.state.kind !== 'waiting');
    if (!started || this.trains.some((t) => inProgress(t.spec.service))) return;
    const next = this.trains
      .filter((t) => t.state.kind === 'paused' && !t.state.held)
      .sort((a, b) => pausedSince(a) - pausedSince(b))[0];
    if (next) this.ship(next);
  }

  private pause(train: Train, now: number): void {
    const primary = train.spec.service.deployments[0];
    const completed = train.state.kind === 'rolling' && primary?.id === train.state.deploymentId && primary.rolloutState === 'COMPLETED';
    const readyAt = now + (completed ? train.spec.pauseMs : HOLD_MS);
    train.state = { kind: 'paused', since: now, readyAt, held: !completed };
    // Wake the engine when the pause is over (check() runs after every event).
    this.engine.after(readyAt - now, () => undefined);
  }

  /** Pushes the next image, registers a revision that runs it and deploys it. */
  private ship(train: Train): void {
    if (train.state.kind === 'rolling') return;
    const { spec } = train;
    const { ecr, world } = this.env;
    const current = world.taskDefinitions.get(spec.service.taskDefinition);
    if (!current) return;
    const now = this.engine.now();
    const tag = spec.tag(train.shipped++);
    ecr.putImage(spec.repository, {
      tags: [tag],
      pushedAt: new Date(now - 4 * MINUTE),
      sizeBytes: spec.sizeBytes,
      pullSeconds: spec.pullSeconds,
      scanFindings: { MEDIUM: 1, LOW: this.engine.random.int(2, 9) },
    });
    const image = `${ecr.repositoryUri(spec.repository)}:${tag}`;
    const body: Json = structuredClone(current.body);
    body.containerDefinitions = (body.containerDefinitions ?? []).map((c: Json, i: number) => (i === 0 ? { ...c, image } : c));
    const definition = registerTaskDefinition(this.env, body, now - 2 * MINUTE);
    const deployment = startDeployment(this.engine, spec.service, { taskDefinition: definition.arn });
    train.state = { kind: 'rolling', deploymentId: deployment.id };
  }
}

function inProgress(service: ServiceRecord): boolean {
  return service.deployments[0]?.rolloutState === 'IN_PROGRESS';
}

function rollingOwnDeployment(train: Train): boolean {
  const primary = train.spec.service.deployments[0];
  return train.state.kind === 'rolling' && primary?.id === train.state.deploymentId && primary.rolloutState === 'IN_PROGRESS';
}

function pausedSince(train: Train): number {
  return train.state.kind === 'paused' ? train.state.since : Number.POSITIVE_INFINITY;
}
