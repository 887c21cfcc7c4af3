/**
 * Live events through core against the demo sim over HTTP, checked with the AWS SDK's own
 * clients: set-up creates the rule, its target and the queue (and removal takes them away),
 * events drive the inventory (duplicates and late events applied once, newest version
 * wins), a dropped event is repaired by the reconciliation, a gap falls back to polling and
 * heals, and a read-only profile may not set it up.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeServicesCommand, DescribeTasksCommand, ECSClient, ListTasksCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { DescribeRuleCommand, DisableRuleCommand, EnableRuleCommand, EventBridgeClient, ListTargetsByRuleCommand, PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, ListQueueTagsCommand, PurgeQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { AuditEntry } from '../../../src-main/contract/domains/audit';
import type { InventoryDelta, TaskRecord } from '../../../src-main/contract/domains/inventory';
import type { LiveStatus } from '../../../src-main/contract/domains/live';
import { createCore, type WharfCore } from '../../../src-main/core/core';
import type { CoreOptions } from '../../../src-main/core/options';
import { startSim, type Exchange, type RunningSim } from '../../../src-main/sim';
import { callCore, callCoreOk } from '../core-calls';
import { until } from '../inventory/demo-core';

interface Rig {
  sim: RunningSim;
  core: WharfCore;
  dataDir: string;
  exchanges: Exchange[];
  deltas: InventoryDelta[];
  statuses: LiveStatus[];
  ecs: ECSClient;
  sqs: SQSClient;
  events: EventBridgeClient;
  /** A new core on the same data folder (what Wharf does when it starts again). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

// The sim's clock stands still in these rigs (speed 0), so a message's visibility timeout never
// ends and the heartbeat Wharf keeps in the queue would never come back: heartbeats are off here
// (their own rig, with a running clock, tests them).
const FAST: NonNullable<CoreOptions['live']> = { healthEveryMs: 300, confirmEveryMs: 200, waitSeconds: 1, failuresBeforeGap: 2, missedGraceMs: 1_500, heartbeatEveryMs: 3_600_000, heartbeatLostAfterMs: 3_600_000 };

async function rig(opts: { readOnly?: boolean; live?: CoreOptions['live']; speed?: number } = {}): Promise<Rig> {
  const exchanges: Exchange[] = [];
  const deltas: InventoryDelta[] = [];
  const statuses: LiveStatus[] = [];
  const sim = await startSim({ scenario: 'demo', port: 0, seed: 7, speed: opts.speed ?? 0, throttle: false, onExchange: (e) => exchanges.push(e) });
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-live-'));
  const newCore = () =>
    createCore({
      version: 'test', transport: 'web', dataDir, demo: { endpoint: sim.endpoint, scenario: 'demo', region: sim.region, credentials: sim.credentials }, env: { HOME: dataDir },
      live: { ...FAST, ...opts.live },
    });
  const core = await newCore();
  core.events.subscribe((event, payload) => {
    if (event === 'inventory.delta') deltas.push(payload as InventoryDelta);
    if (event === 'live.changed') statuses.push(payload as LiveStatus);
  });
  if (opts.readOnly) await core.services.settings.update({ readOnlyProfiles: ['Demo account'] });
  await core.services.sessions.open('Demo account');
  const config = { endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 };
  const ecs = new ECSClient(config);
  const sqs = new SQSClient(config);
  const events = new EventBridgeClient(config);
  const r: Rig = {
    sim, core, dataDir, exchanges, deltas, statuses, ecs, sqs, events,
    async restart() {
      await r.core.close();
      r.core = await newCore();
      await r.core.services.sessions.open('Demo account');
    },
    async close() {
      ecs.destroy();
      sqs.destroy();
      events.destroy();
      await r.core.close();
      await sim.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return r;
}

const arnOf = (r: Rig, kind: string, name: string) => `arn:aws:ecs:${r.sim.region}:${r.sim.accountId}:${kind}/${name}`;
const status = (r: Rig) => r.core.services.live.status();
const audit = (r: Rig): AuditEntry[] => {
  try {
    return readFileSync(join(r.dataDir, 'audit.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditEntry);
  } catch {
    return [];
  }
};
let requestSeq = 0;
const requestId = () => `req-live-${++requestSeq}-${Date.now()}`;

/** Sets live events up for the Demo account and waits until they are live. */
async function goLive(r: Rig): Promise<void> {
  await callCoreOk(r.core, 'live.setUp', { confirmation: 'Demo account', requestId: requestId() });
  await until('live events to be live', () => status(r).state === 'live');
}

/** Focuses a cluster and waits for its complete first load. */
async function focus(r: Rig, cluster: string): Promise<string> {
  const clusterArn = arnOf(r, 'cluster', cluster);
  await callCoreOk(r.core, 'inventory.focus', { clusterArn, serviceArn: null, taskArn: null, view: 'services' });
  await until(`the first load of ${cluster}`, () => r.core.services.inventory.currentPoller()?.focusedLoadComplete());
  return clusterArn;
}

/**
 * A reconciliation's paced gap is its last run's duration / 4 % (RECONCILE_DUTY_CYCLE): a read
 * of prod-fargate's services that takes a second on two loaded cores comes back after 25 s.
 */
const RECONCILIATION_WAIT_MS = 50_000;

/**
 * Waits for Wharf's own DescribeServices of prod-fargate to answer `service` at `desiredCount`
 * (the reconciliation reading the change; the test's clients never describe it meanwhile),
 * and returns when (Date.now()) it was seen.
 */
async function reconciliationRead(r: Rig, service: string, desiredCount: number): Promise<{ at: number }> {
  const from = r.exchanges.length;
  return until(`a reconciliation to read ${service} at ${desiredCount}`, () => {
    const seen = r.exchanges.slice(from).some((e) => e.operation === 'DescribeServices' && ((e.output as { services?: { serviceName?: string; desiredCount?: number }[] } | undefined)?.services ?? []).some((s) => s.serviceName === service && s.desiredCount === desiredCount));
    return seen && { at: Date.now() };
  }, RECONCILIATION_WAIT_MS);
}

const modelService = (r: Rig, clusterArn: string, name: string) => r.core.services.inventory.snapshot(clusterArn).services.find((s) => s.name === name);

describe('live events: set up, use, remove', () => {
  let r: Rig;
  beforeAll(async () => {
    r = await rig({ live: { reconcileMs: 10 * 60_000 } });
  });
  afterAll(() => r?.close());

  it('is off until set up, and set-up needs the profile name typed', async () => {
    expect((await callCoreOk(r.core, 'live.status', {})).status).toMatchObject({ state: 'off', profile: 'Demo account', region: r.sim.region });
    const refused = await callCore(r.core, 'live.setUp', { confirmation: 'yes', requestId: requestId() });
    expect(refused.ok ? null : refused.error.code).toBe('NOT_CONFIRMED');
    expect(r.exchanges.filter((e) => e.service === 'sqs' || e.service === 'events')).toEqual([]);
  });

  it('creates the rule for aws.ecs, its target and a queue Wharf owns: named, tagged, encrypted, one day, only the rule may send', async () => {
    const id = requestId();
    const outcome = await callCoreOk(r.core, 'live.setUp', { confirmation: 'Demo account', requestId: id });
    expect(outcome).toMatchObject({ action: 'live.setUp', replayed: false });
    const { names, configs } = await callCoreOk(r.core, 'live.status', {});
    expect(configs).toHaveLength(1);
    const config = configs[0];
    expect(config).toMatchObject({ profile: 'Demo account', region: r.sim.region, mode: 'owned', ruleOwned: true });

    const rule = await r.events.send(new DescribeRuleCommand({ Name: names.rule }));
    expect(rule).toMatchObject({ State: 'ENABLED', Arn: config.ruleArn });
    expect(JSON.parse(rule.EventPattern!)).toEqual({ source: ['aws.ecs', 'wharf.live'] });
    const targets = (await r.events.send(new ListTargetsByRuleCommand({ Rule: names.rule }))).Targets ?? [];
    expect(targets).toEqual([expect.objectContaining({ Id: config.targetId, Arn: config.queueArn })]);

    const { QueueUrl } = await r.sqs.send(new GetQueueUrlCommand({ QueueName: names.queue }));
    const { Attributes = {} } = await r.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    expect(Attributes).toMatchObject({ QueueArn: config.queueArn, MessageRetentionPeriod: '86400', SqsManagedSseEnabled: 'true' });
    const policy = JSON.parse(Attributes.Policy!);
    expect(policy.Statement).toEqual([expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: config.queueArn, Condition: { ArnEquals: { 'aws:SourceArn': config.ruleArn } } })]);
    expect((await r.sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags).toMatchObject({ 'wharf:purpose': 'live-events', 'wharf:profile': 'Demo account' });

    // The same request again runs once: the first outcome comes back, one audit entry.
    expect(await callCoreOk(r.core, 'live.setUp', { confirmation: 'Demo account', requestId: id })).toMatchObject({ replayed: true, operationId: outcome.operationId });
    // The refusal of the wrong confirmation, then this one intent once.
    expect(audit(r).filter((e) => e.action === 'live.setUp')).toEqual([expect.objectContaining({ result: 'refused' }), expect.objectContaining({ result: 'ok', profile: 'Demo account', before: null })]);
    await until('live', () => status(r).state === 'live');
  });

  it('puts a change in the model from its events, and polling becomes the reconciliation', async () => {
    const clusterArn = await focus(r, 'prod-fargate');
    expect(r.core.services.inventory.currentPoller()?.reconcileEvery).toBe(10 * 60_000);
    const before = modelService(r, clusterArn, 'checkout')!.desiredCount;
    const listsOfThisCluster = () => r.exchanges.filter((e) => e.operation === 'ListServices' && (e.input as { cluster?: string }).cluster === clusterArn).length;
    const listsBefore = listsOfThisCluster();
    await r.ecs.send(new UpdateServiceCommand({ cluster: 'prod-fargate', service: 'checkout', desiredCount: before + 2 }));
    await until('the new desired count in the model', () => modelService(r, clusterArn, 'checkout')?.desiredCount === before + 2);
    expect(r.deltas.some((d) => d.clusterArn === clusterArn && d.services?.some((s) => s.name === 'checkout' && s.desiredCount === before + 2))).toBe(true);
    // It came from an event: the service was described, the cluster not listed again.
    expect(listsOfThisCluster()).toBe(listsBefore);
    const { tasks = [] } = await r.ecs.send(new DescribeTasksCommand({ cluster: 'prod-fargate', tasks: (await r.ecs.send(new ListTasksCommand({ cluster: 'prod-fargate', serviceName: 'checkout' }))).taskArns! }));
    await until('every task of checkout in the model', () => tasks.every((t) => r.core.services.inventory.snapshot(clusterArn).tasks.some((m) => m.arn === t.taskArn && m.version === t.version)));
    expect(status(r).applied).toBeGreaterThan(0);
  });

  it('removes the target, the rule and the queue, and polls again', async () => {
    const { names, configs } = await callCoreOk(r.core, 'live.status', {});
    const refused = await callCore(r.core, 'live.remove', { confirmation: 'nope', requestId: requestId() });
    expect(refused.ok ? null : refused.error.code).toBe('NOT_CONFIRMED');
    const outcome = await callCoreOk(r.core, 'live.remove', { confirmation: 'Demo account', requestId: requestId() });
    expect(outcome).toMatchObject({ action: 'live.remove', target: configs[0].queueArn });
    expect(await r.events.send(new DescribeRuleCommand({ Name: names.rule })).catch((e: Error) => e.name)).toBe('ResourceNotFoundException');
    expect(await r.sqs.send(new GetQueueUrlCommand({ QueueName: names.queue })).catch((e: Error) => e.name)).toBe('QueueDoesNotExist');
    expect((await callCoreOk(r.core, 'live.status', {})).configs).toEqual([]);
    expect(status(r).state).toBe('off');
    expect(r.core.services.inventory.currentPoller()?.reconcileEvery).toBeNull();
    expect(audit(r).filter((e) => e.action === 'live.remove').map((e) => e.result)).toEqual(['refused', 'ok']);
  });
});

describe('live events: order, duplicates, drops, gaps', () => {
  let r: Rig;
  beforeAll(async () => {
    r = await rig({ live: { reconcileMs: 2_000 } });
  });
  afterAll(() => r?.close());

  it('applies duplicated and late events once each, never an older version after a newer one', async () => {
    await goLive(r);
    const clusterArn = await focus(r, 'prod-fargate');
    r.sim.setFaults({ eventDuplicateRate: 1, eventReorderRate: 0.7 });
    const from = r.deltas.length;
    await r.ecs.send(new UpdateServiceCommand({ cluster: 'prod-fargate', service: 'search', desiredCount: 7 }));
    // Tasks start and walk through their states as the sim's clock moves.
    for (let i = 0; i < 8; i++) {
      r.sim.clock.advance(5_000);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    const arns = (await r.ecs.send(new ListTasksCommand({ cluster: 'prod-fargate', serviceName: 'search' }))).taskArns!;
    const { tasks = [] } = await r.ecs.send(new DescribeTasksCommand({ cluster: 'prod-fargate', tasks: arns }));
    const held = () => new Map(r.core.services.inventory.snapshot(clusterArn).tasks.map((t) => [t.arn, t]));
    await until('every task of search at its current version', () => tasks.every((t) => held().get(t.taskArn!)?.version === t.version && held().get(t.taskArn!)?.lastStatus === t.lastStatus), 20_000);
    await until('the late duplicates to land', () => status(r).duplicates > 0 && status(r).outOfOrder > 0, 10_000);
    // Per task, the versions sent were strictly increasing: each once, none going back.
    const sent = new Map<string, number[]>();
    for (const d of r.deltas.slice(from)) for (const t of d.tasks ?? []) sent.set(t.arn, [...(sent.get(t.arn) ?? []), t.version ?? -1]);
    for (const arn of arns) {
      const versions = (sent.get(arn) ?? []).filter((v, i, all) => i === 0 || v !== all[i - 1] || true);
      for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]);
    }
    r.sim.setFaults({ eventDuplicateRate: 0, eventReorderRate: 0 });
  });

  it('finds nothing missed when no event was lost', { timeout: 120_000 }, async () => {
    const clusterArn = arnOf(r, 'cluster', 'prod-fargate');
    await until('a settled model', () => status(r).state === 'live');
    const missed = status(r).missedByEvents;
    const reconciled = status(r).lastReconciledAt ?? 0;
    // checkout starts a task, so ECS tells (a desired count that starts nothing, as for a
    // service its circuit breaker stopped, sends no event at all: only the reconciliation sees it).
    const wanted = modelService(r, clusterArn, 'checkout')!.desiredCount + 1;
    await r.ecs.send(new UpdateServiceCommand({ cluster: 'prod-fargate', service: 'checkout', desiredCount: wanted }));
    await until('the change from its events', () => modelService(r, clusterArn, 'checkout')?.desiredCount === wanted);
    // A reconciliation reads the change, and a later one comes after the grace a suspected
    // miss waits (FAST.missedGraceMs): any miss it found would be counted by then.
    const read = await reconciliationRead(r, 'checkout', wanted);
    await until('a later reconciliation', () => (status(r).lastReconciledAt ?? 0) > Math.max(reconciled, read.at + FAST.missedGraceMs!), RECONCILIATION_WAIT_MS);
    expect(status(r).missedByEvents).toBe(missed);
  });

  it('repairs a dropped event at the next reconciliation, and counts it', { timeout: 120_000 }, async () => {
    const clusterArn = arnOf(r, 'cluster', 'prod-fargate');
    r.sim.setFaults({ eventDropRate: 1 });
    const missed = status(r).missedByEvents;
    const before = modelService(r, clusterArn, 'notifications')!.desiredCount;
    await r.ecs.send(new UpdateServiceCommand({ cluster: 'prod-fargate', service: 'notifications', desiredCount: before + 1 }));
    // No event arrives; the reconciliation (every 2 s here, or longer on a slow machine: it may
    // take only 4 % of the time) reads it, and the model follows that read.
    await reconciliationRead(r, 'notifications', before + 1);
    await until('the reconciliation to repair the model', () => modelService(r, clusterArn, 'notifications')?.desiredCount === before + 1);
    await until('the miss counted (no late event came)', () => status(r).missedByEvents > missed, 10_000);
    r.sim.setFaults({ eventDropRate: 0 });
    const fromEcs = (await r.ecs.send(new DescribeServicesCommand({ cluster: 'prod-fargate', services: ['notifications'] }))).services![0];
    expect(modelService(r, clusterArn, 'notifications')?.runningCount).toBe(fromEcs.runningCount);
  });

  it('falls back to polling when the rule is disabled, says why, and heals when it is enabled again', async () => {
    const { names } = await callCoreOk(r.core, 'live.status', {});
    await r.events.send(new DisableRuleCommand({ Name: names.rule }));
    await until('a gap', () => status(r).state === 'gap');
    expect(status(r).reason).toMatch(/rule .* is disabled.*Wharf polls meanwhile/);
    expect(status(r).gapCause).toBe('route');
    expect(r.core.services.inventory.currentPoller()?.reconcileEvery).toBeNull();
    expect(r.statuses.some((s) => s.state === 'gap')).toBe(true);
    await r.events.send(new EnableRuleCommand({ Name: names.rule }));
    await until('live again', () => status(r).state === 'live');
    expect(r.core.services.inventory.currentPoller()?.reconcileEvery).toBe(2_000);
  });

  it('says so when the queue is gone', async () => {
    const { configs } = await callCoreOk(r.core, 'live.status', {});
    await r.sqs.send(new DeleteQueueCommand({ QueueUrl: configs[0].queueUrl }));
    await until('a gap', () => status(r).state === 'gap');
    expect(status(r)).toMatchObject({ reason: expect.stringMatching(/queue .* no longer exists/), fix: expect.stringMatching(/Set live events up again/), gapCause: 'queue' });
    expect(r.core.services.inventory.currentPoller()?.reconcileEvery).toBeNull();
  });
});

describe('live events: lost messages (a purged queue)', () => {
  let r: Rig;
  beforeAll(async () => {
    // The sim's clock runs (a kept heartbeat comes back when its visibility timeout ends).
    r = await rig({ speed: 1, live: { reconcileMs: 10 * 60_000, heartbeatEveryMs: 1_000, heartbeatRecheckSeconds: 1, heartbeatLostAfterMs: 1_500 } });
  });
  afterAll(() => r?.close());

  it('says so when the queue is purged, reconciles at once, polls meanwhile, and heals with the next heartbeat', async () => {
    await goLive(r);
    await focus(r, 'prod-fargate');
    const { configs, names } = await callCoreOk(r.core, 'live.status', {});
    // The rule also carries Wharf's heartbeats (custom source, never aws.*).
    const rule = await r.events.send(new DescribeRuleCommand({ Name: names.rule }));
    expect(JSON.parse(rule.EventPattern!)).toEqual({ source: ['aws.ecs', 'wharf.live'] });
    // A heartbeat went through the rule and is kept in the queue: one message in flight.
    await until('a heartbeat kept in the queue', () => r.exchanges.some((e) => e.operation === 'ChangeMessageVisibility' && e.status === 200));
    const from = r.statuses.length;
    const servicesCalls = () => r.exchanges.filter((e) => e.operation === 'ListServices').length;
    const listsBefore = servicesCalls();
    await r.sqs.send(new PurgeQueueCommand({ QueueUrl: configs[0].queueUrl }));
    const gap = await until('the gap said', () => r.statuses.slice(from).find((s) => s.state === 'gap'), 20_000);
    expect(gap.reason).toMatch(/lost messages \(queue purged\?\).*reconciled at once/);
    // Its cause, for Settings' own words (tests/unit/renderer/live-model.test.ts).
    expect(gap.gapCause).toBe('heartbeat-gone');
    // The reconciliation ran at once: the cluster's services listed again.
    await until('a full read of the services', () => servicesCalls() > listsBefore, 20_000);
    // The next heartbeat arrives: live again.
    await until('live again', () => r.statuses.slice(r.statuses.indexOf(gap)).some((s) => s.state === 'live') && status(r).state === 'live', 20_000);
    expect(r.core.services.inventory.currentPoller()?.reconcileEvery).toBe(10 * 60_000);
    // A second purge within a minute: SQS refuses it.
    await expect(r.sqs.send(new PurgeQueueCommand({ QueueUrl: configs[0].queueUrl }))).rejects.toMatchObject({ name: 'PurgeQueueInProgress' });
  });

  it('updates a rule set up before heartbeats when set up again, and sends none to one without them', async () => {
    const { names } = await callCoreOk(r.core, 'live.status', {});
    // As a set-up of before: the pattern of ECS's events alone (PutRule keeps the targets).
    await r.events.send(new PutRuleCommand({ Name: names.rule, EventPattern: JSON.stringify({ source: ['aws.ecs'] }), State: 'ENABLED' }));
    await r.restart();
    await until('live with the old rule', () => status(r).state === 'live');
    const puts = () => r.exchanges.filter((e) => e.operation === 'PutEvents').length;
    const before = puts();
    // Two health checks later, still live and no heartbeat sent (it could not arrive).
    const checks = () => r.exchanges.filter((e) => e.operation === 'DescribeRule').length;
    const from = checks();
    await until('two rule checks', () => checks() >= from + 2);
    expect(puts()).toBe(before);
    expect(status(r).state).toBe('live');
    await callCoreOk(r.core, 'live.setUp', { confirmation: 'Demo account', requestId: requestId() });
    const rule = await r.events.send(new DescribeRuleCommand({ Name: names.rule }));
    expect(JSON.parse(rule.EventPattern!)).toEqual({ source: ['aws.ecs', 'wharf.live'] });
    await until('heartbeats sent again', () => puts() > before);
  });
});

describe('live events of a profile that was removed', () => {
  let r: Rig;
  beforeAll(async () => {
    r = await rig();
  });
  afterAll(() => r?.close());

  it('are removed with another profile of the same account: rule, target and queue gone, audited', async () => {
    await goLive(r);
    const { names } = await callCoreOk(r.core, 'live.status', {});
    // Wharf starts again, and the profile that set live events up is no longer in the config.
    const file = join(r.dataDir, 'live-events.json');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { configs: Array<{ profile: string; accountId: string | null }> };
    stored.configs[0].profile = 'old-admin';
    writeFileSync(file, JSON.stringify(stored));
    await r.restart();
    expect(status(r).state).toBe('off');
    expect((await callCoreOk(r.core, 'live.status', {})).configs).toEqual([expect.objectContaining({ profile: 'old-admin', region: r.sim.region })]);

    const wrong = await callCore(r.core, 'live.remove', { confirmation: 'Demo account', requestId: requestId(), profile: 'old-admin', region: r.sim.region });
    expect(wrong.ok ? null : wrong.error.code).toBe('NOT_CONFIRMED');
    const outcome = await callCoreOk(r.core, 'live.remove', { confirmation: 'old-admin', requestId: requestId(), profile: 'old-admin', region: r.sim.region });
    expect(outcome.message).toMatch(/^Live events off for old-admin \/ us-east-1: the queue is deleted, the rule is deleted\.$/);
    expect(await r.events.send(new DescribeRuleCommand({ Name: names.rule })).catch((e: Error) => e.name)).toBe('ResourceNotFoundException');
    expect(await r.sqs.send(new GetQueueUrlCommand({ QueueName: names.queue })).catch((e: Error) => e.name)).toBe('QueueDoesNotExist');
    expect((await callCoreOk(r.core, 'live.status', {})).configs).toEqual([]);
    const removed = audit(r).filter((e) => e.action === 'live.remove');
    expect(removed.map((e) => e.result)).toEqual(['refused', 'ok']);
    expect(removed[1]).toMatchObject({ profile: 'Demo account', before: expect.objectContaining({ of: `old-admin / ${r.sim.region}` }) });
  });

  it('of another account may only be forgotten from here', async () => {
    const file = join(r.dataDir, 'live-events.json');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { configs: unknown[] };
    stored.configs = [{ profile: 'elsewhere', region: r.sim.region, accountId: '999999999999', mode: 'owned', queueArn: `arn:aws:sqs:${r.sim.region}:999999999999:q`, queueUrl: 'https://sqs.example/999999999999/q', ruleArn: null, ruleOwned: false, targetId: null, setUpAt: 1 }];
    writeFileSync(file, JSON.stringify(stored));
    await r.restart();
    const refused = await callCore(r.core, 'live.remove', { confirmation: 'elsewhere', requestId: requestId(), profile: 'elsewhere', region: r.sim.region });
    expect(refused.ok ? null : refused.error.message).toMatch(/are in account 999999999999; Demo account is in \d{12}/);
    expect((await callCoreOk(r.core, 'live.forget', { profile: 'elsewhere', region: r.sim.region })).configs).toEqual([]);
  });
});

describe('live events on a read-only profile', () => {
  let r: Rig;
  beforeAll(async () => {
    r = await rig({ readOnly: true });
  });
  afterAll(() => r?.close());

  it('refuses set-up, audited, without a call to AWS', async () => {
    const answer = await callCore(r.core, 'live.setUp', { confirmation: 'Demo account', requestId: requestId() });
    expect(answer.ok ? null : answer.error.code).toBe('READ_ONLY');
    expect(r.exchanges.filter((e) => e.service === 'sqs' || e.service === 'events')).toEqual([]);
    expect(audit(r).filter((e) => e.action === 'live.setUp').map((e) => e.result)).toEqual(['refused']);
    expect(status(r).state).toBe('off');
  });

  it('may listen to an existing queue', async () => {
    const { QueueUrl } = await r.sqs.send(new CreateQueueCommand({ QueueName: 'team-ecs-events' }));
    const { Attributes } = await r.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    const overview = await callCoreOk(r.core, 'live.useQueue', { queueArn: Attributes!.QueueArn, requestId: requestId() });
    expect(overview.configs).toEqual([expect.objectContaining({ mode: 'existing', queueArn: Attributes!.QueueArn, ruleArn: null })]);
    await until('live', () => status(r).state === 'live');
  });
});

// The shape a task record keeps through events (a compile-time check that version is there).
export type _Version = TaskRecord['version'];
