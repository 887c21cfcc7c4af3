/**
 * The EKS walk: every EKS operation the sim serves, called through @aws-sdk/client-eks on the
 * demo's clusters (every node group, Fargate profile, add-on, insight and access entry, every
 * list paged one item at a time, the clock moved and read again), EKS's errors on purpose
 * (ResourceNotFoundException for each kind of thing, InvalidParameterException for a page size
 * or a token, InvalidRequestException for access entries of a CONFIG_MAP cluster) and its
 * throttling; every answer and every error body judged against the EKS service model
 * (botocore 1.43.67 in aws-models/, and Debian's older one where it knows the operation).
 */
import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as eks from '@aws-sdk/client-eks';
import { startSim, type RunningSim } from '../../src-main/sim/index';
import { EKS_ROUTES, eksService } from '../../src-main/sim/eks/eks-service';
import { EksStore } from '../../src-main/sim/eks/eks-store';
import { addEksCluster, DAY } from '../../src-main/sim/eks/eks-builder';
import { Random } from '../../src-main/sim/engine/random';
import { SimError, type RequestContext } from '../../src-main/sim/http/types';
import { followSimClock } from '../integration/sim/harness';
import { loadModel, modelAvailable, validateError, validateErrorBody, validateOutput } from './botocore-validate';
import { ExchangeLog } from './exchange-check';

const START = Date.parse('2026-11-21T12:00:00Z');
const log = new ExchangeLog();
let sim: RunningSim;
let client: eks.EKSClient;

beforeAll(async () => {
  if (!modelAvailable()) throw new Error('Debian botocore models are missing: apt-get install awscli python3-botocore');
  sim = await startSim({ scenario: 'demo', port: 0, seed: 7, speed: 0, throttle: false, startTime: START, onExchange: log.onExchange });
  // No kept-alive sockets: with no retries, a socket the sim closes as idle (5 s) just as the
  // client reuses it after the clock jump would fail a call with ECONNRESET.
  const requestHandler = { httpAgent: new Agent({ keepAlive: false }) };
  client = followSimClock(new eks.EKSClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1, requestHandler }), sim);
});

afterAll(async () => {
  client?.destroy();
  await sim?.close();
});

/** Every item of a list, one per page (so every nextToken the sim gives is followed). */
async function onePerPage<T>(page: (nextToken?: string) => Promise<{ items?: T[]; nextToken?: string }>): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const out = await page(nextToken);
    expect(out.items?.length ?? 0).toBeLessThanOrEqual(1);
    items.push(...(out.items ?? []));
    nextToken = out.nextToken;
  } while (nextToken);
  return items;
}

/** The error a call fails with: its name (EKS's code), HTTP status and the members the SDK read from the body. */
async function failure(call: Promise<unknown>): Promise<{ name: string; status?: number; clusterName?: string; nodegroupName?: string; fargateProfileName?: string; addonName?: string; message: string }> {
  try {
    await call;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } } & Record<string, string>;
    return { ...err, name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

/** Reads everything the sim has for one cluster through the SDK, every list one item per page. */
async function readCluster(name: string): Promise<{ nodegroups: string[]; profiles: string[]; addons: string[]; insights: string[]; entries: string[] }> {
  await client.send(new eks.DescribeClusterCommand({ name }));
  const nodegroups = await onePerPage((nextToken) => client.send(new eks.ListNodegroupsCommand({ clusterName: name, maxResults: 1, nextToken })).then((o) => ({ items: o.nodegroups, nextToken: o.nextToken })));
  for (const nodegroupName of nodegroups) await client.send(new eks.DescribeNodegroupCommand({ clusterName: name, nodegroupName }));
  const profiles = await onePerPage((nextToken) => client.send(new eks.ListFargateProfilesCommand({ clusterName: name, maxResults: 1, nextToken })).then((o) => ({ items: o.fargateProfileNames, nextToken: o.nextToken })));
  for (const fargateProfileName of profiles) await client.send(new eks.DescribeFargateProfileCommand({ clusterName: name, fargateProfileName }));
  const addons = await onePerPage((nextToken) => client.send(new eks.ListAddonsCommand({ clusterName: name, maxResults: 1, nextToken })).then((o) => ({ items: o.addons, nextToken: o.nextToken })));
  for (const addonName of addons) await client.send(new eks.DescribeAddonCommand({ clusterName: name, addonName }));
  const insights = await onePerPage((nextToken) => client.send(new eks.ListInsightsCommand({ clusterName: name, maxResults: 1, nextToken })).then((o) => ({ items: o.insights?.map((i) => i.id!), nextToken: o.nextToken })));
  for (const id of insights) await client.send(new eks.DescribeInsightCommand({ clusterName: name, id }));
  await client.send(new eks.ListInsightsCommand({ clusterName: name, filter: { categories: ['UPGRADE_READINESS'], statuses: ['ERROR', 'WARNING', 'UNKNOWN'] } }));
  const entries = await onePerPage((nextToken) => client.send(new eks.ListAccessEntriesCommand({ clusterName: name, maxResults: 1, nextToken })).then((o) => ({ items: o.accessEntries, nextToken: o.nextToken })));
  const admins = await client.send(new eks.ListAccessEntriesCommand({ clusterName: name, associatedPolicyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy' }));
  expect(admins.accessEntries?.length).toBeGreaterThan(0);
  expect(entries).toEqual(expect.arrayContaining(admins.accessEntries!));
  const none = await client.send(new eks.ListAccessEntriesCommand({ clusterName: name, associatedPolicyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSNoSuchPolicy' }));
  expect(none.accessEntries).toEqual([]);
  for (const principalArn of entries) {
    await client.send(new eks.DescribeAccessEntryCommand({ clusterName: name, principalArn }));
    await client.send(new eks.ListAssociatedAccessPoliciesCommand({ clusterName: name, principalArn }));
  }
  return { nodegroups, profiles, addons, insights, entries };
}

describe('EKS through the SDK against the EKS service model', () => {
  it('answers every operation it serves, and every error, as the model shapes them', async () => {
    // ---- every cluster, everything in it ----
    const clusters = await onePerPage((nextToken) => client.send(new eks.ListClustersCommand({ maxResults: 1, nextToken })).then((o) => ({ items: o.clusters, nextToken: o.nextToken })));
    expect(clusters).toEqual(['data-eks', 'shop-eks']);
    await client.send(new eks.ListClustersCommand({ include: ['all'] }));
    const shop = await readCluster('shop-eks');
    expect(shop.nodegroups).toEqual(['general', 'spot-batch']);
    expect(shop.profiles).toEqual(['fp-jobs']);
    expect(shop.addons.length).toBeGreaterThanOrEqual(5);
    expect(shop.insights.length).toBeGreaterThan(0);
    expect(shop.entries.length).toBeGreaterThan(0);
    await readCluster('data-eks');

    // ---- the support calendar, every way it is asked ----
    await client.send(new eks.DescribeClusterVersionsCommand({}));
    await client.send(new eks.DescribeClusterVersionsCommand({ includeAll: true, maxResults: 2 }));
    await client.send(new eks.DescribeClusterVersionsCommand({ defaultOnly: true }));
    await client.send(new eks.DescribeClusterVersionsCommand({ clusterVersions: ['1.32', '1.35'] }));
    for (const versionStatus of ['STANDARD_SUPPORT', 'EXTENDED_SUPPORT', 'UNSUPPORTED'] as const) {
      const { clusterVersions = [] } = await client.send(new eks.DescribeClusterVersionsCommand({ versionStatus, includeAll: true }));
      expect(clusterVersions.every((v) => v.versionStatus === versionStatus)).toBe(true);
    }

    // ---- later: the support calendar moves with the sim's clock (1.32's extended support, 1.29 gone) ----
    sim.clock.advance(2 * 60 * 60_000);
    await readCluster('shop-eks');
    await client.send(new eks.DescribeClusterVersionsCommand({ includeAll: true }));

    // ---- EKS's errors, on purpose ----
    const missing = {
      cluster: await failure(client.send(new eks.DescribeClusterCommand({ name: 'no-such-cluster' }))),
      nodegroup: await failure(client.send(new eks.DescribeNodegroupCommand({ clusterName: 'shop-eks', nodegroupName: 'gpu' }))),
      profile: await failure(client.send(new eks.DescribeFargateProfileCommand({ clusterName: 'shop-eks', fargateProfileName: 'fp-none' }))),
      addon: await failure(client.send(new eks.DescribeAddonCommand({ clusterName: 'shop-eks', addonName: 'adot' }))),
    };
    for (const error of Object.values(missing)) expect(error).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    // The body names what was not found, as the model's ResourceNotFoundException members do.
    expect(missing.cluster).toMatchObject({ clusterName: 'no-such-cluster', message: 'No cluster found for name: no-such-cluster.' });
    expect(missing.nodegroup).toMatchObject({ clusterName: 'shop-eks', nodegroupName: 'gpu' });
    expect(missing.profile).toMatchObject({ clusterName: 'shop-eks', fargateProfileName: 'fp-none' });
    expect(missing.addon).toMatchObject({ clusterName: 'shop-eks', addonName: 'adot' });
    for (const call of [
      () => client.send(new eks.DescribeInsightCommand({ clusterName: 'shop-eks', id: '00000000-0000-0000-0000-000000000000' })),
      () => client.send(new eks.ListNodegroupsCommand({ clusterName: 'no-such-cluster' })),
      () => client.send(new eks.ListFargateProfilesCommand({ clusterName: 'no-such-cluster' })),
      () => client.send(new eks.ListAddonsCommand({ clusterName: 'no-such-cluster' })),
      () => client.send(new eks.ListInsightsCommand({ clusterName: 'no-such-cluster' })),
      () => client.send(new eks.ListAccessEntriesCommand({ clusterName: 'no-such-cluster' })),
      () => client.send(new eks.DescribeAccessEntryCommand({ clusterName: 'shop-eks', principalArn: `arn:aws:iam::${sim.accountId}:role/nobody` })),
      () => client.send(new eks.ListAssociatedAccessPoliciesCommand({ clusterName: 'shop-eks', principalArn: `arn:aws:iam::${sim.accountId}:role/nobody` })),
    ]) {
      expect(await failure(call())).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    }
    for (const call of [
      () => client.send(new eks.ListClustersCommand({ maxResults: 101 })),
      () => client.send(new eks.ListClustersCommand({ maxResults: 0 })),
      () => client.send(new eks.ListClustersCommand({ nextToken: 'not-a-token' })),
      () => client.send(new eks.ListNodegroupsCommand({ clusterName: 'shop-eks', maxResults: 101 })),
      () => client.send(new eks.ListFargateProfilesCommand({ clusterName: 'shop-eks', nextToken: 'not-a-token' })),
      () => client.send(new eks.ListAddonsCommand({ clusterName: 'shop-eks', maxResults: 0 })),
      () => client.send(new eks.ListInsightsCommand({ clusterName: 'shop-eks', maxResults: 101 })),
      () => client.send(new eks.DescribeClusterVersionsCommand({ maxResults: 101 })),
    ]) {
      expect(await failure(call())).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    }

    // ---- judge every answer: outputs, error codes, error bodies ----
    const verdict = log.judge();
    expect(verdict.problems).toEqual([]);
    expect(verdict.unjudged).toEqual(new Set());
    expect(verdict.bySdkSchema).toEqual(new Set());
    // Every operation the sim routes was answered, and judged by a model.
    const ops = log.operations();
    for (const { operation } of EKS_ROUTES) expect(ops, `no answer recorded for eks.${operation}`).toContain(`eks.${operation}`);
    expect(log.errorCodes()).toEqual(
      new Set([
        'eks.DescribeCluster:ResourceNotFoundException', 'eks.DescribeNodegroup:ResourceNotFoundException', 'eks.DescribeFargateProfile:ResourceNotFoundException',
        'eks.DescribeAddon:ResourceNotFoundException', 'eks.DescribeInsight:ResourceNotFoundException', 'eks.ListNodegroups:ResourceNotFoundException',
        'eks.ListFargateProfiles:ResourceNotFoundException', 'eks.ListAddons:ResourceNotFoundException', 'eks.ListInsights:ResourceNotFoundException',
        'eks.ListAccessEntries:ResourceNotFoundException', 'eks.DescribeAccessEntry:ResourceNotFoundException', 'eks.ListAssociatedAccessPolicies:ResourceNotFoundException',
        'eks.ListClusters:InvalidParameterException', 'eks.ListNodegroups:InvalidParameterException', 'eks.ListFargateProfiles:InvalidParameterException',
        'eks.ListAddons:InvalidParameterException', 'eks.ListInsights:InvalidParameterException', 'eks.DescribeClusterVersions:InvalidParameterException',
      ]),
    );
    // Each error's body was judged against its shape too (the restJson1 body names the resource).
    const bodies = log.exchanges.filter((e) => e.service === 'eks' && e.errorCode);
    expect(bodies.every((e) => e.errorBody && typeof e.errorBody.message === 'string')).toBe(true);
  });

  it("answers InvalidRequestException for a CONFIG_MAP cluster's access entries, as the model shapes it", async () => {
    const store = new EksStore({ accountId: '123456789012', region: 'us-east-1', random: new Random(1) });
    addEksCluster(store, { name: 'legacy', version: '1.33', createdAt: START - 30 * DAY, authenticationMode: 'CONFIG_MAP' });
    const service = eksService(store, { ensure: () => Promise.resolve({ endpoint: 'https://127.0.0.1:1', caData: '' }) });
    const ctx: RequestContext = { accessKeyId: 'AKIDEXAMPLE', region: 'us-east-1', now: START, requestId: 'r' };
    let thrown: unknown;
    try {
      await service.operations.ListAccessEntries({ name: 'legacy' }, ctx);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SimError);
    const error = thrown as SimError;
    expect(error.code).toBe('InvalidRequestException');
    expect(validateError('eks', 'ListAccessEntries', error.code)).toEqual([]);
    expect(validateErrorBody('eks', 'ListAccessEntries', error.code, { ...error.members, message: error.message })).toEqual([]);
    // Not vacuous: a member the error shape lacks, or of another type, is named.
    expect(validateErrorBody('eks', 'DescribeCluster', 'ResourceNotFoundException', { message: 'x', clusterName: 1, bogus: 'y' })).toHaveLength(2);
    // The rest of the cluster still answers, as the model shapes it.
    expect(validateOutput('eks', 'DescribeCluster', await service.operations.DescribeCluster({ name: 'legacy' }, ctx))).toEqual([]);
  });

  it('throttles with ThrottlingException (HTTP 429), a shape the model holds, after a burst of 50', async () => {
    const throttled = new ExchangeLog();
    const frozen = Date.now();
    const busy = await startSim({ scenario: 'demo', port: 0, seed: 7, speed: 0, startTime: START, throttleClock: () => frozen, onExchange: throttled.onExchange });
    const c = new eks.EKSClient({ endpoint: busy.endpoint, region: busy.region, credentials: busy.credentials, maxAttempts: 1 });
    try {
      const results = await Promise.allSettled(Array.from({ length: 60 }, () => c.send(new eks.ListClustersCommand({}))));
      const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { name: string; $metadata?: { httpStatusCode?: number }; message: string }] : []));
      expect(results.length - refused.length).toBe(50);
      expect(refused).toHaveLength(10);
      for (const r of refused) expect(r).toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } });
      // The model's ThrottlingException: a 429 with a message.
      expect(loadModel('eks', 'newer')!.shapes.ThrottlingException.error).toEqual({ httpStatusCode: 429 });
      const verdict = throttled.judge();
      expect(verdict.problems).toEqual([]);
      expect(throttled.errorCodes()).toEqual(new Set(['eks.ListClusters:ThrottlingException']));
    } finally {
      c.destroy();
      await busy.close();
    }
  });
});
