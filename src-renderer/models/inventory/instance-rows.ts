import type { ContainerInstanceRecord } from '@contract/domains/inventory';
import type { HealthState } from '../../theme/states';
import { formatMiB, formatVcpu } from '../../format';

/** Container instances as table rows: what stands out (draining, agent disconnected) and reservations with units. */
export interface InstanceRow {
  arn: string;
  id: string;
  ec2InstanceId: string | null;
  external: boolean;
  zone: string | null;
  type: string | null;
  status: string;
  state: HealthState;
  stateWord: string;
  agentConnected: boolean;
  agentVersion: string | null;
  running: number;
  pending: number;
  cpuReserved: number;
  cpuRegistered: number;
  memReserved: number;
  memRegistered: number;
  cpuText: string;
  memText: string;
  capacityProvider: string | null;
  stale: boolean;
}

export function instanceState(i: Pick<ContainerInstanceRecord, 'status' | 'agentConnected'>): { state: HealthState; word: string } {
  if (!i.agentConnected && i.status === 'ACTIVE') return { state: 'failed', word: 'agent disconnected' };
  if (i.status === 'DRAINING') return { state: 'degraded', word: i.agentConnected ? 'draining' : 'draining, disconnected' };
  if (i.status === 'ACTIVE') return { state: 'healthy', word: 'active' };
  if (i.status === 'REGISTERING' || i.status === 'DEREGISTERING') return { state: 'progress', word: i.status.toLowerCase() };
  return { state: 'unknown', word: i.status.toLowerCase() };
}

/** "1.5 of 4 vCPU" — the unit once, at the end. */
function ofText(reserved: string, registered: string): string {
  const unit = registered.split(' ').slice(1).join(' ');
  const r = reserved.split(' ');
  return `${r[1] === unit ? r[0] : reserved} of ${registered}`;
}

export function toInstanceRow(i: ContainerInstanceRecord): InstanceRow {
  const { state, word } = instanceState(i);
  const cpuReserved = Math.max(0, i.registered.cpu - i.remaining.cpu);
  const memReserved = Math.max(0, i.registered.memory - i.remaining.memory);
  return {
    arn: i.arn,
    id: i.id,
    ec2InstanceId: i.ec2InstanceId,
    external: i.external,
    zone: i.availabilityZone,
    type: i.instanceType ?? (i.external ? 'external' : null),
    status: i.status,
    state,
    stateWord: word,
    agentConnected: i.agentConnected,
    agentVersion: i.agentVersion,
    running: i.runningTasksCount,
    pending: i.pendingTasksCount,
    cpuReserved,
    cpuRegistered: i.registered.cpu,
    memReserved,
    memRegistered: i.registered.memory,
    cpuText: ofText(formatVcpu(cpuReserved), formatVcpu(i.registered.cpu)),
    memText: ofText(formatMiB(memReserved), formatMiB(i.registered.memory)),
    capacityProvider: i.capacityProviderName,
    stale: i.stale,
  };
}

/** Trouble first (disconnected, draining), then by zone and id, so the list reads the same each refresh. */
export function sortInstanceRows(rows: readonly InstanceRow[]): InstanceRow[] {
  const rank: Record<HealthState, number> = { failed: 0, degraded: 1, progress: 2, unknown: 3, healthy: 4 };
  return [...rows].sort((a, b) => rank[a.state] - rank[b.state] || (a.zone ?? '').localeCompare(b.zone ?? '') || a.id.localeCompare(b.id));
}

export function filterInstanceRows(rows: readonly InstanceRow[], query: string): InstanceRow[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...rows];
  return rows.filter((r) => {
    const text = `${r.id}\n${r.ec2InstanceId ?? ''}\n${r.zone ?? ''}\n${r.type ?? ''}\n${r.stateWord}\n${r.status}\n${r.capacityProvider ?? ''}${r.external ? '\nexternal anywhere' : ''}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
