import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { ChangesResult, EventKind, EventsResult, HistoryMomentTasks, HistoryRange, HistoryStatus, StoppedTask } from '@contract/domains/history';
import type { ClusterRecord, Problem, TaskRecord } from '@contract/domains/inventory';
import { decodeMomentTasks } from '@contract/moment-tasks';
import { clusterNameOf } from '@contract/arn';
import { storeApi } from './api-context';
import { toShownError, type ShownError } from './shown-error';
import { applySnapshot, emptyInventory, type ClusterBucket } from '../models/inventory/inventory-state';
import { problemsByTarget } from '../models/problems/problem-rows';
import { pastMomentReason, viewClock } from '../models/history/past-moment';

/**
 * History: the time bar's moment and the cluster as it was then, what changed, the events
 * feed. Views never ask for the past themselves: while a moment is set, the inventory and
 * problems stores answer from the bucket kept here instead of the live one ("now" or "at T").
 */
export const useHistoryStore = defineStore('history', () => {
  const api = storeApi();
  /** The moment shown (epoch ms), or null: now, live. */
  const at = ref<number | null>(null);
  /** The cluster the moment applies to (the cluster page it was picked on). */
  const clusterArn = ref<string | null>(null);
  const past = shallowRef<{ cluster: ClusterRecord; bucket: ClusterBucket; problems: Problem[]; byTarget: Map<string, Problem[]>; withTasks: boolean } | null>(null);
  /** Bumped when the past bucket changes: the inventory store's reads depend on it. */
  const version = ref(0);
  /** The moment's first read (services, capacity providers, Problems) is in flight. */
  const servicesLoading = ref(false);
  /** The moment's second read (tasks and instances) is in flight. */
  const tasksLoading = ref(false);
  /**
   * Whether the page on screen needs the moment's tasks and instances (the time bar sets it
   * from the route): the services list does not, so a move there never asks for 10,000 tasks.
   */
  const withTasks = ref(true);
  /** Reading what the page on screen needs of the moment. */
  const loading = computed(() => servicesLoading.value || (withTasks.value && tasksLoading.value));
  const error = shallowRef<ShownError | null>(null);
  const range = shallowRef<HistoryRange | null>(null);
  /** Whether history records, where, how much, since when (Settings shows it). */
  const status = shallowRef<HistoryStatus | null>(null);
  let request = 0;

  const isPast = computed(() => at.value !== null);
  /**
   * Why nothing can be changed now: a past moment is shown (every action is off until "now"),
   * or null when live. Every mutation's trigger reads it beside the read-only profile rule.
   */
  const pastReason = computed(() => (at.value === null ? null : pastMomentReason(at.value)));

  /** The past bucket when the moment applies to this cluster (null: read the live one). */
  function bucketFor(arn: string | null | undefined): ClusterBucket | null {
    void version.value;
    return at.value !== null && arn && arn === clusterArn.value ? (past.value?.bucket ?? emptyBucket) : null;
  }

  /** The clock ages on a page of this cluster are measured against: the moment shown, or `now` when live. */
  function clockOf(arn: string | null | undefined, now: number): number {
    return at.value !== null && arn && arn === clusterArn.value ? viewClock(at.value, now, Date.now()) : now;
  }

  /**
   * The Problems list at the moment for a target of the cluster shown in the past; null when
   * live or for a target of another cluster (those are read live).
   */
  function problemsOf(targetArn: string): Problem[] | null {
    void version.value;
    if (at.value === null || !clusterArn.value || !inCluster(targetArn, clusterArn.value)) return null;
    return past.value?.byTarget.get(targetArn) ?? [];
  }

  /** The Problems list at the moment for the cluster shown in the past; null when live or for another cluster. */
  function problemsIn(arn: string): Problem[] | null {
    void version.value;
    return at.value === null || arn !== clusterArn.value ? null : (past.value?.problems.filter((p) => p.clusterArn === arn) ?? []);
  }

  type Shown = NonNullable<typeof past.value>;

  /**
   * Shows the cluster as it was at `moment`: services, capacity providers and the Problems
   * list then, and, only if the page on screen needs them, tasks and instances. A page that
   * needs both asks for both at once and applies them together (one rebuild of its rows, not
   * an empty map first); the services list asks for its read alone. A newer move wins.
   */
  async function goTo(arn: string, moment: number, eventsOf?: string): Promise<void> {
    const mine = ++request;
    at.value = moment;
    clusterArn.value = arn;
    const both = withTasks.value;
    servicesLoading.value = true;
    tasksLoading.value = both;
    mark('asked');
    try {
      const firstCall = api.call('history.snapshot', { clusterArn: arn, at: moment, kinds: ['services', 'capacityProviders'], eventsOf });
      const secondCall = both ? api.call('history.momentTasks', { clusterArn: arn, at: moment }) : null;
      secondCall?.catch(() => undefined);
      const [first, second] = await Promise.all([firstCall, secondCall]);
      if (mine !== request) return;
      mark('answered');
      const state = emptyInventory();
      applySnapshot(state, first.snapshot);
      const bucket = state.buckets.get(arn)!;
      // What history has is all there will be of that moment: the services are not "loading";
      // tasks and instances are until their read lands (a page that needs them says so).
      bucket.complete = false;
      bucket.completeKinds = { services: true, tasks: false, instances: false };
      const shown: Shown = markRaw({ cluster: first.snapshot.cluster, bucket, problems: first.problems, byTarget: problemsByTarget(first.problems), withTasks: false });
      if (second) takeTasks(shown, arn, second);
      past.value = shown;
      version.value++;
      error.value = null;
      mark('applied');
    } catch (err) {
      if (mine === request) error.value = toShownError(err);
      return;
    } finally {
      if (mine === request) {
        servicesLoading.value = false;
        tasksLoading.value = false;
      }
    }
    // The page may have changed to one that needs tasks while the read ran.
    if (withTasks.value) await readTasks(mine);
  }

  /**
   * The moment's tasks (slim: the fields the pages showing them read; a task page asks for its
   * one task whole, see `task`) and instances into the bucket shown.
   */
  function takeTasks(shown: Shown, arn: string, moment: HistoryMomentTasks): void {
    const { bucket } = shown;
    for (const t of decodeMomentTasks(moment.tasks, arn, moment.at)) bucket.tasks.set(t.arn, t);
    for (const i of moment.instances) bucket.instances.set(i.arn, i);
    bucket.completeKinds = { services: true, tasks: true, instances: true };
    bucket.complete = true;
    shown.withTasks = true;
  }

  /** The moment's tasks and instances into the past bucket shown (once per moment). */
  async function readTasks(mine: number): Promise<void> {
    const shown = past.value;
    if (!shown || shown.withTasks || tasksLoading.value || at.value === null || !clusterArn.value) return;
    tasksLoading.value = true;
    try {
      const arn = clusterArn.value;
      const second = await api.call('history.momentTasks', { clusterArn: arn, at: at.value });
      if (mine !== request) return;
      takeTasks(shown, arn, second);
      version.value++;
      error.value = null;
    } catch (err) {
      if (mine === request) error.value = toShownError(err);
    } finally {
      if (mine === request) tasksLoading.value = false;
    }
  }

  /**
   * Whether the page on screen needs the moment's tasks and instances; when it does and the
   * moment shown has none yet, they are read now.
   */
  function setNeedsTasks(needs: boolean): void {
    withTasks.value = needs;
    if (needs && !servicesLoading.value) void readTasks(request);
  }

  /** Back to now: the live inventory again. */
  function goLive(): void {
    request++;
    at.value = null;
    past.value = null;
    servicesLoading.value = false;
    tasksLoading.value = false;
    error.value = null;
    version.value++;
  }

  async function loadStatus(): Promise<void> {
    try {
      status.value = await api.call('history.status', {});
    } catch {
      status.value = null;
    }
  }

  async function loadRange(arn: string): Promise<void> {
    try {
      range.value = await api.call('history.range', { clusterArn: arn });
    } catch {
      range.value = null;
    }
  }

  function changes(arn: string | null, from: number, to: number): Promise<ChangesResult> {
    return api.call('history.changes', { clusterArn: arn, from, to });
  }

  function events(args: { clusterArn: string | null; search?: string; service?: string; kind?: EventKind; before?: number; limit?: number }): Promise<EventsResult> {
    return api.call('history.events', args);
  }

  /**
   * One task of the moment shown, whole (the moment's tasks list is slim): null when Wharf had
   * no such task then, or no moment is shown for this cluster.
   */
  async function task(arn: string, taskArn: string): Promise<{ task: TaskRecord; seenAt: number } | null> {
    const moment = at.value;
    if (moment === null || arn !== clusterArn.value) return null;
    const found = await api.call('history.task', { clusterArn: arn, taskArn, at: moment });
    return found.task && found.seenAt !== null ? { task: found.task, seenAt: found.seenAt } : null;
  }

  /**
   * A task as history last had it, for one ECS no longer lists that Wharf never saw stop (it
   * stopped while Wharf was not running): the record, and the last moment Wharf recorded the
   * cluster with it; null when history never had it.
   */
  async function lastSeen(arn: string, taskArn: string): Promise<{ task: TaskRecord; seenAt: number } | null> {
    try {
      const found = await api.call('history.task', { clusterArn: arn, taskArn });
      return found.task && found.seenAt !== null ? { task: found.task, seenAt: found.seenAt } : null;
    } catch {
      return null;
    }
  }

  /** A stopped task as recorded (after ECS forgot it), or null. */
  async function stoppedTask(arn: string, taskArn: string): Promise<StoppedTask | null> {
    try {
      return (await api.call('history.stoppedTasks', { clusterArn: arn, taskArns: [taskArn] })).tasks[0] ?? null;
    } catch {
      return null;
    }
  }

  function stoppedBy(arn: string, startedBy: string): Promise<{ tasks: StoppedTask[] }> {
    return api.call('history.stoppedTasks', { clusterArn: arn, startedBy });
  }

  return { at, clusterArn, past, version, loading, error, range, status, loadStatus, isPast, pastReason, clockOf, bucketFor, problemsOf, problemsIn, goTo, setNeedsTasks, goLive, loadRange, changes, events, task, lastSeen, stoppedTask, stoppedBy };
});

/**
 * Marks a move of the time bar reaching a step (`wharf.moment.asked`, `.answered`: both reads
 * in, `.applied`: the past bucket built), for the ui-history bench's breakdown of a redraw.
 * One mark per step is kept (the last move's).
 */
function mark(step: 'asked' | 'answered' | 'applied'): void {
  const name = `wharf.moment.${step}`;
  globalThis.performance?.clearMarks?.(name);
  globalThis.performance?.mark?.(name);
}

/** Whether a service, task or container instance ARN (or the cluster's own) is of this cluster. */
function inCluster(targetArn: string, arn: string): boolean {
  if (targetArn === arn) return true;
  const name = clusterNameOf(arn);
  return name !== null && clusterNameOf(targetArn) === name && targetArn.split(':').slice(0, 5).join(':') === arn.split(':').slice(0, 5).join(':');
}

const emptyBucket: ClusterBucket = { services: new Map(), tasks: new Map(), instances: new Map(), capacityProviders: new Map(), complete: false, completeKinds: { services: false, tasks: false, instances: false } };
