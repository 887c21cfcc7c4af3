import type { TaskDefinitionDoc } from '@contract/domains/inventory';
import { formatMiB, formatVcpu } from '../../format';

/**
 * A task definition as the lines an operator compares, and the side-by-side diff of two.
 * Secrets never show a value (ECS only holds `valueFrom`, the secret's name, and that is what
 * is shown); plain environment variables show their names only, with a note when the value
 * changed, because people put secrets there too.
 */

export interface TdLine {
  /** "Task", "Container app", "Volume ledger-data". */
  section: string;
  /** "image", "env DATABASE_HOST", "secret DATABASE_URL". */
  key: string;
  value: string;
  /** For env values: a fingerprint to tell "changed" without showing the value. */
  compareAs?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null);

function cpuText(v: unknown): string | null {
  const n = Number(v);
  return v === undefined || v === null || !Number.isFinite(n) ? null : `${formatVcpu(n)} (${n} units)`;
}

function memText(v: unknown): string | null {
  const n = Number(v);
  return v === undefined || v === null || !Number.isFinite(n) ? null : formatMiB(n);
}

/** Every line of one task definition worth comparing, in a fixed order. */
export function taskDefinitionLines(td: TaskDefinitionDoc): TdLine[] {
  const doc = td as unknown as Obj;
  const lines: TdLine[] = [];
  const add = (section: string, key: string, value: string | null, compareAs?: string): void => {
    if (value !== null && value !== '') lines.push({ section, key, value, ...(compareAs !== undefined ? { compareAs } : {}) });
  };
  add('Task', 'cpu', cpuText(doc.cpu));
  add('Task', 'memory', memText(doc.memory));
  add('Task', 'network mode', str(doc.networkMode));
  add('Task', 'compatibilities', arr(doc.requiresCompatibilities).map(String).join(', '));
  add('Task', 'task role', str(doc.taskRoleArn));
  add('Task', 'execution role', str(doc.executionRoleArn));
  if (isObj(doc.runtimePlatform)) add('Task', 'platform', [str(doc.runtimePlatform.operatingSystemFamily), str(doc.runtimePlatform.cpuArchitecture)].filter(Boolean).join(' '));
  for (const c of arr(doc.containerDefinitions).filter(isObj)) lines.push(...containerLines(c));
  for (const v of arr(doc.volumes).filter(isObj)) lines.push(...volumeLines(v));
  arr(doc.placementConstraints).filter(isObj).forEach((p, i) => add('Task', `placement constraint ${i + 1}`, [str(p.type), str(p.expression)].filter(Boolean).join(' ')));
  return lines;
}

function containerLines(c: Obj): TdLine[] {
  const section = `Container ${str(c.name) ?? '?'}`;
  const lines: TdLine[] = [];
  const add = (key: string, value: string | null, compareAs?: string): void => {
    if (value !== null && value !== '') lines.push({ section, key, value, ...(compareAs !== undefined ? { compareAs } : {}) });
  };
  add('image', str(c.image));
  add('essential', c.essential === false ? 'no' : 'yes');
  add('cpu', cpuText(c.cpu));
  add('memory (hard)', memText(c.memory));
  add('memory (soft)', memText(c.memoryReservation));
  for (const r of arr(c.resourceRequirements).filter(isObj)) add(`requires ${str(r.type) ?? '?'}`, str(r.value));
  const ports = arr(c.portMappings).filter(isObj).map((p) => `${str(p.containerPort) ?? '?'}${p.hostPort && p.hostPort !== p.containerPort ? `→${str(p.hostPort)}` : ''}/${str(p.protocol) ?? 'tcp'}${p.name ? ` (${str(p.name)})` : ''}`);
  add('ports', ports.join(', '));
  const command = arr(c.command).map(String);
  add('command', command.join(' '));
  add('entry point', arr(c.entryPoint).map(String).join(' '));
  for (const e of arr(c.environment).filter(isObj)) add(`env ${str(e.name) ?? '?'}`, 'set (value hidden)', hashOf(str(e.value) ?? ''));
  for (const s of arr(c.secrets).filter(isObj)) add(`secret ${str(s.name) ?? '?'}`, `from ${str(s.valueFrom) ?? '?'}`);
  if (isObj(c.repositoryCredentials)) add('registry credentials', `secret ${str(c.repositoryCredentials.credentialsParameter) ?? '?'}`);
  if (isObj(c.healthCheck)) add('health check', healthCheckText(c.healthCheck));
  if (isObj(c.logConfiguration)) add('logs', logText(c.logConfiguration));
  for (const m of arr(c.mountPoints).filter(isObj)) add(`mount ${str(m.containerPath) ?? '?'}`, `${str(m.sourceVolume) ?? '?'}${m.readOnly ? ' (read-only)' : ''}`);
  return lines;
}

function volumeLines(v: Obj): TdLine[] {
  const section = `Volume ${str(v.name) ?? '?'}`;
  const lines: TdLine[] = [];
  const efs = isObj(v.efsVolumeConfiguration) ? v.efsVolumeConfiguration : null;
  if (efs) {
    lines.push({ section, key: 'EFS file system', value: str(efs.fileSystemId) ?? '?' });
    lines.push({ section, key: 'root directory', value: str(efs.rootDirectory) ?? '/' });
    lines.push({ section, key: 'transit encryption', value: str(efs.transitEncryption) ?? 'DISABLED' });
    const auth = isObj(efs.authorizationConfig) ? efs.authorizationConfig : null;
    if (auth?.accessPointId) lines.push({ section, key: 'access point', value: `${str(auth.accessPointId)}${auth.iam ? ` (IAM ${str(auth.iam)})` : ''}` });
  } else if (isObj(v.host)) {
    lines.push({ section, key: 'host path', value: str(v.host.sourcePath) ?? '(Docker-managed)' });
  } else {
    lines.push({ section, key: 'kind', value: isObj(v.dockerVolumeConfiguration) ? 'Docker volume' : 'task storage' });
  }
  return lines;
}

function healthCheckText(h: Obj): string {
  const cmd = arr(h.command).map(String);
  const shown = cmd[0] === 'CMD-SHELL' || cmd[0] === 'CMD' ? cmd.slice(1).join(' ') : cmd.join(' ');
  const timing = [h.interval && `every ${str(h.interval)}s`, h.timeout && `timeout ${str(h.timeout)}s`, h.retries && `${str(h.retries)} retries`, h.startPeriod && `start period ${str(h.startPeriod)}s`].filter(Boolean);
  return `${shown}${timing.length ? ` (${timing.join(', ')})` : ''}`;
}

function logText(l: Obj): string {
  const options = isObj(l.options) ? Object.entries(l.options).map(([k, v]) => `${k}=${String(v)}`) : [];
  return `${str(l.logDriver) ?? '?'}${options.length ? ` ${options.join(' ')}` : ''}`;
}

/** A short, non-reversible fingerprint (FNV-1a) for "did this value change?". */
function hashOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

export type DiffChange = 'same' | 'changed' | 'added' | 'removed';

export interface TdDiffRow {
  section: string;
  key: string;
  left: string | null;
  right: string | null;
  change: DiffChange;
}

/**
 * Two revisions side by side: every line of either, aligned by section and key, in the
 * order the lines appear (left first, then what only the right has, after its neighbours).
 */
export function diffTaskDefinitions(left: TaskDefinitionDoc, right: TaskDefinitionDoc): TdDiffRow[] {
  const l = taskDefinitionLines(left);
  const r = taskDefinitionLines(right);
  const id = (x: TdLine) => `${x.section}\u0000${x.key}`;
  const rightById = new Map(r.map((x) => [id(x), x]));
  const leftIds = new Set(l.map(id));
  const rows: TdDiffRow[] = [];
  const emitRightOnlyBefore = (stop: number, from: { i: number }) => {
    for (; from.i < stop; from.i++) {
      const x = r[from.i]!;
      if (!leftIds.has(id(x))) rows.push({ section: x.section, key: x.key, left: null, right: x.value, change: 'added' });
    }
  };
  const cursor = { i: 0 };
  for (const x of l) {
    const match = rightById.get(id(x));
    if (match) {
      emitRightOnlyBefore(r.indexOf(match), cursor);
      cursor.i = Math.max(cursor.i, r.indexOf(match) + 1);
      const same = (x.compareAs ?? x.value) === (match.compareAs ?? match.value);
      rows.push({ section: x.section, key: x.key, left: x.value, right: same || x.compareAs === undefined ? match.value : 'set (value changed, hidden)', change: same ? 'same' : 'changed' });
    } else {
      rows.push({ section: x.section, key: x.key, left: x.value, right: null, change: 'removed' });
    }
  }
  emitRightOnlyBefore(r.length, cursor);
  return rows;
}

/** How many lines differ, for the summary above the diff. */
export function countChanges(rows: readonly TdDiffRow[]): number {
  return rows.filter((r) => r.change !== 'same').length;
}
