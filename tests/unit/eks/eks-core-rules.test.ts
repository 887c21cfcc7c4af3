import { describe, expect, it } from 'vitest';
import type { EksAddon, EksClusterRecord, EksNodegroup, KubeNodeRecord, KubePodRecord, KubeSnapshot } from '../../../src-main/contract/domains/eks';
import { detectEksProblems, PENDING_AFTER_MS } from '../../../src-main/core/eks/eks-problems';
import { explainKubeFailure, principalOf } from '../../../src-main/core/eks/kube-access';
import { KubeRequestError } from '../../../src-main/core/eks/kube-client';
import { normalizePod, parseCpu, parseMemory, workloadOf } from '../../../src-main/core/eks/kube-normalize';
import { makeEksToken, regionalStsEndpoint } from '../../../src-main/core/aws/eks-token';

const NOW = Date.parse('2026-11-21T12:00:00Z');
const ARN = 'arn:aws:eks:us-east-1:123456789012:cluster/shop';

function cluster(extra: Partial<EksClusterRecord> = {}): EksClusterRecord {
  return {
    arn: ARN, name: 'shop', region: 'us-east-1', status: 'ACTIVE', version: '1.33', platformVersion: 'eks.1', endpoint: 'https://x', endpointPublicAccess: true, endpointPrivateAccess: false,
    publicAccessCidrs: [], authenticationMode: 'API', supportType: 'EXTENDED', support: { status: 'standard', endOfStandardSupport: null, endOfExtendedSupport: null },
    autoMode: { enabled: false, nodePools: [] }, createdAt: null, healthIssues: [], nodegroups: [], fargateProfiles: [], addons: [], insights: [],
    kube: { state: 'ok', message: null, fix: null, commands: [], principalArn: null, checkedAt: NOW }, counts: null, problemCount: 0, fetchedAt: NOW, stale: false, ...extra,
  };
}

function pod(name: string, extra: Partial<KubePodRecord>): KubePodRecord {
  return {
    namespace: 'batch', name, nodeName: null, phase: 'Pending', state: 'pending', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.', workload: { kind: 'Deployment', name: 'spark' },
    requests: { cpuMilli: 1500, memoryBytes: 0 }, nodeSelector: {}, tolerations: [], restarts: 0, lastExitCode: null, createdAt: NOW - 20 * 60_000, startedAt: null, pendingSince: NOW - 20 * 60_000,
    schedulerName: 'default-scheduler', priorityClassName: null, ...extra,
  };
}

function snapshot(pods: KubePodRecord[]): KubeSnapshot {
  return { clusterArn: ARN, access: cluster().kube, nodes: [], pods, events: [], serverVersion: null, version: 1, complete: true, fetchedAt: NOW, stale: false };
}

function node(name: string, extra: Partial<KubeNodeRecord> = {}): KubeNodeRecord {
  return {
    name, zone: 'us-east-1a', instanceType: 'm5.large', instanceId: 'i-1', nodegroup: 'spot', capacityType: 'SPOT', computeType: 'managed', labels: {}, taints: [], unschedulable: false,
    ready: 'True', readyReason: null, readySince: NOW - 60 * 60_000, allocatable: { cpuMilli: 1930, memoryBytes: 7 * 2 ** 30, pods: 29 }, capacity: { cpuMilli: 2000, memoryBytes: 8 * 2 ** 30, pods: 29 },
    kubeletVersion: 'v1.33', createdAt: NOW - 60 * 60_000, ...extra,
  };
}

function nodegroup(name: string, extra: Partial<EksNodegroup> = {}): EksNodegroup {
  return {
    name, arn: `arn:aws:eks:us-east-1:123456789012:nodegroup/shop/${name}/x`, status: 'ACTIVE', capacityType: 'ON_DEMAND', instanceTypes: ['m5.large'], scaling: { min: 1, desired: 3, max: 6 },
    amiType: 'AL2023_x86_64_STANDARD', releaseVersion: null, version: '1.33', labels: {}, taints: [], subnets: [], issues: [], updating: false, createdAt: NOW - 100 * 60_000, modifiedAt: null, ...extra,
  };
}

describe('EKS problems', () => {
  it('groups pods by workload: pending only after 5 minutes, with the scheduler\'s words', () => {
    const fresh = pod('spark-3', { pendingSince: NOW - PENDING_AFTER_MS + 1000 });
    const problems = detectEksProblems(cluster(), snapshot([pod('spark-1', {}), pod('spark-2', {}), fresh]), NOW);
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'pod-pending', severity: 'error', subject: 'batch/spark', title: 'batch/spark: 2 pods pending for 20 min', detail: '0/3 nodes are available: 3 Insufficient cpu.', id: `pod-pending:${ARN}/batch/spark` }),
    ]);
  });

  it('says a version is past standard support, and worse once past extended support', () => {
    const extended = detectEksProblems(cluster({ version: '1.32', support: { status: 'extended', endOfStandardSupport: Date.parse('2026-03-23'), endOfExtendedSupport: Date.parse('2027-03-23') } }), null, NOW);
    expect(extended[0]).toMatchObject({ kind: 'version-support', severity: 'warning' });
    expect(extended[0].detail).toContain('ended on 2026-03-23');
    const gone = detectEksProblems(cluster({ version: '1.29', support: { status: 'unsupported', endOfStandardSupport: null, endOfExtendedSupport: null } }), null, NOW);
    expect(gone[0].severity).toBe('error');
  });

  it('says a node is NotReady, why, and how many pods it held', () => {
    const lost = node('ip-10-0-1-5', { ready: 'Unknown', readySince: NOW - 12 * 60_000 });
    const sick = node('ip-10-0-2-9', { ready: 'False', readyReason: 'KubeletNotReady', nodegroup: null, computeType: 'self-managed' });
    const kube = { ...snapshot([pod('a', { nodeName: 'ip-10-0-1-5', state: 'running', phase: 'Running', pendingSince: null }), pod('b', { nodeName: 'ip-10-0-1-5', state: 'running', phase: 'Running', pendingSince: null })]), nodes: [node('fine'), lost, sick] };
    const problems = detectEksProblems(cluster(), kube, NOW).filter((p) => p.kind === 'node-not-ready');
    expect(problems.map((p) => [p.subject, p.severity, p.title])).toEqual([
      ['ip-10-0-1-5', 'error', 'shop: node ip-10-0-1-5 is NotReady'],
      ['ip-10-0-2-9', 'error', 'shop: node ip-10-0-2-9 is NotReady'],
    ]);
    expect(problems[0].detail).toBe('node group spot, us-east-1a: the kubelet stopped posting its status. 2 pods were placed on it; Kubernetes evicts them 5 min after the node went away.');
    expect(problems[0].since).toBe(NOW - 12 * 60_000);
    expect(problems[1].detail).toMatch(/^self-managed, us-east-1a: Ready is False \(KubeletNotReady\)\. 0 pods/);
  });

  it('says a workload crash-loops (critical) or cannot pull its image, once per workload', () => {
    const crash = (name: string, restarts: number) => pod(name, { state: 'crash-loop', phase: 'Running', reason: 'CrashLoopBackOff', nodeName: 'n', restarts, lastExitCode: 1, workload: { kind: 'Deployment', name: 'fraud-score' }, namespace: 'payments', startedAt: NOW - 30 * 60_000, pendingSince: null });
    const pull = pod('recs-1', { state: 'image-pull', phase: 'Pending', reason: 'ImagePullBackOff', nodeName: 'n', message: 'Back-off pulling image "x:missing".', workload: { kind: 'Deployment', name: 'recommendations' }, namespace: 'shop', pendingSince: null });
    const problems = detectEksProblems(cluster(), snapshot([crash('fraud-1', 7), crash('fraud-2', 9), pull]), NOW);
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'pod-crash-loop', severity: 'critical', subject: 'payments/fraud-score', title: 'payments/fraud-score: CrashLoopBackOff', since: NOW - 30 * 60_000 }),
      expect.objectContaining({ kind: 'pod-image-pull', severity: 'error', subject: 'shop/recommendations', title: 'shop/recommendations: ImagePullBackOff' }),
    ]);
    expect(problems[0].detail).toBe("2 pods keep crashing: the container exits with code 1, 9 restarts so far; the kubelet waits longer before each restart. Look at the container's logs (kubectl logs --previous).");
    expect(problems[1].detail).toBe('1 pod cannot start: Back-off pulling image "x:missing". Check the image tag exists and the node role may pull it.');
  });

  it('says a node group has health issues and an add-on is degraded, with their codes; a healthy one says nothing', () => {
    const spot = nodegroup('spot', { status: 'DEGRADED', capacityType: 'SPOT', issues: [{ code: 'AsgInstanceLaunchFailures', message: 'Could not launch Spot Instances.', resourceIds: ['eks-spot'] }] });
    const failed = nodegroup('gpu', { status: 'CREATE_FAILED' });
    const degraded: EksAddon = { name: 'eks-pod-identity-agent', arn: `${ARN}/addon`, version: 'v1.3.4-eksbuild.1', status: 'DEGRADED', issues: [{ code: 'InsufficientNumberOfReplicas', message: 'The add-on is unhealthy.', resourceIds: [] }] };
    const healthy: EksAddon = { name: 'coredns', arn: `${ARN}/coredns`, version: 'v1.11.4', status: 'ACTIVE', issues: [] };
    const problems = detectEksProblems(cluster({ nodegroups: [nodegroup('general'), spot, failed], addons: [healthy, degraded] }), null, NOW);
    expect(problems.map((p) => [p.kind, p.severity, p.title])).toEqual([
      ['nodegroup-degraded', 'warning', 'shop node group spot: AsgInstanceLaunchFailures'],
      ['nodegroup-degraded', 'error', 'shop node group gpu: CREATE_FAILED'],
      ['addon-degraded', 'warning', 'shop add-on eks-pod-identity-agent: degraded'],
    ]);
    expect(problems[0].detail).toBe('Could not launch Spot Instances. 3 nodes wanted (SPOT, m5.large).');
    expect(problems[2].detail).toBe('InsufficientNumberOfReplicas: The add-on is unhealthy. (v1.3.4-eksbuild.1)');
  });

  it('reads no pod or node problems from a cluster whose Kubernetes API refused Wharf', () => {
    const refused = { ...snapshot([pod('a', {})]), access: { ...cluster().kube, state: 'unauthorized' as const } };
    expect(detectEksProblems(cluster(), refused, NOW)).toEqual([]);
  });
});

describe('Kubernetes JSON', () => {
  it('parses quantities', () => {
    expect([parseCpu('250m'), parseCpu('2'), parseCpu('0.5'), parseCpu(undefined)]).toEqual([250, 2000, 500, 0]);
    expect([parseMemory('512Mi'), parseMemory('1Gi'), parseMemory('7362887Ki'), parseMemory('1G'), parseMemory('129e6')]).toEqual([512 * 1024 ** 2, 1024 ** 3, 7362887 * 1024, 1e9, 129e6]);
  });

  it('finds the Deployment behind a ReplicaSet, the CronJob behind a Job', () => {
    expect(workloadOf([{ kind: 'ReplicaSet', name: 'web-7d9c5b8f6d', controller: true }], { 'pod-template-hash': '7d9c5b8f6d' })).toEqual({ kind: 'Deployment', name: 'web' });
    expect(workloadOf([{ kind: 'Job', name: 'report-29123456' }], {})).toEqual({ kind: 'CronJob', name: 'report' });
    expect(workloadOf([], {})).toBeNull();
  });

  it('gives a pod one word for what it is doing, and ignores what it cannot read', () => {
    const base = { metadata: { name: 'p', namespace: 'n' }, spec: { nodeName: 'node-1', containers: [{ name: 'c', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] } };
    const crash = normalizePod({ ...base, status: { phase: 'Running', containerStatuses: [{ name: 'c', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 137 } } }] } });
    expect(crash).toMatchObject({ state: 'crash-loop', restarts: 4, lastExitCode: 137, requests: { cpuMilli: 100, memoryBytes: 64 * 1024 ** 2 } });
    const ready = normalizePod({ ...base, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'c', state: { running: {} } }] } });
    expect(ready?.state).toBe('running');
    expect(normalizePod({ metadata: { name: 'x' } })).toBeNull();
  });
});

describe('access and tokens', () => {
  it('names an assumed role as its role and says what to fix for a 401 and a 403', () => {
    expect(principalOf('arn:aws:sts::123456789012:assumed-role/Ops/ana')).toBe('arn:aws:iam::123456789012:role/Ops');
    const ctx = { clusterName: 'shop', region: 'us-east-1', endpoint: 'https://x', endpointPublicAccess: true, authenticationMode: 'CONFIG_MAP', callerArn: 'arn:aws:sts::123456789012:assumed-role/Ops/ana', now: NOW };
    const refused = explainKubeFailure(new KubeRequestError(401, 'Unauthorized', 'Unauthorized', '/api/v1/nodes'), ctx);
    expect(refused).toMatchObject({ state: 'unauthorized', principalArn: 'arn:aws:iam::123456789012:role/Ops' });
    expect(refused.fix).toContain('aws-auth ConfigMap');
    const forbidden = explainKubeFailure(new KubeRequestError(403, 'Forbidden', 'nodes is forbidden: User "x" cannot list resource "nodes"', '/api/v1/nodes'), ctx);
    expect(forbidden.fix).toContain('AmazonEKSAdminViewPolicy');
    expect(forbidden.commands[0]).toMatch(/^aws eks associate-access-policy --cluster-name shop --principal-arn arn:aws:iam::123456789012:role\/Ops /);
    const away = explainKubeFailure(new KubeRequestError(0, 'ECONNREFUSED', 'connect ECONNREFUSED', '/version'), { ...ctx, endpointPublicAccess: false });
    expect(away).toMatchObject({ state: 'unreachable' });
    expect(away.fix).toContain('private');
  });

  it('makes a token as aws eks get-token does: k8s-aws-v1. + base64url of a presigned STS URL signing x-k8s-aws-id', async () => {
    const { token, expiresAt } = await makeEksToken({
      clusterName: 'shop',
      region: 'eu-west-1',
      stsEndpoint: regionalStsEndpoint('eu-west-1'),
      credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'tok+en/=' }),
      signingDate: new Date('2026-11-21T12:00:00Z'),
    });
    expect(token.startsWith('k8s-aws-v1.')).toBe(true);
    expect(token).not.toMatch(/=/);
    const url = new URL(Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString());
    expect(url.origin).toBe('https://sts.eu-west-1.amazonaws.com');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      Action: 'GetCallerIdentity',
      Version: '2011-06-15',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIDEXAMPLE/20261121/eu-west-1/sts/aws4_request',
      'X-Amz-Date': '20261121T120000Z',
      'X-Amz-Expires': '60',
      'X-Amz-SignedHeaders': 'host;x-k8s-aws-id',
      'X-Amz-Security-Token': 'tok+en/=',
    });
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(expiresAt).toBe(Date.parse('2026-11-21T12:15:00Z'));
  });
});
