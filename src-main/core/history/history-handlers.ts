import type { Handlers } from '../rpc/handlers';
import type { HistoryService } from './history-service';

type HistoryMethod = 'history.status' | 'history.range' | 'history.snapshot' | 'history.momentTasks' | 'history.task' | 'history.changes' | 'history.events' | 'history.stoppedTasks';

export function historyHandlers(deps: { history: HistoryService }): Handlers<HistoryMethod> {
  const h = deps.history;
  return {
    'history.status': () => h.status(),
    'history.range': ({ clusterArn }) => h.range(clusterArn),
    'history.snapshot': (args) => h.snapshot(args),
    'history.momentTasks': (args) => h.momentTasks(args),
    'history.task': (args) => h.task(args),
    'history.changes': (args) => h.changes(args),
    'history.events': (args) => h.events(args),
    'history.stoppedTasks': (args) => h.stoppedTasks(args),
  };
}
