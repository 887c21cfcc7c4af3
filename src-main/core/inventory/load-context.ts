import type { LoadProgress } from '../../contract/domains/inventory';
import { WharfError } from '../../contract/errors';
import { DeltaBuilder } from './delta';
import type { EcsLike } from '../aws/reads';
import { describeError } from '../aws/ecs-reads';
import type { InventoryModel } from './model';

/** What every loader works with: the client, the model, the clock and the ways out. */
export interface LoadContext {
  readonly ecs: EcsLike;
  readonly region: string;
  readonly model: InventoryModel;
  /** Epoch ms; every record's fetchedAt. */
  now(): number;
  /**
   * Emits the builder's changes at once (progressive load), when there are any. Whatever went
   * into the model is emitted even when the focus moved on meanwhile: the model and the window
   * must hold the same records, or a later read that finds them unchanged sends nothing and the
   * window never has them. Only a stopped poller's changes are dropped (its model is dropped too).
   */
  flush(delta: DeltaBuilder): void;
  progress(p: LoadProgress): void;
  /** A failed call, as a sentence for the status bar. */
  reportError(message: string): void;
  /** False once the poller is stopped or the focus moved on: loaders make no more calls. */
  isCurrent(): boolean;
  /** Waits before each call when the run is paced (the background sweep). */
  beforeCall?(): Promise<void>;
}

/** How one loader run went: failed calls keep data (marked stale) and make the job back off. */
export class LoadOutcome {
  calls = 0;
  errors: string[] = [];

  get ok(): boolean {
    return this.errors.length === 0;
  }

  /**
   * Runs one API call, counting it; a failure is recorded (and reported) and rethrown. Once
   * the run is no longer current (focus moved, poller stopped) no call is made: Cancelled.
   */
  async call<T>(ctx: LoadContext, operation: string, send: () => Promise<T>): Promise<T> {
    if (ctx.beforeCall) await ctx.beforeCall();
    if (!ctx.isCurrent()) throw new Cancelled();
    this.calls++;
    try {
      return await send();
    } catch (err) {
      // The endpoint lacks the operation: said once by the client (status bar), not an error to back off from.
      if (err instanceof WharfError && err.code === 'UNSUPPORTED') throw err;
      const message = describeError(operation, err);
      this.errors.push(message);
      ctx.reportError(message);
      throw err;
    }
  }
}

/** Thrown instead of a call when the run is no longer current; never reported. */
export class Cancelled extends Error {
  constructor() {
    super('The inventory refresh was cancelled: the focus moved on.');
    this.name = 'Cancelled';
  }
}

/** A delta builder for a cluster that emits through the context (see `LoadContext.flush`). */
export function emitter(ctx: LoadContext, clusterArn: string | null): { delta: DeltaBuilder; flush(): void } {
  const delta = new DeltaBuilder(clusterArn);
  return { delta, flush: () => ctx.flush(delta) };
}

/** Pages to expect for `count` items at 100 per page (null when ECS gave no count). */
export function pagesFor(count: number | undefined): number | null {
  return count === undefined ? null : Math.max(1, Math.ceil(count / 100));
}
