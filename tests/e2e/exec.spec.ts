import type { Locator, Page } from '@playwright/test';
import { expect, openWharf, simAdmin, test } from './fixtures';
import type { WebMode } from './web-mode.cjs';

/**
 * ECS Exec end to end on the demo scenario: a shell from the jump box into a task of an
 * exec-enabled service (checkout, on Fargate), a command through the real protocol to the sim's
 * pty, a resize the shell sees, and closing the tab ends the session in the sim's agent.
 * The terminal's text is read from xterm's DOM rows; its grid from the pane's data attributes.
 */

// Each test waits for a cluster's first inventory load and a real shell; on a busy two-core
// machine that can take longer than the default 30 s.
test.describe.configure({ timeout: 60_000 });

interface AgentSession {
  sessionId: string;
  state: string;
  containerName: string;
}

/** The sim's exec agent lists its sessions on an admin route next to its data channel (with the sim's secret). */
async function agentSessions(_page: Page, simEndpoint: string | null): Promise<AgentSession[]> {
  if (!simEndpoint) throw new Error('Browser mode did not report its sim endpoint (the Demo account needs the embedded sim).');
  const state = await simAdmin<{ execAgent: string }>(simEndpoint, '/__sim/state');
  const listing = await simAdmin<{ sessions: AgentSession[] }>(simEndpoint, '/admin/exec-sessions', undefined, state.execAgent);
  return listing.sessions;
}

function screenText(terminal: Locator): Promise<string> {
  return terminal.locator('.xterm-rows').innerText();
}

async function grid(terminal: Locator): Promise<{ cols: number; rows: number }> {
  return { cols: Number(await terminal.getAttribute('data-cols')), rows: Number(await terminal.getAttribute('data-rows')) };
}

/** Runs `stty size` until it prints the grid the terminal shows (the resize is debounced). */
async function expectSttySize(page: Page, terminal: Locator, want: { cols: number; rows: number }): Promise<void> {
  await expect(async () => {
    await page.keyboard.type('echo size=$(stty size)');
    await page.keyboard.press('Enter');
    await expect.poll(async () => [...(await screenText(terminal)).matchAll(/size=(\d+)\s(\d+)/g)].at(-1)?.slice(1).join(' '), { timeout: 2000 }).toBe(`${want.rows} ${want.cols}`);
  }).toPass({ timeout: 10_000 });
}

/** Opens a shell into a checkout task from the jump box and waits for the prompt. */
async function openCheckoutShell(page: Page, wharf: WebMode): Promise<{ pane: Locator; terminal: Locator; sessionId: string }> {
  await openWharf(page, wharf, '/clusters/prod-fargate/tasks');
  // The list fills as the inventory arrives; so does the jump box.
  await page.locator('body').press(':');
  await page.getByRole('combobox', { name: 'Jump to' }).fill('open shell checkout');
  await expect(page.getByRole('option').filter({ hasText: /^Open shell in checkout/ }).first()).toBeVisible({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  const pane = page.getByTestId('exec-pane');
  await expect(pane).toHaveAttribute('data-phase', 'open', { timeout: 15_000 });
  const sessionId = (await pane.getAttribute('data-session-id'))!;
  expect(sessionId).toMatch(/^ecs-execute-command-/);
  const terminal = page.getByTestId('exec-terminal');
  await expect(terminal.locator('.xterm-rows')).toContainText('#', { timeout: 10_000 }); // the prompt
  await terminal.click();
  return { pane, terminal, sessionId };
}

test('a shell from the jump box: echo wharf-42, and stty size follows the pane', async ({ page, wharf, consoleProblems }) => {
  const { pane, terminal } = await openCheckoutShell(page, wharf);
  await expect(page.getByTestId('status-exec')).toHaveText(/exec: 1 open/);
  await expect(pane).toContainText('prod-fargate');
  await expect(pane).toContainText('checkout');

  await page.keyboard.type('echo wharf-$((6*7))');
  await page.keyboard.press('Enter');
  await expect(terminal.locator('.xterm-rows')).toContainText('wharf-42');

  // The shell starts at the pane's size...
  const before = await grid(terminal);
  expect(before.cols).toBeGreaterThan(20);
  await expectSttySize(page, terminal, before);

  // ...and hears about every change: raise the dock (more rows), narrow the window (fewer columns).
  await page.getByTestId('dock-raise').click();
  await page.setViewportSize({ width: 960, height: 800 });
  await expect.poll(async () => (await grid(terminal)).rows).toBeGreaterThan(before.rows);
  await expect.poll(async () => (await grid(terminal)).cols).toBeLessThan(before.cols);
  await terminal.click();
  await expectSttySize(page, terminal, await grid(terminal));
  await page.getByTestId('exec-tab-close').click();
  expect(consoleProblems).toEqual([]);
});

test('the shell outlives a lowered dock, navigation and a reload; closing its tab ends the session in the sim', async ({ page, wharf }) => {
  const { pane, terminal, sessionId } = await openCheckoutShell(page, wharf);
  await page.keyboard.type('echo kept-$((1+1))');
  await page.keyboard.press('Enter');
  await expect(terminal.locator('.xterm-rows')).toContainText('kept-2');

  // Lowering the dock keeps the shell and its scrollback; raising it shows them again.
  await page.getByRole('button', { name: 'Close the dock' }).click();
  await expect(terminal).toHaveCount(0);
  await page.getByTestId('status-exec').click();
  await expect(terminal.locator('.xterm-rows')).toContainText('kept-2');

  await page.evaluate(() => (window.location.hash = '/settings'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
  await expect(pane).toHaveAttribute('data-phase', 'open');
  expect((await agentSessions(page, wharf.simEndpoint)).find((s) => s.sessionId === sessionId)?.state).toBe('running');

  // A reloaded window finds the session main still holds and gives it its tab back.
  await page.reload();
  await page.getByTestId('status-exec').click();
  await expect(pane).toHaveAttribute('data-session-id', sessionId);
  await expect(pane).toHaveAttribute('data-phase', 'open');
  await terminal.click();
  await page.keyboard.type('echo back-$((4*4))');
  await page.keyboard.press('Enter');
  await expect(terminal.locator('.xterm-rows')).toContainText('back-16');

  await page.getByTestId('exec-tab-close').click();
  await expect(page.getByTestId('exec-tab')).toHaveCount(0);
  await expect.poll(async () => (await agentSessions(page, wharf.simEndpoint)).find((s) => s.sessionId === sessionId)?.state).toBe('ended');
  await expect(page.getByTestId('status-exec')).toHaveCount(0);
});

test('a session ended by the agent says why, and Reconnect opens a new one in the same tab', async ({ page, wharf }) => {
  const { pane, sessionId: first } = await openCheckoutShell(page, wharf);

  // The service ends the session (as when the task stops): the agent closes the channel.
  const state = await simAdmin<{ execAgent: string }>(wharf.simEndpoint, '/__sim/state');
  expect(await simAdmin(wharf.simEndpoint, `/admin/exec-sessions/${first}/terminate`, {}, state.execAgent)).toEqual({ terminated: true });
  await expect(pane).toHaveAttribute('data-phase', 'closed');
  await expect(page.getByTestId('exec-ended')).toContainText(/^The session ended/);
  await expect(page.getByTestId('status-exec')).toHaveText(/exec: 0 open/);

  await page.getByTestId('exec-reconnect').click();
  await expect(pane).toHaveAttribute('data-phase', 'open', { timeout: 15_000 });
  await expect(page.getByTestId('exec-tab')).toHaveCount(1);
  expect(await pane.getAttribute('data-session-id')).not.toBe(first);
  await page.getByTestId('exec-terminal').click();
  await page.keyboard.type('echo again-$((2+3))');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('exec-terminal').locator('.xterm-rows')).toContainText('again-5');
  await page.getByTestId('exec-tab-close').click();
});

test("the task page's exec button: a KMS-encrypted shell into web on EC2, and a disabled button that says why", async ({ page, wharf }) => {
  const runningRow = (service: string) => page.getByTestId('task-row').filter({ hasText: service }).filter({ hasText: 'running' }).first();

  // A service without exec: the button is disabled and its tooltip says what to change.
  await openWharf(page, wharf, '/clusters/prod-fargate/tasks');
  await runningRow('notifications').getByTestId('task-link').click();
  const button = page.getByTestId('action-exec');
  await expect(button).toBeDisabled();
  await button.locator('xpath=..').hover();
  await expect(page.getByText('Exec is not enabled on this task.').last()).toBeVisible();
  await expect(page.getByText(/enableExecuteCommand for the service notifications/).last()).toBeVisible();

  // web on prod-ec2: exec enabled, the cluster's KMS key encrypts the session.
  await page.evaluate(() => (window.location.hash = '/clusters/prod-ec2/tasks'));
  await runningRow('web').getByTestId('task-link').click();
  await page.getByTestId('action-exec').click();
  const pane = page.getByTestId('exec-pane');
  await expect(pane).toHaveAttribute('data-phase', 'open', { timeout: 15_000 });
  await expect(pane).toContainText('prod-ec2');
  await expect(pane).toContainText('KMS');
  await page.getByTestId('exec-terminal').click();
  await page.keyboard.type('echo enc-$((40+2))');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('exec-terminal').locator('.xterm-rows')).toContainText('enc-42');
  await page.getByTestId('exec-tab-close').click();
  await expect(page.getByTestId('exec-tab')).toHaveCount(0);
});

test('terminal keys: Ctrl+= enlarges the text (fewer columns, told to the shell), Ctrl+Shift+F finds in the scrollback', async ({ page, wharf }) => {
  const { terminal } = await openCheckoutShell(page, wharf);
  await page.keyboard.type('echo needle-$((3*3))');
  await page.keyboard.press('Enter');
  await expect(terminal.locator('.xterm-rows')).toContainText('needle-9');

  const before = await grid(terminal);
  await page.keyboard.press('Control+=');
  await page.keyboard.press('Control+=');
  await expect.poll(async () => (await grid(terminal)).cols).toBeLessThan(before.cols);
  await expectSttySize(page, terminal, await grid(terminal));

  await page.keyboard.press('Control+Shift+F');
  const find = page.getByRole('textbox', { name: 'Find in the terminal' });
  await expect(find).toBeFocused();
  await find.fill('needle-9');
  await find.press('Enter');
  await expect(page.getByText('No match')).toHaveCount(0);
  await find.fill('not-in-the-scrollback');
  await find.press('Enter');
  await expect(page.getByText('No match')).toBeVisible();
  await find.press('Escape');
  await expect(find).toHaveCount(0);
  await page.getByTestId('exec-tab-close').click();
});

test('a dropped shell says what happened in words, not as a close code', async ({ page, wharf }) => {
  const { pane } = await openCheckoutShell(page, wharf);
  // A flaky network: the agent's socket is cut (no close frame: the client sees 1006).
  await simAdmin(wharf.simEndpoint, '/__sim/faults', { execDropAfterSeconds: 0.2 });
  try {
    await expect(pane).toHaveAttribute('data-phase', 'closed', { timeout: 15_000 });
    const ended = page.getByTestId('exec-ended');
    await expect(ended).toContainText('The connection to the container dropped without warning');
    await expect(ended).toContainText('Reconnect');
    await expect(ended).not.toContainText('1006');
    await expect(ended).not.toContainText(/code \d+/);
  } finally {
    await simAdmin(wharf.simEndpoint, '/__sim/faults', { execDropAfterSeconds: 0 });
  }
});
