import { callContract, expect, openWharf, simAdmin, test as base } from './fixtures';
import { browserMode, WORKER_WHARF } from './fixtures';
import type { WebMode } from './web-mode.cjs';

/**
 * Ages on AWS's clock (issue 14): the sim here runs at --speed 5, so its clock (its Date
 * header, its timestamps) races ahead of the local one. Every age must be measured on the
 * sim's clock: events stamped in the local future still read their true age (not "0s"), and
 * the incident summary's "As of" is never earlier than its own events.
 */
const test = base.extend<object, { wharf: WebMode }>({ wharf: [browserMode({ seed: 7, speed: 5 }), WORKER_WHARF] });
test.describe.configure({ timeout: 120_000 });

const simNow = async (wharf: WebMode) => Date.parse((await simAdmin<{ now: string }>(wharf.simEndpoint, '/__sim/state')).now);

/** "12s", "3m", "2h" back to ms (the unit's lower bound). */
function ageMs(text: string): number {
  const m = /^(\d+)([smhd])$/.exec(text.trim());
  if (!m) return Number.NaN;
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

test('events stamped in the local future read their age on the sim\'s clock, and the summary is as of after its events', async ({ page, wharf }) => {
  // Let the sim's clock pull at least two minutes ahead of this machine's.
  await expect.poll(async () => (await simNow(wharf)) - Date.now(), { timeout: 60_000, intervals: [2000] }).toBeGreaterThan(120_000);
  await openWharf(page, wharf, '/clusters/prod-ec2/services/ledger');
  await expect(page.getByTestId('service-event').first()).toBeVisible({ timeout: 30_000 });

  await expect
    .poll(
      async () => {
        const now = await simNow(wharf);
        const local = Date.now();
        const events = await page.getByTestId('service-event').evaluateAll((rows) =>
          rows.slice(0, 15).map((r) => ({ at: Date.parse(r.querySelector('time')?.getAttribute('datetime') ?? ''), text: r.querySelector('time')?.textContent ?? '' })),
        );
        // Events newer than the local clock (in its future) that are a minute or more old on the sim's.
        const future = events.filter((e) => e.at > local && now - e.at > 60_000);
        if (future.length === 0) return 'no event in the local future yet';
        const wrong = future.filter((e) => {
          const shown = ageMs(e.text);
          const real = now - e.at;
          // Within the unit shown, and a few seconds of the renderer's clock lagging the sim's between two status updates.
          return !(shown <= real + 15_000 && real - shown < (e.text.endsWith('s') ? 30_000 : 120_000));
        });
        return wrong.length === 0 ? 'true ages' : `shown ${wrong.map((e) => `${e.text} for ${Math.round((now - e.at) / 1000)}s`).join(', ')}`;
      },
      { timeout: 60_000, intervals: [2000] },
    )
    .toBe('true ages');

  // The data's age is this machine's seconds since the last refresh, not minutes of skew.
  await expect(page.getByTestId('status-age')).toHaveText(/^(polling · )?data \d{1,2}s old$/);

  const clusterArn = `arn:aws:ecs:us-east-1:123456789012:cluster/prod-ec2`;
  const summary = await callContract(page, 'summary.service', { clusterArn, serviceName: 'ledger' });
  expect(summary.ok).toBe(true);
  const { markdown, generatedAt } = summary.result as { markdown: string; generatedAt: number };
  const stamps = [...markdown.matchAll(/^- (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) UTC — /gm)].map((m) => Date.parse(`${m[1]!.replace(' ', 'T')}Z`));
  expect(stamps.length).toBeGreaterThan(0);
  expect(generatedAt).toBeGreaterThanOrEqual(Math.max(...stamps));
  expect(generatedAt).toBeGreaterThan(Date.now() + 60_000);
});
