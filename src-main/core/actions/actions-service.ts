import type { ActionOutcome, RollbackPreview, RollbackTarget, RollbackTargets, RolloutStatus, ServiceRef } from '../../contract/domains/actions';
import type { AuditLog } from '../audit/audit-log';
import type { EventBus } from '../events';
import type { MutationGuard } from '../guard/mutation-guard';
import { TaskDefinitionCache } from '../aws/task-definitions';
import type { OpenSession } from '../session/session-manager';
import { OperationRunner } from './operation-runner';
import { applyRollback } from './rollback-apply';
import { buildPreview, PreviewStore } from './rollback-preview';
import { rollbackTargets } from './rollback-targets';
import { RolloutTracker } from './rollout-status';
import { forceNewDeployment, scaleService, stopTask, type Confirmed } from './service-actions';

export interface ActionsDeps {
  sessions: { require(): OpenSession };
  guard: MutationGuard;
  audit: AuditLog;
  events?: EventBus;
  /** Shared with the registry so a revision is described once. */
  tds?: TaskDefinitionCache;
  now?: () => number;
  /** After a mutation: drop caches of what it changed (the registry's deployed images). */
  onChanged?: () => void;
}

/** Rollback (targets, preview, apply, tracking) and the service actions, for the handlers and tests. */
export class ActionsService {
  readonly tds: TaskDefinitionCache;
  private readonly now: () => number;
  private readonly previews: PreviewStore;
  private readonly runner: OperationRunner;
  private readonly tracker = new RolloutTracker();

  constructor(private readonly deps: ActionsDeps) {
    this.tds = deps.tds ?? new TaskDefinitionCache();
    this.now = deps.now ?? Date.now;
    this.previews = new PreviewStore(this.now);
    this.runner = new OperationRunner({ guard: deps.guard, audit: deps.audit, events: deps.events, now: this.now, onChanged: deps.onChanged });
  }

  rollbackTargets(ref: ServiceRef): Promise<RollbackTargets> {
    return rollbackTargets(this.session(), this.tds, ref, this.now());
  }

  async previewRollback(ref: ServiceRef, target: RollbackTarget): Promise<RollbackPreview> {
    const session = this.session();
    const stored = await buildPreview(session, this.tds, { cluster: ref.cluster, service: ref.service }, target, this.now());
    // Read-only as the guard will judge it on apply (Settings' marks included), said up front.
    stored.preview = { ...stored.preview, readOnly: this.deps.guard.isReadOnly(session) };
    this.previews.put(stored);
    return stored.preview;
  }

  applyRollback(args: { previewId: string } & Confirmed): Promise<ActionOutcome> {
    return applyRollback({ previews: this.previews, runner: this.runner, tds: this.tds }, this.session(), args);
  }

  scale(args: ServiceRef & Confirmed & { desiredCount: number }): Promise<ActionOutcome> {
    return scaleService(this.runner, this.session(), args);
  }

  forceDeployment(args: ServiceRef & Confirmed): Promise<ActionOutcome> {
    return forceNewDeployment(this.runner, this.session(), args);
  }

  stopTask(args: { cluster: string; task: string; reason: string } & Confirmed): Promise<ActionOutcome> {
    return stopTask(this.runner, this.session(), args);
  }

  rollout(ref: ServiceRef, deploymentId?: string): Promise<RolloutStatus> {
    return this.tracker.status(this.session(), ref, deploymentId, this.now());
  }

  private session(): OpenSession {
    return this.deps.sessions.require();
  }
}
