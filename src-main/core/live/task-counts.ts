import type { TaskRecord } from '../../contract/domains/inventory';

/**
 * Whether a task event moves its service's counts (a new task, one asked to stop, one that
 * became or stopped being running or pending), judged against what EVENTS last said of the
 * task, never against the model alone.
 *
 * The model alone is not enough: a reconciliation may read a task's newest version before
 * that version's event arrives (the event was late). The poll puts the task in the model, the
 * event then looks like a duplicate, and if it were judged against the model the service it
 * counts in would never be described again: its running and pending counts would stay wrong
 * until the next reconciliation, which would then count the service as missed by events
 * though no event was lost. (The poll's services read may well have come before the task's
 * change.) So the last version each task's events told is kept here.
 */
export type CountClass = 'pending' | 'running' | 'other';

interface Told {
  version: number | null;
  desiredStatus: string;
  counts: CountClass;
}

/** A service counts its tasks as pending (provisioning to activating), running, or neither. */
export function countAs(lastStatus: string): CountClass {
  if (lastStatus === 'RUNNING') return 'running';
  return lastStatus === 'PROVISIONING' || lastStatus === 'PENDING' || lastStatus === 'ACTIVATING' ? 'pending' : 'other';
}

export class TaskCountMemory {
  private readonly told = new Map<string, Told>();

  constructor(private readonly max = 50_000) {}

  /**
   * An event told this version of the task. True when the service's counts moved since what
   * events told before; an older version than told moves nothing. Of a task no event told yet,
   * `before` is the model's reading the event replaced (the first load's, say), or null when the
   * event replaced nothing (new to the model, or a reconciliation already held this version):
   * then the counts are taken as moved.
   */
  moved(record: TaskFacts, before: TaskFacts | null): boolean {
    const prior = this.told.get(record.arn) ?? (before ? toldOf(before) : undefined);
    if (prior && prior.version !== null && record.version !== null && record.version < prior.version) return false;
    const next = toldOf(record);
    this.told.delete(record.arn);
    this.told.set(record.arn, next);
    if (this.told.size > this.max) {
      const oldest = this.told.keys().next().value;
      if (oldest !== undefined) this.told.delete(oldest);
    }
    return !prior || prior.desiredStatus !== next.desiredStatus || prior.counts !== next.counts;
  }
}

type TaskFacts = Pick<TaskRecord, 'arn' | 'version' | 'desiredStatus' | 'lastStatus'>;

function toldOf(task: TaskFacts): Told {
  return { version: task.version, desiredStatus: task.desiredStatus, counts: countAs(task.lastStatus) };
}
