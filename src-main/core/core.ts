import type { CallResponse } from '../contract/wire';
import type { TaskRecord } from '../contract/domains/inventory';
import { clusterArnOf } from '../contract/arn';
import { EventBus } from './events';
import { dispatch } from './rpc/dispatch';
import type { CallContext, HandlerMap } from './rpc/handlers';
import type { CoreOptions } from './options';
import { SettingsStore } from './settings/settings-store';
import { SettingsService } from './settings/settings-service';
import { settingsHandlers } from './settings/settings-handlers';
import { appHandlers, type ExternalOpener } from './app/app-handlers';
import { sessionHandlers } from './session/session-handlers';
import { statusHandlers } from './status/status-handlers';
import { ApiMonitor } from './aws/api-monitor';
import { SessionManager } from './session/session-manager';
import { StatusService } from './status/status-service';
import { AuditLog } from './audit/audit-log';
import { auditHandlers } from './audit/audit-handlers';
import { MutationGuard } from './guard/mutation-guard';
import { TaskDefinitionCache } from './aws/task-definitions';
import { RegistryService } from './registry/registry-service';
import { registryHandlers } from './registry/registry-handlers';
import { ActionsService } from './actions/actions-service';
import { actionsHandlers } from './actions/actions-handlers';
import { RolloutFollower } from './actions/rollout-follower';
import { ExecManager } from './exec/exec-manager';
import { execHandlers } from './exec/exec-handlers';
import { execWiring } from './exec/exec-wiring';
import { InventoryService } from './inventory/inventory-service';
import { inventoryHandlers } from './inventory/inventory-handlers';
import { LogsService } from './logs/logs-service';
import { logsHandlers } from './logs/logs-handlers';
import { MetricsService } from './metrics/metrics-service';
import { metricsHandlers } from './metrics/metrics-handlers';
import { NotificationsService, type DesktopNotifier } from './notifications/notifications-service';
import { notificationsHandlers } from './notifications/notifications-handlers';
import { LiveConfigStore } from './live/live-config-store';
import { LiveService } from './live/live-service';
import { liveHandlers } from './live/live-handlers';
import { summaryHandlers } from './summary/summary-handlers';
import { DeploymentsService } from './deployments/deployments-service';
import { deploymentsHandlers } from './deployments/deployments-handlers';
import { OperationRunner } from './actions/operation-runner';
import { EksService } from './eks/eks-service';
import { eksHandlers } from './eks/eks-handlers';
import { HistoryService } from './history/history-service';
import { historyHandlers } from './history/history-handlers';

export interface WharfCore {
  /** Validate and run one call from a transport; never throws. */
  call(raw: unknown, ctx: CallContext): Promise<CallResponse>;
  readonly events: EventBus;
  /** Core's domain services, for entry points and integration tests. */
  readonly services: CoreServices;
  close(): Promise<void>;
}

/** The services other core modules take as dependencies (see session-manager.ts for OpenSession). */
export interface CoreServices {
  /** The settings file itself (tests and core services read it; changes from the window go through `settingsService`). */
  settings: SettingsStore;
  settingsService: SettingsService;
  monitor: ApiMonitor;
  sessions: SessionManager;
  status: StatusService;
  audit: AuditLog;
  guard: MutationGuard;
  registry: RegistryService;
  actions: ActionsService;
  exec: ExecManager;
  inventory: InventoryService;
  logs: LogsService;
  metrics: MetricsService;
  notifications: NotificationsService;
  live: LiveService;
  deployments: DeploymentsService;
  eks: EksService;
  history: HistoryService;
}

export interface ShellHooks {
  openExternal?: ExternalOpener;
  /** A desktop notification from the shell (Electron's Notification); browser mode has none. */
  notify?: DesktopNotifier;
}

/** Builds every domain service and the complete handler map. */
export async function createCore(options: CoreOptions, hooks: ShellHooks = {}): Promise<WharfCore> {
  const events = new EventBus();
  const settings = new SettingsStore(options.dataDir);
  await settings.load();
  const monitor = new ApiMonitor();
  const sessions = new SessionManager({ options, settings, events, monitor });
  const status = new StatusService({ monitor, sessions, events });
  const audit = new AuditLog(options.dataDir, events);
  const guard = new MutationGuard({ audit, settings });
  const settingsService = new SettingsService({ store: settings, audit, events, session: () => sessions.current()?.info ?? null });
  const exec = new ExecManager(execWiring({ sessions, events, audit, version: options.version }));
  // Ages, windows and "as of" are measured on AWS's clock (the Date header of its answers).
  const awsNow = () => sessions.awsNow();
  // One task definition cache: a revision the inventory, the registry or rollback described is described once.
  const tds = new TaskDefinitionCache();
  const registry = new RegistryService({ sessions, tds, now: awsNow });
  // After a mutation core re-reads what it changed: the registry's deployed images, and the
  // inventory's focused cluster and service (the dialogs act on what is on screen).
  const actions = new ActionsService({ sessions, guard, audit, events, tds, now: awsNow, onChanged: () => {
    registry.invalidate();
    inventory.refreshFocus();
  } });
  const inventory = new InventoryService({ sessions, events, status, tds, watchedRegions: settings.get().overviewRegions });
  const eks = new EksService({ sessions, events, monitor, watchedRegions: settings.get().overviewRegions, onProblemsChanged: () => inventory.problemSourceChanged() });
  inventory.addProblemSource(eks);
  const logs = new LogsService({
    sessions,
    now: awsNow,
    inventory: { knownTasks: (arn) => knownTasks(inventory, arn), taskDefinition: (arn) => inventory.taskDefinition(arn) },
    // A task ECS forgot is read as history last had it (made below; called only once core runs).
    recordedTask: async (taskArn) => {
      const clusterArn = clusterArnOf(taskArn);
      return clusterArn ? history.lastRecordOf({ clusterArn, taskArn }) : null;
    },
  });
  const metrics = new MetricsService({ sessions, now: awsNow });
  const notifications = new NotificationsService({
    dataDir: options.dataDir,
    events,
    problems: () => inventory.problemList(),
    isWatched: (arn) => inventory.hasReadInFull(arn),
    mutedClusters: () => settings.get().mutedClusters,
    notifyDesktop: hooks.notify ?? null,
    now: awsNow,
    profile: () => sessions.current()?.info.profile ?? null,
  });
  const liveStore = new LiveConfigStore(options.dataDir);
  await liveStore.load();
  // After the inventory: both follow the session, and live events drive the inventory's new poller.
  const live = new LiveService({ sessions, inventory, guard, audit, events, store: liveStore, ...options.live });
  const rollouts = new RolloutFollower({
    events,
    serviceRecord: (clusterArn, serviceArn) => inventory.serviceRecord(clusterArn, serviceArn),
    finished: (rollout, where) => void notifications.rolloutFinished(rollout, where),
  });
  const deployments = new DeploymentsService({
    sessions,
    events,
    inventory,
    notify: (n) => notifications.notifyOnce(n),
    onProblemsChanged: () => inventory.problemSourceChanged(),
    runner: new OperationRunner({ guard, audit, events, onChanged: () => inventory.refreshFocus() }),
    // Expiries, bakes and ages on AWS's clock (the Date header of the session's answers), not the local one.
    now: options.now ?? awsNow,
  });
  inventory.addProblemSource(deployments);
  // History records from the EventBus (deltas, audit entries): it never reaches into the poller.
  const history = new HistoryService({ events, sessions, settings, dataDir: options.dataDir, ...options.history });
  const services: CoreServices = { settings, settingsService, monitor, sessions, status, audit, guard, exec, registry, actions, inventory, logs, metrics, notifications, live, eks, history, deployments };
  const stopFollowingSettings = events.on('settings.changed', (next) => {
    sessions.setBudgetShare(next.apiBudgetShare);
    // The overview's regions are also the ones swept for Problems.
    inventory.watchRegions(next.overviewRegions);
    eks.watchRegions(next.overviewRegions);
    // A profile marked read-only or production: the switcher shows the mark at once.
    void sessions.pushProfiles();
  });

  const handlers: HandlerMap = {
    ...appHandlers({ options, openExternal: hooks.openExternal ?? null }),
    ...settingsHandlers({ settings: settingsService }),
    ...sessionHandlers({ sessions }),
    ...statusHandlers({ status }),
    ...auditHandlers({ audit }),
    ...registryHandlers({ registry }),
    ...actionsHandlers({ actions }),
    ...inventoryHandlers({ inventory }),
    ...logsHandlers({ logs }),
    ...metricsHandlers({ metrics }),
    ...notificationsHandlers({ notifications }),
    ...liveHandlers({ live }),
    ...deploymentsHandlers({ deployments }),
    ...historyHandlers({ history }),
    ...summaryHandlers({ sessions, snapshot: (arn) => inventory.snapshot(arn), readLogs: (args) => logs.read(args), problems: () => inventory.problemList(), changesInLast: (args) => history.changesInLast(args), now: awsNow }),
    ...execHandlers({ exec, guard, sessions }),
    ...eksHandlers({ eks }),
  };

  // After every service is listening: the inventory starts on the session's change event.
  if (options.openDefaultSession) {
    inventory.activate();
    // Deployments in progress are watched from the start: a paused one is notified even when the view is closed.
    deployments.activate();
    eks.activate();
    sessions.openDefaultInBackground();
    // New, changed and removed profiles reach the switcher without a restart.
    sessions.watchProfiles();
  }

  return {
    events,
    services,
    call: (raw, ctx) => dispatch(handlers, raw, ctx),
    close: async () => {
      stopFollowingSettings();
      live.close();
      exec.closeAll();
      deployments.close();
      rollouts.close();
      notifications.close();
      eks.close();
      inventory.close();
      status.close();
      sessions.close();
      await history.close();
    },
  };
}

/** The tasks the inventory holds for a cluster; none when it has not read that cluster. */
function knownTasks(inventory: InventoryService, clusterArn: string): TaskRecord[] {
  try {
    return inventory.snapshot(clusterArn).tasks;
  } catch {
    return [];
  }
}
