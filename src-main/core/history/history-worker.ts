/**
 * The history worker thread: owns the store file, applies the batches the main thread posts
 * (one transaction each) and answers queries, so no SQLite call, compression or JSON work of
 * history ever runs on the main thread. Built as its own entry (out/main/history-worker.js).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { WharfError } from '../../contract/errors';
import { HistoryStore, type StoreRequest } from './store/history-store';
import type { AppendItem } from './store/types';

export type ToWorker =
  | { type: 'append'; items: AppendItem[] }
  | { type: 'request'; id: number; req: StoreRequest }
  | { type: 'close'; id: number };

export type FromWorker =
  | { type: 'ready'; notice: string | null }
  | { type: 'failed'; message: string; fix?: string }
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: { code: string; message: string; fix?: string } }
  | { type: 'appendFailed'; message: string };

export interface WorkerData {
  file: string;
  cachePages?: number;
}

const port = parentPort;
if (port) {
  const data = workerData as WorkerData;
  let store: HistoryStore | null = null;
  const post = (m: FromWorker) => port.postMessage(m);
  try {
    store = HistoryStore.open(data.file, { cachePages: data.cachePages });
    post({ type: 'ready', notice: store.notice });
  } catch (err) {
    post({ type: 'failed', message: err instanceof Error ? err.message : String(err), fix: err instanceof WharfError ? err.fix : undefined });
  }
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'append') {
      if (!store) return;
      try {
        store.append(msg.items);
      } catch (err) {
        post({ type: 'appendFailed', message: err instanceof Error ? err.message : String(err) });
      }
      return;
    }
    if (msg.type === 'close') {
      store?.close();
      store = null;
      post({ type: 'response', id: msg.id, ok: true, result: null });
      port.close();
      return;
    }
    if (!store) {
      post({ type: 'response', id: msg.id, ok: false, error: { code: 'PRECONDITION', message: 'History is not being recorded.' } });
      return;
    }
    try {
      post({ type: 'response', id: msg.id, ok: true, result: store.handle(msg.req) });
    } catch (err) {
      const error = err instanceof WharfError ? err.toShape() : { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
      post({ type: 'response', id: msg.id, ok: false, error });
    }
  });
}
