import { z } from 'zod';
import { EmailRequest, LinkRequestAccepted, LoginRequest, LoginResponse, ResetCompleteRequest, TokenRequest, TotpRequest } from '../../../contract/auth.ts';
import { Ok } from '../../../contract/common.ts';
import { auditContext, recordAudit } from '../../access/audit.ts';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/auth.ts';
import { AppError, badField } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { consumeToken, revokeOneTimeTokens } from './one-time-token.ts';
import { hashPassword, needsRehash, verifyPassword } from './password.ts';
import { endAllSessions, endSession, rotateSession, signOutReply, startSession } from './session.service.ts';
import { knownDeviceKey, rememberDevice } from './device.ts';
import { ACCOUNT_POLICY, clearFailures, DEVICE_POLICY, ipKey, IP_POLICY, recordFailure } from './throttle.ts';
import { assertPasswordAllowed, emailKey, throttled } from './password-guard.ts';
import { mailDelivery } from '../../mail/mail.service.ts';
import { requestTokenMail } from './token-mail.ts';
import { verifyTotp } from './totp.ts';
import { claimTotpStep, findUserByEmail, findUserById, setPassword } from './user.repository.ts';

const strict = { rateLimit: { max: 20, timeWindow: '1 minute' } };

export function registerAuthRoutes(app: App, deps: Deps): void {
  app.post('/api/auth/login', {
    config: { public: true, ...strict },
    schema: { tags: ['auth'], body: LoginRequest, response: { 200: LoginResponse } },
  }, async (request, reply) => {
    const { email, password } = request.body;
    const now = deps.clock();
    const ctx = auditContext(request);
    const user = await findUserByEmail(deps.db, email);
    // A device the person signed in from before is throttled on its own; any other browser on
    // the account's and the address's counts.
    const device = user ? await knownDeviceKey(deps, request, user.id) : null;
    const keys = device ? [device] : [emailKey(email), ipKey(request.ip, now)];
    await throttled(deps, keys, now, { ...ctx, actorId: user?.id ?? null }, 'auth.sign_in');
    const ok = await verifyPassword(user?.disabled_at ? null : user?.password_hash, password);
    if (!user || !ok) {
      await deps.db.transaction().execute(async (tx) => {
        if (device) await recordFailure(tx, device, now, DEVICE_POLICY);
        else {
          await recordFailure(tx, emailKey(email), now, ACCOUNT_POLICY);
          await recordFailure(tx, ipKey(request.ip, now), now, IP_POLICY);
        }
        await recordAudit(tx, { ...ctx, actorId: user?.id ?? null }, {
          action: 'auth.sign_in', outcome: 'failed', actorId: user?.id ?? null, clinicId: null,
          details: { reason: 'bad_credentials' },
        });
      });
      throw new AppError('unauthenticated', 401, 'That email and password do not match.');
    }
    await deps.db.transaction().execute(async (tx) => {
      await clearFailures(tx, device ?? emailKey(email));
      if (user.password_hash && needsRehash(user.password_hash)) await setPassword(tx, user.id, await hashPassword(password));
      await startSession(deps, tx, request, reply, user.id, { mfaPending: user.totp_enabled });
      if (!user.totp_enabled) await rememberDevice(deps, tx, request, reply, user.id);
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
    const device = await knownDeviceKey(deps, request, actor.userId);
    const key = device ?? `totp:${actor.userId}`;
    await throttled(deps, device ? [device] : [key, ipKey(request.ip, now)], now, auditContext(request), 'auth.two_factor');
    const user = await findUserById(deps.db, actor.userId);
    const step = user?.totp_secret ? verifyTotp(user.totp_secret, request.body.code, now, user.totp_last_step) : null;
    const signedIn = user && step !== null && await deps.db.transaction().execute(async (tx) => {
      if (!(await claimTotpStep(tx, user.id, step))) return false;
      await clearFailures(tx, key);
      await rotateSession(deps, tx, reply, actor.sessionId);
      await rememberDevice(deps, tx, request, reply, user.id);
      await revokeOneTimeTokens(tx, user.id, now);
      await recordAudit(tx, auditContext(request), { action: 'auth.two_factor', clinicId: null });
      return true;
    });
    if (!signedIn) {
      await deps.db.transaction().execute(async (tx) => {
        await recordFailure(tx, key, now, device ? DEVICE_POLICY : ACCOUNT_POLICY);
        if (!device) await recordFailure(tx, ipKey(request.ip, now), now, IP_POLICY);
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

  // Both link requests answer the same, and do the same work, whether or not the email has an
  // account: the mail (if any) is the job's business.
  app.post('/api/auth/link', {
    config: { public: true, ...strict },
    schema: { tags: ['auth'], body: EmailRequest, response: { 202: LinkRequestAccepted } },
  }, async (request, reply) => {
    await requestTokenMail(deps, request, request.body.email, 'signin_link');
    return reply.status(202).send({ ok: true, delivery: mailDelivery(deps) });
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
      if (!user.totp_enabled) await rememberDevice(deps, tx, request, reply, user.id);
      await recordAudit(tx, { ...auditContext(request), actorId: user.id }, { action: 'auth.sign_in', actorId: user.id, clinicId: null, details: { method: 'link' } });
      return { mfaRequired: user.totp_enabled };
    });
    if (!result) throw new AppError('gone', 410, 'This sign-in link has expired or was already used. Ask for a new one.');
    return result;
  });

  app.post('/api/auth/reset', {
    config: { public: true, ...strict },
    schema: { tags: ['auth'], body: EmailRequest, response: { 202: LinkRequestAccepted } },
  }, async (request, reply) => {
    await requestTokenMail(deps, request, request.body.email, 'password_reset');
    return reply.status(202).send({ ok: true, delivery: mailDelivery(deps) });
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
