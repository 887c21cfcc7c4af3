import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { DeleteRuleCommand, EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand, RemoveTargetsCommand } from '@aws-sdk/client-eventbridge';
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { expect, openWharf, goToRoute, test as base, browserMode, callContract, WORKER_WHARF } from './fixtures';
import type { WebMode } from './web-mode.cjs';

/**
 * Live events from Settings on the demo scenario, checked in the sim with the AWS SDK:
 * set-up (the typed profile name; audited) makes the rule, its target and the queue; the
 * status bar says "live"; a service scaled with the SDK shows its new count in the services
 * table from ECS's events (while live, polling re-reads the cluster only every 10 minutes);
 * a deleted rule is a gap: the status bar says "polling", Settings says why, a change still
 * reaches the screen by polling, and "Set up again" heals it; removal deletes the rule, its
 * target and the queue and brings "polling · data N s old" back; a read-only profile may not
 * set it up. Its own Wharf: it changes the sim (the read-only test first: a deleted queue's
 * name cannot be used again for 60 s).
 */
const test = base.extend<object, { wharf: WebMode }>({ wharf: [browserMode({ seed: 7 }), WORKER_WHARF] });

const RULE = 'wharf-live-ecs-events';

interface Sdk {
  ecs: ECSClient;
  events: EventBridgeClient;
  sqs: SQSClient;
  destroy(): void;
}

function sdkOf(wharf: WebMode): Sdk {
  if (!wharf.simEndpoint || !wharf.simCredentials) throw new Error('browser mode started without the demo sim');
  const config = { endpoint: wharf.simEndpoint, region: 'us-east-1', credentials: wharf.simCredentials, maxAttempts: 1 };
  const ecs = new ECSClient(config);
  const events = new EventBridgeClient(config);
  const sqs = new SQSClient(config);
  return { ecs, events, sqs, destroy: () => [ecs, events, sqs].forEach((c) => c.destroy()) };
}

/** What of live events exists in the sim: Wharf's rule, the rule's targets, Wharf's queues (and the first one's retention). */
async function inAws(sdk: Sdk): Promise<{ rule: string | null; targets: string[]; queues: string[]; retention: string | null }> {
  const rules = (await sdk.events.send(new ListRulesCommand({ NamePrefix: RULE }))).Rules ?? [];
  const rule = rules.find((r) => r.Name === RULE) ?? null;
  const targets = rule ? ((await sdk.events.send(new ListTargetsByRuleCommand({ Rule: RULE }))).Targets ?? []).map((t) => t.Arn ?? '') : [];
  const queues = (await sdk.sqs.send(new ListQueuesCommand({ QueueNamePrefix: RULE }))).QueueUrls ?? [];
  const retention = queues.length ? ((await sdk.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queues[0], AttributeNames: ['MessageRetentionPeriod'] }))).Attributes?.MessageRetentionPeriod ?? null) : null;
  return { rule: rule?.Name ?? null, targets, queues, retention };
}

/** The live-events entries of the audit log core wrote: action and result, in order. */
function liveAudit(wharf: WebMode): string[] {
  let text = '';
  try {
    text = readFileSync(join(wharf.dataDir, 'audit.jsonl'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { action: string; result: string })
    .filter((e) => e.action.startsWith('live.'))
    .map((e) => `${e.action} ${e.result}`);
}

/** Settings > Live events > "Set up…" (or "Set up again…"), the profile's name typed, applied. */
async function setUp(page: Page, id: 'live-setup' | 'live-repair'): Promise<void> {
  await page.getByTestId(`action-${id}`).click();
  await expect(page.getByTestId(`${id}-sentence`)).toHaveText('Set up live events in Demo account / us-east-1');
  await expect(page.getByTestId(`${id}-apply`)).toBeDisabled();
  await page.getByTestId(`${id}-confirm-input`).fill('Demo account');
  await page.getByTestId(`${id}-confirm-input`).press('Enter');
  await expect(page.getByTestId(`${id}-dialog`)).toBeHidden({ timeout: 20_000 });
}

async function remove(page: Page): Promise<void> {
  await page.getByTestId('action-live-remove').click();
  await expect(page.getByTestId('live-remove-sentence')).toHaveText('Remove live events in Demo account / us-east-1');
  await page.getByTestId('live-remove-confirm-input').fill('Demo account');
  await page.getByTestId('live-remove-apply').click();
  await expect(page.getByTestId('live-remove-dialog')).toBeHidden({ timeout: 20_000 });
}

/** The services table of prod-fargate, the checkout row showing the sim's desired count. */
async function checkoutRow(page: Page, sdk: Sdk) {
  await goToRoute(page, '/clusters/prod-fargate/services');
  const row = page.getByTestId('service-row').filter({ has: page.getByTestId('svc-name').getByText('checkout', { exact: true }) });
  await expect(row).toBeVisible({ timeout: 30_000 });
  const desired = (await sdk.ecs.send(new DescribeServicesCommand({ cluster: 'prod-fargate', services: ['checkout'] }))).services![0].desiredCount!;
  await expect(row.getByTestId('svc-desired')).toHaveText(String(desired), { timeout: 20_000 });
  return { row, desired };
}

const LIVE = /^●?\s*live$/;
const POLLING = /^\W?\s*polling · data \d+[sm] old$/;

test('a read-only profile may not set live events up: the button says why, and core refuses anyway', async ({ page, wharf }) => {
  test.setTimeout(60_000);
  const sdk = sdkOf(wharf);
  try {
    await openWharf(page, wharf, '/settings');
    expect((await callContract(page, 'settings.update', { readOnlyProfiles: ['Demo account'] })).ok).toBe(true);
    const button = page.getByTestId('action-live-setup');
    await expect(button).toBeDisabled();
    await expect(button).toHaveAttribute('aria-description', /Demo account is read-only/);
    const auditBefore = liveAudit(wharf).length;

    const refused = await callContract(page, 'live.setUp', { confirmation: 'Demo account', requestId: 'e2e-live-setup-read-only' });
    expect(refused.ok).toBe(false);
    expect(refused.error?.message).toMatch(/read-only/i);
    expect(await inAws(sdk)).toEqual({ rule: null, targets: [], queues: [], retention: null });
    expect(liveAudit(wharf).slice(auditBefore)).toEqual(['live.setUp refused']);
    await expect(page.getByTestId('live-events').getByTestId('live-state')).toContainText('off');
    expect((await callContract(page, 'settings.update', { readOnlyProfiles: [], confirmation: 'Demo account' })).ok).toBe(true);
  } finally {
    sdk.destroy();
  }
});

test('live events from Settings: set up, a change on screen by event, a deleted rule falls back to polling and heals, removal deletes the rule, its target and the queue', async ({ page, wharf, consoleProblems }) => {
  // The rule is checked once a minute: the gap shows within 60 s of the deletion.
  test.setTimeout(240_000);
  const sdk = sdkOf(wharf);
  try {
    await openWharf(page, wharf, '/settings');
    const panel = page.getByTestId('live-events');
    await expect(panel.getByTestId('live-state')).toContainText('off');
    await expect(page.getByTestId('status-age')).toContainText(/polling · data \d+s old|no data yet/);
    expect(await inAws(sdk)).toEqual({ rule: null, targets: [], queues: [], retention: null });
    const auditBefore = liveAudit(wharf).length;

    // Set up: the rule, its target and Wharf's queue (one day's retention); audited; "live".
    await setUp(page, 'live-setup');
    await expect(panel.getByTestId('live-state')).toContainText('live', { timeout: 30_000 });
    await expect(page.getByTestId('status-age')).toHaveText(LIVE);
    const made = await inAws(sdk);
    expect(made).toMatchObject({ rule: RULE, queues: [expect.stringContaining('wharf-live-ecs-events-')], retention: '86400' });
    expect(made.targets).toEqual([expect.stringMatching(/^arn:aws:sqs:us-east-1:\d{12}:wharf-live-ecs-events-/)]);
    expect(liveAudit(wharf).slice(auditBefore)).toEqual(['live.setUp ok']);

    // While live, polling re-reads the cluster every 10 minutes: the new count comes from events.
    let { row, desired } = await checkoutRow(page, sdk);
    const sentAt = Date.now();
    await sdk.ecs.send(new UpdateServiceCommand({ cluster: 'prod-fargate', service: 'checkout', desiredCount: desired + 2 }));
    await expect(row.getByTestId('svc-desired')).toHaveText(String(desired + 2), { timeout: 15_000 });
    // The goal is 2 s (the benchmark measures its p95); a test records it and asserts the path.
    test.info().annotations.push({ type: 'change-to-screen', description: `${Date.now() - sentAt} ms` });
    await expect(page.getByTestId('status-age')).toHaveText(LIVE);

    // Someone deletes the rule in the account: a gap, said in the status bar and in Settings.
    const targetId = `wharf-${made.targets[0].split('wharf-live-ecs-events-')[1]}`;
    await sdk.events.send(new RemoveTargetsCommand({ Rule: RULE, Ids: [targetId] }));
    await sdk.events.send(new DeleteRuleCommand({ Name: RULE }));
    expect((await inAws(sdk)).rule).toBeNull();
    await expect(page.getByTestId('status-age')).toHaveText(POLLING, { timeout: 90_000 });
    await expect(page.getByTestId('status-age')).toHaveAttribute('title', /Live events stopped: The EventBridge rule wharf-live-ecs-events was deleted/);

    // Polling is back at its usual pace: a change reaches the screen without events.
    ({ row, desired } = await checkoutRow(page, sdk));
    await sdk.ecs.send(new UpdateServiceCommand({ cluster: 'prod-fargate', service: 'checkout', desiredCount: desired + 1 }));
    await expect(row.getByTestId('svc-desired')).toHaveText(String(desired + 1), { timeout: 20_000 });

    await goToRoute(page, '/settings');
    await expect(panel.getByTestId('live-state')).toContainText('gap');
    await expect(panel.getByTestId('live-state')).toContainText("was deleted, so ECS's events no longer reach Wharf's queue. Wharf polls meanwhile.");

    // Set up again: the rule and its target come back to the same queue; live again.
    await setUp(page, 'live-repair');
    await expect(page.getByTestId('status-age')).toHaveText(LIVE, { timeout: 30_000 });
    await expect(panel.getByTestId('live-state')).toContainText('live');
    expect(await inAws(sdk)).toEqual(made);
    expect(liveAudit(wharf).slice(auditBefore)).toEqual(['live.setUp ok', 'live.setUp ok']);

    // Remove: the rule, its target and the queue are gone; polling again.
    await remove(page);
    await expect(panel.getByTestId('live-state')).toContainText('off');
    await expect(page.getByTestId('status-age')).toHaveText(POLLING);
    expect(await inAws(sdk)).toEqual({ rule: null, targets: [], queues: [], retention: null });
    expect(liveAudit(wharf).slice(auditBefore)).toEqual(['live.setUp ok', 'live.setUp ok', 'live.remove ok']);
    expect(consoleProblems).toEqual([]);
  } finally {
    sdk.destroy();
  }
});
