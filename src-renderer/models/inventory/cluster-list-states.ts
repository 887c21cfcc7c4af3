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
 * count on the page counts what the filter shows), "2,000 services" without one.
 */
export function listCount(state: Pick<ClusterListState, 'total' | 'shown' | 'query'>, words: Pick<ClusterListWords, 'one' | 'many'>): string {
  if (!state.query.trim()) return pluralize(state.total, words.one, words.many);
  return `${formatCount(state.shown)} of ${pluralize(state.total, words.one, words.many)}`;
}
