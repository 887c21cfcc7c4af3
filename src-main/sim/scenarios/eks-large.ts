/**
 * The large account's EKS cluster: `large-eks` with (by default) 200 nodes in four managed
 * node groups across three zones and 5,000 pods: the VPC CNI and kube-proxy on every node,
 * CoreDNS, and a hundred-odd deployments in twenty team namespaces, some pinned to a node
 * group, one asking for an instance type the cluster does not have (its pods stay Pending).
 */
import { addAddon, addEksCluster, addManagedNodegroup, addSystemWorkloads, container, DAY } from '../eks/eks-builder';
import type { LargeSizes } from './large';
import type { ScenarioEnv } from './builder';

const GROUPS = ['ng-general-a', 'ng-general-b', 'ng-memory', 'ng-spot'];
const PENDING_REPLICAS = 12;

export function buildEksLarge(env: ScenarioEnv, sizes: Pick<LargeSizes, 'eksNodes' | 'eksPods'>): void {
  const { eks, start } = env;
  if (sizes.eksNodes <= 0) return;
  const random = eks.random.fork();
  const cluster = addEksCluster(eks, { name: 'large-eks', version: '1.33', createdAt: start - 200 * DAY, tags: { env: 'load-test' } });
  const perGroup = Math.floor(sizes.eksNodes / GROUPS.length);
  GROUPS.forEach((name, i) => {
    const nodes = perGroup + (i < sizes.eksNodes % GROUPS.length ? 1 : 0);
    addManagedNodegroup(eks, cluster, {
      name,
      capacityType: name === 'ng-spot' ? 'SPOT' : 'ON_DEMAND',
      instanceTypes: name === 'ng-memory' ? ['r5.xlarge'] : name === 'ng-spot' ? ['m5.2xlarge'] : ['m5.4xlarge'],
      scaling: { minSize: 1, desiredSize: nodes, maxSize: nodes * 2 },
      amiType: 'AL2023_x86_64_STANDARD',
      amiDate: '20251120',
      createdAt: start - 100 * DAY,
      labels: { pool: name },
    });
  });
  const kube = cluster.kube;
  addSystemWorkloads(eks, cluster, start - 100 * DAY, { vpcCni: 'v1.20.4-eksbuild.1', kubeProxy: 'v1.33.3-eksbuild.6', coredns: 'v1.12.3-eksbuild.1' });
  for (const [name, version] of [['vpc-cni', 'v1.20.4-eksbuild.1'], ['coredns', 'v1.12.3-eksbuild.1'], ['kube-proxy', 'v1.33.3-eksbuild.6']]) addAddon(eks, cluster, { name, version, createdAt: start - 200 * DAY });

  const systemPods = kube.pods.size;
  let remaining = Math.max(0, sizes.eksPods - systemPods - PENDING_REPLICAS);
  const teams = 20;
  for (let t = 0; t < teams; t++) kube.addNamespace(`team-${String(t).padStart(2, '0')}`, start - 150 * DAY);
  let d = 0;
  while (remaining > 0) {
    const replicas = Math.min(remaining, random.int(20, 70));
    const team = `team-${String(d % teams).padStart(2, '0')}`;
    // Every fifth deployment may go anywhere; the others are pinned to one pool, so pools fill unevenly.
    const pool = d % 5 === 4 ? null : GROUPS[d % 4 === 3 ? 0 : d % 4];
    const cpu = random.pick([100, 150, 200, 250, 300, 500]);
    const memory = random.pick([128, 256, 384, 512, 1024]);
    kube.addDeployment(
      {
        namespace: team, app: `svc-${String(d).padStart(3, '0')}`, nodeSelector: pool ? { pool } : undefined,
        tolerations: pool === 'ng-spot' ? [{ key: 'spot', operator: 'Exists' }] : undefined,
        containers: [container('app', `${eks.accountId}.dkr.ecr.${eks.region}.amazonaws.com/large/app:v1.2.0`, cpu, memory, 8080)],
      },
      replicas,
      start - random.int(1, 30) * DAY,
    );
    remaining -= replicas;
    d++;
  }
  kube.addDeployment(
    { namespace: 'team-00', app: 'gpu-trainer', nodeSelector: { 'node.kubernetes.io/instance-type': 'p4d.24xlarge' }, containers: [container('trainer', `${eks.accountId}.dkr.ecr.${eks.region}.amazonaws.com/large/trainer:v0.3.0`, 4000, 16384)] },
    PENDING_REPLICAS,
    start - 2 * DAY,
  );
  kube.schedulePending();
  kube.advance(start);
}
