import { describe, expect, it } from 'vitest';
import { Random } from '../../../src-main/sim/engine/random';
import { failedSchedulingMessage, filterNode, schedulePod } from '../../../src-main/sim/k8s/kube-scheduler';
import { X509Certificate } from 'node:crypto';
import { Collection, COMPACTION_MS, parseFieldSelector, parseLabelSelector, type Listable } from '../../../src-main/sim/k8s/kube-list';
import { KubeApiError } from '../../../src-main/sim/k8s/kube-errors';
import { certificateSerial, makeClusterCertificates } from '../../../src-main/sim/k8s/certs';
import { backoffMs, fargateSize, GIB, KubeWorld, MIB } from '../../../src-main/sim/k8s/kube-world';
import { allocatableOf, instanceType } from '../../../src-main/sim/k8s/instance-types';
import { canonicalArn, verifyToken } from '../../../src-main/sim/k8s/token-verifier';
import type { KubeNode, KubePod } from '../../../src-main/sim/k8s/kube-types';

const T0 = Date.parse('2026-11-21T12:00:00Z');

function node(name: string, extra: Partial<KubeNode> = {}): KubeNode {
  return { ...nodeSpec(name), uid: name, rv: 1, ...extra };
}

function nodeSpec(name: string): Omit<KubeNode, 'uid' | 'rv'> {
  return {
    name, createdAt: T0, labels: { 'kubernetes.io/hostname': name }, taints: [], unschedulable: false,
    capacity: { cpuMilli: 2000, memoryBytes: 8 * GIB, pods: 29, gpus: 0 }, allocatable: { cpuMilli: 1930, memoryBytes: 7 * GIB, pods: 29, gpus: 0 },
    instanceId: 'i-1', zone: 'us-east-1a', internalIp: '10.0.0.1', kubeletVersion: 'v1.32', osImage: 'x', kernelVersion: 'x', containerRuntime: 'x', architecture: 'amd64',
    computeType: 'managed', ready: 'True', readySince: T0,
  };
}

function pod(cpuMilli: number, extra: Partial<KubePod> = {}): KubePod {
  return {
    namespace: 'ns', name: 'p', uid: 'u', rv: 1, createdAt: T0, labels: {}, owner: null, containers: [{ name: 'c', image: 'i', requests: { cpuMilli, memoryBytes: 256 * MIB } }],
    nodeSelector: {}, tolerations: [], schedulerName: 'default-scheduler', serviceAccountName: 'default', behaviour: 'run', nodeName: null, scheduledAt: null, podIp: null,
    unschedulable: null, restarts: 0, lastTerminatedAt: null, lastStartedAt: null, ...extra,
  };
}

describe('the sim scheduler', () => {
  it('filters in kube-scheduler order: unschedulable, taints, selector, then every insufficient resource', () => {
    const empty = { cpuMilli: 0, memoryBytes: 0, pods: 0 };
    expect(filterNode(node('a', { unschedulable: true, taints: [{ key: 'x', effect: 'NoSchedule' }] }), pod(100), empty)).toEqual(['node(s) were unschedulable']);
    expect(filterNode(node('a', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }), pod(100), empty)).toEqual(['node(s) had untolerated taint {dedicated: gpu}']);
    expect(filterNode(node('a', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'PreferNoSchedule' }] }), pod(100), empty)).toEqual([]);
    expect(filterNode(node('a', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }), pod(100, { tolerations: [{ key: 'dedicated', operator: 'Exists' }] }), empty)).toEqual([]);
    expect(filterNode(node('a'), pod(100, { nodeSelector: { role: 'x' } }), empty)).toEqual(["node(s) didn't match Pod's node affinity/selector"]);
    expect(filterNode(node('a'), pod(2000), { cpuMilli: 0, memoryBytes: 7 * GIB, pods: 29 })).toEqual(['Too many pods', 'Insufficient cpu', 'Insufficient memory']);
  });

  it('places a pod on the least requested node that fits, or writes the FailedScheduling sentence', () => {
    const nodes = [node('busy'), node('idle'), node('tainted', { taints: [{ key: 'workload', value: 'batch', effect: 'NoSchedule' }] })];
    const use = new Map([['busy', { cpuMilli: 1500, memoryBytes: 0, pods: 5 }], ['idle', { cpuMilli: 100, memoryBytes: 0, pods: 1 }], ['tainted', { cpuMilli: 0, memoryBytes: 0, pods: 0 }]]);
    expect(schedulePod(pod(200), nodes, (n) => use.get(n.name)!).node?.name).toBe('idle');
    const none = schedulePod(pod(1900), nodes, (n) => use.get(n.name)!);
    expect(none.node).toBeNull();
    expect(none.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {workload: batch}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
    expect(failedSchedulingMessage(0, new Map())).toBe('0/0 nodes are available. preemption: 0/0 nodes are available.');
  });

  it('keeps a pending pod pending, retries it every 5 minutes and counts the retries in its event', () => {
    const world = new KubeWorld('c', 'us-east-1', new Random(1));
    world.addNamespace('ns', T0);
    world.addNode(nodeSpec('n1'));
    world.addDeployment({ namespace: 'ns', app: 'big', containers: [{ name: 'c', image: 'i', requests: { cpuMilli: 4000, memoryBytes: GIB } }] }, 1, T0);
    world.schedulePending();
    const [pending] = world.pods.values();
    expect(pending.nodeName).toBeNull();
    expect(pending.unschedulable?.message).toMatch(/^0\/1 nodes are available: 1 Insufficient cpu\./);
    world.advance(T0 + 16 * 60_000);
    const [event] = world.events.values();
    expect(event).toMatchObject({ reason: 'FailedScheduling', count: 4, type: 'Warning' });
  });

  it("backs off like the kubelet (10 s doubling to 5 min) and sizes Fargate pods as Fargate does", () => {
    expect([0, 1, 2, 5, 9].map(backoffMs)).toEqual([10_000, 20_000, 40_000, 300_000, 300_000]);
    expect(fargateSize(250, 512 * MIB + 256 * MIB)).toEqual({ cpuMilli: 250, memoryBytes: 1 * GIB });
    expect(fargateSize(1500, 4 * GIB)).toEqual({ cpuMilli: 2000, memoryBytes: 4 * GIB });
    expect(allocatableOf(instanceType('m5.large'))).toMatchObject({ cpuMilli: 1930, pods: 29 });
    expect(allocatableOf(instanceType('m5.4xlarge'))).toMatchObject({ cpuMilli: 15890, pods: 234 });
  });
});

describe('list selectors', () => {
  it('parses label selectors with equality, inequality, sets and existence', () => {
    const matches = (selector: string, labels: Record<string, string>) => parseLabelSelector(selector).every((r) => r(labels));
    expect(matches('app=web,tier!=db', { app: 'web', tier: 'fe' })).toBe(true);
    expect(matches('app in (web, api),!canary', { app: 'api' })).toBe(true);
    expect(matches('app notin (web),env', { app: 'api' })).toBe(false);
    expect(() => parseLabelSelector('a=b=c')).toThrow(/unable to parse/);
  });

  it('refuses a field a kind does not index, as the API server does', () => {
    expect(parseFieldSelector('spec.nodeName=', ['spec.nodeName'], 'pods')[0]({ 'spec.nodeName': '' })).toBe(true);
    expect(() => parseFieldSelector('metadata.labels=x', ['spec.nodeName'], 'pods')).toThrow('field label not supported: metadata.labels');
  });
});

describe('list pages (limit, continue, resourceVersion) as kube-apiserver answers them', () => {
  const item = (name: string): Listable<string> => ({ key: name, labels: {}, fields: { 'metadata.name': name }, item: name });
  const setUp = () => {
    let wall = T0;
    let names = ['a', 'b', 'c', 'd', 'e'];
    const pods = new Collection<string>('PodList', ['metadata.name'], 'pods', () => wall);
    const list = (query: Record<string, string>, revision: number) => pods.list(query, revision, () => names.map(item), (n) => n);
    return { list, tick: (ms: number) => (wall += ms), setNames: (next: string[]) => (names = next) };
  };
  const refusal = (fn: () => unknown): KubeApiError => {
    try {
      fn();
    } catch (e) {
      if (e instanceof KubeApiError) return e;
      throw e;
    }
    throw new Error('expected a refusal');
  };

  it('reads the rest of a list at the first page\'s revision, with remainingItemCount', () => {
    const { list, setNames } = setUp();
    const first = list({ limit: '2' }, 7);
    expect(first).toMatchObject({ kind: 'PodList', items: ['a', 'b'], metadata: { resourceVersion: '7', remainingItemCount: 3 } });
    setNames(['a', 'b', 'bb', 'c']); // changes after the first page do not show
    const second = list({ limit: '2', continue: first.metadata.continue! }, 9);
    expect(second).toMatchObject({ items: ['c', 'd'], metadata: { resourceVersion: '7', remainingItemCount: 1 } });
    expect(list({ limit: '2', continue: second.metadata.continue! }, 9)).toMatchObject({ items: ['e'], metadata: { resourceVersion: '7' } });
    expect(list({ limit: '2', continue: second.metadata.continue! }, 9).metadata.continue).toBeUndefined();
  });

  it('answers 410 Expired once the revision is compacted, with a token that continues at the latest revision', () => {
    const { list, tick, setNames } = setUp();
    const first = list({ limit: '2' }, 7);
    tick(COMPACTION_MS + 1);
    const expired = refusal(() => list({ limit: '2', continue: first.metadata.continue! }, 9));
    expect(expired.code).toBe(410);
    const status = expired.status() as { reason: string; metadata: { continue?: string }; message: string };
    expect(status.reason).toBe('Expired');
    expect(status.message).toMatch(/^The provided continue parameter is too old to display a consistent list result\. You can start a new list without the continue parameter, or use the continue token in this response/);
    // The Status's token: rv -1, after the same key, at the list as it is now.
    const token = JSON.parse(Buffer.from(status.metadata.continue!, 'base64url').toString()) as { rv: number; start: string };
    expect(token).toEqual({ v: 'meta.k8s.io/v1', rv: -1, start: 'b\u0000' });
    setNames(['a', 'b', 'bb', 'c', 'd', 'e']);
    const rest = list({ limit: '2', continue: status.metadata.continue! }, 9);
    expect(rest).toMatchObject({ items: ['bb', 'c'], metadata: { resourceVersion: '9' } });
    expect(list({ limit: '10', continue: rest.metadata.continue! }, 11)).toMatchObject({ items: ['d', 'e'], metadata: { resourceVersion: '9' } });
  });

  it('refuses bad tokens and resource versions in the API server\'s words', () => {
    const { list } = setUp();
    const first = list({ limit: '2' }, 7);
    expect(refusal(() => list({ continue: 'not-a-token' }, 7)).message).toMatch(/^invalid continue token: continue key is not valid: /);
    const zero = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 0, start: 'a\u0000' })).toString('base64url');
    expect(refusal(() => list({ continue: zero }, 7)).message).toBe('invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
    expect(refusal(() => list({ continue: first.metadata.continue!, resourceVersion: '7' }, 7)).message).toBe('specifying resource version is not allowed when using continue');
    // resourceVersion=0 ("any") is allowed with continue.
    expect(list({ limit: '2', continue: first.metadata.continue!, resourceVersion: '0' }, 7).items).toEqual(['c', 'd']);
    const bad = refusal(() => list({ resourceVersion: 'abc' }, 7));
    expect([bad.code, bad.reason, bad.message]).toEqual([400, 'BadRequest', 'invalid resource version: resource version is not a valid integer: abc']);
    expect(refusal(() => list({ limit: '-1' }, 7)).code).toBe(400);
  });
});

describe("a cluster's certificates", () => {
  it('gives every serial a positive, minimally encoded first byte (a zero first byte is "illegal padding" to OpenSSL)', () => {
    expect(certificateSerial(new Uint8Array(16))).toBe(`01${'00'.repeat(15)}`);
    expect(certificateSerial(new Uint8Array(16).fill(0xff))).toBe(`7f${'ff'.repeat(15)}`);
    for (let i = 0; i < 200; i++) expect(certificateSerial()).toMatch(/^(0[1-9a-f]|[1-7][0-9a-f])[0-9a-f]{30}$/);
  });

  it('makes a CA and a serving certificate node can read', async () => {
    const certs = await makeClusterCertificates({ ips: ['127.0.0.1'], dns: ['localhost'] }, T0);
    const ca = new X509Certificate(certs.caPem);
    const leaf = new X509Certificate(certs.certPem);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
  });
});

describe('the token verifier', () => {
  const sts = 'http://127.0.0.1:1';
  const tokenOf = (url: string) => `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;
  const base = (params: Record<string, string>) => `${sts}/?${new URLSearchParams({ Action: 'GetCallerIdentity', Version: '2011-06-15', 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Credential': 'AKIA/20261121/us-east-1/sts/aws4_request', 'X-Amz-Expires': '60', 'X-Amz-SignedHeaders': 'host;x-k8s-aws-id', 'X-Amz-Signature': 'ab', 'X-Amz-Date': '20261121T120000Z', ...params })}`;
  const verify = (token: string, wall = T0) => verifyToken(token, { clusterName: 'c', stsOrigin: () => sts, wallNow: () => wall });

  it('refuses malformed, foreign, unsigned-header and expired tokens before asking STS', async () => {
    expect(await verify('Bearer-nonsense')).toEqual({ ok: false, reason: 'token is missing expected "k8s-aws-v1." prefix' });
    expect(await verify(tokenOf(base({}).replace(sts, 'https://sts.evil.example')))).toMatchObject({ ok: false, reason: 'unexpected hostname "sts.evil.example" in pre-signed URL' });
    expect(await verify(tokenOf(base({ 'X-Amz-SignedHeaders': 'host' })))).toMatchObject({ reason: 'client did not sign the x-k8s-aws-id header in the pre-signed URL' });
    expect(await verify(tokenOf(base({ Extra: '1' })))).toMatchObject({ reason: 'non-whitelisted query parameter "Extra"' });
    expect(await verify(tokenOf(base({ 'X-Amz-Expires': '3600' })))).toMatchObject({ reason: 'invalid X-Amz-Expires parameter in pre-signed URL' });
    expect(await verify(tokenOf(base({})), T0 + 16 * 60_000)).toMatchObject({ reason: 'X-Amz-Date parameter is expired (15 minute expiration)' });
    // As aws-iam-authenticator (pkg/token): the size cap, the action, the path, one value per parameter, a date.
    expect(await verify(tokenOf(`${base({})}&X-Amz-Security-Token=${'x'.repeat(4096)}`))).toMatchObject({ reason: 'token is too large' });
    expect(await verify(tokenOf(base({ Action: 'AssumeRole' })))).toMatchObject({ reason: 'unexpected action parameter in pre-signed URL' });
    expect(await verify(tokenOf(base({}).replace(`${sts}/?`, `${sts}/other?`)))).toMatchObject({ reason: 'unexpected path in pre-signed URL' });
    expect(await verify(tokenOf(`${base({})}&Action=GetCallerIdentity`))).toMatchObject({ reason: 'query parameter with multiple values not supported' });
    expect(await verify(tokenOf(base({}).replace(/&X-Amz-Date=[^&]+/, '')))).toMatchObject({ reason: 'X-Amz-Date parameter must be present in pre-signed URL' });
  });

  it('maps an assumed-role session to its role, as access entries name it', () => {
    expect(canonicalArn('arn:aws:sts::123456789012:assumed-role/Admin/alice')).toBe('arn:aws:iam::123456789012:role/Admin');
    expect(canonicalArn('arn:aws:iam::123456789012:user/bob')).toBe('arn:aws:iam::123456789012:user/bob');
  });
});
