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
