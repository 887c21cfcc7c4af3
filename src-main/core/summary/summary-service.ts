import type { ClusterSnapshot, Problem } from '../../contract/domains/inventory';
import type { LogReadArgs, LogReadResult } from '../../contract/domains/logs';
import type { ChangesResult } from '../../contract/domains/history';
import { clusterNameOf } from '../../contract/arn';
import { consoleUrl } from '../../contract/console-links';
import { WharfError } from '../../contract/errors';
import { concernsService } from '../../contract/health';
import type { OpenSession } from '../session/session-manager';
import { SUMMARY_LOG_LINES, serviceSummaryMarkdown } from './summary-markdown';

/** Lines that look like errors, as a CloudWatch Logs filter pattern (any of the terms). */
export const ERROR_PATTERN = '?ERROR ?error ?FATAL ?Fatal ?fatal ?Exception ?panic ?Traceback';

export interface SummaryDeps {
  sessions: { current(): OpenSession | null };
  snapshot(clusterArn: string): ClusterSnapshot;
  readLogs(args: LogReadArgs): Promise<LogReadResult>;
  /** The Problems list (worst first); the summary keeps those about this service. */
  problems(): readonly Problem[];
  /**
   * History's "what changed" in the cluster over the last `ms` by history's own clock (absent
   * when history is not recorded). History's moments are Wharf's clock, not AWS's (`now`): a
   * window taken on AWS's clock misses changes by the skew (by hours against an accelerated sim).
   */
  changesInLast?(args: { clusterArn: string; ms: number }): Promise<ChangesResult>;
  now?: () => number;
}

const HOUR_MS = 60 * 60_000;

type SummaryChanges = { changes: ChangesResult['changes']; stopped: ChangesResult['stopped']; total: number } | null;

/** `summary.service`: gathers what the inventory and the logs know and writes the Markdown. */
export async function serviceSummary(deps: SummaryDeps, clusterArn: string, serviceName: string): Promise<{ markdown: string; generatedAt: number }> {
  const session = deps.sessions.current();
  if (!session) throw new WharfError('NO_SESSION', 'No AWS profile is open yet.', { fix: 'Pick a profile and a region.' });
  const snapshot = deps.snapshot(clusterArn);
  const service = snapshot.services.find((s) => s.name === serviceName);
  if (!service) throw new WharfError('NOT_FOUND', `Wharf has not read a service named ${serviceName} in this cluster (yet).`, { fix: 'Open the service once, then copy the summary.' });
  const generatedAt = (deps.now ?? Date.now)();
  const stoppedTasks = snapshot.tasks.filter((t) => t.serviceName === serviceName && t.lastStatus === 'STOPPED');

  let errorLines: LogReadResult['lines'] = [];
  let logsNote: string | null = null;
  try {
    const read = await deps.readLogs({ scope: { kind: 'service', clusterArn, serviceName }, pattern: ERROR_PATTERN, limit: SUMMARY_LOG_LINES });
    errorLines = read.lines;
    logsNote = read.empty;
  } catch (err) {
    const e = session.explainError(err);
    logsNote = `logs not read: ${e.message}`;
  }
  let changesBefore: SummaryChanges = null;
  let changesNote: string | null = null;
  try {
    if (deps.changesInLast) {
      const c = await deps.changesInLast({ clusterArn, ms: HOUR_MS });
      changesBefore = c;
      if (c.historyFrom === null || c.historyFrom > c.from) changesNote = c.historyFrom === null ? 'not recorded' : `recorded since ${new Date(c.historyFrom).toISOString().slice(11, 19)} UTC only`;
    }
  } catch (err) {
    changesNote = `history not read: ${err instanceof Error ? err.message : String(err)}`;
  }
  const clusterName = clusterNameOf(clusterArn) ?? snapshot.cluster.name;
  const markdown = serviceSummaryMarkdown({
    service,
    clusterName,
    profile: session.info.profile,
    accountId: session.info.accountId,
    region: session.info.region,
    generatedAt,
    stoppedTasks,
    errorLines,
    logsNote,
    problems: deps.problems().filter((p) => concernsService(p, service.arn)),
    changesBefore,
    changesNote,
    consoleUrl: session.info.demo ? null : consoleUrl({ kind: 'service', region: session.info.region, cluster: clusterName, service: serviceName }),
  });
  return { markdown, generatedAt };
}
