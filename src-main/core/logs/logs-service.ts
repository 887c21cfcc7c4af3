import type { LogLine, LogReadArgs, LogReadResult, LogScope, LogSource, ReadableLogSource } from '../../contract/domains/logs';
import type { TaskRecord } from '../../contract/domains/inventory';
import type { OpenSession } from '../session/session-manager';
import { decodeCursor, encodeCursor } from './log-cursor';
import { filterSources, followSources, readTails, sinceOf, type ReaderDeps } from './log-reader';
import { resolveScope, type ScopeDeps, type ScopedTask } from './log-scope';
import type { TaskDefinitionDoc } from '../../contract/domains/inventory';
import { WharfError } from '../../contract/errors';

export interface LogsServiceDeps {
  sessions: { current(): OpenSession | null };
  /** The inventory's tasks of a cluster (none when not loaded) and its task definition cache. */
  inventory: { knownTasks(clusterArn: string): TaskRecord[]; taskDefinition(arn: string): Promise<TaskDefinitionDoc> };
  /** History's last record of a task ECS forgot (see ScopeDeps.recordedTask). */
  recordedTask?(taskArn: string): Promise<TaskRecord | null>;
  now?: () => number;
}

const DEFAULT_LIMIT = 1000;

/**
 * The logs domain: where a scope's logs are, the latest lines or a range or a search, and
 * live follow. Stateless between calls: a follow's position travels in its cursor.
 */
export class LogsService {
  constructor(private readonly deps: LogsServiceDeps) {}

  async sources(scope: LogScope): Promise<LogSource[]> {
    return (await this.resolve(scope)).flatMap((t) => t.sources);
  }

  async read(args: LogReadArgs): Promise<LogReadResult> {
    const scoped = await this.resolve(args.scope);
    const sources = scoped.flatMap((t) => t.sources);
    const readable = sources.filter((s): s is ReadableLogSource => s.readable);
    const limit = args.limit ?? DEFAULT_LIMIT;
    if (!readable.length) return { sources, lines: [], truncated: false, cursor: encodeCursor({ tokens: {}, since: 0, seen: [] }), empty: noReadableSource(sources) };

    const reader = this.reader();
    // One task without a pattern: exact tails per stream. A service or a search: FilterLogEvents.
    if (args.scope.kind === 'task' && !args.pattern) {
      const tail = await readTails(reader, readable, { startTime: args.startTime, endTime: args.endTime, limit });
      const cursor = encodeCursor({ tokens: tail.tokens, ...sinceOf(tail.lines, { since: args.startTime ?? 0, seen: [] }) });
      const empty = tail.lines.length ? null : emptyReason(args, tail.missing.length === readable.length ? tail.missing : []);
      return { sources, lines: tail.lines, truncated: tail.truncated, cursor, empty };
    }
    const startTime = args.startTime ?? earliestStart(scoped);
    const found = await filterSources(reader, readable, { startTime, endTime: args.endTime, limit, pattern: args.pattern });
    const cursor = encodeCursor({ tokens: {}, ...sinceOf(found.lines, { since: startTime ?? 0, seen: [] }) });
    return { sources, lines: found.lines, truncated: found.truncated, cursor, empty: found.lines.length ? null : emptyReason(args, []) };
  }

  async follow(scope: LogScope, rawCursor: string, pattern?: string): Promise<{ lines: LogLine[]; cursor: string }> {
    const cursor = decodeCursor(rawCursor);
    const readable = (await this.resolve(scope)).flatMap((t) => t.sources).filter((s): s is ReadableLogSource => s.readable);
    if (!readable.length) return { lines: [], cursor: rawCursor };
    // A service's cursor carries no stream tokens: followSources reads it by time.
    const next = await followSources(this.reader(), readable, cursor, pattern || undefined);
    return { lines: next.lines, cursor: encodeCursor(next.cursor) };
  }

  private async resolve(scope: LogScope): Promise<ScopedTask[]> {
    const session = this.session();
    const deps: ScopeDeps = {
      knownTasks: (clusterArn) => this.deps.inventory.knownTasks(clusterArn),
      taskDefinition: (arn) => this.deps.inventory.taskDefinition(arn),
      ecs: () => session.clients.ecs,
      region: session.info.region,
      now: this.deps.now ?? Date.now,
      recordedTask: this.deps.recordedTask,
    };
    try {
      return await resolveScope(deps, scope);
    } catch (err) {
      throw session.explainError(err);
    }
  }

  private reader(): ReaderDeps {
    const session = this.session();
    return { logsFor: (region) => (region === session.info.region ? session.clients.logs : session.clientsFor(region).logs) };
  }

  private session(): OpenSession {
    const session = this.deps.sessions.current();
    if (!session) throw new WharfError('NO_SESSION', 'No AWS profile is open yet.', { fix: 'Pick a profile and a region.' });
    return session;
  }
}

function earliestStart(scoped: readonly ScopedTask[]): number | undefined {
  const starts = scoped.map((t) => t.task.createdAt ?? t.task.startedAt).filter((t): t is number => t !== null);
  return starts.length ? Math.min(...starts) : undefined;
}

function noReadableSource(sources: readonly LogSource[]): string {
  const reasons = [...new Set(sources.filter((s) => !s.readable).map((s) => (s.readable ? '' : s.where)))];
  return reasons.length ? `No logs Wharf can read: ${reasons.join(' ')}` : 'No logs: this scope has no containers.';
}

function emptyReason(args: LogReadArgs, missing: readonly ReadableLogSource[]): string {
  if (missing.length) {
    const names = missing.map((s) => `${s.group} › ${s.stream}`).join(', ');
    return `No logs yet: the stream ${names} does not exist, so the container has not written a line (it may never have started).`;
  }
  if (args.pattern) return `No lines match ${JSON.stringify(args.pattern)}${args.startTime || args.endTime ? ' in the chosen time range' : ''}.`;
  if (args.startTime || args.endTime) return 'No lines in the chosen time range.';
  return 'No lines yet: the stream exists but the container has not written anything.';
}
