import { sql } from 'kysely';
import { SetupRequest, SetupStatus } from '../../../contract/auth.ts';
import { Ok } from '../../../contract/common.ts';
import { auditContext, recordAudit } from '../../access/audit.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { assertPasswordAllowed } from '../auth/auth.routes.ts';
import { hashPassword } from '../auth/password.ts';
import { startSession } from '../auth/session.service.ts';
import { createUser, findUserByEmail } from '../auth/user.repository.ts';

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
}
