import { z } from 'zod';
import { Problem } from './inventory';

/**
 * Notifications: core decides (from the inventory's problems, and the end of a rollback's
 * rollout), the renderer shows them. Each
 * occurrence of trouble (a failed deployment, a crash loop, ...) is notified once: its `key`
 * is stable across polls and restarts. Clusters in `settings.mutedClusters` are not notified.
 */
export const NotificationKind = z.enum([
  'deployment-failed', 'circuit-breaker', 'crash-loop', 'below-desired', 'spot-interruption', 'rollout-finished',
  // From the deployments domain, once each: a hook awaiting approval (and again 5 minutes
  // before it times out), a deployment rolled back, a bake finished.
  'deployment-awaiting-approval', 'deployment-timeout-soon', 'deployment-rolled-back', 'deployment-bake-finished',
]);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const AppNotification = z.object({
  /** One occurrence: the problem id plus when this occurrence began. */
  key: z.string(),
  problemId: z.string(),
  kind: NotificationKind,
  /** A problem's severity; `info` for news that is no trouble (a rollback's rollout completed, a bake finished). */
  severity: z.enum([...Problem.shape.severity.options, 'info']),
  clusterArn: z.string(),
  region: z.string(),
  targetArn: z.string(),
  title: z.string(),
  detail: z.string(),
  /** Epoch ms when Wharf notified it. */
  at: z.number(),
  /**
   * The profile open when Wharf notified it (its account is the cluster ARN's): the bell shows
   * the open account's notifications, and labels any other's with this.
   */
  profile: z.string().nullable().optional(),
  read: z.boolean(),
});
export type AppNotification = z.infer<typeof AppNotification>;

export const notificationsMethods = {
  /** Recent notifications, newest first (the bell's list). */
  'notifications.list': { args: z.object({}).strict(), result: z.object({ notifications: z.array(AppNotification), unread: z.number() }) },
  /** Marks some (or, without keys, all) as read. */
  'notifications.markRead': {
    args: z.object({ keys: z.array(z.string().max(4096)).max(500).optional() }).strict(),
    result: z.object({ unread: z.number() }),
  },
} as const;

export const notificationsEvents = {
  /** A new occurrence: the renderer lists it and, in browser mode, shows a desktop notification. */
  'notifications.added': z.object({ notification: AppNotification, unread: z.number(), desktopByShell: z.boolean() }),
  /**
   * The user clicked the shell's desktop notification with this key (the window is already in
   * front): the renderer shows the notification's place, as a click in the bell's list would.
   */
  'notifications.opened': z.object({ key: z.string() }),
} as const;
