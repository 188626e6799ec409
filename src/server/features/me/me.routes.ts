import { ChangePasswordRequest, Me, SessionState, TotpRequest, TotpSetupResponse, UpdateMeRequest } from '../../../contract/auth.ts';
import { Ok } from '../../../contract/common.ts';
import { auditContext, recordAudit } from '../../access/audit.ts';
import type { Deps } from '../../deps.ts';
import { mustEnrolTwoFactor, requireActor, type Actor } from '../../http/auth.ts';
import { badField, changesOrRefuse } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { assertPasswordAllowed } from '../auth/password-guard.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { revokeOneTimeTokens } from '../auth/one-time-token.ts';
import { endAllSessions, rotateSession } from '../auth/session.service.ts';
import { newTotpSecret, totpUrl, verifyTotp } from '../auth/totp.ts';
import { findUserById, setPassword } from '../auth/user.repository.ts';
import { invitationDelivery } from '../invitations/invitation.service.ts';

const open = { beforeTwoFactorEnrolment: true };

async function meResponse(deps: Deps, actor: Actor) {
  const clinics = await deps.db
    .selectFrom('clinic_member as cm')
    .innerJoin('clinic as c', 'c.id', 'cm.clinic_id')
    .select(['c.id', 'c.name', 'cm.role', 'c.time_zone as timeZone', 'c.require_two_factor as requireTwoFactor'])
    .where('cm.user_id', '=', actor.userId)
    .orderBy('cm.created_at')
    .execute();
  const clock = await deps.db.selectFrom('app_user').select(['time_zone', 'quiet_start', 'quiet_end', 'phone', 'text_size']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  return {
    user: {
      id: actor.userId, name: actor.name, email: actor.email, locale: actor.locale, totpEnabled: actor.totpEnabled, timeZone: clock.time_zone,
      quietHours: clock.quiet_start && clock.quiet_end ? { start: clock.quiet_start.slice(0, 5), end: clock.quiet_end.slice(0, 5) } : null,
      phone: clock.phone,
      textSize: clock.text_size,
    },
    csrfToken: actor.csrfToken,
    clinics: clinics.map((c) => ({ ...c, mailDelivery: invitationDelivery(deps) })),
    mustEnrolTwoFactor: mustEnrolTwoFactor(actor),
  };
}

export function registerMeRoutes(app: App, deps: Deps): void {
  app.get('/api/me', { config: open, schema: { tags: ['me'], response: { 200: Me } } }, async (request) =>
    meResponse(deps, requireActor(request)),
  );

  // The browser asks this on every page; a signed-out visitor is normal, not an error. A session
  // still owing its second factor counts as signed out here, as GET /api/me refuses it too.
  app.get('/api/session', { config: { public: true }, schema: { tags: ['me'], response: { 200: SessionState } } }, async (request) => {
    const actor = request.actor;
    if (!actor || actor.mfaPending) return { signedIn: false as const };
    return { signedIn: true as const, me: await meResponse(deps, actor) };
  });

  app.patch('/api/me', { config: open, schema: { tags: ['me'], body: UpdateMeRequest, response: { 200: Me } } }, async (request) => {
    const actor = requireActor(request);
    const b = request.body;
    await deps.db.transaction().execute(async (tx) => {
      await tx.updateTable('app_user').set(changesOrRefuse({
        ...(b.name ? { name: b.name } : {}),
        ...(b.locale ? { locale: b.locale } : {}),
        ...(b.timeZone !== undefined ? { time_zone: b.timeZone } : {}),
        ...(b.quietHours !== undefined ? { quiet_start: b.quietHours?.start ?? null, quiet_end: b.quietHours?.end ?? null } : {}),
        ...(b.phone !== undefined ? { phone: b.phone } : {}),
        ...(b.textSize ? { text_size: b.textSize } : {}),
      })).where('id', '=', actor.userId).execute();
      // Reminders follow the person's clock: the sweep places each one again.
      if (b.timeZone !== undefined || b.quietHours !== undefined) {
        await tx.updateTable('practice_reminder').set({ next_at: null, next_date: null }).where('user_id', '=', actor.userId).execute();
      }
      await recordAudit(tx, auditContext(request), { action: 'account.update', subjectType: 'user', subjectId: actor.userId, details: { fields: Object.keys(b) } });
    });
    return meResponse(deps, { ...actor, ...(b.name ? { name: b.name } : {}), ...(b.locale ? { locale: b.locale } : {}) });
  });

  app.post('/api/me/password', {
    config: { ...open, rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: { tags: ['me'], body: ChangePasswordRequest, response: { 200: Ok } },
  }, async (request) => {
    const actor = requireActor(request);
    const user = await findUserById(deps.db, actor.userId);
    if (!(await verifyPassword(user?.password_hash, request.body.currentPassword))) {
      throw badField('currentPassword', 'Your current password is not right.');
    }
    assertPasswordAllowed(request.body.newPassword, 'newPassword');
    const passwordHash = await hashPassword(request.body.newPassword);
    await deps.db.transaction().execute(async (tx) => {
      await setPassword(tx, actor.userId, passwordHash);
      await revokeOneTimeTokens(tx, actor.userId, deps.clock());
      if (request.body.signOutEverywhere) await endAllSessions(tx, actor.userId, deps.clock(), actor.sessionId);
      await recordAudit(tx, auditContext(request), { action: 'account.password_change', subjectType: 'user', subjectId: actor.userId, details: { signOutEverywhere: request.body.signOutEverywhere } });
    });
    return { ok: true as const };
  });

  app.post('/api/me/totp/setup', { config: open, schema: { tags: ['me'], response: { 200: TotpSetupResponse } } }, async (request) => {
    const actor = requireActor(request);
    const secret = newTotpSecret();
    // The secret is kept but not in force until a first code proves the app has it.
    await deps.db.updateTable('app_user').set({ totp_secret: secret }).where('id', '=', actor.userId).where('totp_enabled', '=', false).execute();
    return { secret, otpauthUrl: totpUrl(secret, actor.email) };
  });

  app.post('/api/me/totp/enable', {
    config: { ...open, rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: { tags: ['me'], body: TotpRequest, response: { 200: Ok } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const user = await findUserById(deps.db, actor.userId);
    const step = user?.totp_secret && !user.totp_enabled ? verifyTotp(user.totp_secret, request.body.code, deps.clock(), null) : null;
    if (step === null) throw badField('code', 'That code is not right. Check the time on your phone and try a new code.');
    await deps.db.transaction().execute(async (tx) => {
      await tx.updateTable('app_user').set({ totp_enabled: true, totp_last_step: step }).where('id', '=', actor.userId).execute();
      await rotateSession(deps, tx, reply, actor.sessionId);
      await recordAudit(tx, auditContext(request), { action: 'account.two_factor_enabled', subjectType: 'user', subjectId: actor.userId });
    });
    return { ok: true as const };
  });
}
