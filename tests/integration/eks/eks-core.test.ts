/**
 * Core's EKS domain against the demo sim over real HTTP(S): the EKS API through the SDK
 * client of the session, each cluster's Kubernetes API with the token core makes and the CA
 * DescribeCluster reports, the Problems list, and a refusal said with what to fix.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EksClusterRecord, KubeSnapshot } from '../../../src-main/contract/domains/eks';
import { createCore, type WharfCore } from '../../../src-main/core/core';
import { startSim, type Exchange, type RunningSim, type SimCredentials } from '../../../src-main/sim';
import { callCoreOk } from '../core-calls';

const ADMIN: SimCredentials = { accessKeyId: 'AKIAEKSADMINKEY0001A', secretAccessKey: 'admin-secret' };
const OUTSIDER: SimCredentials = { accessKeyId: 'AKIAEKSOUTSIDER0002B', secretAccessKey: 'outsider-secret' };

let sim: RunningSim;
const exchanges: Exchange[] = [];
const dirs: string[] = [];
const cores: WharfCore[] = [];

/** A core with a profile `sim` signing with `credentials` (shared files, endpoint_url), open on the sim's region. */
async function coreFor(credentials: SimCredentials): Promise<WharfCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-eks-'));
  dirs.push(dataDir);
  writeFileSync(join(dataDir, 'config'), `[profile sim]\nregion = ${sim.region}\nendpoint_url = ${sim.endpoint}\n`);
  writeFileSync(join(dataDir, 'credentials'), `[sim]\naws_access_key_id = ${credentials.accessKeyId}\naws_secret_access_key = ${credentials.secretAccessKey}\n`);
  const core = await createCore({
    version: 'test',
    transport: 'web',
    dataDir,
    demo: null,
    env: { HOME: dataDir, AWS_CONFIG_FILE: join(dataDir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dataDir, 'credentials') },
  });
  cores.push(core);
  await core.services.sessions.open('sim');
  return core;
}

beforeAll(async () => {
  sim = await startSim({ scenario: 'demo', seed: 7, speed: 1, credentials: [ADMIN, OUTSIDER], onExchange: (e) => exchanges.push(e) });
});
afterAll(async () => {
  for (const core of cores) await core.close();
  await sim?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const clusterNamed = (core: WharfCore, name: string) => async (): Promise<EksClusterRecord | undefined> => (await callCoreOk(core, 'eks.clusters', {})).clusters.find((c) => c.name === name);

/** Asks `read` every 50 ms until it gives something truthy, and returns that. */
async function waitFor<T>(what: string, read: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('EKS in core', () => {
  let core: WharfCore;
  beforeAll(async () => {
    core = await coreFor(ADMIN);
    // The window shows the Problems view: the ECS inventory sweeps the region too.
    await callCoreOk(core, 'inventory.focus', { clusterArn: null, serviceArn: null, taskArn: null, view: 'problems' });
  });

  it('reads the region\'s EKS clusters through the EKS API: version and support, endpoint access, node groups, Fargate, add-ons, insights, Auto Mode', async () => {
    const shop = await waitFor('shop-eks with its support calendar', async () => {
      const c = await clusterNamed(core, 'shop-eks')();
      return c?.support.status ? c : undefined;
    });
    expect(shop).toMatchObject({ region: 'us-east-1', version: '1.32', status: 'ACTIVE', endpointPublicAccess: true, endpointPrivateAccess: true, authenticationMode: 'API_AND_CONFIG_MAP', supportType: 'EXTENDED' });
    expect(shop.support).toMatchObject({ status: 'extended', endOfStandardSupport: Date.parse('2026-03-23T00:00:00Z') });
    expect(shop.nodegroups.map((n) => [n.name, n.capacityType, n.status, n.updating])).toEqual([
      ['general', 'ON_DEMAND', 'UPDATING', true],
      ['spot-batch', 'SPOT', 'DEGRADED', false],
    ]);
    const spot = shop.nodegroups[1];
    expect(spot).toMatchObject({ scaling: { min: 1, desired: 3, max: 6 }, amiType: 'AL2_x86_64', instanceTypes: ['m5.xlarge', 'm5a.xlarge', 'm6i.xlarge'], taints: [{ key: 'workload', value: 'batch', effect: 'NoSchedule' }] });
    expect(spot.issues[0].code).toBe('AsgInstanceLaunchFailures');
    expect(shop.fargateProfiles).toMatchObject([{ name: 'fp-jobs', selectors: [{ namespace: 'jobs', labels: {} }] }]);
    expect(shop.addons.find((a) => a.name === 'eks-pod-identity-agent')).toMatchObject({ status: 'DEGRADED', version: 'v1.3.4-eksbuild.1' });
    expect(shop.insights.filter((i) => i.status !== 'PASSING').map((i) => i.name)).toEqual(['Amazon Linux 2 compatibility', 'EKS add-on version compatibility']);
    const data = await waitFor('data-eks', clusterNamed(core, 'data-eks'));
    expect(data.autoMode).toEqual({ enabled: true, nodePools: ['general-purpose', 'system'] });
    expect(data.endpointPublicAccess).toBe(false);

    const insight = await callCoreOk(core, 'eks.insight', { clusterArn: shop.arn, id: shop.insights[0].id });
    expect(insight.recommendation).toContain('AL2023');
  });

  it('reads nodes and pods of the focused cluster with a get-token token over TLS with the cluster\'s CA: pending pods and why', async () => {
    const shop = (await clusterNamed(core, 'shop-eks')())!;
    const stsBefore = exchanges.filter((e) => e.service === 'sts' && e.operation === 'GetCallerIdentity').length;
    await callCoreOk(core, 'eks.focus', { clusterArn: shop.arn });
    const kube = await waitFor<KubeSnapshot>('shop-eks nodes and pods', async () => {
      const k = await callCoreOk(core, 'eks.kube', { clusterArn: shop.arn });
      return k.complete ? k : undefined;
    });
    expect(kube.access).toMatchObject({ state: 'ok', principalArn: 'arn:aws:iam::123456789012:user/sim-y0001a' });
    expect(kube.serverVersion).toMatch(/^v1\.32\./);
    expect(kube.nodes).toHaveLength(8);
    expect(kube.nodes.filter((n) => n.nodegroup === 'general').map((n) => n.allocatable)).toEqual(Array(3).fill({ cpuMilli: 1930, memoryBytes: expect.any(Number), pods: 29 }));
    expect(new Set(kube.nodes.map((n) => n.computeType))).toEqual(new Set(['managed', 'self-managed', 'fargate']));
    expect(kube.nodes.find((n) => n.ready !== 'True')).toMatchObject({ nodegroup: 'spot-batch', capacityType: 'SPOT', ready: 'Unknown' });

    const pending = kube.pods.filter((p) => p.state === 'pending');
    expect(pending.map((p) => [p.namespace, p.workload?.name, p.requests.cpuMilli])).toEqual([
      ['batch', 'spark-worker', 1500],
      ['batch', 'spark-worker', 1500],
    ]);
    expect(pending[0].message).toMatch(/^0\/8 nodes are available: 1 Insufficient cpu/);
    expect(pending[0].nodeSelector).toEqual({ workload: 'batch' });
    expect(kube.events.filter((e) => e.reason === 'FailedScheduling').map((e) => e.involvedName).sort()).toEqual(pending.map((p) => p.name).sort());
    expect(kube.pods.find((p) => p.workload?.name === 'fraud-score')).toMatchObject({ state: 'crash-loop', reason: 'CrashLoopBackOff', lastExitCode: 1 });
    expect(kube.pods.find((p) => p.workload?.name === 'recommendations')?.state).toBe('image-pull');
    expect(kube.pods.find((p) => p.workload?.name === 'storefront')).toMatchObject({ state: 'running', workload: { kind: 'Deployment', name: 'storefront' } });

    // The token went the EKS way: the API server replayed its presigned URL to the sim's STS
    // (which verifies its signature, x-k8s-aws-id included) to learn who signed it.
    const replays = exchanges.filter((e) => e.service === 'sts' && e.operation === 'GetCallerIdentity').slice(stsBefore);
    expect(replays.length).toBeGreaterThan(0);
    expect(replays.every((e) => e.status === 200)).toBe(true);
    // The cluster record carries the counts.
    const after = await waitFor('counts', async () => (await clusterNamed(core, 'shop-eks')())?.counts ?? undefined);
    expect(after).toEqual({ nodes: 8, notReadyNodes: 1, pods: 46, pendingPods: 2 });
  });

  it('lists EKS problems in the same Problems list, worst first', async () => {
    const problems = await waitFor('EKS problems', async () => {
      const list = (await callCoreOk(core, 'problems.list', {})).problems;
      return list.some((p) => p.kind === 'pod-pending') && list.some((p) => p.clusterArn.includes(':ecs:')) ? list : undefined;
    }, 60_000);
    const eks = problems.filter((p) => p.clusterArn.includes(':eks:'));
    const kinds = new Set(eks.map((p) => p.kind));
    expect(kinds).toEqual(new Set(['version-support', 'nodegroup-degraded', 'addon-degraded', 'node-not-ready', 'pod-crash-loop', 'pod-image-pull', 'pod-pending']));
    expect(eks.find((p) => p.kind === 'pod-crash-loop')).toMatchObject({ severity: 'critical', subject: 'payments/fraud-score', title: 'payments/fraud-score: CrashLoopBackOff' });
    expect(eks.find((p) => p.kind === 'pod-pending')?.detail).toMatch(/^0\/8 nodes are available: 1 Insufficient cpu.*node affinity\/selector\.$/);
    expect(eks.filter((p) => p.kind === 'version-support').map((p) => p.clusterArn)).toEqual([expect.stringContaining('cluster/shop-eks')]);
    expect(eks.find((p) => p.kind === 'version-support')).toMatchObject({ severity: 'warning', title: 'shop-eks: Kubernetes 1.32 is past standard support' });
    // ECS problems and EKS problems in one list, critical first.
    const ranks = problems.map((p) => ({ critical: 0, error: 1, warning: 2 })[p.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('says plainly what to fix when a cluster refuses the token, and keeps its EKS-API part', async () => {
    const data = (await clusterNamed(core, 'data-eks')())!;
    const refused = await waitFor('data-eks refused', async () => {
      const k = await callCoreOk(core, 'eks.kube', { clusterArn: data.arn });
      return k.access.state === 'unauthorized' ? k : undefined;
    });
    expect(refused.access.message).toBe(
      "data-eks refused Wharf's token for arn:aws:iam::123456789012:user/sim-y0001a (401 Unauthorized): that principal has no access entry on the cluster. The cluster's node groups, add-ons and insights still show; its nodes and pods cannot.",
    );
    expect(refused.access.fix).toBe('Ask a cluster admin to create an access entry for arn:aws:iam::123456789012:user/sim-y0001a and associate AmazonEKSAdminViewPolicy with it at cluster scope.');
    expect(refused.access.commands).toEqual([
      'aws eks create-access-entry --cluster-name data-eks --principal-arn arn:aws:iam::123456789012:user/sim-y0001a --region us-east-1',
      'aws eks associate-access-policy --cluster-name data-eks --principal-arn arn:aws:iam::123456789012:user/sim-y0001a --region us-east-1 --policy-arn arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy --access-scope type=cluster',
    ]);
    expect(refused.nodes).toEqual([]);
    const record = (await clusterNamed(core, 'data-eks')())!;
    expect(record.kube.state).toBe('unauthorized');
    expect(record.autoMode.enabled).toBe(true);

    // Another principal of the same account, without an entry on shop-eks either.
    const outsider = await coreFor(OUTSIDER);
    const shop = await waitFor('shop-eks for the outsider', clusterNamed(outsider, 'shop-eks'));
    await callCoreOk(outsider, 'eks.focus', { clusterArn: shop.arn });
    const theirs = await waitFor('shop-eks refused to the outsider', async () => {
      const k = await callCoreOk(outsider, 'eks.kube', { clusterArn: shop.arn });
      return k.access.state === 'unauthorized' ? k : undefined;
    });
    expect(theirs.access.principalArn).toBe('arn:aws:iam::123456789012:user/sim-r0002b');
    expect(theirs.access.commands[0]).toContain('--principal-arn arn:aws:iam::123456789012:user/sim-r0002b');
    expect((await callCoreOk(outsider, 'eks.cluster', { clusterArn: shop.arn })).nodegroups).toHaveLength(2);
  });

  it('counts EKS and Kubernetes calls in their own budget categories', async () => {
    const categories = core.services.monitor.snapshot().categories.map((c) => c.category);
    expect(categories).toEqual(expect.arrayContaining(['eks', 'k8s']));
  });
});
