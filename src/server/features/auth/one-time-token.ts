import type { Executor } from '../../db/database.ts';
import { hashToken, newToken } from '../../http/tokens.ts';

export const SIGNIN_LINK_HOURS = 0.25;
export const RESET_HOURS = 1;

export async function issueToken(db: Executor, userId: string, purpose: 'signin_link' | 'password_reset', now: Date, hours: number): Promise<string> {
  const token = newToken();
  await db
    .insertInto('one_time_token')
    .values({ user_id: userId, purpose, token_hash: hashToken(token), created_at: now, expires_at: new Date(now.getTime() + hours * 3600_000) })
    .execute();
  return token;
}

/** Marks the token used and returns its user, or null when unknown, expired or already used. */
export async function consumeToken(db: Executor, token: string, purpose: 'signin_link' | 'password_reset', now: Date): Promise<string | null> {
  const row = await db
    .updateTable('one_time_token')
    .set({ used_at: now })
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id ?? null;
}
