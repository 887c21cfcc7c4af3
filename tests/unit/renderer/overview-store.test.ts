import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import type { CallResponse, EventMessage } from '@contract/wire';
import type { Overview } from '@contract/domains/inventory';
import type { SessionInfo } from '@contract/domains/session';
import { createApi } from '../../../src-renderer/api';
import type { ConnectionState, Transport } from '../../../src-renderer/api/types';
import { apiKey } from '../../../src-renderer/stores/api-context';
import { useOverviewStore } from '../../../src-renderer/stores/overview';
import { useSessionStore } from '../../../src-renderer/stores/session';

/**
 * The overview store only reads: core pushes `inventory.overview` events while the overview is
 * the focus; the store asks for it only when the connection comes back (events sent while it
 * was down are lost). No timer of its own.
 */
const session: SessionInfo = { profile: 'Demo account', kind: 'demo', region: 'us-east-1', accountId: '123456789012', callerArn: 'arn:aws:iam::123456789012:user/demo', readOnly: false, production: false, demo: true, openedAt: 1 };
const summary = (name: string, region = 'eu-west-1') => ({
  arn: `arn:aws:ecs:${region}:123456789012:cluster/${name}`, name, region, status: 'ACTIVE', runningTasksCount: 1, pendingTasksCount: 0, activeServicesCount: 1,
  registeredContainerInstancesCount: 0, capacityProviders: [], problemCount: 0, health: { state: 'healthy' as const, word: 'no problems' }, fetchedAt: 1, stale: false,
});

function harness(answer: Overview) {
  const eventListeners: Array<(m: EventMessage) => void> = [];
  const connectionListeners: Array<(s: ConnectionState) => void> = [];
  const calls: string[] = [];
  const transport: Transport = {
    kind: 'web',
    async call(method): Promise<CallResponse> {
      calls.push(method);
      if (method === 'inventory.overview') return { kind: 'result', id: calls.length, ok: true, result: answer };
      return { kind: 'result', id: calls.length, ok: false, error: { code: 'UNKNOWN_METHOD', message: method } };
    },
    onEvent: (l) => void eventListeners.push(l),
    onConnection: (l) => {
      connectionListeners.push(l);
      l('open');
    },
  };
  const app = createApp({});
  const pinia = createPinia();
  app.use(pinia);
  app.provide(apiKey, createApi(transport));
  setActivePinia(pinia);
  return {
    calls,
    emit: (event: string, payload: unknown) => eventListeners.forEach((l) => l({ kind: 'event', event, payload } as EventMessage)),
    connection: (state: ConnectionState) => connectionListeners.forEach((l) => l(state)),
  };
}

describe('overview store', () => {
  let h: ReturnType<typeof harness>;
  beforeEach(() => {
    h = harness({ clusters: [summary('after-reconnect')], errors: [] });
  });

  it('shows what core sends, and calls nothing itself', () => {
    const overview = useOverviewStore();
    expect(overview.loading).toBe(true);
    h.emit('inventory.overview', { clusters: [summary('eu-edge')], errors: [{ region: 'ap-south-1', message: 'Access denied.' }] });
    expect(overview.remote.map((c) => c.name)).toEqual(['eu-edge']);
    expect(overview.errors).toEqual([{ region: 'ap-south-1', message: 'Access denied.' }]);
    expect(overview.loading).toBe(false);
    expect(h.calls.filter((m) => m.startsWith('inventory.'))).toEqual([]);
  });

  it('asks for the overview once the connection comes back', async () => {
    const overview = useOverviewStore();
    useSessionStore().current = session;
    h.connection('closed');
    h.connection('open');
    await expect.poll(() => overview.remote.map((c) => c.name)).toEqual(['after-reconnect']);
    expect(h.calls.filter((m) => m === 'inventory.overview')).toHaveLength(1);
  });
});
