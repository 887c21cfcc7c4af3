/**
 * The demo account's EKS: `shop-eks`, the team's own cluster (Kubernetes 1.32, past standard
 * support), with an on-demand node group mid-update, a Spot node group that cannot get Spot
 * capacity (one of its two nodes just stopped answering), a self-managed GPU node, a Fargate
 * profile for batch jobs, add-ons (one degraded), upgrade insights (one failing) and workloads:
 * most healthy, one crash-looping, one whose image cannot be pulled, Spark workers pending for
 * CPU. And `data-eks`, another team's Auto Mode cluster that has no access entry for us.
 */
import {
  addAddon,
  addEc2Node,
  addEksCluster,
  addFargateProfile,
  addInsight,
  addManagedNodegroup,
  addSystemWorkloads,
  container,
  DAY,
  insightTimes,
  MINUTE,
} from '../eks/eks-builder';
import type { EksCluster } from '../eks/eks-types';
import { POLICY_PREFIX } from '../k8s/access';
import type { ScenarioEnv } from './builder';

export function buildEksDemo(env: ScenarioEnv): void {
  buildShopCluster(env);
  buildDataCluster(env);
}

function buildShopCluster(env: ScenarioEnv): EksCluster {
  const { eks, start } = env;
  const region = eks.region;
  const ecr = `${eks.accountId}.dkr.ecr.${region}.amazonaws.com`;
  const cluster = addEksCluster(eks, { name: 'shop-eks', version: '1.32', createdAt: start - 400 * DAY, supportType: 'EXTENDED', tags: { team: 'shop', env: 'production' } });
  const [za, zb, zc] = cluster.zones;

  addManagedNodegroup(eks, cluster, {
    name: 'general', instanceTypes: ['m5.large'], scaling: { minSize: 2, desiredSize: 3, maxSize: 6 },
    amiType: 'AL2023_x86_64_STANDARD', amiDate: '20251103', createdAt: start - 300 * DAY, status: 'UPDATING',
  });
  const general = cluster.nodegroups.get('general')!;
  general.modifiedAt = start - 6 * MINUTE;
  addManagedNodegroup(eks, cluster, {
    name: 'spot-batch', capacityType: 'SPOT', instanceTypes: ['m5.xlarge', 'm5a.xlarge', 'm6i.xlarge'], scaling: { minSize: 1, desiredSize: 3, maxSize: 6 }, running: 2,
    amiType: 'AL2_x86_64', amiDate: '20251120', createdAt: start - 200 * DAY, zones: [zb, zc],
    labels: { workload: 'batch' }, taints: [{ key: 'workload', value: 'batch', effect: 'NoSchedule' }],
    healthIssues: [{
      code: 'AsgInstanceLaunchFailures',
      message: 'Could not launch Spot Instances. UnfulfillableCapacity - Unable to fulfill capacity due to your request configuration. Please adjust your request and try again. Launching EC2 instance failed.',
    }],
  });
  const spot = cluster.nodegroups.get('spot-batch')!;
  spot.healthIssues[0].resourceIds = [spot.autoScalingGroup];
  // A self-managed Auto Scaling group: one GPU node, tainted for GPU work only.
  addEc2Node(eks, cluster, {
    zone: za, instanceType: 'g5.xlarge', computeType: 'self-managed', amiType: 'AL2023_x86_64_NVIDIA', createdAt: start - 90 * DAY,
    labels: { role: 'gpu', 'alpha.eksctl.io/nodegroup-name': 'gpu-self-managed' },
    taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
  });
  addFargateProfile(eks, cluster, { name: 'fp-jobs', selectors: [{ namespace: 'jobs' }], createdAt: start - 120 * DAY });

  const kube = cluster.kube;
  for (const ns of ['shop', 'payments', 'batch', 'jobs', 'monitoring', 'ml']) kube.addNamespace(ns, start - 300 * DAY);
  const deployed = start - 3 * DAY;
  addSystemWorkloads(eks, cluster, start - 300 * DAY, { vpcCni: 'v1.19.2-eksbuild.1', kubeProxy: 'v1.32.0-minimal-eksbuild.2', coredns: 'v1.11.4-eksbuild.2' });
  kube.addDaemonSet({ namespace: 'kube-system', app: 'eks-pod-identity-agent', containers: [container('eks-pod-identity-agent', `602401143452.dkr.ecr.${region}.amazonaws.com/eks/eks-pod-identity-agent:0.1.29`, 25, 0)], priorityClassName: 'system-node-critical' }, start - 100 * DAY);
  kube.addDeployment({ namespace: 'kube-system', app: 'ebs-csi-controller', containers: [container('ebs-plugin', `602401143452.dkr.ecr.${region}.amazonaws.com/eks/aws-ebs-csi-driver:v1.38.1`, 10, 40)], serviceAccountName: 'ebs-csi-controller-sa' }, 2, start - 100 * DAY);

  kube.addDeployment({ namespace: 'shop', app: 'storefront', containers: [container('storefront', `${ecr}/shop/storefront:v4.2.1`, 250, 512, 8080)] }, 3, deployed);
  kube.addDeployment({ namespace: 'shop', app: 'cart', containers: [container('cart', `${ecr}/shop/cart:v2.8.0`, 200, 256, 8080)] }, 2, deployed);
  kube.addDeployment({ namespace: 'shop', app: 'checkout', containers: [container('checkout', `${ecr}/shop/checkout:v3.1.8`, 500, 1024, 8080)] }, 2, deployed);
  kube.addDeployment({ namespace: 'shop', app: 'catalog', containers: [container('catalog', `${ecr}/shop/catalog:v1.14.2`, 250, 512, 8080)] }, 2, deployed);
  kube.addDeployment({ namespace: 'shop', app: 'recommendations', behaviour: 'image-pull', containers: [container('recommendations', `${ecr}/shop/recommendations:v2.4.0-rc1`, 250, 512, 8080)] }, 1, start - 25 * MINUTE);
  kube.addDeployment({ namespace: 'payments', app: 'ledger', containers: [container('ledger', `${ecr}/payments/ledger:v0.9.8`, 500, 1024, 8443)] }, 2, deployed);
  kube.addDeployment({ namespace: 'payments', app: 'fraud-score', behaviour: 'crash-loop', exitCode: 1, containers: [container('fraud-score', `${ecr}/payments/fraud-score:v5.0.2`, 250, 512, 8080)] }, 1, start - 35 * MINUTE);
  kube.addStatefulSet({ namespace: 'monitoring', app: 'prometheus', containers: [container('prometheus', 'quay.io/prometheus/prometheus:v3.5.0', 500, 2048, 9090)] }, 1, start - 60 * DAY);
  kube.addDeployment({ namespace: 'monitoring', app: 'grafana', containers: [container('grafana', 'docker.io/grafana/grafana:12.2.1', 100, 256, 3000)] }, 1, start - 60 * DAY);
  kube.addDeployment({ namespace: 'ml', app: 'inference', nodeSelector: { role: 'gpu' }, tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }], containers: [container('inference', `${ecr}/ml/inference:v4.0.8`, 2000, 8192, 8080)] }, 1, start - 20 * DAY);
  kube.addDeployment({ namespace: 'jobs', app: 'report-generator', containers: [container('report', `${ecr}/jobs/report-generator:v1.3.0`, 500, 1024)] }, 2, start - 50 * MINUTE);
  kube.addDeployment(
    {
      namespace: 'batch', app: 'spark-worker', nodeSelector: { workload: 'batch' }, tolerations: [{ key: 'workload', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }],
      containers: [container('spark-worker', 'docker.io/apache/spark:3.5.7', 1500, 4096, 7078)],
    },
    6,
    start - 40 * MINUTE,
  );
  kube.schedulePending();
  // One of the two Spot nodes stopped answering four minutes ago (its instance is being reclaimed).
  const lost = [...kube.nodes.values()].find((n) => n.labels['eks.amazonaws.com/nodegroup'] === 'spot-batch' && n.zone === zc);
  if (lost) kube.loseNode(lost.name, start - 4 * MINUTE);
  kube.advance(start);

  addAddon(eks, cluster, { name: 'vpc-cni', version: 'v1.19.2-eksbuild.1', createdAt: start - 300 * DAY, serviceAccountRoleArn: `arn:aws:iam::${eks.accountId}:role/shop-eks-vpc-cni` });
  addAddon(eks, cluster, { name: 'coredns', version: 'v1.11.4-eksbuild.2', createdAt: start - 300 * DAY });
  addAddon(eks, cluster, { name: 'kube-proxy', version: 'v1.32.0-eksbuild.2', createdAt: start - 300 * DAY });
  addAddon(eks, cluster, { name: 'aws-ebs-csi-driver', version: 'v1.38.1-eksbuild.1', createdAt: start - 100 * DAY, serviceAccountRoleArn: `arn:aws:iam::${eks.accountId}:role/shop-eks-ebs-csi` });
  addAddon(eks, cluster, {
    name: 'eks-pod-identity-agent', version: 'v1.3.4-eksbuild.1', createdAt: start - 100 * DAY,
    healthIssues: [{ code: 'InsufficientNumberOfReplicas', message: 'The add-on is unhealthy because it doesn\'t have the desired number of replicas.', resourceIds: ['kube-system/eks-pod-identity-agent'] }],
  });

  const at = start - 40 * MINUTE;
  addInsight(eks, cluster, {
    name: 'Amazon Linux 2 compatibility', category: 'UPGRADE_READINESS', kubernetesVersion: '1.33', ...insightTimes(at),
    description: 'Checks for nodes running Amazon Linux 2 AMIs, which EKS does not publish for Kubernetes 1.33 and later.',
    status: 'ERROR', reason: 'Node group spot-batch runs AL2_x86_64 nodes.',
    recommendation: 'Move spot-batch to an AL2023 or Bottlerocket AMI type before upgrading the cluster to 1.33.',
    additionalInfo: { 'EKS update cluster documentation': 'https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html' },
    resources: [{ status: 'ERROR', reason: 'AMI type AL2_x86_64', arn: spot.arn }],
  });
  addInsight(eks, cluster, {
    name: 'EKS add-on version compatibility', category: 'UPGRADE_READINESS', kubernetesVersion: '1.33', ...insightTimes(at),
    description: 'Checks that the installed EKS add-ons have versions compatible with the next Kubernetes version.',
    status: 'WARNING', reason: 'kube-proxy v1.32.0-eksbuild.2 must be updated with the cluster.',
    recommendation: 'Update kube-proxy to a 1.33 build right after the control plane upgrade.',
    additionalInfo: {}, resources: [{ status: 'WARNING', reason: 'kube-proxy v1.32.0-eksbuild.2', arn: cluster.addons.get('kube-proxy')!.arn }],
  });
  for (const name of ['Deprecated APIs removed in Kubernetes v1.33', 'Kubelet version skew', 'Cluster health issues']) {
    addInsight(eks, cluster, {
      name, category: 'UPGRADE_READINESS', kubernetesVersion: '1.33', ...insightTimes(at),
      description: `Checks ${name.toLowerCase()} before an upgrade to 1.33.`, status: 'PASSING', reason: 'No issues found.', recommendation: 'None.', additionalInfo: {}, resources: [],
    });
  }
  return cluster;
}

function buildDataCluster(env: ScenarioEnv): void {
  const { eks, start } = env;
  const cluster = addEksCluster(eks, {
    name: 'data-eks', version: '1.35', createdAt: start - 60 * DAY, authenticationMode: 'API', supportType: 'STANDARD', endpointPublicAccess: false, creatorsHaveAccess: false,
    autoMode: { enabled: true, nodePools: ['general-purpose', 'system'], nodeRoleArn: `arn:aws:iam::${eks.accountId}:role/data-eks-auto-node` },
    accessEntries: [{
      principalArn: `arn:aws:iam::${eks.accountId}:role/DataPlatformAdmin`, type: 'STANDARD', kubernetesGroups: [], createdAt: start - 60 * DAY,
      policies: [{ policyArn: `${POLICY_PREFIX}AmazonEKSClusterAdminPolicy`, accessScope: { type: 'cluster' }, associatedAt: start - 60 * DAY }],
    }],
    tags: { team: 'data-platform' },
  });
  for (let i = 0; i < 3; i++) {
    addEc2Node(eks, cluster, {
      zone: cluster.zones[i], instanceType: 'c5.2xlarge', computeType: 'auto', amiType: 'BOTTLEROCKET_x86_64', createdAt: start - (i + 1) * DAY,
      labels: { 'eks.amazonaws.com/compute-type': 'auto', 'karpenter.sh/nodepool': 'general-purpose', 'karpenter.sh/capacity-type': 'on-demand' },
      taints: [],
    });
  }
  cluster.kube.addNamespace('etl', start - 60 * DAY);
  cluster.kube.addDeployment({ namespace: 'etl', app: 'airflow-scheduler', containers: [container('scheduler', 'docker.io/apache/airflow:3.1.0', 500, 1024)] }, 2, start - 5 * DAY);
  cluster.kube.schedulePending();
  addInsight(eks, cluster, {
    name: 'Kubelet version skew', category: 'UPGRADE_READINESS', kubernetesVersion: '1.35', ...insightTimes(start - 30 * MINUTE),
    description: 'Checks the kubelet versions of the nodes against the control plane.', status: 'PASSING', reason: 'No issues found.', recommendation: 'None.', additionalInfo: {}, resources: [],
  });
}
