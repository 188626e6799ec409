import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { ABSOLUTE_TIMEOUT_MS, clearSessionCookie, setSessionCookie } from '../../http/auth.ts';
import { hashToken, newToken } from '../../http/tokens.ts';
import { publish } from '../../realtime/hub.ts';
import { revokeOneTimeTokens } from './one-time-token.ts';

/** Starts a new session (always a new id: no fixation) and sets its cookie. */
export async function startSession(
  deps: Deps,
  db: Executor,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: string,
  opts: { mfaPending: boolean },
): Promise<void> {
  const now = deps.clock();
  if (request.actor) await endSession(db, request.actor.sessionId, now);
  const token = newToken();
  await db
    .insertInto('auth_session')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      csrf_token: randomBytes(24).toString('base64url'),
      mfa_pending: opts.mfaPending,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS),
      ip: request.ip,
      user_agent: request.headers['user-agent']?.slice(0, 300) ?? null,
    })
    .execute();
  setSessionCookie(deps, reply, token);
  if (!opts.mfaPending) await revokeOneTimeTokens(db, userId, now);
}

/** Replaces the session's token and CSRF token, e.g. once the second factor is given. */
export async function rotateSession(deps: Deps, db: Executor, reply: FastifyReply, sessionId: string): Promise<void> {
  const token = newToken();
  await db
    .updateTable('auth_session')
    .set({ token_hash: hashToken(token), csrf_token: randomBytes(24).toString('base64url'), mfa_pending: false, last_seen_at: deps.clock() })
    .where('id', '=', sessionId)
    .execute();
  setSessionCookie(deps, reply, token);
}

/** Open event streams of an ended session close at once, on every server instance. */
async function announceEnded(db: Executor, ended: { id: string; user_id: string }[]): Promise<void> {
  for (const s of ended) await publish(db, [s.user_id], { type: 'session.ended', sessionId: s.id });
}

export async function endSession(db: Executor, sessionId: string, now: Date): Promise<void> {
  const ended = await db.updateTable('auth_session').set({ ended_at: now }).where('id', '=', sessionId).where('ended_at', 'is', null).returning(['id', 'user_id']).execute();
  await announceEnded(db, ended);
}

export async function endAllSessions(db: Executor, userId: string, now: Date, exceptSessionId?: string): Promise<void> {
  let q = db.updateTable('auth_session').set({ ended_at: now }).where('user_id', '=', userId).where('ended_at', 'is', null);
  if (exceptSessionId) q = q.where('id', '<>', exceptSessionId);
  await announceEnded(db, await q.returning(['id', 'user_id']).execute());
}

// Clear-Site-Data "cookies" only: "cache" stalls Chromium for seconds, and "storage" would also
// forget the sign-in page's language. The session itself ends on the server.
export function signOutReply(deps: Deps, reply: FastifyReply): void {
  clearSessionCookie(deps, reply);
  void reply.header('Clear-Site-Data', '"cookies"');
}
