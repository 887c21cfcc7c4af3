/**
 * One region's CloudWatch metric alarms. The sim does not evaluate metrics against thresholds:
 * an alarm's state is set by what happens in the world (a scenario's bad release drives its
 * 5xx alarm to ALARM while it takes traffic), by SetAlarmState (AWS's own way to test an
 * alarm), or stays as PutMetricAlarm left it (INSUFFICIENT_DATA until something sets it).
 * Deployments watch the alarms through the AlarmStates port.
 */
import type { AlarmState, AlarmStates } from '../seams/ports';

export interface AlarmRecord {
  name: string;
  arn: string;
  description?: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  statistic: 'SampleCount' | 'Average' | 'Sum' | 'Minimum' | 'Maximum';
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  threshold: number;
  comparisonOperator: string;
  treatMissingData: string;
  actionsEnabled: boolean;
  alarmActions: string[];
  okActions: string[];
  state: AlarmState;
  stateReason: string;
  stateReasonData?: string;
  stateUpdatedAt: number;
  /** When the state last changed (StateUpdatedTimestamp also moves on a same-state update). */
  stateTransitionedAt: number;
  configUpdatedAt: number;
}

export type AlarmSpec = Omit<AlarmRecord, 'arn' | 'state' | 'stateReason' | 'stateUpdatedAt' | 'stateTransitionedAt' | 'configUpdatedAt' | 'treatMissingData' | 'actionsEnabled' | 'alarmActions' | 'okActions'> &
  Partial<Pick<AlarmRecord, 'treatMissingData' | 'actionsEnabled' | 'alarmActions' | 'okActions' | 'state' | 'stateReason'>>;

export class AlarmsStore implements AlarmStates {
  private readonly alarms = new Map<string, AlarmRecord>();

  constructor(private readonly opts: { accountId: string; region: string }) {}

  /** Creates or replaces an alarm's configuration; a new alarm starts INSUFFICIENT_DATA unless `state` says otherwise. */
  put(spec: AlarmSpec, at: number): AlarmRecord {
    const previous = this.alarms.get(spec.name);
    const state = spec.state ?? previous?.state ?? 'INSUFFICIENT_DATA';
    const record: AlarmRecord = {
      treatMissingData: 'missing',
      actionsEnabled: true,
      alarmActions: [],
      okActions: [],
      ...spec,
      arn: `arn:aws:cloudwatch:${this.opts.region}:${this.opts.accountId}:alarm:${spec.name}`,
      state,
      stateReason: spec.stateReason ?? previous?.stateReason ?? 'Unchecked: Initial alarm creation',
      stateUpdatedAt: previous?.stateUpdatedAt ?? at,
      stateTransitionedAt: previous?.stateTransitionedAt ?? at,
      configUpdatedAt: at,
    };
    this.alarms.set(spec.name, record);
    return record;
  }

  get(name: string): AlarmRecord | undefined {
    return this.alarms.get(name);
  }

  /** Every alarm, by name. */
  all(): AlarmRecord[] {
    return [...this.alarms.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  stateOf(name: string): AlarmState | undefined {
    return this.alarms.get(name)?.state;
  }

  setState(name: string, state: AlarmState, reason: string, at: number, reasonData?: string): void {
    const alarm = this.alarms.get(name);
    if (!alarm) return;
    if (alarm.state !== state) alarm.stateTransitionedAt = at;
    alarm.state = state;
    alarm.stateReason = reason;
    alarm.stateReasonData = reasonData;
    alarm.stateUpdatedAt = at;
  }
}
