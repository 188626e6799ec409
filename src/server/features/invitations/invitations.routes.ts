import { applyFamilyContactDefaults } from '../notifications/contact-defaults.repository.ts';
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AcceptInvitationRequest, AcceptInvitationResponse, InvitationInfo } from '../../../contract/auth.ts';
import { auditContext, recordAudit } from '../../access/audit.ts';
import type { Tx } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { AppError, badField } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { accountPasswordMatches, assertPasswordAllowed } from '../auth/password-guard.ts';
import { hashPassword } from '../auth/password.ts';
import { endSession, startSession } from '../auth/session.service.ts';
import { createUser, findUserByEmail } from '../auth/user.repository.ts';
import { afterCommit } from '../../mail/mail.service.ts';
import { notifyInvitationAccepted } from '../notifications/events.ts';
import { findOpenInvitationByToken } from './invitation.service.ts';

const TokenParams = z.object({ token: z.string().min(20).max(200) });
/**
 * Each invitation has its own allowance (not each address): families accepting at the clinic's
 * front desk share one address, and the password tried for an existing account is tied to the
 * invitation it comes with.
 */
const perInvitation = (max: number) => ({
  max,
  timeWindow: '1 minute',
  keyGenerator: (request: FastifyRequest) => `invitation ${createHash('sha256').update((request.params as { token?: string }).token ?? '').digest('base64url')}`,
});
const gone = () => new AppError('gone', 410, 'This invitation has expired, was cancelled or was already used. Ask for a new one.');

export function registerInvitationRoutes(app: App, deps: Deps): void {
  app.get('/api/invitations/:token', {
    config: { public: true, rateLimit: perInvitation(30) },
    schema: { tags: ['invitations'], params: TokenParams, response: { 200: InvitationInfo } },
  }, async (request) => {
    const inv = await findOpenInvitationByToken(deps.db, request.params.token);
    if (!inv || inv.accepted_at || inv.revoked_at || inv.expires_at <= deps.clock()) throw gone();
    const [clinic, inviter, child, account] = await Promise.all([
      deps.db.selectFrom('clinic').select('name').where('id', '=', inv.clinic_id).executeTakeFirstOrThrow(),
      deps.db.selectFrom('app_user').select('name').where('id', '=', inv.invited_by).executeTakeFirstOrThrow(),
      inv.child_id ? deps.db.selectFrom('child').select('first_name').where('id', '=', inv.child_id).executeTakeFirst() : undefined,
      findUserByEmail(deps.db, inv.email),
    ]);
    return {
      kind: inv.kind, clinicName: clinic.name, email: inv.email, name: inv.name,
      clinicRole: inv.clinic_role, teamRole: inv.team_role, childFirstName: child?.first_name ?? null,
      invitedBy: inviter.name, accountExists: Boolean(account?.password_hash),
    };
  });

  /**
   * Accepting creates the account, or, for someone who already has one (a parent of a sibling),
   * adds the child to it: signed in as that email, or proving it with the password.
   */
  app.post('/api/invitations/:token/accept', {
    config: { public: true, rateLimit: perInvitation(10) },
    schema: { tags: ['invitations'], params: TokenParams, body: AcceptInvitationRequest, response: { 200: AcceptInvitationResponse } },
  }, async (request, reply) => {
    const b = request.body;
    const now = deps.clock();
    const inv = await findOpenInvitationByToken(deps.db, request.params.token);
    if (!inv || inv.accepted_at || inv.revoked_at || inv.expires_at <= now) throw gone();
    const existing = await findUserByEmail(deps.db, inv.email);
    const signedInAsInvitee = request.actor?.userId === existing?.id && existing !== undefined;
    // Someone else is signed in on this browser: accepting signs them out, so only when they said so.
    const switching = request.actor !== null && !signedInAsInvitee;
    if (switching && !b.switchAccount) {
      throw new AppError('conflict', 409, 'You are signed in as someone else. Confirm that you want to sign out of that account and accept this invitation.');
    }
    let newPasswordHash: string | null = null;
    if (existing?.password_hash && !signedInAsInvitee) {
      if (!b.password) throw badField('password', 'Enter the password of your CareTeam account.');
      if (!(await accountPasswordMatches(deps, auditContext(request), request.ip, existing, b.password, 'invitation'))) {
        throw badField('password', 'That password is not right.');
      }
    } else if (!existing?.password_hash) {
      if (!b.password) throw badField('password', 'Choose a password.');
      assertPasswordAllowed(b.password);
      newPasswordHash = await hashPassword(b.password);
    }
    const result = await deps.db.transaction().execute(async (tx: Tx) => {
      const claimed = await tx.updateTable('invitation').set({ accepted_at: now })
        .where('id', '=', inv.id).where('accepted_at', 'is', null).where('revoked_at', 'is', null)
        .returning('id').executeTakeFirst();
      if (!claimed) throw gone();
      let userId = existing?.id;
      if (!userId) {
        userId = await createUser(tx, { email: inv.email, name: b.name ?? inv.name, passwordHash: newPasswordHash, locale: b.locale ?? inv.locale });
      } else if (newPasswordHash) {
        await tx.updateTable('app_user').set({ password_hash: newPasswordHash, ...(b.name ? { name: b.name } : {}) }).where('id', '=', userId).execute();
      }
      await tx.updateTable('invitation').set({ accepted_by: userId }).where('id', '=', inv.id).execute();
      const ctx = { ...auditContext(request), actorId: userId, clinicId: inv.clinic_id };
      if (inv.kind === 'clinician') {
        await tx.insertInto('clinic_member').values({ clinic_id: inv.clinic_id, user_id: userId, role: inv.clinic_role ?? 'therapist' })
          .onConflict((oc) => oc.columns(['clinic_id', 'user_id']).doNothing()).execute();
        await recordAudit(tx, ctx, { action: 'clinician.join', actorRole: inv.clinic_role, subjectType: 'invitation', subjectId: inv.id });
      } else if (inv.child_id && inv.team_role) {
        if (inv.consent_id) {
          const consent = await tx.selectFrom('consent').select('revoked_at').where('id', '=', inv.consent_id).executeTakeFirst();
          if (!consent || consent.revoked_at) throw gone();
        }
        const member = await tx.insertInto('care_team_member').values({
          clinic_id: inv.clinic_id, child_id: inv.child_id, user_id: userId, role: inv.team_role,
          permissions: inv.permissions ?? [], household: inv.household, invited_by: inv.invited_by, consent_id: inv.consent_id,
        }).onConflict((oc) => oc.columns(['child_id', 'user_id']).where('revoked_at', 'is', null).doNothing()).returning('id').executeTakeFirst();
        if (member && (inv.team_role === 'guardian' || inv.team_role === 'caregiver')) await applyFamilyContactDefaults(tx, userId, inv.child_id, now);
        await recordAudit(tx, ctx, {
          action: 'team.join', actorRole: inv.team_role, childId: inv.child_id, subjectType: 'care_team_member', subjectId: member?.id ?? inv.id,
          details: { role: inv.team_role, invitationId: inv.id },
        });
      }
      const user = await tx.selectFrom('app_user').select('totp_enabled').where('id', '=', userId).executeTakeFirstOrThrow();
      if (switching && request.actor) {
        await endSession(tx, request.actor.sessionId, now);
        await recordAudit(tx, { ...auditContext(request), clinicId: null }, { action: 'auth.sign_out', details: { reason: 'invitation_for_another_account', invitationId: inv.id } });
      }
      if (!signedInAsInvitee) await startSession(deps, tx, request, reply, userId, { mfaPending: user.totp_enabled });
      const mails = await notifyInvitationAccepted(deps, tx, inv, userId);
      return { childId: inv.kind === 'team' ? inv.child_id : null, mails };
    });
    await afterCommit(deps, result.mails);
    return { childId: result.childId };
  });
}
