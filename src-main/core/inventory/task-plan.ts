import type { TaskRecord } from '../../contract/domains/inventory';

/**
 * Which task ARNs to describe, in full batches: ARNs never seen, and known tasks that are not
 * STOPPED yet (they may have changed). A known STOPPED task is never described again. Batches
 * go out as soon as they are full, so a first load describes page by page while a steady-state
 * refresh packs its few changes into as few calls as possible.
 */
export class TaskDescribePlan {
  /** Every ARN planned for a describe in this run. */
  readonly queued = new Set<string>();
  private pending: string[] = [];

  constructor(
    private readonly known: { get(arn: string): TaskRecord | undefined; values(): IterableIterator<TaskRecord> },
    private readonly batchSize: number,
  ) {}

  /** ARNs from a ListTasks page; returns the batches now full. */
  addListed(arns: readonly string[]): string[][] {
    for (const arn of arns) {
      if (this.known.get(arn)?.lastStatus === 'STOPPED') continue;
      this.enqueue(arn);
    }
    return this.takeFull();
  }

  /** Known tasks not yet STOPPED (and matching `filter`) that no listing brought up. */
  addKnownLive(filter: (task: TaskRecord) => boolean = () => true): string[][] {
    for (const task of this.known.values()) if (task.lastStatus !== 'STOPPED' && filter(task)) this.enqueue(task.arn);
    return this.takeFull();
  }

  /** The last, partial batch. */
  flush(): string[][] {
    if (this.pending.length === 0) return [];
    const rest = [this.pending];
    this.pending = [];
    return rest;
  }

  private enqueue(arn: string): void {
    if (this.queued.has(arn)) return;
    this.queued.add(arn);
    this.pending.push(arn);
  }

  private takeFull(): string[][] {
    const out: string[][] = [];
    while (this.pending.length >= this.batchSize) out.push(this.pending.splice(0, this.batchSize));
    return out;
  }
}
