import type { actionsMethods } from '../../contract/domains/actions';
import type { DomainHandlers } from '../rpc/handlers';
import type { ActionsService } from './actions-service';

export function actionsHandlers(deps: { actions: ActionsService }): DomainHandlers<typeof actionsMethods> {
  const { actions } = deps;
  return {
    'actions.rollbackTargets': (ref) => actions.rollbackTargets(ref),
    'actions.previewRollback': ({ target, ...ref }) => actions.previewRollback(ref, target),
    'actions.applyRollback': (args) => actions.applyRollback(args),
    'actions.scale': (args) => actions.scale(args),
    'actions.forceDeployment': (args) => actions.forceDeployment(args),
    'actions.stopTask': (args) => actions.stopTask(args),
    'actions.rollout': ({ deploymentId, ...ref }) => actions.rollout(ref, deploymentId),
  };
}
