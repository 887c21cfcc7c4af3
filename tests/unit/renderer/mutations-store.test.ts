import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import type { ActionOutcome } from '@contract/domains/actions';
import type { CallResponse } from '@contract/wire';
import { createApi } from '../../../src-renderer/api';
import type { ConnectionState, Transport } from '../../../src-renderer/api/types';
import { apiKey } from '../../../src-renderer/stores/api-context';
import { useMutationsStore } from '../../../src-renderer/stores/mutations';

/**
 * The mutations store against a transport that plays core: it records every call, answers a
 * mutation after the test releases it, and can refuse one the way main does (code, sentence, fix).
 */
function coreTransport() {
  const calls: Array<{ method: string; args: Record<string, unknown> }> = [];
  const pending: Array<() => void> = [];
  let refusal: { code: string; message: string; fix?: string } | null = null;
  let id = 0;
  const transport: Transport = {
    kind: 'web',
    async call(method, args): Promise<CallResponse> {
      calls.push({ method, args: args as Record<string, unknown> });
      id += 1;
      if (method === 'inventory.refresh') return { kind: 'result', id, ok: true, result: { ok: true } };
      await new Promise<void>((release) => pending.push(release));
      if (refusal) return { kind: 'result', id, ok: false, error: refusal } as CallResponse;
      const outcome: ActionOutcome = { operationId: 'op-1', action: 'scale', target: 'arn:svc', taskDefinitionArn: null, deploymentId: null, serviceDeploymentArn: null, replayed: false, message: 'checkout: desired count 4 → 6.', at: 1 };
      return { kind: 'result', id, ok: true, result: outcome };
    },
    onEvent: () => undefined,
    onConnection: (l: (s: ConnectionState) => void) => l('open'),
  };
  const releaseAll = () => pending.splice(0).forEach((r) => r());
  return { transport, calls, releaseAll, refuse: (r: typeof refusal) => (refusal = r) };
}

const SCALE = { cluster: 'prod', service: 'checkout', desiredCount: 6, confirmation: 'checkout', requestId: 'req-00000001' };

describe('mutations store', () => {
  let core: ReturnType<typeof coreTransport>;

  beforeEach(() => {
    core = coreTransport();
    const app = createApp({});
    const pinia = createPinia();
    app.use(pinia);
    app.provide(apiKey, createApi(core.transport));
    setActivePinia(pinia);
  });

  it('sends the change with its confirmation and request id, and only that (core re-reads what it changed)', async () => {
    const store = useMutationsStore();
    const done = store.run('actions.scale', SCALE);
    await Promise.resolve();
    expect(store.busy).toBe(true);
    core.releaseAll();
    const result = await done;
    expect(result).toMatchObject({ ok: true, outcome: { message: 'checkout: desired count 4 → 6.' } });
    expect(core.calls.map((c) => c.method)).toEqual(['actions.scale']);
    expect(core.calls[0].args).toEqual(SCALE);
    expect(store.busy).toBe(false);
  });

  it('a second send of the same request id while the first runs sends nothing', async () => {
    const store = useMutationsStore();
    const first = store.run('actions.scale', SCALE);
    const second = await store.run('actions.scale', SCALE);
    expect(second).toBeNull();
    core.releaseAll();
    await first;
    expect(core.calls.filter((c) => c.method === 'actions.scale')).toHaveLength(1);
  });

  it("a refusal comes back as main's sentence and fix, and nothing is refreshed", async () => {
    core.refuse({ code: 'READ_ONLY', message: 'prod-admin is read-only: Wharf does not change anything through it.', fix: 'Use a profile that may make changes.' });
    const store = useMutationsStore();
    const done = store.run('actions.stopTask', { cluster: 'prod', task: 'arn:aws:ecs:us-east-1:1:task/prod/abc', reason: 'leak', confirmation: 'checkout', requestId: 'req-00000002' });
    await Promise.resolve();
    core.releaseAll();
    const result = await done;
    expect(result).toMatchObject({ ok: false, error: { code: 'READ_ONLY', message: 'prod-admin is read-only: Wharf does not change anything through it.', fix: 'Use a profile that may make changes.' } });
    expect(core.calls.map((c) => c.method)).toEqual(['actions.stopTask']);
  });
});
