/**
 * A scenario's bad release: once its tasks take production traffic (a rolling deployment's
 * running tasks, or a staged deployment's green revision with a production weight above zero)
 * for a few minutes, its 5xx alarm goes to ALARM, as CloudWatch would see the errors; a couple
 * of minutes after it stops taking traffic the alarm goes back to OK.
 */
import type { BadRelease, ServiceRecord } from '../world/types';
import type { EngineContext } from './context';

const DEFAULT_ALARM_AFTER_MS = 3 * 60_000;
const OK_AFTER_QUIET_MS = 2 * 60_000;

export function evaluateBadReleases(ctx: EngineContext, service: ServiceRecord): void {
  const releases = service.behaviour.badReleases;
  if (!releases?.length) return;
  for (const release of releases) if (release.alarmName) evaluate(ctx, service, release, release.alarmName);
}

function evaluate(ctx: EngineContext, service: ServiceRecord, release: BadRelease, alarm: string): void {
  const now = ctx.now();
  if (takesTraffic(ctx, service, release)) {
    release.quietSince = undefined;
    release.trafficSince ??= now;
    const due = release.trafficSince + (release.alarmAfterMs ?? DEFAULT_ALARM_AFTER_MS);
    if (now < due) return void ctx.after(due - now + 1, () => ctx.markDirty(service));
    if (ctx.alarms.stateOf(alarm) !== 'ALARM') {
      ctx.alarms.setState(alarm, 'ALARM', 'Threshold Crossed: 3 out of the last 3 datapoints were greater than the threshold (5.0) (minimum 3 datapoints for OK -> ALARM transition).', now);
    }
    return;
  }
  release.trafficSince = undefined;
  if (ctx.alarms.stateOf(alarm) !== 'ALARM') return;
  release.quietSince ??= now;
  const due = release.quietSince + OK_AFTER_QUIET_MS;
  if (now < due) return void ctx.after(due - now + 1, () => ctx.markDirty(service));
  ctx.alarms.setState(alarm, 'OK', 'Threshold Crossed: 3 out of the last 3 datapoints were not greater than the threshold (5.0) (minimum 3 datapoints for ALARM -> OK transition).', now);
  release.quietSince = undefined;
}

function takesTraffic(ctx: EngineContext, service: ServiceRecord, release: BadRelease): boolean {
  const staged = service.deployments.find((d) => d.taskDefinition === release.taskDefinitionArn && d.staged && d.staged.mode !== 'done');
  if (staged?.staged) return staged.staged.productionWeight > 0 && staged.staged.mode !== 'rollback';
  for (const task of ctx.world.tasksOfService(service.clusterName, service.name)) {
    if (task.taskDefinitionArn === release.taskDefinitionArn && task.lastStatus === 'RUNNING' && task.desiredStatus === 'RUNNING') return true;
  }
  return false;
}
