import type { Selectable } from 'kysely';
import { type Locale, localeOf } from '../../../contract/common.ts';
import type { Executor } from '../../db/database.ts';
import type { InvitationTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { hashToken, newToken } from '../../http/tokens.ts';
import { mailDelivery, queueMail } from '../../mail/mail.service.ts';

export const INVITATION_DAYS = 7;

type NewInvitation = {
  clinicId: string;
  kind: 'clinician' | 'team';
  email: string;
  name: string;
  locale: Locale;
  invitedBy: { id: string; name: string };
  clinicRole?: 'admin' | 'therapist';
  child?: { id: string; firstName: string };
  teamRole?: 'guardian' | 'caregiver' | 'therapist' | 'teacher';
  permissions?: string[];
  household?: string | null;
  consentId?: string | null;
};

type Invitation = Selectable<InvitationTable>;

/** How an invitation reaches its person: by email, or kept in the clinic's outbox (no mail server). */
export const invitationDelivery = mailDelivery;

export const invitationUrl = (deps: Pick<Deps, 'config'>, token: string) => `${deps.config.publicUrl}/invite/${token}`;

async function queueInvitationMail(deps: Deps, tx: Executor, inv: Invitation, token: string, dedupeKey: string) {
  const [clinic, inviter, child] = await Promise.all([
    tx.selectFrom('clinic').select('name').where('id', '=', inv.clinic_id).executeTakeFirstOrThrow(),
    tx.selectFrom('app_user').select('name').where('id', '=', inv.invited_by).executeTakeFirstOrThrow(),
    inv.child_id ? tx.selectFrom('child').select('first_name').where('id', '=', inv.child_id).executeTakeFirst() : undefined,
  ]);
  return queueMail(deps, tx, {
    clinicId: inv.clinic_id,
    to: inv.email,
    locale: localeOf(inv.locale),
    template: inv.kind === 'clinician' ? 'clinicianInvite' : 'teamInvite',
    vars: {
      name: inv.name,
      inviter: inviter.name,
      clinic: clinic.name,
      role: inv.kind === 'clinician' ? (inv.clinic_role ?? 'therapist') : (inv.team_role ?? 'guardian'),
      child: child?.first_name ?? '',
    },
    link: { url: invitationUrl(deps, token), hours: INVITATION_DAYS * 24 },
    dedupeKey,
  });
}

/** Records the invitation and queues its one-time link by mail, in the caller's transaction. */
export async function createInvitation(deps: Deps, tx: Executor, inv: NewInvitation) {
  const now = deps.clock();
  const token = newToken();
  const row = await tx
    .insertInto('invitation')
    .values({
      clinic_id: inv.clinicId,
      kind: inv.kind,
      email: inv.email,
      name: inv.name,
      locale: inv.locale,
      clinic_role: inv.clinicRole ?? null,
      child_id: inv.child?.id ?? null,
      team_role: inv.teamRole ?? null,
      permissions: inv.permissions ?? null,
      household: inv.household ?? null,
      consent_id: inv.consentId ?? null,
      token_hash: hashToken(token),
      invited_by: inv.invitedBy.id,
      created_at: now,
      expires_at: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const mailId = await queueInvitationMail(deps, tx, row, token, `invitation:${row.id}`);
  return { invitation: row, mailId };
}

/**
 * A fresh one-time link for an open invitation, for its sender to pass on or to mail again. Only
 * a token's hash is stored, so an earlier link cannot be shown again: the new token replaces it
 * (the earlier link stops working) and the invitation runs for another full week.
 * `resend` also queues the invitation mail with the new link.
 */
export async function reissueInvitation(deps: Deps, tx: Executor, inv: Invitation, opts: { resend: boolean }) {
  const now = deps.clock();
  const token = newToken();
  const tokenHash = hashToken(token);
  const row = await tx.updateTable('invitation')
    .set({ token_hash: tokenHash, expires_at: new Date(now.getTime() + INVITATION_DAYS * 86_400_000) })
    .where('id', '=', inv.id).where('accepted_at', 'is', null).where('revoked_at', 'is', null)
    .returningAll().executeTakeFirst();
  if (!row) return null;
  const mailId = opts.resend ? await queueInvitationMail(deps, tx, row, token, `invitation:${row.id}:${tokenHash.toString('hex').slice(0, 16)}`) : null;
  return { invitation: row, url: invitationUrl(deps, token), mailId };
}

/** An invitation still waiting: not accepted, not cancelled, not expired. */
export async function findOpenInvitation(db: Executor, where: { id: string; clinicId: string; childId?: string }, now: Date) {
  let q = db.selectFrom('invitation').selectAll()
    .where('id', '=', where.id).where('clinic_id', '=', where.clinicId)
    .where('accepted_at', 'is', null).where('revoked_at', 'is', null).where('expires_at', '>', now);
  if (where.childId) q = q.where('child_id', '=', where.childId);
  return q.executeTakeFirst();
}

export async function findOpenInvitationByToken(db: Executor, token: string) {
  return db.selectFrom('invitation').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
}
