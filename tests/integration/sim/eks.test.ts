/**
 * The sim's EKS through @aws-sdk/client-eks, and each cluster's Kubernetes API over HTTPS with
 * the CA DescribeCluster reports and a token made as `aws eks get-token` makes it.
 */
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeClusterVersionsCommand,
  DescribeFargateProfileCommand,
  DescribeInsightCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListAddonsCommand,
  ListClustersCommand,
  ListFargateProfilesCommand,
  ListInsightsCommand,
  ListNodegroupsCommand,
  type Cluster,
} from '@aws-sdk/client-eks';
import { startSim, type RunningSim, type SimCredentials } from '../../../src-main/sim';
import { makeEksToken } from '../../../src-main/core/aws/eks-token';
import { errorOf, followSimClock, MINUTE, START } from './harness';

const OUTSIDER: SimCredentials = { accessKeyId: 'AKIAOUTSIDERKEY0002B', secretAccessKey: 'outsider-secret' };

let sim: RunningSim;
let eks: EKSClient;
beforeAll(async () => {
  sim = await startSim({ scenario: 'demo', speed: 0, seed: 5, throttle: false, startTime: START, credentials: [{ accessKeyId: 'AKIAADMINKEY0000001A', secretAccessKey: 'admin-secret' }, OUTSIDER] });
  eks = followSimClock(new EKSClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 }), sim);
});
afterAll(async () => {
  eks?.destroy();
  await sim?.close();
});

interface KubeAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

/** GET on a cluster's API server, trusting only the CA the cluster reports. */
function kubeGet<T = Record<string, unknown>>(cluster: Cluster, path: string, token?: string): Promise<KubeAnswer<T>> {
  const url = new URL(path, cluster.endpoint);
  const ca = Buffer.from(cluster.certificateAuthority!.data!, 'base64').toString('utf8');
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as T, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

const tokenFor = (clusterName: string, credentials: SimCredentials = sim.credentials) =>
  makeEksToken({ clusterName, region: sim.region, stsEndpoint: sim.endpoint, credentials: async () => credentials }).then((t) => t.token);

async function describe_(name: string): Promise<Cluster> {
  return (await eks.send(new DescribeClusterCommand({ name }))).cluster!;
}

interface PodList {
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: Array<{ metadata: { name: string; namespace: string }; spec: { nodeName?: string }; status: { phase: string; conditions?: Array<{ type: string; status: string; reason?: string; message?: string }>; containerStatuses?: Array<{ restartCount: number; state: { waiting?: { reason: string } } }> } }>;
}

describe('the EKS API', () => {
  it('lists and describes clusters: version, endpoint access, access config, Auto Mode, and a CA', async () => {
    expect((await eks.send(new ListClustersCommand({}))).clusters).toEqual(['data-eks', 'shop-eks']);
    const page = await eks.send(new ListClustersCommand({ maxResults: 1 }));
    expect(page.clusters).toEqual(['data-eks']);
    expect((await eks.send(new ListClustersCommand({ maxResults: 1, nextToken: page.nextToken }))).clusters).toEqual(['shop-eks']);

    const shop = await describe_('shop-eks');
    expect(shop).toMatchObject({ name: 'shop-eks', arn: 'arn:aws:eks:us-east-1:123456789012:cluster/shop-eks', version: '1.32', status: 'ACTIVE', platformVersion: 'eks.28' });
    expect(shop.resourcesVpcConfig).toMatchObject({ endpointPublicAccess: true, endpointPrivateAccess: true });
    expect(shop.accessConfig).toEqual({ bootstrapClusterCreatorAdminPermissions: true, authenticationMode: 'API_AND_CONFIG_MAP' });
    expect(shop.upgradePolicy).toEqual({ supportType: 'EXTENDED' });
    expect(shop.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(Buffer.from(shop.certificateAuthority!.data!, 'base64').toString()).toContain('BEGIN CERTIFICATE');
    expect(shop.createdAt).toBeInstanceOf(Date);

    const data = await describe_('data-eks');
    expect(data.computeConfig).toMatchObject({ enabled: true, nodePools: ['general-purpose', 'system'] });
    expect(data.resourcesVpcConfig?.endpointPublicAccess).toBe(false);
    expect(data.certificateAuthority?.data).not.toBe(shop.certificateAuthority?.data);
  });

  it('answers node groups, Fargate profiles, add-ons and insights as DescribeNodegroup & co. do', async () => {
    expect((await eks.send(new ListNodegroupsCommand({ clusterName: 'shop-eks' }))).nodegroups).toEqual(['general', 'spot-batch']);
    const spot = (await eks.send(new DescribeNodegroupCommand({ clusterName: 'shop-eks', nodegroupName: 'spot-batch' }))).nodegroup!;
    expect(spot).toMatchObject({ capacityType: 'SPOT', status: 'DEGRADED', amiType: 'AL2_x86_64', scalingConfig: { minSize: 1, desiredSize: 3, maxSize: 6 }, taints: [{ key: 'workload', value: 'batch', effect: 'NO_SCHEDULE' }] });
    expect(spot.health?.issues?.[0]).toMatchObject({ code: 'AsgInstanceLaunchFailures', resourceIds: [spot.resources!.autoScalingGroups![0].name] });
    expect(spot.releaseVersion).toMatch(/^1\.32\.\d+-\d{8}$/);
    const general = (await eks.send(new DescribeNodegroupCommand({ clusterName: 'shop-eks', nodegroupName: 'general' }))).nodegroup!;
    expect(general).toMatchObject({ capacityType: 'ON_DEMAND', status: 'UPDATING', instanceTypes: ['m5.large'] });

    expect((await eks.send(new ListFargateProfilesCommand({ clusterName: 'shop-eks' }))).fargateProfileNames).toEqual(['fp-jobs']);
    const fp = (await eks.send(new DescribeFargateProfileCommand({ clusterName: 'shop-eks', fargateProfileName: 'fp-jobs' }))).fargateProfile!;
    expect(fp.selectors).toEqual([{ namespace: 'jobs' }]);
    expect(fp.subnets).toHaveLength(2);

    const addons = (await eks.send(new ListAddonsCommand({ clusterName: 'shop-eks' }))).addons!;
    expect(addons).toEqual(['aws-ebs-csi-driver', 'coredns', 'eks-pod-identity-agent', 'kube-proxy', 'vpc-cni']);
    const degraded = (await eks.send(new DescribeAddonCommand({ clusterName: 'shop-eks', addonName: 'eks-pod-identity-agent' }))).addon!;
    expect(degraded).toMatchObject({ status: 'DEGRADED', addonVersion: 'v1.3.4-eksbuild.1', health: { issues: [{ code: 'InsufficientNumberOfReplicas' }] } });

    const failing = (await eks.send(new ListInsightsCommand({ clusterName: 'shop-eks', filter: { statuses: ['ERROR', 'WARNING'] } }))).insights!;
    expect(failing.map((i) => [i.name, i.insightStatus?.status])).toEqual([
      ['Amazon Linux 2 compatibility', 'ERROR'],
      ['EKS add-on version compatibility', 'WARNING'],
    ]);
    const detail = (await eks.send(new DescribeInsightCommand({ clusterName: 'shop-eks', id: failing[0].id! }))).insight!;
    expect(detail.recommendation).toContain('AL2023');
    expect(detail.resources?.[0].arn).toBe(spot.nodegroupArn);
  });

  it('gives the support calendar: 1.32 is in extended support on 21 Nov 2026, 1.34 still standard', async () => {
    const versions = (await eks.send(new DescribeClusterVersionsCommand({}))).clusterVersions!;
    const byVersion = Object.fromEntries(versions.map((v) => [v.clusterVersion, v]));
    expect(byVersion['1.32']).toMatchObject({ versionStatus: 'EXTENDED_SUPPORT', endOfStandardSupportDate: new Date('2026-03-23T00:00:00Z') });
    expect(byVersion['1.34'].versionStatus).toBe('STANDARD_SUPPORT');
  });

  it("refuses what does not exist with EKS's ResourceNotFoundException (404)", async () => {
    const noCluster = await errorOf(eks.send(new DescribeClusterCommand({ name: 'nope' })));
    expect(noCluster).toMatchObject({ name: 'ResourceNotFoundException', message: 'No cluster found for name: nope.' });
    expect(noCluster.$metadata?.httpStatusCode).toBe(404);
    expect(await errorOf(eks.send(new DescribeNodegroupCommand({ clusterName: 'shop-eks', nodegroupName: 'gpu' })))).toMatchObject({ name: 'ResourceNotFoundException', message: 'No node group found for name: gpu.' });
    expect(await errorOf(eks.send(new ListNodegroupsCommand({ clusterName: 'nope' })))).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await errorOf(eks.send(new ListClustersCommand({ maxResults: 101 })))).toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('the Kubernetes API of a cluster', () => {
  it('serves nodes of the node groups, a self-managed node and Fargate nodes, with allocatable resources and max pods', async () => {
    const shop = await describe_('shop-eks');
    const token = await tokenFor('shop-eks');
    expect(token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    const version = await kubeGet<{ gitVersion: string }>(shop, '/version');
    expect(version.body.gitVersion).toMatch(/^v1\.32\.\d+-eks-/);
    const nodes = await kubeGet<{ items: Array<{ metadata: { name: string; labels: Record<string, string> }; spec: { taints?: Array<{ key: string }> }; status: { allocatable: Record<string, string>; conditions: Array<{ type: string; status: string }> } }> }>(shop, '/api/v1/nodes', token);
    expect(nodes.status).toBe(200);
    const byGroup = (name: string) => nodes.body.items.filter((n) => n.metadata.labels['eks.amazonaws.com/nodegroup'] === name);
    expect(byGroup('general')).toHaveLength(3);
    expect(byGroup('spot-batch')).toHaveLength(2);
    expect(byGroup('general')[0].status.allocatable).toMatchObject({ cpu: '1930m', pods: '29' });
    expect(nodes.body.items.filter((n) => n.metadata.labels['eks.amazonaws.com/compute-type'] === 'fargate')).toHaveLength(2);
    const lost = byGroup('spot-batch').find((n) => n.status.conditions.find((c) => c.type === 'Ready')?.status === 'Unknown');
    expect(lost?.spec.taints?.map((t) => t.key)).toContain('node.kubernetes.io/unreachable');
  });

  it('pages pods with limit and continue, consistently at the first page\'s resourceVersion', async () => {
    const shop = await describe_('shop-eks');
    const token = await tokenFor('shop-eks');
    const everything = (await kubeGet<PodList>(shop, '/api/v1/pods', token)).body;
    const names: string[] = [];
    let next: string | undefined;
    let pages = 0;
    let rv: string | undefined;
    do {
      const page = (await kubeGet<PodList>(shop, `/api/v1/pods?limit=10${next ? `&continue=${encodeURIComponent(next)}` : ''}`, token)).body;
      rv ??= page.metadata.resourceVersion;
      expect(page.metadata.resourceVersion).toBe(rv);
      names.push(...page.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
      next = page.metadata.continue;
      pages++;
      // Time moves between pages: the crash loop restarts, yet the list stays as it was.
      sim.clock.advance(MINUTE);
    } while (next);
    expect(names).toEqual(everything.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
    expect(pages).toBe(Math.ceil(everything.items.length / 10));
    const bad = await kubeGet(shop, '/api/v1/pods?limit=10&continue=not-a-token', token);
    expect(bad.status).toBe(400);
  });

  it('shows the pods in trouble: crash loop, image pull, and Spark workers pending with the scheduler\'s reason', async () => {
    const shop = await describe_('shop-eks');
    const token = await tokenFor('shop-eks');
    const crash = (await kubeGet<PodList>(shop, '/api/v1/namespaces/payments/pods?labelSelector=app%3Dfraud-score', token)).body.items[0];
    expect(crash.status.containerStatuses?.[0].state.waiting?.reason).toBe('CrashLoopBackOff');
    const restarts = crash.status.containerStatuses![0].restartCount;
    sim.clock.advance(20 * MINUTE);
    const later = (await kubeGet<PodList>(shop, '/api/v1/namespaces/payments/pods?labelSelector=app%3Dfraud-score', token)).body.items[0];
    expect(later.status.containerStatuses![0].restartCount).toBeGreaterThanOrEqual(restarts + 3); // back-off capped at 5 min

    const pull = (await kubeGet<PodList>(shop, '/api/v1/namespaces/shop/pods?labelSelector=app%3Drecommendations', token)).body.items[0];
    expect(['ImagePullBackOff', 'ErrImagePull']).toContain(pull.status.containerStatuses?.[0].state.waiting?.reason);

    const pending = (await kubeGet<PodList>(shop, '/api/v1/pods?fieldSelector=status.phase%3DPending,spec.nodeName%3D', token)).body.items;
    expect(pending.map((p) => p.metadata.namespace)).toEqual(['batch', 'batch']);
    const scheduled = pending[0].status.conditions?.find((c) => c.type === 'PodScheduled');
    expect(scheduled).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(scheduled?.message).toMatch(/^0\/8 nodes are available: .*1 Insufficient cpu.*node\(s\) didn't match Pod's node affinity\/selector\. preemption: /);
    const events = (await kubeGet<{ items: Array<{ reason: string; involvedObject: { name: string }; count: number; message: string; type: string }> }>(shop, '/api/v1/namespaces/batch/events?fieldSelector=reason%3DFailedScheduling', token)).body.items;
    expect(events.map((e) => e.involvedObject.name).sort()).toEqual(pending.map((p) => p.metadata.name).sort());
    expect(events[0]).toMatchObject({ type: 'Warning', message: scheduled?.message });
    expect(events[0].count).toBeGreaterThan(1);
  });

  it('refuses a principal without an access entry (401), and anonymous callers (403)', async () => {
    const shop = await describe_('shop-eks');
    const outsider = await kubeGet<{ reason: string; code: number }>(shop, '/api/v1/nodes', await tokenFor('shop-eks', OUTSIDER));
    expect(outsider.status).toBe(401);
    expect(outsider.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    const anonymous = await kubeGet<{ message: string }>(shop, '/api/v1/pods');
    expect(anonymous.status).toBe(403);
    expect(anonymous.body.message).toBe('pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" at the cluster scope');
    // data-eks belongs to another team: its only access entry is their role.
    const data = await describe_('data-eks');
    expect((await kubeGet(data, '/api/v1/pods', await tokenFor('data-eks'))).status).toBe(401);
    expect((await kubeGet(shop, '/api/v1/pods', 'k8s-aws-v1.bm90LWEtdXJs')).status).toBe(401);
  });

  it('refuses a tampered token, one made for another cluster, and one signed more than 15 minutes ago', async () => {
    const shop = await describe_('shop-eks');
    const good = await tokenFor('shop-eks');
    expect((await kubeGet(shop, '/api/v1/namespaces', good)).status).toBe(200);
    // Another signature: STS refuses the replayed URL.
    const url = Buffer.from(good.slice('k8s-aws-v1.'.length), 'base64url').toString();
    const signature = /X-Amz-Signature=([0-9a-f]+)/.exec(url)![1];
    const tampered = `k8s-aws-v1.${Buffer.from(url.replace(signature, signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')))).toString('base64url')}`;
    expect((await kubeGet(shop, '/api/v1/namespaces', tampered)).status).toBe(401);
    // Signed for data-eks: shop-eks's authenticator sends STS x-k8s-aws-id: shop-eks, which the signature does not cover.
    expect((await kubeGet(shop, '/api/v1/namespaces', await tokenFor('data-eks'))).status).toBe(401);
    // Signed 20 minutes ago (as a token kept too long): expired.
    const old = await makeEksToken({ clusterName: 'shop-eks', region: sim.region, stsEndpoint: sim.endpoint, credentials: async () => sim.credentials, signingDate: new Date(Date.now() - 20 * 60_000) });
    expect((await kubeGet(shop, '/api/v1/namespaces', old.token)).status).toBe(401);
  });

  it('trusts only its own CA: a client holding another cluster\'s CA refuses the connection', async () => {
    const shop = await describe_('shop-eks');
    const data = await describe_('data-eks');
    const mixed = { ...shop, certificateAuthority: data.certificateAuthority };
    await expect(kubeGet(mixed, '/version')).rejects.toThrow(/certificate/);
  });
});
