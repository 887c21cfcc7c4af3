import { describe, expect, it } from 'vitest';
import { createApp } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import type { CallResponse, EventMessage } from '@contract/wire';
import type { Settings, SettingsProblem } from '@contract/domains/app';
import { safetyChanges, safetyConfirmation } from '@contract/settings-safety';
import { createApi } from '../../../src-renderer/api';
import type { Transport } from '../../../src-renderer/api/types';
import { takePageToken } from '../../../src-renderer/api/page-token';
import { apiKey } from '../../../src-renderer/stores/api-context';
import { useSettingsStore } from '../../../src-renderer/stores/settings';
import { listInWords, problemSentence, problemSummary } from '../../../src-renderer/models/settings/settings-problem';

/** Settings' safety rules, the store that asks before lowering one, the damaged-file words, and the page token. */
const SETTINGS: Settings = { apiBudgetShare: 0.5, overviewRegions: [], allowExecOnReadOnly: false, productionProfiles: ['prod'], readOnlyProfiles: ['prod', 'audit'], mutedClusters: [], theme: 'system', historyRetentionDays: 7, historyMaxMb: 500 };

describe('safetyChanges', () => {
  it('names what lowers safety, and only that', () => {
    expect(safetyChanges(SETTINGS, { readOnlyProfiles: ['prod'] })).toEqual([{ kind: 'read-only-removed', profile: 'audit' }]);
    expect(safetyChanges(SETTINGS, { productionProfiles: [] })).toEqual([{ kind: 'production-removed', profile: 'prod' }]);
    expect(safetyChanges(SETTINGS, { allowExecOnReadOnly: true })).toEqual([{ kind: 'exec-on-read-only' }]);
    expect(safetyChanges(SETTINGS, { readOnlyProfiles: ['prod', 'audit', 'new'], productionProfiles: ['prod', 'x'], theme: 'dark', allowExecOnReadOnly: false })).toEqual([]);
    expect(safetyConfirmation(safetyChanges(SETTINGS, { readOnlyProfiles: [], productionProfiles: [], allowExecOnReadOnly: true }))).toBe('prod, audit, allow exec');
    expect(safetyConfirmation([])).toBeNull();
  });
});

function store(answers: Record<string, (args: Record<string, unknown>) => unknown>) {
  const calls: Array<{ method: string; args: Record<string, unknown> }> = [];
  const events: Array<(m: EventMessage) => void> = [];
  const transport: Transport = {
    kind: 'web',
    async call(method, args): Promise<CallResponse> {
      calls.push({ method, args: args as Record<string, unknown> });
      try {
        return { kind: 'result', id: calls.length, ok: true, result: answers[method]!(args as Record<string, unknown>) };
      } catch (err) {
        return { kind: 'result', id: calls.length, ok: false, error: err as { code: 'NOT_CONFIRMED'; message: string } };
      }
    },
    onEvent: (l) => void events.push(l),
    onConnection: (l) => l('open'),
  };
  const app = createApp({});
  const pinia = createPinia();
  app.use(pinia);
  app.provide(apiKey, createApi(transport));
  setActivePinia(pinia);
  return { settings: useSettingsStore(), calls, emit: (event: string, payload: unknown) => events.forEach((l) => l({ kind: 'event', event, payload } as EventMessage)) };
}

describe('settings store', () => {
  it('holds a safety-lowering change until its confirmation is typed, then sends it with it', async () => {
    let current = { ...SETTINGS };
    const s = store({
      'settings.get': () => current,
      'settings.problem': () => ({ problem: null }),
      'settings.update': ({ confirmation, ...patch }) => {
        if (patch.readOnlyProfiles && confirmation !== 'audit') throw { code: 'NOT_CONFIRMED', message: 'Type "audit" to confirm.' };
        current = { ...current, ...patch };
        return current;
      },
    });
    await s.settings.load();
    expect(await s.settings.update({ theme: 'dark' })).toBe(true);
    expect(await s.settings.update({ readOnlyProfiles: ['prod'] })).toBe(false);
    expect(s.settings.pending).toMatchObject({ kind: 'update', confirmText: 'audit', changes: [{ kind: 'read-only-removed', profile: 'audit' }] });
    expect(s.calls.filter((c) => c.method === 'settings.update')).toHaveLength(1);
    expect(await s.settings.confirmPending('audi')).toBe(false);
    expect(s.settings.confirmError?.code).toBe('NOT_CONFIRMED');
    expect(s.settings.pending).not.toBeNull();
    expect(await s.settings.confirmPending('audit')).toBe(true);
    expect(s.settings.pending).toBeNull();
    expect(s.settings.settings?.readOnlyProfiles).toEqual(['prod']);
    expect(s.calls.at(-1)?.args).toEqual({ readOnlyProfiles: ['prod'], confirmation: 'audit' });
    // Cancel sends nothing.
    await s.settings.update({ allowExecOnReadOnly: true });
    s.settings.cancelPending();
    expect(s.calls.filter((c) => c.method === 'settings.update')).toHaveLength(3);
  });

  it('loads a settings problem, asks before starting from defaults that drop marks, and clears it once resolved', async () => {
    const problem: SettingsProblem = { file: '/d/settings.json', keptAs: '/d/settings.json.corrupt-x', error: 'It is not valid JSON.', recovered: ['productionProfiles'], partial: ['readOnlyProfiles'], mutationsHeld: true, at: 1 };
    const s = store({
      'settings.get': () => SETTINGS,
      'settings.problem': () => ({ problem }),
      'settings.resolveProblem': ({ choice }) => ({ ...SETTINGS, ...(choice === 'defaults' ? { productionProfiles: [], readOnlyProfiles: [] } : {}) }),
    });
    await s.settings.load();
    expect(s.settings.problem).toEqual(problem);
    expect(await s.settings.resolveProblem('defaults')).toBe(false);
    expect(s.settings.pending).toMatchObject({ kind: 'resolve', choice: 'defaults', confirmText: 'prod, audit' });
    expect(await s.settings.confirmPending('prod, audit')).toBe(true);
    expect(s.calls.at(-1)).toEqual({ method: 'settings.resolveProblem', args: { choice: 'defaults', confirmation: 'prod, audit' } });
    expect(s.settings.problem).toBeNull();
  });
});

describe('problemSummary', () => {
  it('says what was kept, cut short and lost, in the Settings page words', () => {
    const summary = problemSummary({ file: 'f', keptAs: null, error: 'e', recovered: ['productionProfiles', 'overviewRegions'], partial: ['mutedClusters'], mutationsHeld: false, at: 0 });
    expect(summary).toEqual({
      recovered: ['Production profiles', 'Overview regions'],
      partial: ['Muted clusters'],
      lost: ['Theme', 'Read-only profiles', 'Exec in read-only profiles', 'API budget', 'History: days kept', 'History: size on disk'],
    });
    expect(listInWords(summary.lost)).toBe('Theme, Read-only profiles, Exec in read-only profiles, API budget, History: days kept and History: size on disk');
    expect(problemSentence(summary)).toBe(
      'In force now, recovered from it: Production profiles and Overview regions. Muted clusters was cut short: only the entries before the damage are kept. On defaults: Theme, Read-only profiles, Exec in read-only profiles, API budget, History: days kept and History: size on disk.',
    );
  });
});

describe('takePageToken', () => {
  function place(search: string, stored: string | null = null) {
    const storage = new Map<string, string>(stored ? [['wharf.token', stored]] : []);
    const replaced: string[] = [];
    return {
      replaced,
      storage,
      place: {
        location: { search, pathname: '/', hash: '#/clusters/x', href: `http://127.0.0.1:1/${search}#/clusters/x` },
        history: { state: null, replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) },
        storage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
      },
    };
  }

  it('takes the token from the URL once, strips it from the address bar keeping the route, and keeps it for the tab', () => {
    const p = place('?token=abc&debug=1');
    expect(takePageToken(p.place)).toBe('abc');
    expect(p.replaced).toEqual(['/?debug=1#/clusters/x']);
    expect(p.storage.get('wharf.token')).toBe('abc');
  });

  it('finds the tab\'s token after a reload, and none on a bare page', () => {
    expect(takePageToken(place('', 'kept').place)).toBe('kept');
    const bare = place('');
    expect(takePageToken(bare.place)).toBe('');
    expect(bare.replaced).toEqual([]);
  });
});
