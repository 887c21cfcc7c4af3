import { describe, expect, it } from 'vitest';
import type { EksFargateProfile, KubeEventRecord, KubeNodeRecord, KubePodRecord } from '@contract/domains/eks';
import { clusterVerdict, nodeVerdict, supportShort, supportWords } from '@contract/eks-verdict';
import { buildEksPlacement, eksPlacementOf, groupPending, NO_EKS_FILTER } from '../../../src-renderer/models/eks/eks-placement';
import { fitPods, parseSelector, shapeOfWorkload } from '../../../src-renderer/models/eks/eks-headroom';
import { splitSchedulerMessage } from '../../../src-renderer/models/eks/scheduler-words';
import { layoutEksPlacement } from '../../../src-renderer/charts/eks-placement-layout';
import { eksPlacementMapOption } from '../../../src-renderer/charts/eks-placement-map-option';
import { chartPalette } from '../../../src-renderer/charts/chart-theme';
import { placeToLook, openingOf } from '../../../src-renderer/models/problems/problem-rows';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

function node(name: string, extra: Partial<KubeNodeRecord> = {}): KubeNodeRecord {
  return {
    name, zone: 'us-east-1a', instanceType: 'm5.large', instanceId: 'i-1', nodegroup: 'general', capacityType: 'ON_DEMAND', computeType: 'managed',
    labels: { 'eks.amazonaws.com/nodegroup': 'general' }, taints: [], unschedulable: false, ready: 'True', readyReason: 'KubeletReady', readySince: 0,
    allocatable: { cpuMilli: 1930, memoryBytes: 7 * GIB, pods: 29 }, capacity: { cpuMilli: 2000, memoryBytes: 8 * GIB, pods: 29 }, kubeletVersion: 'v1.32', createdAt: 0, ...extra,
  };
}

function pod(name: string, extra: Partial<KubePodRecord> = {}): KubePodRecord {
  return {
    namespace: 'shop', name, nodeName: 'a', phase: 'Running', state: 'running', reason: null, message: null, workload: { kind: 'Deployment', name: 'web' },
    requests: { cpuMilli: 250, memoryBytes: 512 * MIB }, nodeSelector: {}, tolerations: [], restarts: 0, lastExitCode: null, createdAt: 0, startedAt: 0, pendingSince: null,
    schedulerName: 'default-scheduler', priorityClassName: null, ...extra,
  };
}

const UNSCHEDULABLE = "0/3 nodes are available: 1 node(s) had untolerated taint {workload: batch}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.";

describe('the EKS placement model', () => {
  const nodes = [node('b', { zone: 'us-east-1b' }), node('a'), node('spot', { zone: 'us-east-1a', nodegroup: 'spot', capacityType: 'SPOT', ready: 'Unknown' }), node('fargate-ip-10-0-1-2', { computeType: 'fargate', nodegroup: null, zone: 'us-east-1b' })];
  const pods = [
    pod('web-1'),
    pod('web-2', { nodeName: 'b' }),
    pod('job-1', { namespace: 'jobs', nodeName: 'fargate-ip-10-0-1-2', workload: { kind: 'Job', name: 'report' } }),
    pod('spark-1', { namespace: 'batch', nodeName: null, state: 'pending', workload: { kind: 'Deployment', name: 'spark' }, requests: { cpuMilli: 1500, memoryBytes: 4 * GIB }, pendingSince: 1000, message: 'old words' }),
    pod('done', { state: 'succeeded' }),
  ];
  const events: KubeEventRecord[] = [
    { namespace: 'batch', involvedKind: 'Pod', involvedName: 'spark-1', reason: 'FailedScheduling', message: UNSCHEDULABLE, type: 'Warning', count: 7, firstTimestamp: 1000, lastTimestamp: 5000, source: 'default-scheduler' },
  ];

  it('groups nodes by zone and node group, sums requests against allocatable and pods against max pods, keeps Fargate and pending apart', () => {
    const m = buildEksPlacement({ nodes, pods, events, nodegroups: [], filter: NO_EKS_FILTER, colourBy: 'namespace' });
    expect(m.sections.map((s) => [s.kind, s.title, s.groups.map((g) => g.title)])).toEqual([
      ['zone', 'us-east-1a', ['general', 'spot']],
      ['zone', 'us-east-1b', ['general', 'Fargate']],
      ['pending', 'Pending: no node took them', ['Pending']],
    ]);
    const a = m.sections[0].groups[0].nodes[0];
    expect(a).toMatchObject({ name: 'a', cpu: { requested: 250, allocatable: 1930 }, pods: { requested: 1, allocatable: 29 }, verdict: { state: 'healthy' } });
    expect(m.sections[0].groups[1].nodes[0].verdict).toEqual({ state: 'failed', word: 'NotReady' });
    expect(m.sections[1].groups[1].pools[0].blocks.map((b) => b.workload)).toEqual(['jobs/report']);
    expect(m.pending).toEqual([expect.objectContaining({ why: UNSCHEDULABLE, attempts: 7, since: 1000 })]);
    expect(m.totals).toMatchObject({ nodes: 4, pods: 4, pending: 1 });
    expect(groupPending(m.pending)).toMatchObject([{ workload: 'batch/spark', count: 1, attempts: 7 }]);
  });

  it('eksPlacementOf answers the same model for the same snapshot arrays, and rebuilds for a new snapshot or filter', () => {
    const input = { nodes, pods, events, nodegroups: [], filter: NO_EKS_FILTER, colourBy: 'namespace' as const };
    const first = eksPlacementOf(input);
    expect(eksPlacementOf({ ...input, filter: { ...NO_EKS_FILTER } })).toBe(first);
    expect(eksPlacementOf({ ...input, pods: [...pods] })).not.toBe(first);
    expect(eksPlacementOf({ ...input, pods: [...pods], filter: { ...NO_EKS_FILTER, namespace: 'shop' } }).totals.shownPods).toBeLessThan(first.totals.shownPods);
  });

  it('filters by namespace and colours by workload', () => {
    const m = buildEksPlacement({ nodes, pods, events, nodegroups: [], filter: { ...NO_EKS_FILTER, namespace: 'shop' }, colourBy: 'workload' });
    expect(m.totals.shownPods).toBe(2);
    expect(m.pending).toEqual([]);
    expect(m.sections[0].groups[0].nodes[0].blocks[0].colourKey).toBe('shop/web');
  });

  it('lays 200 nodes and 5,000 pods out and draws only the window', () => {
    const many = Array.from({ length: 200 }, (_, i) => node(`n${String(i).padStart(3, '0')}`, { zone: `us-east-1${'abc'[i % 3]}`, allocatable: { cpuMilli: 15890, memoryBytes: 58 * GIB, pods: 234 } }));
    const manyPods = Array.from({ length: 5000 }, (_, i) => pod(`p${i}`, { nodeName: `n${String(i % 200).padStart(3, '0')}`, namespace: `team-${i % 20}` }));
    const m = buildEksPlacement({ nodes: many, pods: manyPods, events: [], nodegroups: [], filter: NO_EKS_FILTER, colourBy: 'namespace' });
    expect(m.totals).toMatchObject({ shownNodes: 200, shownPods: 5000 });
    const layout = layoutEksPlacement(m, 1000);
    expect(layout.boxes.filter((b) => b.kind === 'node')).toHaveLength(200);
    const drawn = eksPlacementMapOption({ layout, top: 0, height: 900, palette: chartPalette('dark'), colourOf: () => '#fff', highlight: null });
    expect(drawn.boxes.length).toBeLessThan(40);
    expect(drawn.podData.length).toBeGreaterThan(0);
    expect(drawn.podData.length).toBeLessThan(1000);
  });
});

describe('headroom with Kubernetes rules', () => {
  const general = [node('a'), node('b', { zone: 'us-east-1b' })];
  const batch = node('batch-1', { nodegroup: 'spot', labels: { workload: 'batch' }, taints: [{ key: 'workload', value: 'batch', effect: 'NoSchedule' }], allocatable: { cpuMilli: 3920, memoryBytes: 14 * GIB, pods: 58 } });
  const running = [pod('x', { nodeName: 'a', requests: { cpuMilli: 1500, memoryBytes: GIB } })];
  const shape = { cpuMilli: 500, memoryBytes: 512 * MIB, nodeSelector: {}, tolerations: [], namespace: 'shop', labels: {} };

  it('places pods one at a time on the least requested node and says where', () => {
    const r = fitPods({ shape, count: 3, nodes: [...general, batch], pods: running, fargateProfiles: [] });
    expect(r).toMatchObject({ requested: 3, placed: 3, message: null });
    expect(r.placements).toEqual([{ node: 'b', label: 'b', zone: 'us-east-1b', count: 3 }]);
    expect(r.sentence).toBe('Yes: all 3 can be scheduled now, on b.');
  });

  it('stops at what fits and answers as the scheduler would for the rest', () => {
    const r = fitPods({ shape, count: 6, nodes: [...general, batch], pods: running, fargateProfiles: [] });
    expect(r.placed).toBe(3); // b takes 3 (1930m / 500m), a is already at 1500m
    expect(r.message).toBe('0/3 nodes are available: 1 node(s) had untolerated taint {workload: batch}, 2 Insufficient cpu.');
    expect(r.sentence).toBe('Only 3 of 6 can be scheduled now (on b); for the rest, 0/3 nodes are available:');
  });

  it('honours node selectors, tolerations and max pods, and sends a Fargate namespace to Fargate', () => {
    const spark = { ...shape, cpuMilli: 1500, nodeSelector: { workload: 'batch' }, tolerations: [{ key: 'workload', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }] };
    expect(fitPods({ shape: spark, count: 2, nodes: [...general, batch], pods: [], fargateProfiles: [] }).placements).toEqual([{ node: 'batch-1', label: 'batch-1', zone: 'us-east-1a', count: 2 }]);
    const tiny = { ...shape, cpuMilli: 1, memoryBytes: 1 };
    const full = fitPods({ shape: tiny, count: 100, nodes: [node('a')], pods: [], fargateProfiles: [] });
    expect(full.placed).toBe(29);
    expect(full.message).toBe('0/1 nodes are available: 1 Too many pods.');
    const profile: EksFargateProfile = { name: 'fp', arn: 'x', status: 'ACTIVE', selectors: [{ namespace: 'jobs', labels: {} }], subnets: [], podExecutionRoleArn: null };
    expect(fitPods({ shape: { ...shape, namespace: 'jobs' }, count: 50, nodes: [], pods: [], fargateProfiles: [profile] })).toMatchObject({ placed: 50, onFargate: 'fp' });
  });

  it('takes a workload\'s shape from its pod, and reads a typed selector', () => {
    expect(shapeOfWorkload([pod('w', { nodeSelector: { a: 'b' } })], 'shop/web')).toMatchObject({ cpuMilli: 250, nodeSelector: { a: 'b' }, namespace: 'shop' });
    expect(parseSelector('workload=batch, pool=x')).toEqual({ workload: 'batch', pool: 'x' });
    expect(parseSelector('nonsense')).toBeNull();
  });
});

describe('words', () => {
  it('cuts the scheduler\'s sentence into reasons', () => {
    expect(splitSchedulerMessage(UNSCHEDULABLE)).toEqual({
      head: '0/3 nodes are available',
      reasons: ['1 node(s) had untolerated taint {workload: batch}', '2 Insufficient cpu'],
      preemption: '0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod',
    });
    expect(splitSchedulerMessage('something else')).toBeNull();
  });

  it('gives EKS states one word and one of the five states', () => {
    expect(nodeVerdict({ ready: 'True', unschedulable: true })).toEqual({ state: 'degraded', word: 'cordoned' });
    const support = { support: { status: 'extended' as const, endOfStandardSupport: Date.parse('2026-03-23'), endOfExtendedSupport: Date.parse('2027-03-23') } };
    expect(supportWords(support)).toEqual({ state: 'degraded', word: 'extended support until 2027-03-23 (standard ended 2026-03-23)' });
    expect(supportShort(support).word).toBe('extended support until 2027-03-23');
    expect(clusterVerdict({ status: 'ACTIVE', problemCount: 0, counts: { nodes: 3, notReadyNodes: 1, pods: 1, pendingPods: 0 }, kube: {} as never })).toEqual({ state: 'degraded', word: '1 node NotReady' });
  });

  it('opens an EKS problem on its cluster\'s map, with no region switch', () => {
    const problem = { targetArn: 'arn:aws:eks:eu-west-1:123456789012:cluster/shop', clusterArn: 'arn:aws:eks:eu-west-1:123456789012:cluster/shop', region: 'eu-west-1', subject: 'batch/spark', kind: 'pod-pending' as const };
    expect(placeToLook(problem)).toEqual({ name: 'eks.placement', params: { region: 'eu-west-1', cluster: 'shop' }, query: { highlight: 'batch/spark' }, label: 'batch/spark on the map' });
    expect(openingOf(problem, 'us-east-1').switchRegion).toBeNull();
    const addon = { ...problem, targetArn: 'arn:aws:eks:eu-west-1:123456789012:addon/shop/coredns/1', subject: undefined, kind: 'addon-degraded' as const };
    expect(placeToLook(addon)).toMatchObject({ name: 'eks.cluster', params: { region: 'eu-west-1', cluster: 'shop' } });
  });
});
