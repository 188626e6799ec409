import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { hashToken, newToken } from '../../http/tokens.ts';

const DEVICE_DAYS = 180;

export function deviceCookieName(deps: Deps): string {
  return deps.config.secureCookies ? '__Host-careteam_device' : 'careteam_device';
}

/**
 * The throttle key of this browser when it is a device the person fully signed in from before
 * (OWASP's device cookie), else null. Its failures are counted on their own, so a stranger's
 * failures on the account do not slow its owner down.
 */
export async function knownDeviceKey(deps: Deps, request: FastifyRequest, userId: string): Promise<string | null> {
  const token = request.cookies[deviceCookieName(deps)];
  if (!token || token.length > 200) return null;
  const hash = hashToken(token);
  const row = await deps.db.selectFrom('trusted_device').select('user_id')
    .where('token_hash', '=', hash).where('user_id', '=', userId)
    .where('last_used_at', '>', new Date(deps.clock().getTime() - DEVICE_DAYS * 86_400_000))
    .executeTakeFirst();
  return row ? `dev:${hash.toString('hex')}` : null;
}

/** After a full sign-in: this browser becomes (or stays) a known device of the person. */
export async function rememberDevice(deps: Deps, db: Executor, request: FastifyRequest, reply: FastifyReply, userId: string): Promise<void> {
  const now = deps.clock();
  const current = request.cookies[deviceCookieName(deps)];
  if (current && current.length <= 200) {
    const touched = await db.updateTable('trusted_device').set({ last_used_at: now })
      .where('token_hash', '=', hashToken(current)).where('user_id', '=', userId).returning('user_id').executeTakeFirst();
    if (touched) return;
  }
  const token = newToken();
  await db.insertInto('trusted_device').values({ token_hash: hashToken(token), user_id: userId, created_at: now, last_used_at: now }).execute();
  void reply.setCookie(deviceCookieName(deps), token, {
    path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.secureCookies, maxAge: DEVICE_DAYS * 86_400,
  });
}
