import { ROLE_PERMISSIONS, type Permission } from '../../../contract/access.ts';
import { Ok } from '../../../contract/common.ts';
import { AddTherapistRequest, ChildId, ChildInvitationIdParams, ChildInvitationParams, ChildMemberParams, ClinicianOptions, InvitationLink, InviteTeamMemberRequest, PendingInvitation, Team, TeamMember, UpdateTeamMemberRequest } from '../../../contract/children.ts';
import type { ChildAccess } from '../../access/access.ts';
import { auditContext, recordAudit } from '../../access/audit.ts';
import type { Deps } from '../../deps.ts';
import { requireActor, requireChildAccess, type Actor } from '../../http/auth.ts';
import { AppError, badField, notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { afterCommit } from '../../mail/mail.service.ts';
import { publish } from '../../realtime/hub.ts';
import { createInvitation, findOpenInvitation, invitationDelivery, reissueInvitation } from '../invitations/invitation.service.ts';
import { addTherapists, listClinicians, listOpenInvitations } from './team.repository.ts';
import { canSeeContact, teamSeenBy } from './team.service.ts';

/** One parent cannot shut the other out of their child's team: only the clinic changes these. */
const CLINIC_MANAGED = new Set(['therapist', 'guardian']);

function isStaff(access: ChildAccess): boolean {
  return access.role === 'therapist' || access.isClinicAdmin;
}

/** A role's defaults, narrowed by the request, and never more than a family inviter holds. */
function grantedPermissions(role: keyof typeof ROLE_PERMISSIONS, requested: Permission[] | undefined, access: ChildAccess): Permission[] {
  const defaults = ROLE_PERMISSIONS[role];
  const wanted = requested ? defaults.filter((p) => requested.includes(p)) : [...defaults];
  const granted = isStaff(access) ? wanted : wanted.filter((p) => access.permissions.includes(p));
  if (!granted.includes('child.view')) granted.unshift('child.view');
  return granted;
}

export function registerTeamRoutes(app: App, deps: Deps): void {
  app.get('/api/children/:childId/team', {
    config: { child: 'team.view' },
    schema: { tags: ['team'], params: ChildId, response: { 200: Team } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    // Both lists at once: two round trips side by side, not one after the other.
    const [members, invitations] = await Promise.all([
      teamSeenBy(deps.db, access, actor.userId),
      access.permissions.includes('team.manage') ? listOpenInvitations(deps.db, access.childId, deps.clock()) : [],
    ]);
    return {
      members,
      invitations: invitations.map((i) => ({
        id: i.id,
        email: canSeeContact(access, actor.userId, { userId: '', role: i.team_role ?? 'guardian', household: i.household }) ? i.email : null,
        name: i.name,
        role: i.team_role ?? 'guardian',
        household: i.household,
        createdAt: i.created_at.toISOString(),
        expiresAt: i.expires_at.toISOString(),
        delivery: invitationDelivery(deps),
        canShare: i.invited_by === actor.userId || access.isClinicAdmin,
      })),
    };
  });

  app.post('/api/children/:childId/invitations', {
    config: { child: 'team.manage', rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: { tags: ['team'], params: ChildId, body: InviteTeamMemberRequest, response: { 201: PendingInvitation } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const b = request.body;
    if (b.role === 'therapist' && !isStaff(access)) throw badField('role', 'Only the clinic can add a therapist to the team.');
    if (b.role === 'teacher') {
      // Consent is the family's to give: a therapist holds consent.grant (every permission) but is not a guardian.
      if (access.role !== 'guardian' || !access.permissions.includes('consent.grant')) throw badField('role', 'A parent or guardian must invite a teacher, which records their consent.');
      if (!b.consentNote) throw badField('consentNote', 'Write down the consent you give for school access.');
    }
    const permissions = grantedPermissions(b.role, b.permissions, access);
    const ctx = auditContext(request);
    const { invitation, mailId } = await deps.db.transaction().execute(async (tx) => {
      const child = await tx.selectFrom('child').select(['id', 'first_name']).where('id', '=', access.childId).executeTakeFirstOrThrow();
      const already = await tx
        .selectFrom('care_team_member as m').innerJoin('app_user as u', 'u.id', 'm.user_id').select('m.id')
        .where('m.child_id', '=', access.childId).where('m.revoked_at', 'is', null).where('u.email', '=', b.email)
        .executeTakeFirst();
      if (already) throw new AppError('conflict', 409, 'This person is already on the team.', [{ path: ['email'], message: 'This person is already on the team.' }]);
      let consentId: string | null = null;
      if (b.role === 'teacher') {
        const consent = await tx.insertInto('consent').values({
          clinic_id: access.clinicId, child_id: access.childId, kind: 'school_access', granted_by: actor.userId,
          subject_email: b.email, note: b.consentNote ?? '',
        }).returning('id').executeTakeFirstOrThrow();
        consentId = consent.id;
        await recordAudit(tx, ctx, { action: 'consent.grant', childId: access.childId, clinicId: access.clinicId, subjectType: 'consent', subjectId: consent.id });
      }
      const created = await createInvitation(deps, tx, {
        clinicId: access.clinicId, kind: 'team', email: b.email, name: b.name, locale: b.locale ?? actor.locale,
        invitedBy: { id: actor.userId, name: actor.name }, child: { id: child.id, firstName: child.first_name },
        teamRole: b.role, permissions, household: b.household || null, consentId,
      });
      await recordAudit(tx, ctx, {
        action: 'team.invite', childId: access.childId, clinicId: access.clinicId, subjectType: 'invitation', subjectId: created.invitation.id,
        details: { role: b.role, permissions },
      });
      return created;
    });
    await afterCommit(deps, [mailId]);
    return reply.status(201).send({
      id: invitation.id, email: invitation.email, name: invitation.name, role: b.role, household: invitation.household,
      createdAt: invitation.created_at.toISOString(), expiresAt: invitation.expires_at.toISOString(),
      delivery: invitationDelivery(deps), canShare: true,
    });
  });

  // The sender of an invitation (and the clinic's admins) can pass its link on themselves or
  // mail it again; anyone else with team.manage finds no such invitation. Either replaces the
  // earlier link, which stops working.
  for (const [path, resend] of [['link', false], ['resend', true]] as const) {
    app.post(`/api/children/:childId/invitations/:invitationId/${path}`, {
      config: { child: 'team.manage', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { tags: ['team'], params: ChildInvitationIdParams, response: { 200: InvitationLink } },
    }, async (request) => {
      const actor = requireActor(request);
      const access = requireChildAccess(request);
      const result = await deps.db.transaction().execute(async (tx) => {
        const inv = await findOpenInvitation(tx, { id: request.params.invitationId, clinicId: access.clinicId, childId: access.childId }, deps.clock());
        if (!inv || (inv.invited_by !== actor.userId && !access.isClinicAdmin)) throw notFound();
        const issued = await reissueInvitation(deps, tx, inv, { resend });
        if (!issued) throw notFound();
        await recordAudit(tx, auditContext(request), {
          action: resend ? 'team.invitation_resend' : 'team.invitation_link', childId: access.childId, clinicId: access.clinicId,
          subjectType: 'invitation', subjectId: inv.id,
        });
        return issued;
      });
      if (result.mailId) await afterCommit(deps, [result.mailId]);
      return { url: resend ? null : result.url, expiresAt: result.invitation.expires_at.toISOString(), delivery: invitationDelivery(deps) };
    });
  }

  /** The clinic's clinicians, for a staff member putting a therapist on a child's team. */
  app.get('/api/clinic/clinicians', { schema: { tags: ['team'], response: { 200: ClinicianOptions } } }, async (request) => {
    const actor = requireActor(request);
    const clinic = actor.clinics[0];
    if (!clinic) throw notFound();
    return { clinicians: await listClinicians(deps.db, clinic.clinicId) };
  });

  app.post('/api/children/:childId/team/therapists', {
    config: { child: 'team.manage' },
    schema: { tags: ['team'], params: ChildId, body: AddTherapistRequest, response: { 201: TeamMember } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    if (!isStaff(access)) throw new AppError('forbidden', 403, 'Only the clinic can add a therapist to the team.');
    const added = await deps.db.transaction().execute(async (tx) => {
      const [member] = await addTherapists(tx, { clinicId: access.clinicId, childId: access.childId, userIds: [request.body.userId], invitedBy: actor.userId });
      if (!member) throw badField('userId', 'Choose a clinician of this clinic who is not on the team yet.');
      await recordAudit(tx, auditContext(request), {
        action: 'team.add_therapist', childId: access.childId, clinicId: access.clinicId, subjectType: 'care_team_member', subjectId: member.id,
        details: { userId: member.user_id },
      });
      return member;
    });
    return reply.status(201).send({
      id: added.id, userId: added.user_id, name: added.name, email: added.email, role: 'therapist' as const, household: null,
      permissions: added.permissions as Permission[], joinedAt: added.created_at.toISOString(),
    });
  });

  app.delete('/api/children/:childId/invitations/:invitationId', {
    config: { child: 'team.manage' },
    schema: { tags: ['team'], params: ChildInvitationParams, response: { 200: Ok } },
  }, async (request) => {
    const access = requireChildAccess(request);
    await deps.db.transaction().execute(async (tx) => {
      const row = await tx.updateTable('invitation').set({ revoked_at: deps.clock() })
        .where('id', '=', request.params.invitationId).where('child_id', '=', access.childId)
        .where('accepted_at', 'is', null).where('revoked_at', 'is', null)
        .returning(['id', 'consent_id']).executeTakeFirst();
      if (!row) throw notFound();
      if (row.consent_id) await tx.updateTable('consent').set({ revoked_at: deps.clock(), revoked_by: requireActor(request).userId }).where('id', '=', row.consent_id).execute();
      await recordAudit(tx, auditContext(request), { action: 'team.invitation_cancel', childId: access.childId, clinicId: access.clinicId, subjectType: 'invitation', subjectId: row.id });
    });
    return { ok: true as const };
  });

  app.patch('/api/children/:childId/team/:memberId', {
    config: { child: 'team.manage' },
    schema: { tags: ['team'], params: ChildMemberParams, body: UpdateTeamMemberRequest, response: { 200: TeamMember } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const b = request.body;
    const updated = await deps.db.transaction().execute(async (tx) => {
      const member = await tx.selectFrom('care_team_member').selectAll()
        .where('id', '=', request.params.memberId).where('child_id', '=', access.childId).where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!member) throw notFound();
      if (CLINIC_MANAGED.has(member.role) && !isStaff(access)) throw new AppError('forbidden', 403, 'Only the clinic can change the access of a therapist or a parent.');
      const permissions = b.permissions ? grantedPermissions(member.role, b.permissions, access) : member.permissions;
      const row = await tx.updateTable('care_team_member')
        .set({ permissions, ...(b.household !== undefined ? { household: b.household || null } : {}) })
        .where('id', '=', member.id).returningAll().executeTakeFirstOrThrow();
      await recordAudit(tx, auditContext(request), {
        action: 'team.update', childId: access.childId, clinicId: access.clinicId, subjectType: 'care_team_member', subjectId: member.id,
        details: { before: member.permissions, after: permissions, household: row.household },
      });
      if (JSON.stringify(permissions) !== JSON.stringify(member.permissions)) {
        await publish(tx, [member.user_id], { type: 'team.access_changed', childId: access.childId });
      }
      const user = await tx.selectFrom('app_user').select(['name', 'email']).where('id', '=', row.user_id).executeTakeFirstOrThrow();
      return { row, user };
    });
    const m = updated.row;
    return {
      id: m.id, userId: m.user_id, name: updated.user.name,
      email: canSeeContact(access, actor.userId, { userId: m.user_id, role: m.role, household: m.household }) ? updated.user.email : null,
      role: m.role, household: m.household, permissions: m.permissions as Permission[], joinedAt: m.created_at.toISOString(),
    };
  });

  app.delete('/api/children/:childId/team/:memberId', {
    config: { child: 'team.manage' },
    schema: { tags: ['team'], params: ChildMemberParams, response: { 200: Ok } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    await deps.db.transaction().execute(async (tx) => {
      const member = await tx.selectFrom('care_team_member').selectAll()
        .where('id', '=', request.params.memberId).where('child_id', '=', access.childId).where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!member) throw notFound();
      if (member.user_id === actor.userId) throw new AppError('conflict', 409, 'You cannot remove yourself. Ask the therapist.');
      if (CLINIC_MANAGED.has(member.role) && !isStaff(access)) throw new AppError('forbidden', 403, 'Only the clinic can remove a therapist or a parent from the team.');
      const now = deps.clock();
      await tx.updateTable('care_team_member').set({ revoked_at: now, revoked_by: actor.userId }).where('id', '=', member.id).execute();
      if (member.consent_id) {
        await tx.updateTable('consent').set({ revoked_at: now, revoked_by: actor.userId }).where('id', '=', member.consent_id).execute();
        await recordAudit(tx, auditContext(request), { action: 'consent.revoke', childId: access.childId, clinicId: access.clinicId, subjectType: 'consent', subjectId: member.consent_id });
      }
      await recordAudit(tx, auditContext(request), {
        action: 'team.revoke', childId: access.childId, clinicId: access.clinicId, subjectType: 'care_team_member', subjectId: member.id,
        details: { role: member.role, userId: member.user_id },
      });
      // Their open streams of this child (a conversation they were reading) end at once.
      await publish(tx, [member.user_id], { type: 'team.removed', childId: access.childId });
    });
    return { ok: true as const };
  });
}
