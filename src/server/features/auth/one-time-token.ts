import type { Executor } from '../../db/database.ts';
import { hashToken, newToken } from '../../http/tokens.ts';

export const SIGNIN_LINK_HOURS = 0.25;
export const RESET_HOURS = 1;
/** At most this many sign-in links and resets together per account in LINK_WINDOW_MS. */
export const LINKS_PER_WINDOW = 3;
export const LINK_WINDOW_MS = 15 * 60_000;

type Purpose = 'signin_link' | 'password_reset';

/**
 * A new sign-in or reset token, which makes every older one of the account unusable; or null
 * when the account already had LINKS_PER_WINDOW of them in the last LINK_WINDOW_MS.
 */
export async function issueToken(db: Executor, userId: string, purpose: Purpose, now: Date, hours: number): Promise<string | null> {
  // One issuer per account at a time, so two requests cannot both squeeze under the limit.
  await db.selectFrom('app_user').select('id').where('id', '=', userId).forUpdate().execute();
  const recent = await db.selectFrom('one_time_token').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId).where('created_at', '>', new Date(now.getTime() - LINK_WINDOW_MS))
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= LINKS_PER_WINDOW) return null;
  await revokeOneTimeTokens(db, userId, now);
  const token = newToken();
  await db
    .insertInto('one_time_token')
    .values({ user_id: userId, purpose, token_hash: hashToken(token), created_at: now, expires_at: new Date(now.getTime() + hours * 3600_000) })
    .execute();
  return token;
}

/**
 * Every open sign-in and reset token of the account stops working (marked used): after a new
 * link, a sign-in, a completed reset or a password change, an older link has no purpose left.
 */
export async function revokeOneTimeTokens(db: Executor, userId: string, now: Date): Promise<void> {
  await db.updateTable('one_time_token').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

/** Marks the token used and returns its user, or null when unknown, expired or already used. */
export async function consumeToken(db: Executor, token: string, purpose: Purpose, now: Date): Promise<string | null> {
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
