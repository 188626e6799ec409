import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';

/**
 * Repeated failures slow the guesser down, they never lock the owner out: after `free` failures
 * each further one makes the key wait twice as long as the one before (1 s, 2 s, 4 s…, at most
 * `capMs`). A device the person signed in from before is throttled on its own key (see
 * device.ts), so strangers failing on an account do not keep its owner out.
 */
export type ThrottlePolicy = {
  free: number;
  capMs: number;
  /** Failures are counted afresh once the first of them is this old. */
  windowMs: number;
  /** More failures than this block the key for `blockMs`. */
  blockAfter?: number;
  blockMs?: number;
};

const DAY = 86_400_000;
/** Per account (or per unknown email): a handful of typos cost nothing. */
export const ACCOUNT_POLICY: ThrottlePolicy = { free: 5, capMs: 15 * 60_000, windowMs: DAY };
/** Per known device: its owner types; a stolen cookie guesses no faster than an account. */
export const DEVICE_POLICY: ThrottlePolicy = { free: 10, capMs: 15 * 60_000, windowMs: DAY };
/** Per address, across all accounts: a clinic behind one address has many people. */
export const IP_POLICY: ThrottlePolicy = { free: 20, capMs: 60_000, windowMs: DAY, blockAfter: 100, blockMs: DAY };

export const ipKey = (ip: string, now: Date) => `ip:${ip}:${now.toISOString().slice(0, 10)}`;

export function delayAfter(policy: ThrottlePolicy, failures: number): number {
  if (policy.blockAfter !== undefined && failures > policy.blockAfter) return policy.blockMs ?? DAY;
  if (failures < policy.free) return 0;
  return Math.min(policy.capMs, 1000 * 2 ** (failures - policy.free));
}

/** Refuses (429 with Retry-After) while any of the keys is still waiting after a failure. */
export async function assertNotThrottled(db: Executor, keys: readonly string[], now: Date): Promise<void> {
  const rows = await db.selectFrom('login_throttle').select('locked_until').where('key', 'in', [...keys]).execute();
  const until = Math.max(0, ...rows.map((r) => r.locked_until?.getTime() ?? 0));
  if (until > now.getTime()) {
    throw new AppError('rate_limited', 429, 'Too many attempts. Please wait a moment and try again.', undefined, {
      'Retry-After': String(Math.ceil((until - now.getTime()) / 1000)),
    });
  }
}

/** Counts one failure on the key and sets how long it must wait before the next try. */
export async function recordFailure(db: Executor, key: string, now: Date, policy: ThrottlePolicy): Promise<void> {
  const windowStart = new Date(now.getTime() - policy.windowMs);
  const { rows } = await sql<{ failures: number }>`
    INSERT INTO login_throttle AS t (key, failures, window_start, locked_until)
    VALUES (${key}, 1, ${now}::timestamptz, NULL)
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.window_start <= ${windowStart}::timestamptz THEN 1 ELSE t.failures + 1 END,
      window_start = CASE WHEN t.window_start <= ${windowStart}::timestamptz THEN ${now}::timestamptz ELSE t.window_start END
    RETURNING failures`.execute(db);
  const delay = delayAfter(policy, rows[0]?.failures ?? 1);
  if (delay > 0) await db.updateTable('login_throttle').set({ locked_until: new Date(now.getTime() + delay) }).where('key', '=', key).execute();
}

export async function clearFailures(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
