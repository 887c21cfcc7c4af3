import { formatCount, pluralize } from '../../format';

/** Where a cluster's list stands, for ClusterListStates. */
export interface ClusterListState {
  unknownCluster: boolean;
  loading: boolean;
  /** Records before the filter, and rows after it. */
  total: number;
  shown: number;
  query: string;
}

/** How a list names what it holds and says it has none. */
export interface ClusterListWords {
  /** "service" / "services", "task" / "tasks"... */
  one: string;
  many: string;
  readingDetail?: string;
  emptySymbol: string;
  emptyTitle: string;
  emptyDetail?: string;
  noMatchDetail?: string;
}

/**
 * The list's count, following the filter: "100 of 2,000 services" while a filter is on (every
 * count on the page counts what the filter shows), "2,000 services" without one. While the
 * first load runs the count says "so far": a page opened a moment ago must not read "0 tasks"
 * of a cluster that has hundreds.
 */
export function listCount(state: Pick<ClusterListState, 'total' | 'shown' | 'query' | 'loading'>, words: Pick<ClusterListWords, 'one' | 'many'>): string {
  const all = `${pluralize(state.total, words.one, words.many)}${state.loading ? ' so far' : ''}`;
  if (!state.query.trim()) return all;
  return `${formatCount(state.shown)} of ${all}`;
}
