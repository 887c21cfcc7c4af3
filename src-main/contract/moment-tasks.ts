import type { MomentTasks } from './domains/history';
import type { ContainerRecord, TaskRecord } from './domains/inventory';

/**
 * A moment's tasks in few bytes (`history.momentTasks`), written by the history worker and read
 * by the window (no zod: the renderer bundles this). Only the fields the pages showing a
 * moment's tasks read are sent: the placement map and its headroom panel, the tasks tables (the
 * Tasks tab, a service's tasks), the services list's image tags, the capacity page, the palette.
 * The task page asks `history.task` for its one task whole. The fields left out come back as
 * ECS's "not known" (null, false, []): `MOMENT_TASK_FIELDS` names the ones kept, and a test
 * checks that every page above reads no other.
 */

/** The task fields a moment's tasks keep (the rest are null, false or [] in `decodeMomentTasks`). */
export const MOMENT_TASK_FIELDS = [
  'arn', 'id', 'clusterArn', 'serviceName', 'group', 'taskDefinitionArn', 'lastStatus', 'desiredStatus', 'launchType', 'capacityProviderName',
  'availabilityZone', 'containerInstanceArn', 'cpu', 'memory', 'healthStatus', 'stopCode', 'stoppedReason', 'createdAt', 'startedAt', 'stoppingAt',
  'stoppedAt', 'fetchedAt', 'stale', 'containers',
] as const satisfies ReadonlyArray<keyof TaskRecord>;

/** The container fields kept. */
export const MOMENT_CONTAINER_FIELDS = ['name', 'image', 'exitCode', 'reason', 'healthStatus', 'cpu', 'memory'] as const satisfies ReadonlyArray<keyof ContainerRecord>;

type Row = MomentTasks['rows'][number];
type ContainerRow = Row[21][number];

/**
 * Encodes tasks as the moment `at` held them; `seenAt` is when Wharf saw each version (the
 * record's `fetchedAt` at a past moment).
 */
export function encodeMomentTasks(tasks: Iterable<{ task: TaskRecord; seenAt: number }>, at: number): MomentTasks {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const ref = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const opt = (s: string | null): number | null => (s === null ? null : ref(s));
  const rows: Row[] = [];
  for (const { task: t, seenAt } of tasks) {
    // The ARN without its id (".../task/<cluster>/"): one string for the whole cluster.
    const cut = t.arn.endsWith(`/${t.id}`) ? t.arn.slice(0, t.arn.length - t.id.length) : t.arn;
    const containers: ContainerRow[] = t.containers.map((c) => [ref(c.name), ref(c.image), c.exitCode, opt(c.reason), opt(c.healthStatus), opt(c.cpu), opt(c.memory)]);
    rows.push([
      t.id, ref(cut), opt(t.serviceName), opt(t.group), ref(t.taskDefinitionArn), ref(t.lastStatus), ref(t.desiredStatus), opt(t.launchType), opt(t.capacityProviderName),
      opt(t.availabilityZone), opt(t.containerInstanceArn), opt(t.cpu), opt(t.memory), opt(t.healthStatus), opt(t.stopCode), opt(t.stoppedReason),
      t.createdAt, t.startedAt, t.stoppingAt, t.stoppedAt, Math.max(0, at - seenAt), containers,
    ]);
  }
  return { strings, rows };
}

/** The tasks of `encodeMomentTasks` as records of the cluster; the fields not sent are null, false or []. */
export function decodeMomentTasks(m: MomentTasks, clusterArn: string, at: number): TaskRecord[] {
  const s = m.strings;
  const str = (i: number): string => s[i] ?? '';
  const opt = (i: number | null): string | null => (i === null ? null : (s[i] ?? null));
  const out: TaskRecord[] = new Array(m.rows.length);
  for (let n = 0; n < m.rows.length; n++) {
    const r = m.rows[n]!;
    const id = r[0];
    const cut = str(r[1]);
    out[n] = {
      arn: cut.endsWith('/') ? cut + id : cut,
      id,
      clusterArn,
      serviceName: opt(r[2]),
      group: opt(r[3]),
      startedBy: null,
      taskDefinitionArn: str(r[4]),
      lastStatus: str(r[5]),
      desiredStatus: str(r[6]),
      launchType: opt(r[7]),
      capacityProviderName: opt(r[8]),
      availabilityZone: opt(r[9]),
      containerInstanceArn: opt(r[10]),
      cpu: opt(r[11]),
      memory: opt(r[12]),
      platformVersion: null,
      healthStatus: opt(r[13]),
      enableExecuteCommand: false,
      connectivity: null,
      createdAt: r[16],
      pullStartedAt: null,
      pullStoppedAt: null,
      connectivityAt: null,
      startedAt: r[17],
      stoppingAt: r[18],
      stoppedAt: r[19],
      stopCode: opt(r[14]),
      stoppedReason: opt(r[15]),
      privateIp: null,
      subnetId: null,
      containers: r[21].map((c) => ({
        name: str(c[0]),
        image: str(c[1]),
        imageDigest: null,
        runtimeId: null,
        lastStatus: null,
        exitCode: c[2],
        reason: opt(c[3]),
        healthStatus: opt(c[4]),
        cpu: opt(c[5]),
        memory: opt(c[6]),
        networkBindings: [],
        managedAgents: [],
      })),
      version: null,
      fetchedAt: at - r[20],
      stale: false,
    };
  }
  return out;
}
