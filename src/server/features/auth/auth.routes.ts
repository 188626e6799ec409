import { createHash } from 'node:crypto';
import { z } from 'zod';
import { EmailRequest, LoginRequest, LoginResponse, ResetCompleteRequest, TokenRequest, TotpRequest } from '../../../contract/auth.ts';
import { Ok } from '../../../contract/common.ts';
import { auditContext, recordAudit } from '../../access/audit.ts';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/auth.ts';
import { AppError, badField } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { afterCommit, queueMail } from '../../mail/mail.service.ts';
import { consumeToken, issueToken, RESET_HOURS, revokeOneTimeTokens, SIGNIN_LINK_HOURS } from './one-time-token.ts';
import { hashPassword, isCommonPassword, needsRehash, verifyPassword } from './password.ts';
import { endAllSessions, endSession, rotateSession, signOutReply, startSession } from './session.service.ts';
import { assertNotLocked, clearFailures, ipKey, MAX_IP_FAILURES_PER_DAY, recordFailure } from './throttle.ts';
import { verifyTotp } from './totp.ts';
import { claimTotpStep, findUserByEmail, findUserById, setPassword } from './user.repository.ts';

const Accepted = z.object({ ok: z.literal(true) });
const emailKey = (email: string) => `acct:${createHash('sha256').update(email).digest('hex')}`;
const strict = { rateLimit: { max: 20, timeWindow: '1 minute' } };

export function assertPasswordAllowed(password: string, field = 'password'): void {
  if (isCommonPassword(password)) throw badField(field, 'This password is too common. Choose another one.');
}

export function registerAuthRoutes(app: App, deps: Deps): void {
  app.post('/api/auth/login', {
    config: { public: true, ...strict },
    schema: { tags: ['auth'], body: LoginRequest, response: { 200: LoginResponse } },
  }, async (request, reply) => {
    const { email, password } = request.body;
    const now = deps.clock();
    const key = emailKey(email);
    const perIp = ipKey(request.ip, now);
    await assertNotLocked(deps.db, perIp, now);
    await assertNotLocked(deps.db, key, now);
    const user = await findUserByEmail(deps.db, email);
    const ok = await verifyPassword(user?.disabled_at ? null : user?.password_hash, password);
    const ctx = auditContext(request);
    if (!user || !ok) {
      await deps.db.transaction().execute(async (tx) => {
        await recordFailure(tx, key, now);
        await recordFailure(tx, perIp, now, MAX_IP_FAILURES_PER_DAY, 86_400_000);
        await recordAudit(tx, { ...ctx, actorId: user?.id ?? null }, {
          action: 'auth.sign_in', outcome: 'failed', actorId: user?.id ?? null, clinicId: null,
          details: { reason: 'bad_credentials' },
        });
      });
      throw new AppError('unauthenticated', 401, 'That email and password do not match.');
    }
    await deps.db.transaction().execute(async (tx) => {
      await clearFailures(tx, key);
      if (user.password_hash && needsRehash(user.password_hash)) await setPassword(tx, user.id, await hashPassword(password));
      await startSession(deps, tx, request, reply, user.id, { mfaPending: user.totp_enabled });
      await recordAudit(tx, { ...ctx, actorId: user.id }, { action: 'auth.sign_in', actorId: user.id, clinicId: null, details: { method: 'password', mfaPending: user.totp_enabled } });
    });
    return { mfaRequired: user.totp_enabled };
  });

  app.post('/api/auth/totp', {
    config: { mfaPending: true, ...strict },
    schema: { tags: ['auth'], body: TotpRequest, response: { 200: Ok } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const now = deps.clock();
    const key = `totp:${actor.userId}`;
    await assertNotLocked(deps.db, key, now);
    const user = await findUserById(deps.db, actor.userId);
    const step = user?.totp_secret ? verifyTotp(user.totp_secret, request.body.code, now, user.totp_last_step) : null;
    const signedIn = user && step !== null && await deps.db.transaction().execute(async (tx) => {
      if (!(await claimTotpStep(tx, user.id, step))) return false;
      await clearFailures(tx, key);
      await rotateSession(deps, tx, reply, actor.sessionId);
      await revokeOneTimeTokens(tx, user.id, now);
      await recordAudit(tx, auditContext(request), { action: 'auth.two_factor', clinicId: null });
      return true;
    });
    if (!signedIn) {
      await deps.db.transaction().execute(async (tx) => {
        await recordFailure(tx, key, now);
        await recordAudit(tx, auditContext(request), { action: 'auth.two_factor', outcome: 'failed', clinicId: null });
      });
      throw badField('code', 'That code is not right. Check the time on your phone and try a new code.');
    }
    return { ok: true as const };
  });

  app.post('/api/auth/logout', {
    config: { mfaPending: true, beforeTwoFactorEnrolment: true },
    schema: { tags: ['auth'], response: { 200: Ok } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    await deps.db.transaction().execute(async (tx) => {
      await endSession(tx, actor.sessionId, deps.clock());
      await recordAudit(tx, auditContext(request), { action: 'auth.sign_out', clinicId: null });
    });
    signOutReply(deps, reply);
    return { ok: true as const };
  });

  // Both link requests answer the same whether or not the email has an account.
  app.post('/api/auth/link', {
    config: { public: true, ...strict },
    schema: { tags: ['auth'], body: EmailRequest, response: { 202: Accepted } },
  }, async (request, reply) => {
    await sendTokenMail(deps, request.body.email, 'signin_link', auditContext(request));
    return reply.status(202).send({ ok: true });
  });

  app.post('/api/auth/link/consume', {
    config: { public: true, ...strict },
    schema: { tags: ['auth'], body: TokenRequest, response: { 200: LoginResponse } },
  }, async (request, reply) => {
    const now = deps.clock();
    const result = await deps.db.transaction().execute(async (tx) => {
      const userId = await consumeToken(tx, request.body.token, 'signin_link', now);
      if (!userId) return null;
      const user = await findUserById(tx, userId);
      if (!user || user.disabled_at) return null;
      await startSession(deps, tx, request, reply, user.id, { mfaPending: user.totp_enabled });
      await recordAudit(tx, { ...auditContext(request), actorId: user.id }, { action: 'auth.sign_in', actorId: user.id, clinicId: null, details: { method: 'link' } });
      return { mfaRequired: user.totp_enabled };
    });
    if (!result) throw new AppError('gone', 410, 'This sign-in link has expired or was already used. Ask for a new one.');
    return result;
  });

  app.post('/api/auth/reset', {
    config: { public: true, ...strict },
    schema: { tags: ['auth'], body: EmailRequest, response: { 202: Accepted } },
  }, async (request, reply) => {
    await sendTokenMail(deps, request.body.email, 'password_reset', auditContext(request));
    return reply.status(202).send({ ok: true });
  });

  app.post('/api/auth/reset/complete', {
    config: { public: true, ...strict },
    schema: { tags: ['auth'], body: ResetCompleteRequest, response: { 200: Ok } },
  }, async (request, reply) => {
    assertPasswordAllowed(request.body.password);
    const now = deps.clock();
    const passwordHash = await hashPassword(request.body.password);
    const done = await deps.db.transaction().execute(async (tx) => {
      const userId = await consumeToken(tx, request.body.token, 'password_reset', now);
      if (!userId) return false;
      await setPassword(tx, userId, passwordHash);
      await revokeOneTimeTokens(tx, userId, now);
      await endAllSessions(tx, userId, now);
      await recordAudit(tx, { ...auditContext(request), actorId: userId }, { action: 'auth.password_reset', actorId: userId, clinicId: null });
      return true;
    });
    if (!done) throw new AppError('gone', 410, 'This reset link has expired or was already used. Ask for a new one.');
    signOutReply(deps, reply);
    return { ok: true as const };
  });
}

async function sendTokenMail(
  deps: Deps,
  email: string,
  purpose: 'signin_link' | 'password_reset',
  ctx: ReturnType<typeof auditContext>,
): Promise<void> {
  const now = deps.clock();
  const user = await findUserByEmail(deps.db, email);
  if (!user || user.disabled_at) return;
  const hours = purpose === 'signin_link' ? SIGNIN_LINK_HOURS : RESET_HOURS;
  const mailId = await deps.db.transaction().execute(async (tx) => {
    const token = await issueToken(tx, user.id, purpose, now, hours);
    // Over the limit for this address: the answer stays the same, nothing is sent.
    if (!token) {
      await recordAudit(tx, { ...ctx, actorId: user.id }, { action: purpose === 'signin_link' ? 'auth.link_requested' : 'auth.reset_requested', outcome: 'denied', actorId: user.id, clinicId: null, details: { reason: 'rate_limited' } });
      return null;
    }
    const clinic = await tx
      .selectFrom('clinic_member as cm')
      .innerJoin('clinic as c', 'c.id', 'cm.clinic_id')
      .select(['c.id', 'c.name'])
      .where('cm.user_id', '=', user.id)
      .unionAll(
        tx.selectFrom('care_team_member as m').innerJoin('clinic as c', 'c.id', 'm.clinic_id').select(['c.id', 'c.name'])
          .where('m.user_id', '=', user.id).where('m.revoked_at', 'is', null),
      )
      .executeTakeFirst();
    const path = purpose === 'signin_link' ? '/signin/link' : '/reset';
    await recordAudit(tx, { ...ctx, actorId: user.id }, { action: purpose === 'signin_link' ? 'auth.link_requested' : 'auth.reset_requested', actorId: user.id, clinicId: null });
    return queueMail(deps, tx, {
      clinicId: clinic?.id ?? null,
      to: user.email,
      locale: user.locale === 'es' ? 'es' : 'en',
      template: purpose === 'signin_link' ? 'signInLink' : 'passwordReset',
      vars: { name: user.name, clinic: clinic?.name ?? 'CareTeam' },
      link: { url: `${deps.config.publicUrl}${path}?token=${token}`, hours: Math.max(1, Math.round(hours)) },
      dedupeKey: `${purpose}:${createHash('sha256').update(token).digest('hex')}`,
    });
  });
  await afterCommit(deps, [mailId]);
}
