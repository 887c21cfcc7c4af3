/**
 * A click on a desktop notification reaches the renderer as `notifications.opened` with the
 * notification's key; the notifications store turns the key into the notification (reading the
 * list again when the key is new to it), and its place is where the Problems view links to.
 */
import { describe, expect, it, vi } from 'vitest';
import { createApp } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import type { CallResponse, EventMessage } from '@contract/wire';
import type { AppNotification } from '@contract/domains/notifications';
import { createApi } from '../../../src-renderer/api';
import type { Transport } from '../../../src-renderer/api/types';
import { apiKey } from '../../../src-renderer/stores/api-context';
import { useNotificationsStore } from '../../../src-renderer/stores/notifications';
import { placeToLook } from '../../../src-renderer/models/problems/problem-rows';

const crashLoop: AppNotification = {
  key: 'crash-loop:checkout@1000',
  problemId: 'crash-loop:checkout',
  kind: 'crash-loop',
  severity: 'critical',
  clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod',
  region: 'eu-west-1',
  targetArn: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/checkout',
  title: 'checkout is crash-looping',
  detail: '5 tasks stopped in 10 minutes',
  at: 1000,
  read: false,
};

/** A transport whose notifications.list answers `list()`, and which can push events. */
function install(list: () => AppNotification[]) {
  const listeners: Array<(m: EventMessage) => void> = [];
  const calls: string[] = [];
  const transport: Transport = {
    kind: 'electron',
    async call(method): Promise<CallResponse> {
      calls.push(method);
      const result = method === 'notifications.list' ? { notifications: list(), unread: list().length } : null;
      return { kind: 'result', id: calls.length, ok: true, result };
    },
    onEvent: (l) => void listeners.push(l),
    onConnection: (l) => l('open'),
  };
  const app = createApp({});
  const pinia = createPinia();
  app.use(pinia);
  app.provide(apiKey, createApi(transport));
  setActivePinia(pinia);
  const emit = (event: string, payload: unknown): void => listeners.forEach((l) => l({ kind: 'event', event, payload } as EventMessage));
  return { calls, emit, store: app.runWithContext(() => useNotificationsStore()) };
}

describe('opening a clicked desktop notification', () => {
  it('names the listed notification whose key was clicked', async () => {
    const { emit, store } = install(() => [crashLoop]);
    await store.load();
    emit('notifications.opened', { key: crashLoop.key });
    await vi.waitFor(() => expect(store.openRequest).toEqual(crashLoop));
  });

  it('reads the list again when the key is new to it', async () => {
    let known: AppNotification[] = [];
    const { calls, emit, store } = install(() => known);
    await store.load();
    known = [crashLoop];
    emit('notifications.opened', { key: crashLoop.key });
    await vi.waitFor(() => expect(store.openRequest?.key).toBe(crashLoop.key));
    expect(calls.filter((c) => c === 'notifications.list')).toHaveLength(2);
  });

  it('asks for nothing when the key is unknown even after reading the list', async () => {
    const { emit, store } = install(() => []);
    await store.load();
    emit('notifications.opened', { key: 'gone' });
    await new Promise((r) => setTimeout(r, 10));
    expect(store.openRequest).toBeNull();
  });

  it('goes where the Problems view sends the user: the service page for a crash loop', () => {
    expect(placeToLook(crashLoop)).toMatchObject({ name: 'cluster.service', params: { cluster: 'prod', service: 'checkout' } });
  });
});
