/**
 * What every engine module works with: the world, the sim's randomness, the other services'
 * ports, and the engine's own time and timers. Kept as an interface so modules stay small
 * functions of (context, record) rather than methods of one large class.
 */
import type { AlarmStates, ImageRegistry, LoadBalancing, LogSink } from '../seams/ports';
import type { World } from '../world/world';
import type { Random } from './random';
import type { ServiceRecord } from '../world/types';
import type { WorldChange } from './changes';

export interface EngineContext {
  readonly world: World;
  readonly random: Random;
  readonly registry: ImageRegistry;
  readonly logs: LogSink;
  /** The region's Elastic Load Balancing, as ECS drives it for services behind a load balancer. */
  readonly loadBalancing: LoadBalancing;
  /** The region's CloudWatch alarms, as deployments watch them. */
  readonly alarms: AlarmStates;
  /** Whether running tasks write periodic log lines (off for the large scenario). */
  readonly chatty: boolean;
  /** The engine's current sim time, epoch ms. */
  now(): number;
  /** Runs `run` when sim time reaches now + ms. */
  after(ms: number, run: () => void): void;
  /** Asks the scheduler to look at the service once the current event is done. */
  markDirty(service: ServiceRecord): void;
  /** Tells the event source what changed (see changes.ts); call it where a record changes. */
  changed(change: WorldChange): void;
}
