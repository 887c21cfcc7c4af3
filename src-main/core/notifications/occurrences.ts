import type { Problem } from '../../contract/domains/inventory';
import { NotificationKind } from '../../contract/domains/notifications';

/**
 * Which problems are new occurrences. A problem's id (`kind:targetArn`) is stable while it
 * lasts; an occurrence begins when the id appears and ends once it has been gone for a while
 * from a cluster Wharf is watching (a crash loop that dips under its threshold between two
 * crashes is still the same crash loop). A cluster Wharf is not reading says nothing either
 * way, so its occurrences are kept as they are: a restart, or a look at another cluster,
 * never makes an old occurrence new again.
 */
export const GONE_FOR_MS = 15 * 60_000;
/** Occurrences remembered at most (the oldest go first; a deleted cluster's would stay forever). */
export const MAX_OCCURRENCES = 2000;

export interface Occurrence {
  key: string;
  openedAt: number;
  /** When the problem was first missing from a watched cluster; null while it is there. */
  goneSince: number | null;
}

export type OccurrenceMemory = Record<string, Occurrence>;

export const NOTIFIED_KINDS: ReadonlySet<string> = new Set(NotificationKind.options);

export interface OccurrenceUpdate {
  memory: OccurrenceMemory;
  /** Problems that began an occurrence in this update. */
  opened: Array<{ problem: Problem; key: string }>;
  changed: boolean;
}

export function updateOccurrences(previous: OccurrenceMemory, problems: readonly Problem[], now: number, isWatched: (clusterArn: string) => boolean): OccurrenceUpdate {
  const memory: OccurrenceMemory = { ...previous };
  const opened: OccurrenceUpdate['opened'] = [];
  let changed = false;
  const present = new Set<string>();
  for (const problem of problems) {
    if (!NOTIFIED_KINDS.has(problem.kind)) continue;
    present.add(problem.id);
    const known = memory[problem.id];
    if (known) {
      if (known.goneSince !== null) {
        memory[problem.id] = { ...known, goneSince: null };
        changed = true;
      }
      continue;
    }
    const key = `${problem.id}@${now}`;
    memory[problem.id] = { key, openedAt: now, goneSince: null };
    opened.push({ problem, key });
    changed = true;
  }
  for (const [id, occurrence] of Object.entries(memory)) {
    if (present.has(id) || !isWatched(clusterOfProblemId(id))) continue;
    if (occurrence.goneSince === null) {
      memory[id] = { ...occurrence, goneSince: now };
      changed = true;
    } else if (now - occurrence.goneSince >= GONE_FOR_MS) {
      delete memory[id];
      changed = true;
    }
  }
  return { memory: trim(memory), opened, changed };
}

/** `kind:arn:aws:ecs:region:account:service/cluster/name` -> the cluster's ARN. */
export function clusterOfProblemId(id: string): string {
  const arn = id.slice(id.indexOf(':') + 1);
  const m = /^(arn:[^:]+:ecs:[^:]*:[^:]*:)(?:service|task|container-instance)\/([^/]+)\//.exec(arn);
  return m ? `${m[1]}cluster/${m[2]}` : '';
}

function trim(memory: OccurrenceMemory): OccurrenceMemory {
  const entries = Object.entries(memory);
  if (entries.length <= MAX_OCCURRENCES) return memory;
  entries.sort((a, b) => b[1].openedAt - a[1].openedAt);
  return Object.fromEntries(entries.slice(0, MAX_OCCURRENCES));
}
