import type { Problem } from '../../contract/domains/inventory';
import { detectClusterProblems, sortWorstFirst } from './detect';
import type { RuleInput } from './rules';

export type ClusterRecords = Omit<RuleInput, 'now' | 'firstSeen' | 'lastProgress'>;

/**
 * Keeps the Problems list: recomputed from the model after each refresh, worst first. Holds
 * the memory the rules need (when a condition without its own timestamp was first seen, e.g.
 * "below desired since"; when each deployment's task counts last moved), and tells whether
 * the list changed.
 */
export class ProblemsEngine {
  private firstSeenAt = new Map<string, number>();
  /** Per deployment id: its running/failed counts and when they took these values. */
  private progress = new Map<string, { counts: string; at: number }>();
  private current: Problem[] = [];
  private signature = '';

  list(): Problem[] {
    return this.current;
  }

  /**
   * Recomputes; returns true when the list differs from the last one. `others` are problems
   * computed elsewhere (EKS's), listed with these, worst first.
   */
  update(clusters: Iterable<ClusterRecords>, now: number, others: readonly Problem[] = []): boolean {
    const seen = new Map<string, number>();
    const firstSeen = (id: string) => {
      const at = this.firstSeenAt.get(id) ?? now;
      seen.set(id, at);
      return at;
    };
    const moved = new Map<string, { counts: string; at: number }>();
    const lastProgress = (deploymentId: string, counts: string, guess: number) => {
      const known = this.progress.get(deploymentId);
      const entry = !known ? { counts, at: guess } : known.counts === counts ? known : { counts, at: now };
      moved.set(deploymentId, entry);
      return entry.at;
    };
    const problems: Problem[] = [];
    for (const cluster of clusters) problems.push(...detectClusterProblems({ ...cluster, now, firstSeen, lastProgress }));
    // Conditions that went away forget their first sighting: if they come back, the clock restarts.
    // Likewise deployments no longer in progress are forgotten.
    this.firstSeenAt = seen;
    this.progress = moved;
    this.current = sortWorstFirst([...problems, ...others]);
    const signature = JSON.stringify(this.current);
    const changed = signature !== this.signature;
    this.signature = signature;
    return changed;
  }

  /** Problems per cluster, for the clusters list's problem count. */
  countsByCluster(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const p of this.current) counts.set(p.clusterArn, (counts.get(p.clusterArn) ?? 0) + 1);
    return counts;
  }
}
