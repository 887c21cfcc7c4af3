import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import type { AuditEntry } from '@contract/domains/audit';
import type { CallResponse, EventMessage } from '@contract/wire';
import { createApi } from '../../../src-renderer/api';
import type { ConnectionState, Transport } from '../../../src-renderer/api/types';
import { apiKey } from '../../../src-renderer/stores/api-context';
import { useAuditStore } from '../../../src-renderer/stores/audit';
import { AUDIT_PAGE_SIZE } from '../../../src-renderer/models/audit/audit-model';

/**
 * The audit store against a transport that answers `audit.list` the way core's AuditLog.read
 * does (newest first, strictly older than `before`) over a log held in memory.
 */
function entry(time: number, action = 'scale'): AuditEntry {
  return { time, profile: 'Demo account', accountId: '123456789012', region: 'us-east-1', action, target: 'prod/checkout', before: null, after: null, result: 'ok' };
}

function logTransport(log: AuditEntry[]) {
  const listeners: Array<(m: EventMessage) => void> = [];
  const calls: Array<{ limit?: number; before?: number }> = [];
  const transport: Transport = {
    kind: 'web',
    async call(method, args): Promise<CallResponse> {
      const { limit = 200, before } = args as { limit?: number; before?: number };
      calls.push({ limit, before });
      const entries = [...log].reverse().filter((e) => before === undefined || e.time < before).slice(0, limit);
      return { kind: 'result', id: calls.length, ok: true, result: method === 'audit.list' ? { entries } : null };
    },
    onEvent: (l) => void listeners.push(l),
    onConnection: (l: (s: ConnectionState) => void) => l('open'),
  };
  const append = (e: AuditEntry): void => {
    log.push(e);
    listeners.forEach((l) => l({ kind: 'event', event: 'audit.appended', payload: e } as EventMessage));
  };
  return { transport, calls, append };
}

describe('audit store', () => {
  let log: AuditEntry[];
  let script: ReturnType<typeof logTransport>;

  beforeEach(() => {
    // Oldest first, as the file holds them. Three entries share ms 1020 and the first page
    // (the newest 100 of 122) ends between them: a cursor of exactly 1020 would lose two.
    log = Array.from({ length: AUDIT_PAGE_SIZE + 20 }, (_, i) => entry(1000 + i));
    log.splice(21, 0, entry(1020, 'forceDeployment'), entry(1020, 'stopTask'));
    script = logTransport(log);
    const app = createApp({});
    const pinia = createPinia();
    app.use(pinia);
    app.provide(apiKey, createApi(script.transport));
    setActivePinia(pinia);
  });

  it('reads the newest page, then older pages without skipping or doubling entries of one millisecond', async () => {
    const audit = useAuditStore();
    await audit.load();
    expect(audit.entries).toHaveLength(AUDIT_PAGE_SIZE);
    expect(audit.entries[0].time).toBe(1000 + AUDIT_PAGE_SIZE + 19);
    expect(audit.entries.filter((e) => e.time === 1020).map((e) => e.action)).toEqual(['stopTask']);
    expect(audit.hasMore).toBe(true);

    await audit.loadOlder();
    expect(audit.hasMore).toBe(false);
    expect(audit.entries).toHaveLength(log.length);
    expect(audit.entries.filter((e) => e.time === 1020).map((e) => e.action).sort()).toEqual(['forceDeployment', 'scale', 'stopTask']);
    expect(script.calls.map((c) => c.before)).toEqual([undefined, 1021]);
    const times = audit.entries.map((e) => e.time);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('prepends an appended entry at once, once', async () => {
    const audit = useAuditStore();
    await audit.load();
    script.append(entry(5000, 'rollback.image'));
    expect(audit.entries[0]).toMatchObject({ time: 5000, action: 'rollback.image' });
    await audit.load(); // a reload after a reconnect reads the same entry again
    expect(audit.entries.filter((e) => e.time === 5000)).toHaveLength(1);
  });
});
