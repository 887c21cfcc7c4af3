import type { execMethods } from '../../contract/domains/exec';
import type { MutationGuard } from '../guard/mutation-guard';
import type { DomainHandlers } from '../rpc/handlers';
import type { OpenSession } from '../session/session-manager';
import type { ExecManager, StartExecInput } from './exec-manager';

export interface ExecHandlerDeps {
  exec: ExecManager;
  /** Every ExecuteCommand (start and reconnect) passes the read-only guard first; it throws to refuse. */
  guard: Pick<MutationGuard, 'assertMayMutate'>;
  sessions: { require(): OpenSession };
}

export function execHandlers(deps: ExecHandlerDeps): DomainHandlers<typeof execMethods> {
  const mayStart = (input: Pick<StartExecInput, 'taskArn' | 'container'>) =>
    deps.guard.assertMayMutate(deps.sessions.require(), { action: 'exec.open', target: `${input.taskArn}/${input.container}`, isExec: true });
  return {
    'exec.start': async (args) => {
      await mayStart(args);
      return deps.exec.start(args);
    },
    'exec.input': (args) => ({ accepted: deps.exec.input(args.sessionId, args.data) }),
    'exec.resize': (args) => ({ accepted: deps.exec.resize(args.sessionId, args.cols, args.rows) }),
    'exec.close': (args) => ({ closed: deps.exec.close(args.sessionId) }),
    'exec.reconnect': async (args) => {
      const old = deps.exec.list().find((s) => s.sessionId === args.sessionId);
      if (old) await mayStart({ taskArn: old.taskArn, container: old.container });
      return deps.exec.reconnect(args.sessionId, args.cols, args.rows);
    },
    'exec.list': () => ({ sessions: deps.exec.list() }),
  };
}
