import { describe, expect, it, vi } from 'vitest';
import { createApp } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter, START_LOCATION, type RouteRecordRaw } from 'vue-router';
import type { CallResponse, EventMessage } from '@contract/wire';
import type { SessionInfo } from '@contract/domains/session';
import { createApi } from '../../../src-renderer/api';
import type { Transport } from '../../../src-renderer/api/types';
import { apiKey } from '../../../src-renderer/stores/api-context';
import { routes } from '../../../src-renderer/router/routes';
import { useInventoryFrame } from '../../../src-renderer/composables/useInventoryFrame';
import { focusFromRoute, focusKnown } from '../../../src-renderer/models/inventory/route-focus';
import { CLUSTER_ARN } from './inventory-fixtures';

/**
 * The window's first moments at a cluster's URL: core must hear that cluster as the focus as
 * soon as its ARN can be known, while the view's code is still loading, and never a
 * cluster-less focus first (that would start core's background sweep on the very cluster the
 * window opens, spending the service-read tokens its first load needs; issue 16).
 */

/** The app's routes with views that never finish loading: the first navigation stays pending, as on a busy machine. */
function pendingViews(records: RouteRecordRaw[]): RouteRecordRaw[] {
  return records.map((r) => {
    const copy = { ...r } as RouteRecordRaw & { component?: unknown; children?: RouteRecordRaw[] };
    if ('component' in r && r.component) copy.component = () => new Promise(() => {});
    if (r.children) copy.children = pendingViews(r.children);
    return copy as RouteRecordRaw;
  });
}

const SESSION: SessionInfo = { profile: 'demo', kind: 'demo', region: 'us-east-1', accountId: '123456789012', callerArn: 'arn:aws:iam::123456789012:user/ops', readOnly: false, production: false, demo: true, openedAt: 1 };

function recordingTransport() {
  const listeners: Array<(m: EventMessage) => void> = [];
  const calls: Array<{ method: string; args: unknown }> = [];
  const transport: Transport = {
    kind: 'web',
    async call(method, args): Promise<CallResponse> {
      calls.push({ method, args });
      // Nothing is listed yet: the clusters list stays on its way (the session is what names the ARN).
      if (method === 'inventory.clusters') return new Promise(() => {});
      return { kind: 'result', id: calls.length, ok: false, error: { code: 'NOT_FOUND', message: 'not in this test' } } as CallResponse;
    },
    onEvent: (l) => void listeners.push(l),
    onConnection: (l) => l('open'),
  };
  const emit = (event: string, payload: unknown): void => listeners.forEach((l) => l({ kind: 'event', event, payload } as EventMessage));
  return { transport, calls, emit };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("the window's first focus", () => {
  it('names the cluster in the URL while the view is still loading, and nothing cluster-less is sent before it', async () => {
    const wire = recordingTransport();
    const history = createMemoryHistory();
    history.replace('/clusters/prod/services');
    const router = createRouter({ history, routes: pendingViews(routes) });
    const app = createApp({});
    const pinia = createPinia();
    app.use(pinia);
    app.use(router);
    app.provide(apiKey, createApi(wire.transport));
    setActivePinia(pinia);
    void router.push(history.location);
    // Outside a component its mount hooks have nothing to attach to (Vue says so); the watches are what is tested.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    app.runWithContext(() => useInventoryFrame());
    warn.mockRestore();
    await settle();

    const focuses = () => wire.calls.filter((c) => c.method === 'inventory.focus').map((c) => c.args);
    // No session yet: the cluster's ARN cannot be known, so no focus at all (not a cluster-less one).
    expect(focuses()).toEqual([]);

    wire.emit('session.changed', SESSION);
    await settle();
    expect(router.currentRoute.value).toBe(START_LOCATION); // the view's code has still not arrived
    expect(focuses()).toEqual([{ clusterArn: CLUSTER_ARN, serviceArn: null, taskArn: null, view: 'services' }]);
  });

  it('a focus is known unless the route names a cluster neither the list nor the session can resolve yet', () => {
    const route = { name: 'cluster.services', params: { cluster: 'prod' } };
    const unresolved = focusFromRoute(route, () => null);
    expect(focusKnown(route, unresolved, false)).toBe(false);
    // Listed and not there: an unknown cluster, said as such (a cluster-less focus).
    expect(focusKnown(route, unresolved, true)).toBe(true);
    expect(focusKnown(route, focusFromRoute(route, () => CLUSTER_ARN), false)).toBe(true);
    expect(focusKnown({ name: 'overview', params: {} }, focusFromRoute({ name: 'overview', params: {} }, () => null), false)).toBe(true);
  });
});
