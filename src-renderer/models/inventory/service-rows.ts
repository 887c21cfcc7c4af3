import type { DeploymentRecord, HealthProblem, ServiceRecord, StrategyItem, TaskRecord } from '@contract/domains/inventory';
import { familyRevisionOf, taskDefinitionLabel } from '@contract/arn';
import { primaryOf } from '@contract/health';
import type { HealthState } from '../../theme/states';

/**
 * The services table as plain data: one row per service with its state in a word, its
 * rollout, placement and image, plus sorting and the `/` filter. Pure, so it is tested
 * without a browser and recomputed only when the store's version moves.
 */

export interface Rollout {
  /** steady: one deployment done; rolling: a new deployment replacing old ones; failed. */
  kind: 'steady' | 'rolling' | 'failed';
  /** family:revision of the old deployments' task definition (rolling only). */
  from: string | null;
  to: string;
  /** Running tasks of the newest deployment against its desired count. */
  newRunning: number;
  newDesired: number;
  rolloutState: string | null;
}

export interface ServiceRow {
  arn: string;
  clusterArn: string;
  name: string;
  status: string;
  /** The verdict core sent (ServiceRecord.health): never derived here. */
  state: HealthState;
  /** The verdict in a word: steady, rolling, below desired, failed, crash-looping, draining... */
  stateWord: string;
  desired: number;
  running: number;
  pending: number;
  deployments: number;
  rollout: Rollout;
  /** Launch type, or the capacity provider strategy in short ("FARGATE 1 (base 1) · FARGATE_SPOT 3"). */
  placement: string;
  taskDefinition: string;
  revision: number;
  imageTag: string | null;
  lastEventAt: number | null;
  /** The service's worst problem, from its verdict. */
  problem: HealthProblem | null;
  stale: boolean;
  fetchedAt: number;
}

/** Worse states sort first: the order an on-call engineer reads in. */
export const STATE_RANK: Record<HealthState, number> = { failed: 0, degraded: 1, progress: 2, unknown: 3, healthy: 4 };

export function strategyText(strategy: readonly StrategyItem[]): string {
  return strategy.map((s) => `${s.capacityProvider} ${s.weight}${s.base ? ` (base ${s.base})` : ''}`).join(' · ');
}

export function placementText(s: Pick<ServiceRecord, 'launchType' | 'capacityProviderStrategy'>): string {
  if (s.capacityProviderStrategy.length) return strategyText(s.capacityProviderStrategy);
  return s.launchType ?? '—';
}

/** The revision number of a task definition ARN (`...:8` -> 8), 0 when it has none. */
export function revisionOf(taskDefinitionArn: string): number {
  return familyRevisionOf(taskDefinitionArn)?.revision ?? 0;
}

/** The tag (or a short digest) of an image reference: `repo/app:v1.2` -> `v1.2`. */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  if (at >= 0) return image.slice(at + 1, at + 1 + 19); // "sha256:" + 12 hex
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image.slice(colon + 1) : 'latest';
}

export function primaryDeployment(s: ServiceRecord): DeploymentRecord | null {
  return primaryOf(s.deployments);
}

export function rolloutOf(s: ServiceRecord): Rollout {
  const primary = primaryDeployment(s);
  const to = taskDefinitionLabel(primary?.taskDefinition ?? s.taskDefinition);
  const old = s.deployments.filter((d) => d !== primary && d.status !== 'INACTIVE');
  const base = { to, newRunning: primary?.runningCount ?? s.runningCount, newDesired: primary?.desiredCount ?? s.desiredCount, rolloutState: primary?.rolloutState ?? null };
  if (primary?.rolloutState === 'FAILED') return { kind: 'failed', from: old[0] ? taskDefinitionLabel(old[0].taskDefinition) : null, ...base };
  if (old.length > 0 || primary?.rolloutState === 'IN_PROGRESS') {
    return { kind: 'rolling', from: old[0] ? taskDefinitionLabel(old[0].taskDefinition) : null, ...base };
  }
  return { kind: 'steady', from: null, ...base };
}

/** The service's verdict in a state and a word, as core computed it (contract/health.ts). */
export function serviceState(s: Pick<ServiceRecord, 'health'>): { state: HealthState; word: string } {
  return { state: s.health.state, word: s.health.word };
}

/** Images by task definition ARN, from the tasks seen (the essential container, else the first). */
export function imagesByTaskDefinition(tasks: Iterable<TaskRecord>): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of tasks) {
    if (out.has(t.taskDefinitionArn) || t.containers.length === 0) continue;
    out.set(t.taskDefinitionArn, t.containers[0]!.image);
  }
  return out;
}

export function toServiceRow(s: ServiceRecord, images: ReadonlyMap<string, string>): ServiceRow {
  const { state, word } = serviceState(s);
  const image = images.get(s.taskDefinition);
  return {
    arn: s.arn,
    clusterArn: s.clusterArn,
    name: s.name,
    status: s.status,
    state,
    stateWord: word,
    desired: s.desiredCount,
    running: s.runningCount,
    pending: s.pendingCount,
    deployments: s.deployments.length,
    rollout: rolloutOf(s),
    placement: placementText(s),
    taskDefinition: taskDefinitionLabel(s.taskDefinition),
    revision: revisionOf(s.taskDefinition),
    imageTag: image ? imageTag(image) : null,
    lastEventAt: s.events[0]?.createdAt ?? null,
    problem: s.health.problem,
    stale: s.stale,
    fetchedAt: s.fetchedAt,
  };
}

/** Builds the table's rows from the store's records; see createServiceRowCache. */
export type ServiceRowBuilder = (records: readonly ServiceRecord[], images: ReadonlyMap<string, string>) => ServiceRow[];

/**
 * Rows that survive a delta. A row is rebuilt only when its record was replaced (every upsert
 * brings a new object, a new verdict too), its fetchedAt or stale mark moved (those change in
 * place), or its image changed. When no row changed, the previous array itself comes back, so a
 * computed holding it does not fire: a tasks-only delta (most deltas in a cluster of 10,000
 * tasks) then neither rebuilds 2,000 rows, nor re-sorts them, nor redraws the table.
 */
export function createServiceRowCache(): ServiceRowBuilder {
  type Entry = { record: ServiceRecord; image: string | undefined; row: ServiceRow };
  let entries = new Map<string, Entry>();
  let last: ServiceRow[] = [];
  return (records, images) => {
    const next = new Map<string, Entry>();
    const rows: ServiceRow[] = [];
    let changed = records.length !== last.length;
    for (const record of records) {
      const image = images.get(record.taskDefinition);
      const hit = entries.get(record.arn);
      const same =
        hit !== undefined &&
        hit.record === record &&
        hit.image === image &&
        hit.row.fetchedAt === record.fetchedAt &&
        hit.row.stale === record.stale;
      const entry = same ? hit : { record, image, row: toServiceRow(record, images) };
      if (entry.row !== last[rows.length]) changed = true;
      rows.push(entry.row);
      next.set(record.arn, entry);
    }
    entries = next;
    if (!changed) return last;
    last = rows;
    return rows;
  };
}

export type ServiceSortKey = 'name' | 'state' | 'desired' | 'running' | 'pending' | 'deployments' | 'placement' | 'taskDefinition' | 'imageTag' | 'lastEventAt';
export type SortOrder = 'ascend' | 'descend';

const comparators: Record<ServiceSortKey, (a: ServiceRow, b: ServiceRow) => number> = {
  name: (a, b) => a.name.localeCompare(b.name),
  state: (a, b) => STATE_RANK[a.state] - STATE_RANK[b.state] || a.stateWord.localeCompare(b.stateWord),
  desired: (a, b) => a.desired - b.desired,
  running: (a, b) => a.running - b.running,
  pending: (a, b) => a.pending - b.pending,
  deployments: (a, b) => a.deployments - b.deployments,
  placement: (a, b) => a.placement.localeCompare(b.placement),
  taskDefinition: (a, b) => a.taskDefinition.localeCompare(b.taskDefinition, undefined, { numeric: true }),
  imageTag: (a, b) => (a.imageTag ?? '').localeCompare(b.imageTag ?? '', undefined, { numeric: true }),
  lastEventAt: (a, b) => (a.lastEventAt ?? 0) - (b.lastEventAt ?? 0),
};

/** Sorted copy; ties break by name so the order never jumps between refreshes. */
export function sortServiceRows(rows: readonly ServiceRow[], key: ServiceSortKey, order: SortOrder): ServiceRow[] {
  const sign = order === 'ascend' ? 1 : -1;
  const compare = comparators[key];
  return [...rows].sort((a, b) => sign * compare(a, b) || a.name.localeCompare(b.name));
}

/**
 * The `/` filter: every word of the query must appear in one of name, state, status, image
 * tag or task definition (case-insensitive), so "api rolling" finds rolling api services.
 */
export function filterServiceRows(rows: readonly ServiceRow[], query: string): ServiceRow[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((r) => {
    const haystack = `${r.name}\n${r.stateWord}\n${r.status}\n${r.imageTag ?? ''}\n${r.taskDefinition}\n${r.placement}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}
