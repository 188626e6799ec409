import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Executor } from '../db/database.ts';

// Realtime events reach every open stream of their addressees on every server instance: a write
// publishes through PostgreSQL NOTIFY inside its own transaction (so only committed changes are
// announced), and each instance LISTENs on one connection and fans out to its local streams.
// Events carry ids and a type, never content: the browser refetches what it may read.

export const CHANNEL = 'careteam_events';
/** Sessions and access that changed (see migration 0017); also carries this instance's barriers. */
export const ACCESS_CHANNEL = 'careteam_access';

export type RealtimeEvent = {
  type: string;
  childId?: string;
  /** Set on session.ended: only that session's streams close. */
  sessionId?: string;
  [key: string]: string | number | boolean | null | undefined;
};

type Envelope = { to: string[]; event: RealtimeEvent };
export type Listener = (event: RealtimeEvent) => void;
type Subscription = { listener: Listener; end: () => void };

export type Realtime = {
  /** Calls the listener for every event addressed to the user; `end` runs on endAll. Returns the unsubscribe. */
  subscribe: (userId: string, listener: Listener, end?: () => void) => () => void;
  /** Ends every subscription on this instance (a server shutting down closes its streams). */
  endAll: () => void;
  /** Open subscriptions on this instance. */
  size: () => number;
  /**
   * Calls fn with a person's id, or '*' for everyone, when a session or access of theirs changed;
   * '*' also when the connection drops or comes back, since changes may have been missed.
   */
  onAccessChange: (fn: (who: string) => void) => () => void;
  /** Whether access changes are heard right now; while not, nothing about access may be cached. */
  hearsAccessChanges: () => boolean;
  /** Resolves once every access change committed before the call has reached this instance. */
  accessBarrier: (db: Executor) => Promise<void>;
  /**
   * Resolves true once every access change committed before the call (on any instance) has been
   * heard here, false when that cannot be known (then nothing kept may be used).
   */
  caughtUp: () => Promise<boolean>;
  stop: () => Promise<void>;
};

/** How long a barrier waits for its own notification before everything cached is dropped instead. */
const BARRIER_TIMEOUT_MS = 2_000;

// A NOTIFY payload holds at most 8000 bytes; a uuid costs 39 in the JSON list.
const ADDRESSEES_PER_NOTIFY = 150;

/** Announces an event to these users; call inside the transaction that made the change. */
export async function publish(db: Executor, userIds: readonly string[], event: RealtimeEvent): Promise<void> {
  const unique = [...new Set(userIds)];
  for (let i = 0; i < unique.length; i += ADDRESSEES_PER_NOTIFY) {
    const envelope: Envelope = { to: unique.slice(i, i + ADDRESSEES_PER_NOTIFY), event };
    await sql`select pg_notify(${CHANNEL}, ${JSON.stringify(envelope)})`.execute(db);
  }
}

/**
 * Listens for events on a dedicated connection. When the connection drops it reconnects with
 * back-off and tells every subscriber to resynchronise, since events sent meanwhile are lost.
 */
export async function startRealtime(connectionString: string, onError: (e: unknown) => void): Promise<Realtime> {
  const listeners = new Map<string, Set<Subscription>>();
  const accessListeners = new Set<(who: string) => void>();
  const barriers = new Map<string, () => void>();
  const instance = randomUUID();
  let nextBarrier = 0;
  let client: pg.Client | undefined;
  let stopped = false;
  let retryMs = 250;
  let timer: NodeJS.Timeout | undefined;

  const deliver = (userId: string, event: RealtimeEvent) => {
    for (const { listener } of listeners.get(userId) ?? []) {
      try {
        listener(event);
      } catch (e) {
        onError(e);
      }
    }
  };

  const accessChanged = (who: string) => {
    for (const fn of accessListeners) {
      try {
        fn(who);
      } catch (e) {
        onError(e);
      }
    }
  };

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString });
    c.on('notification', (msg) => {
      if (msg.channel === ACCESS_CHANNEL && msg.payload) {
        // Notifications arrive in commit order: a barrier's own arriving means every change
        // committed before it has been heard.
        if (msg.payload.startsWith('barrier:')) barriers.get(msg.payload.slice('barrier:'.length))?.();
        else accessChanged(msg.payload);
        return;
      }
      if (msg.channel !== CHANNEL || !msg.payload) return;
      let envelope: Envelope;
      try {
        envelope = JSON.parse(msg.payload) as Envelope;
      } catch (e) {
        onError(e);
        return;
      }
      for (const userId of envelope.to) deliver(userId, envelope.event);
    });
    c.on('error', (e) => {
      if (!stopped) onError(e);
    });
    c.on('end', () => {
      if (stopped || client !== c) return;
      client = undefined;
      accessChanged('*');
      scheduleReconnect();
    });
    await c.connect();
    await c.query(`LISTEN ${CHANNEL}`);
    await c.query(`LISTEN ${ACCESS_CHANNEL}`);
    client = c;
    accessChanged('*');
    retryMs = 250;
  };

  const scheduleReconnect = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      connect().then(
        () => {
          for (const userId of listeners.keys()) deliver(userId, { type: 'resync' });
        },
        (e: unknown) => {
          onError(e);
          retryMs = Math.min(retryMs * 2, 10_000);
          scheduleReconnect();
        },
      );
    }, retryMs);
  };

  // Whether every access change committed before now has been heard: a query on the listening
  // connection tells. PostgreSQL sends a listener the notifications it was signalled before the
  // answer to its next command, and a change's signal goes out before its commit is acknowledged.
  // Callers share the query in flight when they came before it was sent, else the next one.
  let inFlight: Promise<boolean> | undefined;
  let queued: Promise<boolean> | undefined;
  const ping = (): Promise<boolean> => {
    const c = client;
    if (!c) return Promise.resolve(false);
    const p: Promise<boolean> = c.query('SELECT 1').then(() => client === c, () => false).finally(() => {
      if (inFlight === p) inFlight = undefined;
    });
    inFlight = p;
    return p;
  };

  const endAll = () => {
    for (const set of [...listeners.values()]) for (const s of [...set]) s.end();
  };

  await connect();

  return {
    subscribe(userId, listener, end = () => {}) {
      let set = listeners.get(userId);
      if (!set) listeners.set(userId, (set = new Set()));
      const subscription = { listener, end };
      set.add(subscription);
      return () => {
        set.delete(subscription);
        if (set.size === 0 && listeners.get(userId) === set) listeners.delete(userId);
      };
    },
    endAll,
    size: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
    onAccessChange(fn) {
      accessListeners.add(fn);
      return () => accessListeners.delete(fn);
    },
    hearsAccessChanges: () => client !== undefined,
    caughtUp() {
      if (!inFlight) return ping();
      queued ??= inFlight.then(() => {
        queued = undefined;
        return ping();
      });
      return queued;
    },
    async accessBarrier(db) {
      if (!client) return;
      const id = `${instance}:${nextBarrier++}`;
      let timer: NodeJS.Timeout | undefined;
      const heard = new Promise<boolean>((resolve) => {
        barriers.set(id, () => resolve(true));
        timer = setTimeout(() => resolve(false), BARRIER_TIMEOUT_MS);
      });
      try {
        await sql`select pg_notify(${ACCESS_CHANNEL}, ${`barrier:${id}`})`.execute(db);
        if (!(await heard)) accessChanged('*');
      } catch (e) {
        // Not knowing what was heard, forget everything cached.
        accessChanged('*');
        onError(e);
      } finally {
        clearTimeout(timer);
        barriers.delete(id);
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      endAll();
      listeners.clear();
      await client?.end().catch(() => {});
    },
  };
}
