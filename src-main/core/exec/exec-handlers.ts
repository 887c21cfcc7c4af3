import type { Handlers } from '../rpc/handlers';
import type { ExecManager, StartExecInput } from './exec-manager';

export type ExecMethod = 'exec.start' | 'exec.input' | 'exec.resize' | 'exec.close' | 'exec.reconnect' | 'exec.list';

export interface ExecHandlerDeps {
  exec: ExecManager;
  /** Runs before every ExecuteCommand (start and reconnect): the read-only guard. Throws to refuse. */
  mayStart?: (input: StartExecInput) => Promise<void>;
}

export function execHandlers(deps: ExecHandlerDeps): Handlers<ExecMethod> {
  return {
    'exec.start': async (args) => {
      await deps.mayStart?.(args);
      return deps.exec.start(args);
    },
    'exec.input': (args) => ({ accepted: deps.exec.input(args.sessionId, args.data) }),
    'exec.resize': (args) => ({ accepted: deps.exec.resize(args.sessionId, args.cols, args.rows) }),
    'exec.close': (args) => ({ closed: deps.exec.close(args.sessionId) }),
    'exec.reconnect': async (args) => {
      const old = deps.exec.list().find((s) => s.sessionId === args.sessionId);
      if (old) await deps.mayStart?.({ clusterArn: old.clusterArn, taskArn: old.taskArn, container: old.container, command: old.command, cols: args.cols, rows: args.rows });
      return deps.exec.reconnect(args.sessionId, args.cols, args.rows);
    },
    'exec.list': () => ({ sessions: deps.exec.list() }),
  };
}
