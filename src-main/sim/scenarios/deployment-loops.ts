/**
 * Services that keep shipping releases with their own deployment strategy (BLUE_GREEN, LINEAR,
 * CANARY): a release pushes an image to ECR, registers a task definition revision with it and
 * updates the service. Some releases are bad (their targets fail health checks and their 5xx
 * alarm fires once they take traffic). A loop ships its next release a while after the previous
 * deployment ended, however it ended (completed, rolled back, stopped by an operator).
 */
import { startDeployment } from '../engine/deployments';
import type { Engine } from '../engine/engine';
import type { Json, ServiceRecord, TaskDefinitionRecord } from '../world/types';
import { MINUTE, registerTaskDefinition, type ScenarioEnv } from './builder';

export interface LoopSpec {
  service: ServiceRecord;
  repository: string;
  /** The tag of the n-th release this loop ships (n = 0, 1, 2, …). */
  tag(n: number): string;
  /** Quiet time after a deployment ends before the next release ships. */
  gapMs: number;
  /** Whether the n-th release is bad. */
  bad?(n: number): boolean;
  /** The alarm a bad release drives to ALARM. */
  alarmName?: string;
  /** How long a bad release takes traffic before its alarm fires. */
  alarmAfterMs?: number;
}

interface Loop {
  spec: LoopSpec;
  shipped: number;
  started: boolean;
  endedAt?: number;
}

export class DeploymentLoops {
  private readonly loops: Loop[] = [];

  constructor(private readonly env: ScenarioEnv) {
    env.engine.watch(() => this.check());
  }

  private get engine(): Engine {
    return this.env.engine;
  }

  /** Adds a loop whose first release ships `afterMs` from the engine's current time. */
  add(spec: LoopSpec, afterMs: number): void {
    const loop: Loop = { spec, shipped: 0, started: false };
    this.loops.push(loop);
    this.engine.after(afterMs, () => this.ship(loop));
  }

  private check(): void {
    const now = this.engine.now();
    for (const loop of this.loops) {
      if (!loop.started) continue;
      if (inProgress(loop.spec.service)) {
        loop.endedAt = undefined;
        continue;
      }
      if (loop.endedAt === undefined) {
        loop.endedAt = now;
        this.engine.after(loop.spec.gapMs, () => undefined); // wake up when the gap is over
      } else if (now >= loop.endedAt + loop.spec.gapMs) {
        this.ship(loop);
      }
    }
  }

  /** Pushes the next image, registers a revision that runs it and deploys it. */
  private ship(loop: Loop): TaskDefinitionRecord | undefined {
    const { spec } = loop;
    const { ecr, world } = this.env;
    const current = world.taskDefinitions.get(spec.service.taskDefinition);
    if (!current) return undefined;
    const now = this.engine.now();
    const n = loop.shipped++;
    loop.started = true;
    loop.endedAt = undefined;
    const tag = spec.tag(n);
    ecr.putImage(spec.repository, { tags: [tag], pushedAt: new Date(now - 6 * MINUTE), sizeBytes: 180_000_000 + this.engine.random.int(0, 60) * 1_000_000, scanFindings: { LOW: this.engine.random.int(0, 4) } });
    const image = `${ecr.repositoryUri(spec.repository)}:${tag}`;
    const body: Json = structuredClone(current.body);
    body.containerDefinitions = (body.containerDefinitions ?? []).map((c: Json, i: number) => (i === 0 ? { ...c, image } : c));
    const definition = registerTaskDefinition(this.env, body, now - 3 * MINUTE);
    if (spec.bad?.(n)) {
      spec.service.behaviour.badReleases = [
        ...(spec.service.behaviour.badReleases ?? []),
        // It passes its health checks; its errors show under real traffic only.
        { taskDefinitionArn: definition.arn, alarmName: spec.alarmName, alarmAfterMs: spec.alarmAfterMs, unhealthyTargets: false },
      ];
    }
    startDeployment(this.engine, spec.service, { taskDefinition: definition.arn });
    return definition;
  }
}

function inProgress(service: ServiceRecord): boolean {
  const primary = service.deployments[0];
  if (!primary) return false;
  if (primary.staged) return primary.staged.mode === 'forward' || primary.staged.mode === 'rollback';
  return primary.rolloutState === 'IN_PROGRESS';
}
