// A person's optional mail (the weekly digest's day and hour, newsletters on or off), the
// therapist's note for a child's next digest, and the unsubscribe link every optional mail carries.
import { sql } from 'kysely';
import { ChildId } from '../../../contract/children.ts';
import { DigestNote, MailPreferences, UnsubscribeInfo, UnsubscribeParams, UpdateDigestNoteRequest, UpdateMailPreferencesRequest } from '../../../contract/digests.ts';
import { Ok } from '../../../contract/common.ts';
import { auditContext, recordAudit } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { requireActor, requireChildAccess } from '../../http/auth.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { hashToken } from '../../http/tokens.ts';
import type { App } from '../../http/types.ts';
import { CLINICIAN_DEFAULT, FAMILY_DEFAULT, nextDigest } from './digest-schedule.ts';
import { scheduleOf } from './digests.ts';
import { zoneOf } from './digests.repository.ts';

/** A note is sent with the digests of the week after it was written. */
const NOTE_DAYS = 7;

async function preferencesOf(db: Executor, userId: string, now: Date) {
  const row = await sql<{
    digest_enabled: boolean | null; digest_weekday: number | null; digest_time: string | null; digest_details: boolean | null; newsletters: boolean | null;
    time_zone: string; quiet_start: string | null; quiet_end: string | null; clinician: boolean;
  }>`
    select p.digest_enabled, p.digest_weekday, p.digest_time::text as digest_time, p.digest_details, p.newsletters,
      ${zoneOf} as time_zone, u.quiet_start::text as quiet_start, u.quiet_end::text as quiet_end,
      exists (select 1 from clinic_member cm where cm.user_id = u.id) as clinician
    from app_user u left join mail_preference p on p.user_id = u.id
    where u.id = ${userId}`.execute(db);
  const r = row.rows[0];
  if (!r) throw notFound();
  const defaults = r.clinician ? CLINICIAN_DEFAULT : FAMILY_DEFAULT;
  const s = { digest_weekday: r.digest_weekday ?? defaults.weekday, digest_time: r.digest_time ?? defaults.time, time_zone: r.time_zone, quiet_start: r.quiet_start, quiet_end: r.quiet_end };
  const enabled = r.digest_enabled ?? true;
  return {
    digest: {
      enabled, weekday: s.digest_weekday, time: s.digest_time.slice(0, 5), timeZone: s.time_zone,
      nextAt: enabled ? nextDigest(scheduleOf(s), now).at.toISOString() : null,
      details: r.digest_details ?? false,
    },
    newsletters: r.newsletters ?? true,
    schedule: scheduleOf(s),
  };
}

export function registerDigestRoutes(app: App, deps: Deps): void {
  app.get('/api/me/mail', { schema: { tags: ['me'], response: { 200: MailPreferences } } }, async (request) => {
    const { schedule: _, ...prefs } = await preferencesOf(deps.db, requireActor(request).userId, deps.clock());
    return prefs;
  });

  app.put('/api/me/mail', { schema: { tags: ['me'], body: UpdateMailPreferencesRequest, response: { 200: MailPreferences } } }, async (request) => {
    const actor = requireActor(request);
    const b = request.body;
    const now = deps.clock();
    await deps.db.transaction().execute(async (tx) => {
      const current = await preferencesOf(tx, actor.userId, now);
      const digest = b.digest ?? { enabled: current.digest.enabled, weekday: current.digest.weekday, time: current.digest.time };
      const details = b.digest?.details ?? current.digest.details;
      const next = nextDigest({ ...current.schedule, weekday: digest.weekday, time: digest.time }, now);
      const values = {
        digest_enabled: digest.enabled, digest_weekday: digest.weekday, digest_time: digest.time, digest_details: details,
        newsletters: b.newsletters ?? current.newsletters, digest_next_at: digest.enabled ? next.at : null, updated_at: now,
      };
      await tx.insertInto('mail_preference').values({ user_id: actor.userId, ...values })
        .onConflict((oc) => oc.column('user_id').doUpdateSet(values)).execute();
      await recordAudit(tx, auditContext(request), {
        action: 'account.mail', subjectType: 'user', subjectId: actor.userId,
        details: { digest: digest.enabled ? { weekday: digest.weekday, time: digest.time, details } : false, newsletters: values.newsletters },
      });
    });
    const { schedule: _, ...prefs } = await preferencesOf(deps.db, actor.userId, now);
    return prefs;
  });

  async function noteOf(db: Executor, childId: string) {
    const n = await db.selectFrom('digest_note as n').innerJoin('app_user as u', 'u.id', 'n.written_by').select(['n.text', 'n.updated_at', 'u.name'])
      .where('n.child_id', '=', childId).executeTakeFirst();
    if (!n || n.text === '') return { text: '', by: null, updatedAt: null, sendsUntil: null };
    return { text: n.text, by: n.name, updatedAt: n.updated_at.toISOString(), sendsUntil: new Date(n.updated_at.getTime() + NOTE_DAYS * 86_400_000).toISOString() };
  }

  app.get('/api/children/:childId/digest-note', {
    config: { child: 'plan.edit' },
    schema: { tags: ['digests'], params: ChildId, response: { 200: DigestNote } },
  }, async (request) => noteOf(deps.db, requireChildAccess(request).childId));

  app.put('/api/children/:childId/digest-note', {
    config: { child: 'plan.edit' },
    schema: { tags: ['digests'], params: ChildId, body: UpdateDigestNoteRequest, response: { 200: DigestNote } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    if (access.role !== 'therapist') throw new AppError('forbidden', 403, 'Only the child’s therapists write a note for the family’s digest.');
    // A changed note is translated afresh for the next digests (its translations are kept per wording).
    const values = { text: request.body.text, written_by: actor.userId, updated_at: deps.clock() };
    await deps.db.transaction().execute(async (tx) => {
      await tx.insertInto('digest_note').values({ child_id: access.childId, clinic_id: access.clinicId, ...values })
        .onConflict((oc) => oc.column('child_id').doUpdateSet(values)).execute();
      await recordAudit(tx, auditContext(request), {
        action: 'digest.note', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId,
        details: { length: values.text.length },
      });
    });
    return noteOf(deps.db, access.childId);
  });

  // ---- Unsubscribe: public, by the token in the mail -------------------------------------------

  async function findToken(db: Executor, token: string, lock = false) {
    if (lock) {
      // A newsletter can reach someone before the digest sweep made their row: make it now.
      await db.insertInto('mail_preference')
        .columns(['user_id', 'digest_weekday', 'digest_time', 'updated_at'])
        .expression((eb) => eb.selectFrom('mail_unsubscribe').select(['user_id', eb.val(FAMILY_DEFAULT.weekday).as('w'), eb.val(FAMILY_DEFAULT.time).as('t'), eb.val(deps.clock()).as('u')])
          .where('token_hash', '=', hashToken(token)))
        .onConflict((oc) => oc.column('user_id').doNothing()).execute();
    }
    let q = db.selectFrom('mail_unsubscribe as t').leftJoin('clinic as k', 'k.id', 't.clinic_id').leftJoin('mail_preference as p', 'p.user_id', 't.user_id')
      .select(['t.token_hash', 't.user_id', 't.kind', 't.clinic_id', 't.used_at', 'k.name as clinic', 'p.digest_enabled', 'p.newsletters'])
      .where('t.token_hash', '=', hashToken(token));
    if (lock) q = q.forUpdate('t');
    const row = await q.executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }

  const publicLimited = { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } };

  app.get('/api/unsubscribe/:token', {
    config: publicLimited,
    schema: { tags: ['digests'], params: UnsubscribeParams, response: { 200: UnsubscribeInfo } },
  }, async (request) => {
    const row = await findToken(deps.db, request.params.token);
    return { kind: row.kind, clinic: row.clinic, done: row.kind === 'digest' ? row.digest_enabled === false : row.newsletters === false };
  });

  // Mail programs send the one-click unsubscribe (RFC 8058) as a form post; the page sends JSON.
  // The form parser lives only in this scope, so no other route accepts a cross-site form.
  void app.register(async (scope: App) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    scope.post('/api/unsubscribe/:token', {
      config: publicLimited,
      schema: { tags: ['digests'], params: UnsubscribeParams, response: { 200: Ok } },
    }, async (request) => {
      await deps.db.transaction().execute(async (tx) => {
        const row = await findToken(tx, request.params.token, true);
        const now = deps.clock();
        await tx.updateTable('mail_preference')
          .set(row.kind === 'digest' ? { digest_enabled: false, digest_next_at: null, updated_at: now } : { newsletters: false, updated_at: now })
          .where('user_id', '=', row.user_id).execute();
        await tx.updateTable('mail_unsubscribe').set({ used_at: now }).where('token_hash', '=', row.token_hash).where('used_at', 'is', null).execute();
        await recordAudit(tx, { ...auditContext(request), actorId: row.user_id, actorRole: null, clinicId: row.clinic_id }, {
          action: 'mail.unsubscribe', subjectType: 'user', subjectId: row.user_id, details: { kind: row.kind },
        });
      });
      return { ok: true as const };
    });
  });
}
