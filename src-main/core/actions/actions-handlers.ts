import type { Handlers } from '../rpc/handlers';
import type { ActionsService } from './actions-service';

type ActionMethod = 'actions.rollbackTargets' | 'actions.previewRollback' | 'actions.applyRollback' | 'actions.scale' | 'actions.forceDeployment' | 'actions.stopTask' | 'actions.rollout';

export function actionsHandlers(deps: { actions: ActionsService }): Handlers<ActionMethod> {
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
