import { describe, expect, it } from 'vitest';
import type { EksClusterRecord, KubePodRecord, KubeSnapshot } from '../../../src-main/contract/domains/eks';
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
