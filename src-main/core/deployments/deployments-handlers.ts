import type { Handlers } from '../rpc/handlers';
import type { DeploymentsService } from './deployments-service';

type DeploymentMethod =
  | 'deployments.list'
  | 'deployments.detail'
  | 'deployments.unfocus'
  | 'deployments.history'
  | 'deployments.compare'
  | 'deployments.serviceTargets'
  | 'deployments.continue'
  | 'deployments.continueMany'
  | 'deployments.stop';

export function deploymentsHandlers(deps: { deployments: DeploymentsService }): Handlers<DeploymentMethod> {
  const { deployments } = deps;
  return {
    'deployments.list': ({ clusterArn }) => deployments.list(clusterArn),
    'deployments.detail': ({ serviceDeploymentArn, region }) => deployments.detail(serviceDeploymentArn, region),
    'deployments.unfocus': () => {
      deployments.unfocus();
      return { ok: true as const };
    },
    'deployments.history': ({ clusterArn, serviceName, region }) => deployments.history(clusterArn, serviceName, region),
    'deployments.compare': ({ sourceRevisionArn, targetRevisionArn, region }) => deployments.compare(sourceRevisionArn, targetRevisionArn, region),
    'deployments.serviceTargets': async ({ clusterArn, serviceName, region }) => ({ groups: await deployments.serviceTargets(clusterArn, serviceName, region) }),
    'deployments.continue': (args) => deployments.continueHook(args),
    'deployments.continueMany': async (args) => ({ results: await deployments.continueMany(args) }),
    'deployments.stop': (args) => deployments.stop(args),
  };
}
