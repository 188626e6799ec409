import { sql } from 'kysely';
import { SetupRequest, SetupStatus } from '../../../contract/auth.ts';
import { FIRST_STEPS, FirstSteps } from '../../../contract/admin.ts';
import { Ok } from '../../../contract/common.ts';
import { auditContext, recordAudit } from '../../access/audit.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { assertPasswordAllowed } from '../auth/password-guard.ts';
import { hashPassword } from '../auth/password.ts';
import { startSession } from '../auth/session.service.ts';
import { requireAdmin } from '../admin/admin.routes.ts';
import { createUser, findUserByEmail } from '../auth/user.repository.ts';
import { dismissFirstSteps, firstStepsState } from './first-steps.repository.ts';

export function registerSetupRoutes(app: App, deps: Deps): void {
  app.get('/api/setup', {
    config: { public: true },
    schema: { tags: ['setup'], response: { 200: SetupStatus } },
  }, async () => {
    const any = await deps.db.selectFrom('clinic').select('id').limit(1).executeTakeFirst();
    return { needsSetup: !any };
  });

  // The first visit creates the clinic and its first admin; after that, clinics are not
  // created from the open web.
  app.post('/api/setup', {
    config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: { tags: ['setup'], body: SetupRequest, response: { 201: Ok } },
  }, async (request, reply) => {
    const b = request.body;
    assertPasswordAllowed(b.password);
    const passwordHash = await hashPassword(b.password);
    await deps.db.transaction().execute(async (tx) => {
      await sql`LOCK TABLE clinic IN EXCLUSIVE MODE`.execute(tx);
      const any = await tx.selectFrom('clinic').select('id').limit(1).executeTakeFirst();
      if (any) throw new AppError('conflict', 409, 'CareTeam is already set up. Sign in instead.');
      if (await findUserByEmail(tx, b.email)) throw new AppError('conflict', 409, 'CareTeam is already set up. Sign in instead.');
      const clinic = await tx.insertInto('clinic').values({ name: b.clinicName, time_zone: b.timeZone }).returning('id').executeTakeFirstOrThrow();
      const userId = await createUser(tx, { email: b.email, name: b.adminName, passwordHash, locale: b.locale ?? 'en' });
      await tx.insertInto('clinic_member').values({ clinic_id: clinic.id, user_id: userId, role: 'admin' }).execute();
      await startSession(deps, tx, request, reply, userId, { mfaPending: false });
      await recordAudit(tx, { ...auditContext(request), actorId: userId, actorRole: 'admin', clinicId: clinic.id }, {
        action: 'clinic.create', subjectType: 'clinic', subjectId: clinic.id,
      });
    });
    return reply.status(201).send({ ok: true });
  });

  // The clinic owner's first steps, ticked from what really exists; put away for good on request.
  app.get('/api/admin/first-steps', { config: { clinicAdmin: true }, schema: { tags: ['setup'], response: { 200: FirstSteps } } }, async (request) => {
    const { clinicId } = requireAdmin(request);
    const s = await firstStepsState(deps.db, clinicId);
    const done: Record<(typeof FIRST_STEPS)[number], boolean> = {
      inviteTherapists: s.therapists, setUpMail: Boolean(deps.config.smtpUrl), addChild: s.child, inviteFamily: s.family, agreeGoal: s.goal, assignPractice: s.practice,
    };
    return { dismissed: s.dismissed, steps: FIRST_STEPS.map((id) => ({ id, done: done[id] })) };
  });

  app.post('/api/admin/first-steps/dismiss', { config: { clinicAdmin: true }, schema: { tags: ['setup'], response: { 200: Ok } } }, async (request) => {
    const { clinicId } = requireAdmin(request);
    await deps.db.transaction().execute(async (tx) => {
      await dismissFirstSteps(tx, clinicId, deps.clock());
      await recordAudit(tx, auditContext(request), { action: 'clinic.first_steps_dismiss', clinicId, subjectType: 'clinic', subjectId: clinicId });
    });
    return { ok: true as const };
  });
}
