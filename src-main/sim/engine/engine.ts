/**
 * The engine moves the world through sim time. Everything that happens later (a task reaching
 * RUNNING, a crash, an instance registering) is a timer; `runUntil(t)` fires the due timers in
 * time order and lets the scheduler reconcile the services they touched. The same seed and the
 * same calls replay the same history, however the timers are batched into ticks.
 */
import { nullAlarms, nullLoadBalancing, type AlarmStates, type ImageRegistry, type LoadBalancing, type LogSink } from '../seams/ports';
import type { ServiceRecord } from '../world/types';
import type { World } from '../world/world';
import type { EngineContext } from './context';
import type { Random } from './random';
import { reconcileService } from './scheduler';
import { TimerQueue } from './timers';
import { ChangeFeed, type WorldChange } from './changes';

export interface EngineOptions {
  world: World;
  random: Random;
  registry: ImageRegistry;
  logs: LogSink;
  loadBalancing?: LoadBalancing;
  alarms?: AlarmStates;
  start: number;
  chatty?: boolean;
}

export class Engine implements EngineContext {
  readonly world: World;
  readonly random: Random;
  readonly registry: ImageRegistry;
  readonly logs: LogSink;
  readonly loadBalancing: LoadBalancing;
  readonly alarms: AlarmStates;
  readonly chatty: boolean;
  private time: number;
  private readonly timers = new TimerQueue();
  private readonly dirty = new Set<ServiceRecord>();
  private readonly watchers: Array<() => void> = [];
  private ticker?: NodeJS.Timeout;
  private running = false;
  /** Listeners of every change (the sim's EventBridge source subscribes here). */
  readonly changes = new ChangeFeed();

  constructor(options: EngineOptions) {
    this.world = options.world;
    this.random = options.random;
    this.registry = options.registry;
    this.logs = options.logs;
    this.loadBalancing = options.loadBalancing ?? nullLoadBalancing;
    this.alarms = options.alarms ?? nullAlarms;
    this.chatty = options.chatty ?? true;
    this.time = options.start;
  }

  now(): number {
    return this.time;
  }

  after(ms: number, run: () => void): void {
    this.timers.schedule(this.time + Math.max(0, ms), run);
  }

  markDirty(service: ServiceRecord): void {
    this.dirty.add(service);
  }

  changed(change: WorldChange): void {
    this.changes.emit(change);
  }

  /** Reconciles every service now (after a scenario is built). */
  markAllDirty(): void {
    for (const service of this.world.services.values()) this.dirty.add(service);
  }

  /** Fires every timer due up to `target` in order, then leaves the world at `target`. */
  runUntil(target: number): void {
    if (this.running) return; // a timer that reads the clock must not re-enter
    this.running = true;
    try {
      this.settle();
      for (let timer = this.timers.popDue(target); timer; timer = this.timers.popDue(target)) {
        this.time = Math.max(this.time, timer.at);
        timer.run();
        this.settle();
      }
      this.time = Math.max(this.time, target);
      this.settle();
    } finally {
      this.running = false;
    }
  }

  /** Moves the world along with `now()` every `intervalMs` of real time. */
  startTicking(now: () => number, intervalMs = 250): void {
    this.stopTicking();
    this.ticker = setInterval(() => this.runUntil(now()), intervalMs);
    this.ticker.unref();
  }

  stopTicking(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
  }

  /**
   * Runs `watcher` after every event, once the scheduler has settled the world: for scenario
   * scripts that react to what happened (a rollout completing) in the same instant, so no
   * caller ever sees the world between the event and the reaction.
   */
  watch(watcher: () => void): void {
    this.watchers.push(watcher);
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  private settle(): void {
    this.reconcileDirty();
    if (this.watchers.length === 0) return;
    for (const watcher of this.watchers) watcher();
    this.reconcileDirty();
  }

  private reconcileDirty(): void {
    // Reconciling may dirty other services (or the same one, via a stop): bounded passes.
    for (let pass = 0; pass < 5 && this.dirty.size > 0; pass++) {
      const batch = [...this.dirty];
      this.dirty.clear();
      for (const service of batch) reconcileService(this, service);
    }
  }
}
