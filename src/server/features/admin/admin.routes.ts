import { sql } from 'kysely';
import { z } from 'zod';
import { AuditPage, AuditQuery, ClinicSettings, Clinicians, ClinicInvitation, InviteClinicianRequest, Outbox, TranslationStatus, TryTranslation, TryTranslationRequest, UpdateClinicRequest } from '../../../contract/admin.ts';
import { InvitationLink } from '../../../contract/children.ts';
import { Ok } from '../../../contract/common.ts';
import { auditContext, recordAudit } from '../../access/audit.ts';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/auth.ts';
import { AppError, changesOrRefuse, notFound } from '../../http/errors.ts';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../http/types.ts';
import { afterCommit } from '../../mail/mail.service.ts';
import { createInvitation, findOpenInvitation, invitationDelivery, reissueInvitation } from '../invitations/invitation.service.ts';
import { translationStatus, tryTranslation } from '../translation/translation.service.ts';

const InvitationParams = z.object({ invitationId: z.uuid() });
const admin = { clinicAdmin: true };

/** Admin pages exist only for a clinic's admins; to anyone else they are not found. */
export function requireAdmin(request: FastifyRequest) {
  const actor = requireActor(request);
  const clinic = actor.clinics.find((c) => c.role === 'admin');
  if (!clinic) throw notFound();
  return { actor, clinicId: clinic.clinicId };
}

const clinicSettings = (c: { id: string; name: string; time_zone: string; require_two_factor: boolean; letterhead: string; retention_days: number }) => ({
  id: c.id, name: c.name, timeZone: c.time_zone, requireTwoFactor: c.require_two_factor, letterhead: c.letterhead, retentionDays: c.retention_days,
});

export function registerAdminRoutes(app: App, deps: Deps): void {
  app.get('/api/admin/clinicians', { config: admin, schema: { tags: ['admin'], response: { 200: Clinicians } } }, async (request) => {
    const { clinicId } = requireAdmin(request);
    const clinicians = await deps.db
      .selectFrom('clinic_member as cm')
      .innerJoin('app_user as u', 'u.id', 'cm.user_id')
      .select((eb) => [
        'u.id as userId', 'u.name', 'u.email', 'cm.role', 'u.totp_enabled as totpEnabled', 'cm.created_at',
        eb.selectFrom('care_team_member as m').select(sql<number>`count(*)::int`.as('n'))
          .whereRef('m.user_id', '=', 'u.id').where('m.clinic_id', '=', clinicId).where('m.revoked_at', 'is', null).as('childCount'),
      ])
      .where('cm.clinic_id', '=', clinicId)
      .orderBy('u.name')
      .execute();
    const invitations = await deps.db
      .selectFrom('invitation as i')
      .innerJoin('app_user as u', 'u.id', 'i.invited_by')
      .select(['i.id', 'i.email', 'i.name', 'i.kind', 'i.clinic_role', 'i.team_role', 'i.child_id', 'u.name as invitedBy', 'i.created_at', 'i.expires_at'])
      .where('i.clinic_id', '=', clinicId)
      .where('i.accepted_at', 'is', null)
      .where('i.revoked_at', 'is', null)
      .where('i.expires_at', '>', deps.clock())
      .orderBy('i.created_at', 'desc')
      .execute();
    return {
      clinicians: clinicians.map((c) => ({ ...c, childCount: c.childCount ?? 0, joinedAt: c.created_at.toISOString() })),
      invitations: invitations.map((i) => ({
        id: i.id, email: i.email, name: i.name, kind: i.kind, role: i.clinic_role ?? i.team_role ?? '', childId: i.child_id,
        invitedBy: i.invitedBy, createdAt: i.created_at.toISOString(), expiresAt: i.expires_at.toISOString(), delivery: invitationDelivery(deps),
      })),
    };
  });

  app.post('/api/admin/invitations', {
    config: { ...admin, rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: { tags: ['admin'], body: InviteClinicianRequest, response: { 201: ClinicInvitation } },
  }, async (request, reply) => {
    const { actor, clinicId } = requireAdmin(request);
    const b = request.body;
    const { invitation, mailId } = await deps.db.transaction().execute(async (tx) => {
      const member = await tx.selectFrom('clinic_member as cm').innerJoin('app_user as u', 'u.id', 'cm.user_id').select('u.id')
        .where('cm.clinic_id', '=', clinicId).where('u.email', '=', b.email).executeTakeFirst();
      if (member) throw new AppError('conflict', 409, 'This person is already a member of the clinic.', [{ path: ['email'], message: 'Already a member of the clinic.' }]);
      const created = await createInvitation(deps, tx, {
        clinicId, kind: 'clinician', email: b.email, name: b.name, locale: b.locale ?? actor.locale,
        invitedBy: { id: actor.userId, name: actor.name }, clinicRole: b.role,
      });
      await recordAudit(tx, auditContext(request), { action: 'clinician.invite', clinicId, subjectType: 'invitation', subjectId: created.invitation.id, details: { role: b.role } });
      return created;
    });
    await afterCommit(deps, [mailId]);
    return reply.status(201).send({
      id: invitation.id, email: invitation.email, name: invitation.name, kind: 'clinician' as const, role: b.role, childId: null,
      invitedBy: actor.name, createdAt: invitation.created_at.toISOString(), expiresAt: invitation.expires_at.toISOString(), delivery: invitationDelivery(deps),
    });
  });

  // Any open invitation of the clinic (a clinician's, or a family member's to a care team): a
  // fresh link to pass on, or the mail again. Either replaces the earlier link.
  for (const [path, resend] of [['link', false], ['resend', true]] as const) {
    app.post(`/api/admin/invitations/:invitationId/${path}`, {
      config: { ...admin, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { tags: ['admin'], params: InvitationParams, response: { 200: InvitationLink } },
    }, async (request) => {
      const { clinicId } = requireAdmin(request);
      const result = await deps.db.transaction().execute(async (tx) => {
        const inv = await findOpenInvitation(tx, { id: request.params.invitationId, clinicId }, deps.clock());
        const issued = inv ? await reissueInvitation(deps, tx, inv, { resend }) : null;
        if (!issued) throw notFound();
        await recordAudit(tx, auditContext(request), {
          action: resend ? 'invitation.resend' : 'invitation.link', clinicId, childId: issued.invitation.child_id, subjectType: 'invitation', subjectId: issued.invitation.id,
        });
        return issued;
      });
      if (result.mailId) await afterCommit(deps, [result.mailId]);
      return { url: resend ? null : result.url, expiresAt: result.invitation.expires_at.toISOString(), delivery: invitationDelivery(deps) };
    });
  }

  app.delete('/api/admin/invitations/:invitationId', {
    config: admin,
    schema: { tags: ['admin'], params: InvitationParams, response: { 200: Ok } },
  }, async (request) => {
    const { clinicId } = requireAdmin(request);
    await deps.db.transaction().execute(async (tx) => {
      const row = await tx.updateTable('invitation').set({ revoked_at: deps.clock() })
        .where('id', '=', request.params.invitationId).where('clinic_id', '=', clinicId)
        .where('accepted_at', 'is', null).where('revoked_at', 'is', null).returning(['id', 'child_id']).executeTakeFirst();
      if (!row) throw notFound();
      await recordAudit(tx, auditContext(request), { action: 'invitation.cancel', clinicId, childId: row.child_id, subjectType: 'invitation', subjectId: row.id });
    });
    return { ok: true as const };
  });

  app.get('/api/admin/outbox', { config: admin, schema: { tags: ['admin'], response: { 200: Outbox } } }, async (request) => {
    const { clinicId } = requireAdmin(request);
    const mails = await deps.db.selectFrom('mail_outbox')
      .select(['id', 'to_address', 'subject', 'text_body', 'status', 'created_at', 'sent_at'])
      .where('clinic_id', '=', clinicId).orderBy('created_at', 'desc').limit(200).execute();
    return {
      smtpConfigured: Boolean(deps.config.smtpUrl),
      mails: mails.map((m) => ({
        id: m.id, to: m.to_address, subject: m.subject, text: m.text_body, status: m.status,
        createdAt: m.created_at.toISOString(), sentAt: m.sent_at?.toISOString() ?? null,
      })),
    };
  });

  app.get('/api/admin/audit', { config: admin, schema: { tags: ['admin'], querystring: AuditQuery, response: { 200: AuditPage } } }, async (request) => {
    const { clinicId } = requireAdmin(request);
    const q = request.query;
    let query = deps.db
      .selectFrom('audit_event as a')
      .leftJoin('app_user as u', 'u.id', 'a.actor_id')
      .leftJoin('child as c', 'c.id', 'a.child_id')
      .select([
        'a.id', 'a.created_at', 'a.actor_id', 'u.name as actorName', 'a.actor_role', 'a.action', 'a.subject_type',
        'a.subject_id', 'a.child_id', sql<string | null>`c.first_name || ' ' || c.last_name`.as('childName'), 'a.outcome', 'a.ip',
      ])
      .where('a.clinic_id', '=', clinicId);
    // A read of many children at once (a calendar week) is one row naming them in details.childIds.
    if (q.childId) { const childId = q.childId; query = query.where((eb) => eb.or([eb('a.child_id', '=', childId), sql<boolean>`a.details -> 'childIds' ? ${childId}`])); }
    if (q.actorId) query = query.where('a.actor_id', '=', q.actorId);
    if (q.action) query = query.where('a.action', 'like', `${q.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (q.from) query = query.where('a.created_at', '>=', new Date(`${q.from}T00:00:00Z`));
    if (q.to) query = query.where('a.created_at', '<', new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000));
    if (q.before) query = query.where('a.id', '<', String(q.before));
    const rows = await query.orderBy('a.id', 'desc').limit(q.limit + 1).execute();
    const page = rows.slice(0, q.limit);
    return {
      events: page.map((r) => ({
        id: Number(r.id), at: r.created_at.toISOString(), actorId: r.actor_id, actorName: r.actorName, actorRole: r.actor_role,
        action: r.action, subjectType: r.subject_type, subjectId: r.subject_id, childId: r.child_id, childName: r.childName,
        outcome: r.outcome, ip: r.ip,
      })),
      nextBefore: rows.length > q.limit ? Number(page[page.length - 1]?.id ?? 0) : null,
    };
  });

  app.get('/api/admin/clinic', { config: admin, schema: { tags: ['admin'], response: { 200: ClinicSettings } } }, async (request) => {
    const { clinicId } = requireAdmin(request);
    const c = await deps.db.selectFrom('clinic').selectAll().where('id', '=', clinicId).executeTakeFirstOrThrow();
    return clinicSettings(c);
  });

  app.patch('/api/admin/clinic', { config: admin, schema: { tags: ['admin'], body: UpdateClinicRequest, response: { 200: ClinicSettings } } }, async (request) => {
    const { clinicId } = requireAdmin(request);
    const b = request.body;
    const c = await deps.db.transaction().execute(async (tx) => {
      const row = await tx.updateTable('clinic')
        .set(changesOrRefuse({
          ...(b.name ? { name: b.name } : {}), ...(b.requireTwoFactor !== undefined ? { require_two_factor: b.requireTwoFactor } : {}),
          ...(b.retentionDays !== undefined ? { retention_days: b.retentionDays } : {}),
          ...(b.letterhead !== undefined ? { letterhead: b.letterhead } : {}),
        }))
        .where('id', '=', clinicId).returningAll().executeTakeFirstOrThrow();
      await recordAudit(tx, auditContext(request), { action: 'clinic.update', clinicId, subjectType: 'clinic', subjectId: clinicId, details: b });
      return row;
    });
    return clinicSettings(c);
  });

  // Checks the translation server on each request (within about 2 s), so "Check again" is a real check.
  app.get('/api/admin/translation', {
    config: { ...admin, rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: { tags: ['admin'], response: { 200: TranslationStatus } },
  }, async (request) => {
    const { clinicId } = requireAdmin(request);
    return translationStatus(deps, clinicId);
  });

  // An admin's own sentence through the translation service: what families would read.
  app.post('/api/admin/translation/try', {
    config: { ...admin, rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: { tags: ['admin'], body: TryTranslationRequest, response: { 200: TryTranslation } },
  }, async (request) => {
    const { clinicId } = requireAdmin(request);
    const result = await tryTranslation(deps, clinicId, request.body);
    // What was tried is the admin's own words: the log keeps the language, the outcome and the size, not the text.
    await recordAudit(deps.db, auditContext(request), {
      action: 'translation.try', clinicId, subjectType: 'clinic', subjectId: clinicId,
      details: { target: request.body.target, characters: [...request.body.text].length, outcome: result.ok ? 'translated' : result.error },
    });
    return result;
  });
}
