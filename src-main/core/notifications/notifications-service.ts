import type { Problem } from '../../contract/domains/inventory';
import type { AppNotification, NotificationKind } from '../../contract/domains/notifications';
import type { RolloutStatus } from '../../contract/domains/actions';
import { clusterNameOf, parseArn } from '../../contract/arn';
import type { EventBus } from '../events';
import { NotificationFile } from './notification-file';
import { updateOccurrences, type OccurrenceMemory } from './occurrences';

/** The shell's desktop notification (Electron's Notification in main); absent in browser mode. */
export type DesktopNotifier = (notification: { title: string; body: string; key: string }) => void;

export interface NotificationsDeps {
  dataDir: string;
  events: EventBus;
  problems(): Problem[];
  /** True when the inventory has fully read the cluster, so a missing problem there is really gone. */
  isWatched(clusterArn: string): boolean;
  mutedClusters(): readonly string[];
  notifyDesktop?: DesktopNotifier | null;
  now?: () => number;
  /** The open profile's name, stamped on each notification (the bell scopes them per account). */
  profile?: () => string | null;
  /** How often occurrences age without a problems change (ms). */
  sweepMs?: number;
}

export const RECENT_MAX = 200;

/**
 * Decides what to notify: each new occurrence of a notifiable problem, and the end of a
 * rollback's rollout, once, unless its cluster is muted (a muted occurrence is still remembered, so unmuting does not bring back
 * the old ones). Keeps the recent list and tells the renderer and the shell.
 */
export class NotificationsService {
  private memory: OccurrenceMemory = {};
  /** Keys notifyOnce announced in this run (the recent list remembers them across restarts). */
  private readonly sentKeys = new Set<string>();
  private recent: AppNotification[] = [];
  private readonly file: NotificationFile;
  private readonly stop: () => void;
  private readonly timer: ReturnType<typeof setInterval>;
  /** Every read and decision runs in turn, after the file has been read. */
  private chain: Promise<unknown>;

  constructor(private readonly deps: NotificationsDeps) {
    this.file = new NotificationFile(deps.dataDir);
    this.chain = this.file.load().then((data) => {
      this.memory = data.occurrences;
      this.recent = data.recent;
    });
    this.stop = deps.events.on('problems.changed', ({ problems }) => void this.consider(problems));
    this.timer = setInterval(() => void this.consider(deps.problems()), deps.sweepMs ?? 60_000);
    this.timer.unref?.();
  }

  list(): Promise<{ notifications: AppNotification[]; unread: number }> {
    return this.serial(async () => ({ notifications: this.recent, unread: this.unread() }));
  }

  markRead(keys?: readonly string[]): Promise<{ unread: number }> {
    return this.serial(async () => {
      const wanted = keys ? new Set(keys) : null;
      this.recent = this.recent.map((n) => (!n.read && (!wanted || wanted.has(n.key)) ? { ...n, read: true } : n));
      await this.persist();
      return { unread: this.unread() };
    });
  }

  /** Runs one decision over a problems list (called on every change and by the sweep). */
  consider(problems: readonly Problem[]): Promise<AppNotification[]> {
    return this.serial(() => this.decide(problems));
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async decide(problems: readonly Problem[]): Promise<AppNotification[]> {
    const now = (this.deps.now ?? Date.now)();
    const update = updateOccurrences(this.memory, problems, now, (arn) => this.deps.isWatched(arn));
    this.memory = update.memory;
    const added: AppNotification[] = [];
    for (const { problem, key } of update.opened) {
      if (this.isMuted(problem.clusterArn)) continue;
      added.push(toNotification(problem, key, now, this.deps.profile?.() ?? null));
    }
    if (added.length) this.recent = [...added.reverse(), ...this.recent].slice(0, RECENT_MAX);
    if (update.changed) await this.persist();
    for (const notification of [...added].reverse()) this.announce(notification);
    return added;
  }

  /**
   * A notification that is not a problem's occurrence (the deployments domain's): announced
   * once per key, however often it is asked for, across restarts while it is in the recent list.
   */
  notifyOnce(notification: Omit<AppNotification, 'at' | 'read'>): Promise<boolean> {
    return this.serial(async () => {
      if (this.sentKeys.has(notification.key) || this.recent.some((n) => n.key === notification.key)) return false;
      this.sentKeys.add(notification.key);
      const full: AppNotification = { ...notification, at: (this.deps.now ?? Date.now)(), read: false };
      this.recent = [full, ...this.recent].slice(0, RECENT_MAX);
      await this.persist();
      if (!this.isMuted(full.clusterArn)) this.announce(full);
      return true;
    });
  }

  /**
   * A rollback's rollout reached its outcome (core's rollout follower): notified once per
   * deployment, unless its cluster is muted, through the same list, bell and shell.
   */
  rolloutFinished(status: RolloutStatus, where: { clusterArn: string; serviceArn: string }): Promise<AppNotification | null> {
    return this.serial(async () => {
      const key = `rollout:${where.serviceArn}:${status.deploymentId ?? ''}`;
      if (this.isMuted(where.clusterArn) || this.recent.some((n) => n.key === key)) return null;
      const notification = { ...rolloutNotification(status, where, key, (this.deps.now ?? Date.now)()), profile: this.deps.profile?.() ?? null };
      this.recent = [notification, ...this.recent].slice(0, RECENT_MAX);
      await this.persist();
      this.announce(notification);
      return notification;
    });
  }

  close(): void {
    this.stop();
    clearInterval(this.timer);
  }

  private announce(notification: AppNotification): void {
    const shell = this.deps.notifyDesktop ?? null;
    this.deps.events.emit('notifications.added', { notification, unread: this.unread(), desktopByShell: !!shell });
    try {
      shell?.({ title: notification.title, body: notification.detail, key: notification.key });
    } catch {
      // The shell's notification is a courtesy; the in-app list has it.
    }
  }

  private isMuted(clusterArn: string): boolean {
    const muted = this.deps.mutedClusters();
    return muted.includes(clusterArn) || muted.includes(clusterNameOf(clusterArn) ?? '\u0000');
  }

  private unread(): number {
    return this.recent.filter((n) => !n.read).length;
  }

  private persist(): Promise<void> {
    return this.file.save({ occurrences: this.memory, recent: this.recent });
  }
}

const ROLLOUT_WORDS: Record<RolloutStatus['state'], string> = { completed: 'completed', failed: 'FAILED', 'rolled-back': 'FAILED · rolled back', stopped: 'replaced', 'in-progress': 'in progress', unknown: 'unknown' };

function rolloutNotification(status: RolloutStatus, where: { clusterArn: string; serviceArn: string }, key: string, at: number): AppNotification {
  const completed = status.state === 'completed';
  return {
    key,
    problemId: `rollout:${where.serviceArn}`,
    kind: 'rollout-finished',
    severity: completed ? 'info' : 'error',
    clusterArn: where.clusterArn,
    region: parseArn(where.serviceArn)?.region ?? '',
    targetArn: where.serviceArn,
    title: `${status.serviceName}: rollout ${ROLLOUT_WORDS[status.state]}`,
    detail: status.sentence,
    at,
    read: false,
  };
}

function toNotification(problem: Problem, key: string, at: number, profile: string | null): AppNotification {
  return {
    key,
    problemId: problem.id,
    kind: problem.kind as NotificationKind,
    severity: problem.severity,
    clusterArn: problem.clusterArn,
    region: problem.region,
    targetArn: problem.targetArn,
    title: problem.title,
    detail: problem.detail,
    at,
    read: false,
    profile,
  };
}
