import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';

export const MAX_FAILURES = 10;
export const LOCK_MS = 15 * 60_000;

/** Refuses while the key (an account or a token purpose) is locked after repeated failures. */
export async function assertNotLocked(db: Executor, key: string, now: Date): Promise<void> {
  const row = await db.selectFrom('login_throttle').select('locked_until').where('key', '=', key).executeTakeFirst();
  if (row?.locked_until && row.locked_until > now) {
    const seconds = Math.ceil((row.locked_until.getTime() - now.getTime()) / 1000);
    throw new AppError('rate_limited', 429, 'Too many attempts. Please wait a few minutes and try again.', undefined, {
      'Retry-After': String(seconds),
    });
  }
}

/** An address may fail this often per day, across all accounts, before it is blocked for the day. */
export const MAX_IP_FAILURES_PER_DAY = 100;
export const ipKey = (ip: string, now: Date) => `ip:${ip}:${now.toISOString().slice(0, 10)}`;

/**
 * Counts one failure. Reaching `max` locks the key for `lockMs`; the first failure after a lock
 * has run out starts a fresh count instead of locking again at once.
 */
export async function recordFailure(db: Executor, key: string, now: Date, max = MAX_FAILURES, lockMs = LOCK_MS): Promise<void> {
  const lockUntil = new Date(now.getTime() + lockMs);
  await sql`
    INSERT INTO login_throttle AS t (key, failures, window_start, locked_until)
    VALUES (${key}, 1, ${now}::timestamptz, CASE WHEN 1 >= ${max}::int THEN ${lockUntil}::timestamptz END)
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.locked_until <= ${now}::timestamptz THEN 1 ELSE t.failures + 1 END,
      window_start = CASE WHEN t.locked_until <= ${now}::timestamptz THEN ${now}::timestamptz ELSE t.window_start END,
      locked_until = CASE
        WHEN (CASE WHEN t.locked_until <= ${now}::timestamptz THEN 1 ELSE t.failures + 1 END) >= ${max}::int THEN ${lockUntil}::timestamptz
        END`.execute(db);
}

export async function clearFailures(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
