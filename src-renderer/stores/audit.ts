import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AuditEntry } from '@contract/domains/audit';
import { onReconnect, storeApi } from './api-context';
import { toShownError, type ShownError } from './shown-error';
import { AUDIT_PAGE_SIZE, mergeEntries, olderPageCursor } from '../models/audit/audit-model';

/**
 * The audit log as the Audit view shows it: newest first, the first page read from core's
 * JSON-lines file, older pages on request, and every new entry prepended as core appends it
 * (`audit.appended`), so a change made in another window or by the dock shows at once.
 */
export const useAuditStore = defineStore('audit', () => {
  const api = storeApi();
  const entries = shallowRef<AuditEntry[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const loadingOlder = ref(false);
  /** False once a page came back short: the log's first line has been read. */
  const hasMore = ref(true);
  const error = shallowRef<ShownError | null>(null);
  let lastOlderAddedNothing = false;

  api.on('audit.appended', (entry) => {
    entries.value = mergeEntries(entries.value, [entry]);
  });
  // Appends made while the socket was down never arrived: read the newest page again.
  onReconnect(api, () => {
    if (loaded.value) void load();
  });

  /** Reads the newest page and merges it in (entries already shown stay, older pages too). */
  async function load(): Promise<void> {
    if (loading.value) return;
    loading.value = true;
    try {
      const page = (await api.call('audit.list', { limit: AUDIT_PAGE_SIZE })).entries;
      if (!loaded.value) hasMore.value = page.length >= AUDIT_PAGE_SIZE;
      entries.value = mergeEntries(entries.value, page);
      loaded.value = true;
      error.value = null;
    } catch (err) {
      error.value = toShownError(err);
    } finally {
      loading.value = false;
    }
  }

  /** The next page of older entries ("load older"). */
  async function loadOlder(): Promise<void> {
    if (loadingOlder.value || !hasMore.value || !loaded.value) return;
    const before = olderPageCursor(entries.value, lastOlderAddedNothing);
    if (before === undefined) return;
    loadingOlder.value = true;
    try {
      const page = (await api.call('audit.list', { limit: AUDIT_PAGE_SIZE, before })).entries;
      const count = entries.value.length;
      entries.value = mergeEntries(entries.value, page);
      const full = page.length >= AUDIT_PAGE_SIZE;
      lastOlderAddedNothing = full && entries.value.length === count;
      hasMore.value = full;
      error.value = null;
    } catch (err) {
      error.value = toShownError(err);
    } finally {
      loadingOlder.value = false;
    }
  }

  return { entries, loaded, loading, loadingOlder, hasMore, error, load, loadOlder };
});
