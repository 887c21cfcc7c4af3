import type { DeploymentRecord, Problem, ServiceRecord, TaskRecord } from '../../contract/domains/inventory';
import type { LogLine } from '../../contract/domains/logs';
import type { Change, StoppedGroup } from '../../contract/domains/history';
import { shortName } from '../../contract/arn';

/**
 * The incident summary as Markdown (pure, so it is unit-tested): what an on-call engineer
 * pastes into the incident channel. Times in UTC, since readers sit in every zone.
 */
export interface SummaryInput {
  service: ServiceRecord;
  clusterName: string;
  profile: string;
  accountId: string;
  region: string;
  generatedAt: number;
  /** Stopped tasks of the service, any order (the newest are shown). */
  stoppedTasks: readonly TaskRecord[];
  /** The last error lines of its logs, oldest first; or why there are none. */
  errorLines: readonly LogLine[];
  logsNote: string | null;
  consoleUrl: string | null;
  /** What Wharf's problem rules say about this service (crash loop, below desired, ...), worst first. */
  problems: readonly Problem[];
  /** What changed in the cluster in the hour before (from history); null when not recorded. */
  changesBefore: { changes: readonly Change[]; stopped: readonly StoppedGroup[]; total: number } | null;
  /** Why there are no changes to show (history not recorded then), when it applies. */
  changesNote?: string | null;
}

export const SUMMARY_EVENTS = 8;
export const SUMMARY_STOPPED = 5;
export const SUMMARY_LOG_LINES = 15;
export const SUMMARY_CHANGES = 12;

export function serviceSummaryMarkdown(input: SummaryInput): string {
  const s = input.service;
  const out: string[] = [];
  out.push(`### ${s.name} — ${input.problems[0] ? input.problems[0].title.replace(`${s.name}: `, '') : `${s.health.word} (${s.runningCount}/${s.desiredCount} running)`}`);
  out.push('');
  for (const p of input.problems) out.push(`> **${p.severity}:** ${p.title} — ${oneLine(p.detail)}`);
  if (input.problems.length) out.push('');
  out.push(`- **Service:** \`${s.name}\` in cluster \`${input.clusterName}\``);
  out.push(`- **Account:** ${input.profile} · ${input.accountId} · ${input.region}`);
  out.push(`- **Tasks:** ${s.runningCount} running / ${s.desiredCount} desired${s.pendingCount ? ` / ${s.pendingCount} pending` : ''}`);
  out.push(`- **Task definition:** \`${shortName(s.taskDefinition)}\``);
  out.push(`- **As of:** ${utc(input.generatedAt)}${s.stale ? ' (data may be stale: the last refresh failed)' : ''}`);
  if (input.consoleUrl) out.push(`- **Console:** ${input.consoleUrl}`);
  out.push('', '**Deployments**', '');
  if (!s.deployments.length) out.push('_none reported_');
  for (const d of s.deployments) out.push(deploymentLine(d));
  out.push('', '**Latest events**', '');
  const events = s.events.slice(0, SUMMARY_EVENTS);
  if (!events.length) out.push('_none_');
  for (const e of events) out.push(`- ${utc(e.createdAt)} — ${oneLine(e.message)}`);
  out.push('', '**Changes in the hour before**', '');
  out.push(...changesLines(input));
  out.push('', '**Stopped tasks**', '');
  const stopped = [...input.stoppedTasks].sort((a, b) => (b.stoppedAt ?? 0) - (a.stoppedAt ?? 0)).slice(0, SUMMARY_STOPPED);
  if (!stopped.length) out.push('_none recently_');
  for (const t of stopped) out.push(stoppedLine(t));
  out.push('', '**Last error lines in the logs**', '');
  const lines = input.errorLines.slice(-SUMMARY_LOG_LINES);
  if (lines.length) {
    out.push('```');
    for (const l of lines) out.push(`${utc(l.timestamp)} ${l.container}/${l.taskId.slice(0, 8)} ${l.message.replaceAll('```', "'''")}`);
    out.push('```');
  } else {
    out.push(`_${input.logsNote ?? 'no error lines found'}_`);
  }
  return `${out.join('\n')}\n`;
}

/** The cluster's changes (this service's first), newest first, then stopped tasks by reason. */
function changesLines(input: SummaryInput): string[] {
  const c = input.changesBefore;
  if (!c) return [`_${input.changesNote ?? 'not recorded (history was off)'}_`];
  const mine = (x: Change) => x.service === input.service.name;
  const changes = [...c.changes.filter(mine), ...c.changes.filter((x) => !mine(x))].slice(0, SUMMARY_CHANGES).sort((a, b) => b.t - a.t);
  const out = changes.map((x) => `- ${utc(x.t)} — ${oneLine(x.text)}`);
  if (c.total > changes.length) out.push(`- _…and ${c.total - changes.length} more (Wharf › What changed)_`);
  for (const g of c.stopped.slice(0, 5)) out.push(`- ${g.count} task${g.count === 1 ? '' : 's'} stopped (${g.services.join(', ')}): ${oneLine(g.reason)}`);
  return out.length ? out : ['_none recorded_'];
}

function deploymentLine(d: DeploymentRecord): string {
  const state = d.rolloutState ? `${d.rolloutState}${d.rolloutStateReason ? ` (${oneLine(d.rolloutStateReason)})` : ''}` : 'no rollout state';
  const counts = `${d.runningCount}/${d.desiredCount} running${d.pendingCount ? `, ${d.pendingCount} pending` : ''}${d.failedTasks ? `, ${d.failedTasks} failed` : ''}`;
  return `- ${d.status} \`${shortName(d.taskDefinition)}\` — ${state} · ${counts} · created ${d.createdAt ? utc(d.createdAt) : 'unknown'}`;
}

function stoppedLine(t: TaskRecord): string {
  const exits = t.containers
    .filter((c) => c.exitCode !== null || c.reason)
    .map((c) => `${c.name} exit ${c.exitCode ?? '?'}${c.reason ? ` (${oneLine(c.reason)})` : ''}`)
    .join(', ');
  const why = [t.stopCode, t.stoppedReason ? oneLine(t.stoppedReason) : null].filter(Boolean).join(': ');
  return `- \`${t.id}\` stopped ${t.stoppedAt ? utc(t.stoppedAt) : '(time unknown)'} — ${why || 'no reason given'}${exits ? `; ${exits}` : ''}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function utc(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}
