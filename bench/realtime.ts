// Message send → shown on every open session of the team, with many other event streams open.
// Streams are opened with sessions written straight into the database (signing in a thousand
// people through the rate-limited login would measure argon2, not delivery).
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Db } from '../src/server/db/database.ts';
import { hashToken } from '../src/server/http/tokens.ts';

export type Stream = { received: (predicate: (e: Record<string, unknown>) => boolean) => Promise<number>; close: () => void };

/** A session cookie for this user, as a browser would hold it after signing in. */
export async function sessionFor(db: Db, userId: string): Promise<{ cookie: string; csrf: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  const now = new Date();
  await db.insertInto('auth_session').values({
    token_hash: hashToken(token), user_id: userId, csrf_token: csrf, mfa_pending: false,
    created_at: now, last_seen_at: now, expires_at: new Date(now.getTime() + 12 * 3600_000), ip: '127.0.0.1', user_agent: 'bench',
  }).execute();
  return { cookie: `careteam_session=${token}`, csrf };
}

/**
 * Opens a server-sent event stream (GET /api/events, or another path such as a video room's) with
 * these headers (a session cookie, or a guest's Authorization); it is ready once the server has
 * sent its `ready` event. `received` resolves with the time (performance.now) a matching event arrived.
 */
export async function openStream(base: string, headers: Record<string, string>, path = '/api/events'): Promise<Stream> {
  const abort = new AbortController();
  const res = await fetch(`${base}${path}`, { headers, signal: abort.signal });
  if (!res.ok || !res.body) throw new Error(`event stream: ${res.status}`);
  const waiting: { predicate: (e: Record<string, unknown>) => boolean; resolve: (t: number) => void }[] = [];
  // An event may arrive before the sender has read its own answer: recent ones are kept.
  const recent: { event: Record<string, unknown>; at: number }[] = [];
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const at = performance.now();
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const line = buffer.slice(0, cut).split('\n').find((l) => l.startsWith('data: '));
          buffer = buffer.slice(cut + 2);
          if (!line) continue;
          const event = JSON.parse(line.slice(6)) as Record<string, unknown>;
          if (event.type === 'ready') ready();
          recent.push({ event, at });
          if (recent.length > 50) recent.shift();
          for (const w of waiting.splice(0)) {
            if (w.predicate(event)) w.resolve(at);
            else waiting.push(w);
          }
        }
      }
    } catch {
      /* closed */
    }
  })();
  await isReady;
  return {
    received: (predicate) => {
      const early = recent.find((r) => predicate(r.event));
      if (early) return Promise.resolve(early.at);
      return new Promise((resolve) => waiting.push({ predicate, resolve }));
    },
    close: () => abort.abort(),
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/**
 * The floor under every realtime path: a bare PostgreSQL NOTIFY to a LISTENing connection of the
 * same pool, `count` times one after another; the milliseconds of each.
 */
export async function notifyBaseline(pool: pg.Pool, count: number): Promise<number[]> {
  const times: number[] = [];
  const listener = await pool.connect();
  await listener.query('LISTEN bench_baseline');
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const arrived = new Promise<number>((resolve) => listener.once('notification', () => resolve(performance.now())));
    await pool.query(`SELECT pg_notify('bench_baseline', $1)`, [String(i)]);
    times.push((await arrived) - started);
  }
  await listener.query('UNLISTEN bench_baseline');
  listener.release();
  return times;
}
