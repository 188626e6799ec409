// Writes made without signal: a practice log or a journal entry is kept on the device and sent
// when the connection returns. Each carries its own Idempotency-Key from the first try, so a send
// that reached the server but lost its answer is answered again, never written twice.
import { createStore, del, entries, set } from 'idb-keyval';
import { useSyncExternalStore } from 'react';
import { ApiError, api } from './client.ts';

export type QueuedWrite = {
  key: string;
  path: string;
  method: 'POST' | 'PUT';
  body: unknown;
  /** What the write was, in the writer's words, for the "waiting to send" list. */
  label: string;
  queuedAt: string;
};

export type FailedWrite = QueuedWrite & { message: string };

const store = typeof indexedDB === 'undefined' ? null : createStore('careteam-outbox', 'writes');

let pending: QueuedWrite[] = [];
let failed: FailedWrite[] = [];
let flushing: Promise<void> | null = null;
const listeners = new Set<() => void>();
const changed = () => {
  snapshot = { pending, failed };
  for (const l of listeners) l();
};
let snapshot = { pending, failed };

async function load(): Promise<void> {
  if (!store) return;
  const all = await entries<string, QueuedWrite>(store);
  pending = all.map(([, v]) => v).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  changed();
}

/** A network failure (no signal, server unreachable) is worth retrying; an answer from the server is not. */
const isOffline = (error: unknown) => error instanceof ApiError && (error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504);

/**
 * Sends a write now, or keeps it for later when there is no connection. Resolves with the
 * server's answer, or with `queued: true` when it waits on the device.
 */
export async function sendOrKeep<T>(write: Omit<QueuedWrite, 'key' | 'queuedAt'>): Promise<{ queued: false; result: T } | { queued: true }> {
  const item: QueuedWrite = { ...write, key: crypto.randomUUID(), queuedAt: new Date().toISOString() };
  if (navigator.onLine) {
    try {
      const result = await api<T>(item.path, { method: item.method, body: item.body, idempotencyKey: item.key });
      return { queued: false, result };
    } catch (error) {
      if (!isOffline(error)) throw error;
    }
  }
  if (!store) throw new ApiError(0, 'network', 'The network request failed.');
  await set(item.key, item, store);
  pending = [...pending, item];
  changed();
  return { queued: true };
}

/** Sends what waits on the device, oldest first; stops at the first network failure. */
export function flushOutbox(): Promise<void> {
  // Cleared in .finally, which runs after the assignment: an async body with nothing to send
  // finishes synchronously, and clearing inside it would leave a settled promise here for good.
  flushing ??= (async () => {
    for (const item of [...pending]) {
      try {
        await api(item.path, { method: item.method, body: item.body, idempotencyKey: item.key, redirectOn401: false });
      } catch (error) {
        if (isOffline(error)) return;
        // Signed out meanwhile: keep it until they sign in again.
        if (error instanceof ApiError && (error.status === 401 || error.status === 429)) return;
        // The server had it already (its answer was lost on the way): sent, not failed.
        if (!(error instanceof ApiError && error.code === 'already_applied')) {
          failed = [...failed, { ...item, message: error instanceof Error ? error.message : String(error) }];
        }
      }
      if (store) await del(item.key, store);
      pending = pending.filter((p) => p.key !== item.key);
      changed();
      for (const l of sentListeners) l(item);
    }
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}

const sentListeners = new Set<(item: QueuedWrite) => void>();
/** Called after each kept write reaches the server (to refresh what the screen shows). */
export function onOutboxSent(listener: (item: QueuedWrite) => void): () => void {
  sentListeners.add(listener);
  return () => sentListeners.delete(listener);
}

export function dismissFailed(key: string): void {
  failed = failed.filter((f) => f.key !== key);
  changed();
}

/** What waits on the device and what the server refused, for the banner and the lists. */
export function useOutbox(): { pending: QueuedWrite[]; failed: FailedWrite[] } {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => snapshot,
  );
}

/** Starts the outbox: loads what an earlier visit kept, and sends it whenever the connection returns. */
export function startOutbox(): void {
  if (!store) return;
  void load().then(() => flushOutbox());
  window.addEventListener('online', () => void flushOutbox());
  window.setInterval(() => {
    if (pending.length > 0 && navigator.onLine) void flushOutbox();
  }, 30_000);
}
