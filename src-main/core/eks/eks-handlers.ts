import type { Handlers } from '../rpc/handlers';
import type { EksService } from './eks-service';

type EksMethod = 'eks.clusters' | 'eks.cluster' | 'eks.insight' | 'eks.kube' | 'eks.focus' | 'eks.refresh';

export function eksHandlers(deps: { eks: EksService }): Handlers<EksMethod> {
  const { eks } = deps;
  return {
    'eks.clusters': () => eks.clusters(),
    'eks.cluster': ({ clusterArn }) => eks.cluster(clusterArn),
    'eks.insight': ({ clusterArn, id }) => eks.insight(clusterArn, id),
    'eks.kube': ({ clusterArn }) => eks.kube(clusterArn),
    'eks.focus': ({ clusterArn }) => {
      eks.setFocus(clusterArn);
      return { ok: true as const };
    },
    'eks.refresh': () => {
      eks.refresh();
      return { ok: true as const };
    },
  };
}
