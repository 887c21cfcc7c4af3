/**
 * The deployments domain of core against the demo sim over real HTTP, through the dispatcher
 * the transports use, the sim's clock frozen and moved by the test: what the Deployments view
 * lists (needs action first, the verdict from the health rules), a deployment's detail, the
 * guarded actions (typed confirmation, read-only refusal, exactly once, audited), the
 * notifications (once each), a service's history, and what it all costs in calls.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DescribeServiceDeploymentsCommand, ECSClient, ListServiceDeploymentsCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { bulkConfirmation } from '../../../src-main/contract/bulk';
import type { DeploymentList, DeploymentSummary } from '../../../src-main/contract/domains/deployments';
import type { AppNotification } from '../../../src-main/contract/domains/notifications';
import { createCore, type WharfCore } from '../../../src-main/core/core';
import { startSim, type Exchange, type RunningSim } from '../../../src-main/sim';
import { callCore, callCoreOk } from '../core-calls';
import { until } from '../inventory/demo-core';

const MINUTE = 60_000;

let sim: RunningSim;
let core: WharfCore;
let dataDir: string;
let exchanges: Exchange[];

async function start(opts: { readOnly?: boolean } = {}) {
  exchanges = [];
  sim = await startSim({ scenario: 'demo', port: 0, seed: 7, speed: 0, throttle: false, onExchange: (e) => exchanges.push(e) });
  dataDir = mkdtempSync(join(tmpdir(), 'wharf-deployments-'));
  core = await createCore({ version: 'test', transport: 'web', dataDir, demo: { endpoint: sim.endpoint, scenario: 'demo', region: sim.region, credentials: sim.credentials }, env: { HOME: dataDir }, now: () => sim.clock.now() });
  if (opts.readOnly) await core.services.settings.update({ readOnlyProfiles: ['Demo account'] });
  await core.services.sessions.open('Demo account');
  // The Deployments tab of prod-fargate: the inventory reads the cluster's services.
  core.services.inventory.setFocus({ clusterArn: `arn:aws:ecs:us-east-1:${sim.accountId}:cluster/prod-fargate`, serviceArn: null, taskArn: null, view: 'services' });
}

beforeEach(async () => start());
afterEach(async () => {
  await core?.close();
  await sim?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const list = () => callCoreOk(core, 'deployments.list', {});
const find = (l: DeploymentList, service: string, status?: string) => l.deployments.find((d) => d.serviceName === service && (!status || d.status === status));

/** Waits until the list holds what `ready` wants (the inventory and the domain read in the background). */
async function listUntil(what: string, ready: (l: DeploymentList) => boolean, ms = 30_000): Promise<DeploymentList> {
  let last: DeploymentList | undefined;
  await until(what, () => {
    void list().then((l) => (last = l));
    return last && ready(last);
  }, ms);
  return last!;
}

const demoFour = (l: DeploymentList) => ['storefront', 'cart', 'pricing', 'recommendations'].every((s) => find(l, s, 'IN_PROGRESS')?.stage);

describe('the Deployments view', () => {
  it('lists needs-action first: the paused blue/green with its countdown, then failing, in progress (canary baking, linear at 30 %), then finished', async () => {
    // Services are listed a few per cycle, so web's finished deployment can come after the
    // demo's four: wait for it too.
    const webFinished = (x: DeploymentList) => x.deployments.some((d) => d.verdict.section === 'finished' && d.serviceName === 'web');
    const l = await listUntil('the demo deployments', (x) => demoFour(x) && Boolean(find(x, 'storefront')?.awaiting) && find(x, 'pricing')?.productionWeight === 30 && Boolean(find(x, 'pricing')?.targets) && webFinished(x));
    const storefront = find(l, 'storefront', 'IN_PROGRESS')!;
    expect(l.deployments[0].serviceName).toBe('storefront');
    expect(storefront).toMatchObject({ strategy: 'BLUE_GREEN', stage: 'POST_TEST_TRAFFIC_SHIFT', productionWeight: 0, testWeight: 100, verdict: { tone: 'awaiting', section: 'needs-action', word: 'awaiting approval' } });
    expect(storefront.awaiting).toMatchObject({ targetType: 'PAUSE', status: 'AWAITING_ACTION', timeoutAction: 'ROLLBACK' });
    expect((storefront.awaiting!.expiresAt! - sim.clock.now()) / MINUTE).toBeGreaterThan(15);
    expect(storefront.verdict.reason).toMatch(/at timeout: roll back/);
    const cart = find(l, 'cart', 'IN_PROGRESS')!;
    expect(cart).toMatchObject({ strategy: 'CANARY', stage: 'PRODUCTION_TRAFFIC_SHIFT', productionWeight: 5, step: { index: 1, of: 2 }, verdict: { section: 'in-progress', word: 'baking at 5 %' } });
    expect(cart.bakeEndsAt! - sim.clock.now()).toBeGreaterThan(5 * MINUTE);
    const pricing = find(l, 'pricing', 'IN_PROGRESS')!;
    expect(pricing).toMatchObject({ strategy: 'LINEAR', productionWeight: 30, step: { index: 3, of: 10 } });
    expect(pricing.targets).toMatchObject({ healthy: 4, unhealthy: 0, total: 4 });
    // Sections in order.
    const rank = { 'needs-action': 0, failing: 1, 'in-progress': 2, finished: 3 };
    const ranks = l.deployments.map((d) => rank[d.verdict.section]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(webFinished(l)).toBe(true);
    expect(l.budget.throttled).toBe(0);

    // The one verdict: the service's own record (the services list, header, palette) and the
    // Problems list say what the row says, in the same colour.
    const health = await until('storefront awaiting approval in its service record', () => {
      const h = serviceHealth('storefront');
      return h?.word === 'awaiting approval' ? h : undefined;
    });
    expect(health.state).toBe('degraded');
    const problem = core.services.inventory.problemList().find((p) => p.kind === 'deployment-awaiting' && p.targetArn === storefront.serviceArn);
    expect(problem).toMatchObject({ severity: 'warning', title: 'storefront: awaiting approval', region: 'us-east-1' });
    expect(problem!.detail).toMatch(/blue\/green deployment waits at POST_TEST_TRAFFIC_SHIFT .* ECS rolls back by itself/);
    // The canary baking is in progress: its service stays "rolling", with no problem of its own.
    expect(serviceHealth('cart')).toMatchObject({ state: 'progress', word: 'rolling' });
  });

  it('marks the bad canary failing when its alarm fires, then rolled back, and notifies the rollback once', async () => {
    const start = await listUntil('recommendations in progress', (x) => Boolean(find(x, 'recommendations', 'IN_PROGRESS')?.stage));
    const arn = find(start, 'recommendations', 'IN_PROGRESS')!.serviceDeploymentArn;
    // Time moves in 10 s steps, the deployment in focus (read again at each look), until the rollback ends.
    const seen: string[] = [];
    const failingWords = new Set<string>();
    let reason = '';
    for (let i = 0; i < 60; i++) {
      sim.clock.advance(10_000);
      const r = (await callCoreOk(core, 'deployments.detail', { serviceDeploymentArn: arn })).summary;
      if (seen[seen.length - 1] !== r.verdict.section) seen.push(r.verdict.section);
      if (r.verdict.section === 'failing') {
        reason = r.verdict.reason ?? '';
        failingWords.add(r.verdict.word);
        // The service's record says the same word in the failing colour: the inventory folds
        // the deployments' problems in as soon as they change (within the same look).
        expect(serviceHealth('recommendations')).toMatchObject({ state: 'failed', word: r.verdict.word });
      }
      if (r.status === 'ROLLBACK_SUCCESSFUL') break;
    }
    expect(seen).toEqual(['in-progress', 'failing', 'finished']);
    expect([...failingWords].some((w) => w === 'alarm' || w === 'rolling back')).toBe(true);
    expect(reason).toMatch(/recommendations-5xx/);
    const notes = await until('the rollback notification', () => {
      const n = notificationsOf('deployment-rolled-back');
      return n.length ? n : undefined;
    });
    // More cycles do not notify it again.
    await list();
    await list();
    expect(notificationsOf('deployment-rolled-back').filter((n) => n.title.startsWith('recommendations'))).toHaveLength(1);
    expect(notes[0].detail).toMatch(/alarm/);
  });
});

/** A second paused deployment: cart redeployed (CANARY) with a PAUSE hook after its scale-up, the sim's clock moved until it waits. */
async function pauseCart(): Promise<void> {
  const ecs = new ECSClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 });
  await ecs.send(
    new UpdateServiceCommand({
      cluster: 'prod-fargate',
      service: 'cart',
      forceNewDeployment: true,
      deploymentConfiguration: {
        strategy: 'CANARY',
        bakeTimeInMinutes: 5,
        canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: 30 },
        lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_SCALE_UP'], timeoutConfiguration: { timeoutInMinutes: 60, action: 'ROLLBACK' } } as never],
      },
    }),
  );
  for (let i = 0; i < 40; i++) {
    const { serviceDeployments } = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod-fargate', service: 'cart', maxResults: 1 }));
    const [d] = (await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [serviceDeployments![0].serviceDeploymentArn!] }))).serviceDeployments!;
    if (d.lifecycleHookDetails?.some((h) => h.status === 'AWAITING_ACTION')) break;
    sim.clock.advance(15_000);
  }
  ecs.destroy();
}

function serviceHealth(name: string) {
  const fargate = `arn:aws:ecs:us-east-1:${sim.accountId}:cluster/prod-fargate`;
  return core.services.inventory.snapshot(fargate).services.find((s) => s.name === name)?.health;
}

function notificationsOf(kind: string): AppNotification[] {
  try {
    const file = JSON.parse(readFileSync(join(dataDir, 'notifications.json'), 'utf8')) as { recent: AppNotification[] };
    return file.recent.filter((n) => n.kind === kind);
  } catch {
    return [];
  }
}

describe('a deployment in detail', () => {
  it('the paused blue/green: stages with times, traffic, target health of both revisions, hooks, the revision diff with the changed token', async () => {
    const l = await listUntil('storefront', (x) => Boolean(find(x, 'storefront', 'IN_PROGRESS')?.awaiting));
    const detail = await callCoreOk(core, 'deployments.detail', { serviceDeploymentArn: find(l, 'storefront', 'IN_PROGRESS')!.serviceDeploymentArn });
    expect(detail.stages.map((s) => `${s.stage}:${s.state}`)).toEqual([
      'PRE_SCALE_UP:done', 'SCALE_UP:done', 'POST_SCALE_UP:done', 'TEST_TRAFFIC_SHIFT:done', 'POST_TEST_TRAFFIC_SHIFT:now',
      'PRODUCTION_TRAFFIC_SHIFT:todo', 'POST_PRODUCTION_TRAFFIC_SHIFT:todo', 'BAKE_TIME:todo', 'CLEAN_UP:todo',
    ]);
    for (const s of detail.stages.filter((x) => x.state !== 'todo')) expect(s.startedAt).toBeLessThan(sim.clock.now());
    expect(detail.config).toMatchObject({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 10, alarmNames: ['storefront-5xx'] });
    expect(detail.hooks.find((h) => h.targetType === 'PAUSE')).toMatchObject({ status: 'AWAITING_ACTION' });
    expect(detail.alarms).toEqual([expect.objectContaining({ name: 'storefront-5xx', state: 'OK' })]);
    await until('both revisions read', () => detail.targetHealth.source && detail.targetHealth.target ? true : undefined, 1).catch(() => undefined);
    const again = await callCoreOk(core, 'deployments.detail', { serviceDeploymentArn: detail.summary.serviceDeploymentArn });
    expect(again.targetHealth.source?.counts).toMatchObject({ healthy: 4, total: 4 });
    expect(again.targetHealth.target?.counts).toMatchObject({ healthy: 4, total: 4 });
    expect(again.targetHealth.target!.targets.every((t) => t.taskArn?.includes(':task/prod-fargate/'))).toBe(true);
    expect(again.traffic.at(-1)).toMatchObject({ production: 0, test: 100 });
    const image = again.diff.find((d) => d.field === 'app image')!;
    expect(image.change).toBe('changed');
    expect(image.before.filter((t) => t.changed).map((t) => t.text).join('')).toMatch(/^\d+$/);
    expect(image.after.filter((t) => t.changed).map((t) => t.text).join('')).toMatch(/^\d+$/);
    expect(again.source!.taskDefinitionLabel).toMatch(/^shop-storefront:\d+$/);
  });
});

describe('steering a deployment', () => {
  it('approve the paused hook: refused without the right name, done once for a repeated request, audited; traffic shifts; SUCCESSFUL', async () => {
    const l = await listUntil('storefront', (x) => Boolean(find(x, 'storefront', 'IN_PROGRESS')?.awaiting));
    const sf = find(l, 'storefront', 'IN_PROGRESS')!;
    const args = { serviceDeploymentArn: sf.serviceDeploymentArn, hookId: sf.awaiting!.hookId, action: 'CONTINUE', requestId: 'approve-storefront-1' };
    const wrong = await callCore(core, 'deployments.continue', { ...args, confirmation: 'cart' });
    expect(wrong.ok ? null : wrong.error.code).toBe('NOT_CONFIRMED');
    const [first, second] = await Promise.all([
      callCoreOk(core, 'deployments.continue', { ...args, confirmation: 'storefront' }),
      callCoreOk(core, 'deployments.continue', { ...args, confirmation: 'storefront' }),
    ]);
    expect(first.action).toBe('deployment.continue');
    expect([first.replayed, second.replayed].sort()).toEqual([false, true]);
    expect(exchanges.filter((e) => e.operation === 'ContinueServiceDeployment')).toHaveLength(1);
    const audit = readFileSync(join(dataDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { action: string; result: string; region: string });
    expect(audit.filter((a) => a.action === 'deployment.continue').map((a) => a.result)).toEqual(['refused', 'ok']);
    sim.clock.advance(MINUTE);
    await listUntil('production traffic on the new revision', (x) => find(x, 'storefront')?.productionWeight === 100);
    sim.clock.advance(12 * MINUTE);
    const done = await listUntil('storefront successful', (x) => find(x, 'storefront', 'SUCCESSFUL') !== undefined && find(x, 'storefront', 'IN_PROGRESS') === undefined);
    expect(find(done, 'storefront', 'SUCCESSFUL')!.verdict).toMatchObject({ tone: 'succeeded', section: 'finished' });
    await until('bake finished notified', () => (notificationsOf('deployment-bake-finished').length ? true : undefined));
    expect(notificationsOf('deployment-awaiting-approval').filter((n) => n.title.startsWith('storefront'))).toHaveLength(1);
  });

  it('approve two paused deployments after one typed confirmation: each its own intent, once, audited each; a wrong count refuses all', async () => {
    await listUntil('storefront paused', (x) => Boolean(find(x, 'storefront', 'IN_PROGRESS')?.awaiting));
    await pauseCart();
    const l = await listUntil('cart paused too', (x) => Boolean(find(x, 'cart', 'IN_PROGRESS')?.awaiting) && Boolean(find(x, 'storefront', 'IN_PROGRESS')?.awaiting), 60_000);
    const paused = l.deployments.filter((d) => d.verdict.section === 'needs-action');
    expect(paused.map((d) => d.serviceName).sort()).toEqual(['cart', 'storefront']);
    const items = paused.map((d) => ({ serviceDeploymentArn: d.serviceDeploymentArn, region: d.region, hookId: d.awaiting!.hookId }));

    // A count that is not the list's (it grew or shrank since the dialog opened): every one refused, nothing sent.
    const wrong = await callCoreOk(core, 'deployments.continueMany', { items, action: 'CONTINUE', confirmation: bulkConfirmation('CONTINUE', 3), requestId: 'bulk-approve-0' });
    expect(wrong.results.map((r) => [r.serviceName, r.result, r.code])).toEqual(expect.arrayContaining([['cart', 'refused', 'NOT_CONFIRMED'], ['storefront', 'refused', 'NOT_CONFIRMED']]));
    expect(exchanges.filter((e) => e.operation === 'ContinueServiceDeployment')).toHaveLength(0);

    const args = { items, action: 'CONTINUE' as const, confirmation: 'approve 2', requestId: 'bulk-approve-1' };
    expect(bulkConfirmation('CONTINUE', 2)).toBe('approve 2');
    const [first, again] = await Promise.all([callCoreOk(core, 'deployments.continueMany', args), callCoreOk(core, 'deployments.continueMany', args)]);
    expect(first.results.map((r) => r.result)).toEqual(['done', 'done']);
    expect(again.results.map((r) => r.result)).toEqual(['done', 'done']);
    // Exactly once per hook, however often the bulk request is sent.
    expect(exchanges.filter((e) => e.operation === 'ContinueServiceDeployment')).toHaveLength(2);
    const audit = readFileSync(join(dataDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { action: string; result: string; target: string });
    const ok = audit.filter((a) => a.action === 'deployment.continue' && a.result === 'ok');
    expect(ok.map((a) => a.target).sort()).toEqual(items.map((i) => i.serviceDeploymentArn).sort());
    expect(audit.filter((a) => a.action === 'deployment.continue' && a.result === 'refused')).toHaveLength(2);

    // A hook already acted on fails on its own with ECS's error, under a new request.
    const late = await callCoreOk(core, 'deployments.continueMany', { items: items.slice(0, 1), action: 'ROLLBACK', confirmation: 'roll back 1', requestId: 'bulk-rollback-1' });
    expect(late.results[0]).toMatchObject({ result: 'failed' });
    expect(late.results[0].message).toMatch(/hook|AWAITING|not/i);
  });

  it('stop the canary with ABORT: STOPPED where it is; then nothing more to stop', async () => {
    const l = await listUntil('cart', (x) => Boolean(find(x, 'cart', 'IN_PROGRESS')?.stage));
    const cart = find(l, 'cart', 'IN_PROGRESS')!;
    const out = await callCoreOk(core, 'deployments.stop', { serviceDeploymentArn: cart.serviceDeploymentArn, stopType: 'ABORT', confirmation: 'cart', requestId: 'abort-cart-0001' });
    expect(out).toMatchObject({ action: 'deployment.abort', replayed: false });
    const after = await listUntil('cart stopped', (x) => find(x, 'cart')?.status === 'STOPPED');
    expect(find(after, 'cart')).toMatchObject({ verdict: { tone: 'stopped', section: 'finished' }, productionWeight: 5 });
    const again = await callCore(core, 'deployments.stop', { serviceDeploymentArn: cart.serviceDeploymentArn, stopType: 'ROLLBACK', confirmation: 'cart', requestId: 'abort-cart-0002' });
    expect(again.ok).toBe(false);
  });

  it('a deployment rolled back by hand (the paused hook rolled back) is notified once, with ECS\'s reason', async () => {
    const l = await listUntil('storefront', (x) => Boolean(find(x, 'storefront', 'IN_PROGRESS')?.awaiting));
    const sf = find(l, 'storefront', 'IN_PROGRESS')!;
    await callCoreOk(core, 'deployments.continue', { serviceDeploymentArn: sf.serviceDeploymentArn, hookId: sf.awaiting!.hookId, action: 'ROLLBACK', confirmation: 'storefront', requestId: 'rollback-storefront-1' });
    for (let i = 0; i < 20 && find(await list(), 'storefront')?.status !== 'ROLLBACK_SUCCESSFUL'; i++) sim.clock.advance(15_000);
    const notes = await until('the rollback notification', () => {
      const n = notificationsOf('deployment-rolled-back').filter((x) => x.title.startsWith('storefront'));
      return n.length ? n : undefined;
    });
    await list();
    await list();
    expect(notificationsOf('deployment-rolled-back').filter((x) => x.title.startsWith('storefront'))).toHaveLength(1);
    expect(notes[0].detail).toMatch(/ContinueServiceDeployment|rolled back/i);
    // Nothing else about it: no bake finished for a deployment that rolled back.
    expect(notificationsOf('deployment-bake-finished').filter((x) => x.title.startsWith('storefront'))).toHaveLength(0);
  });

  it('the timeout warning comes once, five minutes before the hook times out', async () => {
    const l = await listUntil('storefront', (x) => Boolean(find(x, 'storefront', 'IN_PROGRESS')?.awaiting));
    const expiresAt = find(l, 'storefront', 'IN_PROGRESS')!.awaiting!.expiresAt!;
    sim.clock.advance(expiresAt - sim.clock.now() - 4 * MINUTE);
    await until('timeout warning', () => (notificationsOf('deployment-timeout-soon').length ? true : undefined), 20_000);
    await list();
    expect(notificationsOf('deployment-timeout-soon')).toHaveLength(1);
  });
});

describe('read-only', () => {
  beforeEach(async () => {
    await core.close();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
    await start({ readOnly: true });
  });

  it('refuses approve and stop in core, audited, with no call to ECS', async () => {
    const l = await listUntil('storefront', (x) => Boolean(find(x, 'storefront', 'IN_PROGRESS')?.awaiting));
    const sf = find(l, 'storefront', 'IN_PROGRESS')!;
    const approve = await callCore(core, 'deployments.continue', { serviceDeploymentArn: sf.serviceDeploymentArn, hookId: sf.awaiting!.hookId, action: 'CONTINUE', confirmation: 'storefront', requestId: 'ro-approve-01' });
    const stop = await callCore(core, 'deployments.stop', { serviceDeploymentArn: sf.serviceDeploymentArn, stopType: 'ROLLBACK', confirmation: 'storefront', requestId: 'ro-stop-0001' });
    expect([approve, stop].map((a) => (a.ok ? 'ok' : a.error.code))).toEqual(['READ_ONLY', 'READ_ONLY']);
    expect(exchanges.filter((e) => e.operation === 'ContinueServiceDeployment' || e.operation === 'StopServiceDeployment')).toEqual([]);
  });
});

describe('history', () => {
  it("a service's 30 days, with outcome, duration, rollback reason and who registered the revision", async () => {
    const h = await callCoreOk(core, 'deployments.history', { clusterArn: `arn:aws:ecs:us-east-1:${sim.accountId}:cluster/prod-fargate`, serviceName: 'storefront' });
    expect(h.rows.length).toBeGreaterThanOrEqual(15);
    const tones = h.rows.map((r) => r.verdict.tone);
    for (const tone of ['succeeded', 'rolled-back', 'stopped']) expect(tones).toContain(tone);
    const rolled = h.rows.find((r) => r.status === 'ROLLBACK_SUCCESSFUL')!;
    expect(rolled.statusReason).toMatch(/rolled back/);
    expect(rolled.durationMs).toBeGreaterThan(MINUTE);
    expect(h.rows.filter((r) => r.startedBy).length).toBeGreaterThan(10);
    expect(h.rows.find((r) => r.startedBy)!.startedBy).toBe('role github-actions-deploy');
  });
});

describe('the API budget', () => {
  it("reads the inventory a few times per look, not once per tracked deployment (at 5,000 services each read copies 25,000 tasks)", async () => {
    // The demo's deployments are found a few services per cycle: wait for most of them (26 in all).
    await listUntil('most of the demo deployments', (l) => demoFour(l) && l.deployments.length >= 15);
    const reads = vi.spyOn(core.services.inventory, 'clusterRecords');
    await list();
    // One read per deployment made it 109 for one list of 26 (9 now).
    expect(reads.mock.calls.length).toBeLessThanOrEqual(12);
    reads.mockRestore();
  });

  it('reads only what is in motion: steady calls per minute for the demo, no throttles', { timeout: 60_000 }, async () => {
    await listUntil('the demo deployments', demoFour);
    const before = exchanges.length;
    const startedAt = Date.now();
    await new Promise((r) => setTimeout(r, 20_000));
    const mine = exchanges.slice(before).filter((e) => ['DescribeServiceDeployments', 'ListServiceDeployments', 'DescribeRules', 'DescribeTargetHealth', 'DescribeAlarms', 'DescribeServiceRevisions'].includes(e.operation));
    const perMinute = (mine.length / (Date.now() - startedAt)) * 60_000;
    // A service is listed once while its deployments do not change (the sweep may find other clusters' services
    // for the first time meanwhile), and a revision is never described twice.
    const all = exchanges.filter((e) => e.operation === 'ListServiceDeployments').map((e) => `${(e.input as { cluster?: string }).cluster}/${(e.input as { service?: string }).service}`);
    const listedTwice = mine.filter((e) => e.operation === 'ListServiceDeployments').map((e) => `${(e.input as { cluster?: string }).cluster}/${(e.input as { service?: string }).service}`).filter((k) => all.filter((x) => x === k).length > 1);
    expect(listedTwice).toEqual([]);
    const revisions = exchanges.filter((e) => e.operation === 'DescribeServiceRevisions').flatMap((e) => (e.input as { serviceRevisionArns: string[] }).serviceRevisionArns);
    expect(revisions.length).toBe(new Set(revisions).size);
    // 4 in progress: 1 describe + 1 rules call / 10 s, 4 target groups / 30 s, 1 alarms call / 30 s = ~22/min.
    const breakdown = mine.map((e) => `${e.operation} ${JSON.stringify(e.input).slice(0, 120)}`).join('\n');
    expect(perMinute, breakdown).toBeLessThan(40);
    const l = await list();
    expect(l.budget.throttled).toBe(0);
    expect(l.budget.callsPerMinute).toBeGreaterThan(0);
    const summary: DeploymentSummary | undefined = find(l, 'storefront');
    expect(summary).toBeDefined();
  });
});
