import type { ActionOutcome, RolloutStatus } from '../../contract/domains/actions';
import { isFinished, rollbackUnderway } from '../../contract/rollout';
import type { InventoryDelta, ServiceRecord } from '../../contract/domains/inventory';
import { parseArn } from '../../contract/arn';
import type { EventBus } from '../events';
import { RolloutTracker } from './rollout-status';

export interface RolloutFollowerDeps {
  events: EventBus;
  /** The inventory's record of a service now, if it holds one. */
  serviceRecord(clusterArn: string, serviceArn: string): ServiceRecord | null;
  /** A followed rollout reached its outcome (once per rollout). */
  finished(status: RolloutStatus, where: { clusterArn: string; serviceArn: string }): void;
}

interface Follow {
  clusterArn: string;
  serviceArn: string;
  deploymentId: string;
  tracker: RolloutTracker;
  last: string | null;
  notified: boolean;
}

/**
 * Follows the rollout a rollback started, from what the inventory already reads: each
 * `inventory.delta` that carries the service is judged and sent as an `actions.rollout` event,
 * so nothing polls the rollout on its own. A failed rollout is followed on while the circuit
 * breaker's rollback rolls; its outcome is reported once (`finished`).
 */
export class RolloutFollower {
  private readonly follows = new Map<string, Follow>();
  private readonly stop: () => void;

  constructor(private readonly deps: RolloutFollowerDeps) {
    const stops = [deps.events.on('actions.completed', (outcome) => this.onCompleted(outcome)), deps.events.on('inventory.delta', (delta) => this.onDelta(delta))];
    this.stop = () => stops.forEach((stop) => stop());
  }

  /** The services whose rollout is being followed (tests). */
  following(): string[] {
    return [...this.follows.keys()];
  }

  close(): void {
    this.stop();
    this.follows.clear();
  }

  private onCompleted(outcome: ActionOutcome): void {
    if (!outcome.action.startsWith('rollback.') || !outcome.deploymentId || outcome.replayed) return;
    const serviceArn = outcome.target;
    const clusterArn = clusterArnOfService(serviceArn);
    if (!clusterArn) return;
    const follow: Follow = { clusterArn, serviceArn, deploymentId: outcome.deploymentId, tracker: new RolloutTracker(), last: null, notified: false };
    this.follows.set(serviceArn, follow);
    const record = this.deps.serviceRecord(clusterArn, serviceArn);
    if (record) this.judge(follow, record);
  }

  private onDelta(delta: InventoryDelta): void {
    for (const service of delta.services ?? []) {
      const follow = this.follows.get(service.arn);
      if (follow) this.judge(follow, service);
    }
  }

  private judge(follow: Follow, record: ServiceRecord): void {
    const status = follow.tracker.statusOf(record, follow.deploymentId);
    // The record read before the change does not list the new deployment yet: wait for the refresh.
    if (status.state === 'unknown' && follow.last === null) return;
    const { fetchedAt: _at, ...content } = status;
    const fingerprint = JSON.stringify(content);
    if (fingerprint !== follow.last) {
      follow.last = fingerprint;
      this.deps.events.emit('actions.rollout', { clusterArn: follow.clusterArn, serviceName: status.serviceName, status });
    }
    if (!isFinished(status.state)) return;
    if (!follow.notified) {
      follow.notified = true;
      this.deps.finished(status, { clusterArn: follow.clusterArn, serviceArn: follow.serviceArn });
    }
    if (!rollbackUnderway(status)) this.follows.delete(follow.serviceArn);
  }
}

/** `arn:aws:ecs:r:a:service/cluster/name` -> `arn:aws:ecs:r:a:cluster/cluster` (the long ARN format). */
function clusterArnOfService(serviceArn: string): string | null {
  const arn = parseArn(serviceArn);
  const cluster = arn?.resourceType === 'service' ? arn.resource.split('/') : [];
  if (!arn || cluster.length !== 2) return null;
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.accountId}:cluster/${cluster[0]}`;
}
