/**
 * The shell's desktop notifier (core's `notify` hook), with `electron` mocked: shown only
 * where the system supports notifications, a click brings the window forward and names the
 * notification to the renderer.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeNotification, resetFakeElectron } from './fake-electron';
import { desktopNotifier } from '../../../src-main/electron/desktop-notifications';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

beforeEach(() => resetFakeElectron());

function setup() {
  const deps = { focusWindow: vi.fn(), opened: vi.fn() };
  return { deps, notify: desktopNotifier(deps) };
}

describe('desktop notifications from the shell', () => {
  it('shows the title and body, and nothing else happens until a click', () => {
    const { deps, notify } = setup();
    notify({ title: 'Deployment failed', body: 'web rolled back to :41', key: 'deployment-failed:web@7' });
    expect(FakeNotification.shown).toHaveLength(1);
    expect(FakeNotification.shown[0].options).toEqual({ title: 'Deployment failed', body: 'web rolled back to :41' });
    expect(deps.focusWindow).not.toHaveBeenCalled();
    expect(deps.opened).not.toHaveBeenCalled();
  });

  it('on click, focuses the window first and then names the notification that was clicked', () => {
    const { deps, notify } = setup();
    notify({ title: 'a', body: 'a', key: 'key-a' });
    notify({ title: 'b', body: 'b', key: 'key-b' });
    FakeNotification.shown[1].fire('click');
    expect(deps.opened).toHaveBeenCalledExactlyOnceWith('key-b');
    expect(deps.focusWindow).toHaveBeenCalledOnce();
    expect(deps.focusWindow.mock.invocationCallOrder[0]).toBeLessThan(deps.opened.mock.invocationCallOrder[0]);
  });

  it('shows nothing where Notification.isSupported() says no', () => {
    FakeNotification.supported = false;
    const { notify } = setup();
    notify({ title: 'a', body: 'a', key: 'k' });
    expect(FakeNotification.shown).toHaveLength(0);
  });
});
