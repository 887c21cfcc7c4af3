import type { StatusSnapshot } from '@contract/domains/status';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import type { CallResponse, EventMessage } from '@contract/wire';
import type { WharfErrorShape } from '@contract/errors';
import type { ProfileInfo, SessionInfo } from '@contract/domains/session';
import { createApi } from '../../../src-renderer/api';
import type { ConnectionState, Transport } from '../../../src-renderer/api/types';
import { apiKey } from '../../../src-renderer/stores/api-context';
import { useSessionStore } from '../../../src-renderer/stores/session';
import { usePaletteStore } from '../../../src-renderer/stores/palette';
import { useShortcutStore } from '../../../src-renderer/stores/shortcuts';
import { statusParts } from '../../../src-renderer/models/frame/status-line';

/**
 * The stores against a scripted transport: the boundary where main's answers come in. Each
 * method answers with a result or an error shape, as main would send them.
 */
type Answer = { result: unknown } | { error: WharfErrorShape };

function scriptedTransport(answers: Record<string, (args: unknown) => Answer>) {
  const eventListeners: Array<(m: EventMessage) => void> = [];
  const calls: Array<{ method: string; args: unknown }> = [];
  const transport: Transport = {
    kind: 'web',
    async call(method, args): Promise<CallResponse> {
      calls.push({ method, args });
      const answer = answers[method]?.(args) ?? { error: { code: 'UNKNOWN_METHOD', message: `No answer for ${method}` } };
      return 'result' in answer ? { kind: 'result', id: calls.length, ok: true, result: answer.result } : { kind: 'result', id: calls.length, ok: false, error: answer.error };
    },
    onEvent: (l) => void eventListeners.push(l),
    onConnection: (l: (s: ConnectionState) => void) => l('open'),
  };
  const emit = (event: string, payload: unknown): void => eventListeners.forEach((l) => l({ kind: 'event', event, payload } as EventMessage));
  return { transport, calls, emit };
}

function installStores(transport: Transport): void {
  const app = createApp({});
  const pinia = createPinia();
  app.use(pinia);
  app.provide(apiKey, createApi(transport));
  setActivePinia(pinia);
}

// Typed as the contract's ProfileInfo, so a field the contract gains cannot be missing here.
const demoProfile: ProfileInfo = { name: 'Demo account', kind: 'demo', region: 'eu-west-1', endpointOverride: true, readOnly: false, production: false, accountId: '123456789012' };
const ssoProfile: ProfileInfo = { name: 'prod-admin', kind: 'sso', region: 'eu-west-1', endpointOverride: false, readOnly: false, production: true, accountId: null };

function sessionFor(profile: string, region = 'eu-west-1'): SessionInfo {
  return { profile, kind: 'demo', region, accountId: '123456789012', callerArn: 'arn:aws:iam::123456789012:user/demo', readOnly: false, production: false, demo: profile === 'Demo account', openedAt: 1 };
}

describe('session store', () => {
  let script: ReturnType<typeof scriptedTransport>;

  beforeEach(() => {
    script = scriptedTransport({
      'session.profiles': () => ({ result: { profiles: [demoProfile, ssoProfile], defaultProfile: 'Demo account', regions: [] } }),
      'session.current': () => ({ result: null }),
      'session.open': (args) => {
        const { profile, region } = args as { profile: string; region?: string };
        if (profile === 'prod-admin') {
          return { error: { code: 'CREDENTIALS', message: 'The SSO session for prod-admin has expired.', fix: 'Run aws sso login --profile prod-admin' } };
        }
        return { result: sessionFor(profile, region) };
      },
    });
    installStores(script.transport);
  });

  it('on start lists the profiles and opens the default one', async () => {
    const session = useSessionStore();
    await session.start();
    expect(session.profiles.map((p) => p.name)).toEqual(['Demo account', 'prod-admin']);
    expect(script.calls.map((c) => c.method)).toEqual(['session.profiles', 'session.current', 'session.open']);
    expect(session.current?.profile).toBe('Demo account');
    expect(session.opening).toBeNull();
    expect(session.openError).toBeNull();
  });

  it('keeps the last good session and shows the message and fix when an open fails', async () => {
    const session = useSessionStore();
    await session.start();
    const opened = await session.open('prod-admin');
    expect(opened).toBe(false);
    expect(session.current?.profile).toBe('Demo account');
    expect(session.openError).toMatchObject({
      code: 'CREDENTIALS',
      profile: 'prod-admin',
      message: 'The SSO session for prod-admin has expired.',
      fix: 'Run aws sso login --profile prod-admin',
    });
    expect(session.opening).toBeNull();
  });

  it('switches region within the open profile and clears an old error on success', async () => {
    const session = useSessionStore();
    await session.start();
    await session.open('prod-admin');
    await session.switchRegion('us-east-1');
    expect(session.current).toMatchObject({ profile: 'Demo account', region: 'us-east-1' });
    expect(session.openError).toBeNull();
  });

  it('adopts a session main already has instead of opening another', async () => {
    script = scriptedTransport({
      'session.profiles': () => ({ result: { profiles: [demoProfile], defaultProfile: 'Demo account', regions: ['eu-west-1'] } }),
      'session.current': () => ({ result: sessionFor('Demo account') }),
    });
    installStores(script.transport);
    const session = useSessionStore();
    await session.start();
    expect(session.current?.profile).toBe('Demo account');
    expect(script.calls.some((c) => c.method === 'session.open')).toBe(false);
  });

  it("follows main's session.changed events", async () => {
    const session = useSessionStore();
    await session.start();
    script.emit('session.changed', sessionFor('Demo account', 'ap-south-1'));
    expect(session.current?.region).toBe('ap-south-1');
  });
});

describe('palette and shortcut registries', () => {
  beforeEach(() => installStores(scriptedTransport({}).transport));

  it('registers items and sources, first id wins, and unregisters them', () => {
    const palette = usePaletteStore();
    const names = ['checkout'];
    const offStatic = palette.register([{ id: 'view.problems', label: 'Problems', kind: 'view', run: () => {} }]);
    const offSource = palette.register(() => names.map((n) => ({ id: `service.${n}`, label: n, kind: 'service' as const, run: () => {} })));
    palette.register([{ id: 'view.problems', label: 'Duplicate', kind: 'view', run: () => {} }]);
    expect(palette.items.map((i) => i.label)).toEqual(['Problems', 'checkout', ]);
    offStatic();
    offSource();
    expect(palette.items.map((i) => i.label)).toEqual(['Duplicate']);
  });

  it('lists the binding in force for each key, grouped', () => {
    const shortcuts = useShortcutStore();
    shortcuts.register({ id: 'refresh', keys: ['r'], description: 'Refresh now', group: 'General', run: () => {} });
    const off = shortcuts.register({ id: 'services.refresh', keys: ['r'], description: 'Refresh the services', group: 'General', run: () => {} });
    expect(shortcuts.listing).toEqual([{ group: 'General', shortcuts: [expect.objectContaining({ description: 'Refresh the services' })] }]);
    off();
    expect(shortcuts.listing[0]?.shortcuts[0]?.description).toBe('Refresh now');
  });
});

describe('status bar parts', () => {
  const now = 1_000_000;
  const snapshot: StatusSnapshot = {
    requestsLastMinute: 1234, throttlesLastMinute: 0, errorsLastMinute: 0, throttledTotal: 0, oldestFetchedAt: now - 3_000, lastError: null, categories: [],
    awsClockSkewMs: 0, condition: null, unsupported: [], refreshEveryMs: 5_000, refreshLimitedBy: null, demoSim: null,
  };

  it('says the age, rate, throttles and errors in words', () => {
    expect(statusParts(snapshot, 'open', now).map((p) => p.text)).toEqual(['data 3s old', '1,234 req/min', '0 throttled', '0 errors']);
    expect(statusParts(snapshot, 'open', now).every((p) => p.state === undefined)).toBe(true);
  });

  it('marks stale data, throttles, errors and a lost connection', () => {
    const bad = { ...snapshot, oldestFetchedAt: now - 120_000, throttlesLastMinute: 3, errorsLastMinute: 1, lastError: 'AccessDenied on ListServices' };
    const parts = statusParts(bad, 'closed', now);
    expect(parts.map((p) => [p.id, p.state])).toEqual([
      ['connection', 'failed'],
      ['age', 'degraded'],
      ['rate', undefined],
      ['throttles', 'degraded'],
      ['errors', 'failed'],
    ]);
    expect(parts.find((p) => p.id === 'errors')?.title).toContain('AccessDenied on ListServices');
  });

  it('measures the age against the refresh promise and names the cause core gives', () => {
    // 37 s old at a promise of 40 s (a large cluster within the budget): not old.
    const large = { ...snapshot, oldestFetchedAt: now - 37_000, refreshEveryMs: 40_000, refreshLimitedBy: 'budget' as const };
    expect(statusParts(large, 'open', now)[0]!.text).toBe('data 37s old');
    expect(statusParts(large, 'open', now)[0]!.state).toBeUndefined();
    expect(statusParts(large, 'open', now)[0]!.title).toMatch(/API budget/);
    const throttled = {
      ...snapshot,
      oldestFetchedAt: now - 40_000,
      condition: { kind: 'throttled' as const, message: 'AWS is throttling this account (34 times in the last minute).', fix: 'Nothing to do.', count: 34, recovered: false },
    };
    expect(statusParts(throttled, 'open', now)[0]).toMatchObject({ text: 'data 40s old · throttled', state: 'degraded' });
    // Fresh again: the warning clears itself, whatever the last trouble was.
    expect(statusParts({ ...throttled, oldestFetchedAt: now - 2_000 }, 'open', now)[0]!.text).toBe('data 2s old');
    expect(statusParts({ ...throttled, oldestFetchedAt: now - 2_000 }, 'open', now)[0]!.state).toBeUndefined();
  });

  it('says so when there is no data yet', () => {
    expect(statusParts(null, 'open', now)[0]?.text).toBe('no data yet');
  });
});
