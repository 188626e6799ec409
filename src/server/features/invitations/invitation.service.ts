import type { Locale } from '../../../contract/common.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { hashToken, newToken } from '../../http/tokens.ts';
import { queueMail } from '../../mail/mail.service.ts';

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
  const clinic = await tx.selectFrom('clinic').select('name').where('id', '=', inv.clinicId).executeTakeFirstOrThrow();
  const mailId = await queueMail(deps, tx, {
    clinicId: inv.clinicId,
    to: inv.email,
    locale: inv.locale,
    template: inv.kind === 'clinician' ? 'clinicianInvite' : 'teamInvite',
    vars: {
      name: inv.name,
      inviter: inv.invitedBy.name,
      clinic: clinic.name,
      role: inv.kind === 'clinician' ? (inv.clinicRole ?? 'therapist') : (inv.teamRole ?? 'guardian'),
      child: inv.child?.firstName ?? '',
    },
    link: { url: `${deps.config.publicUrl}/invite/${token}`, hours: INVITATION_DAYS * 24 },
    dedupeKey: `invitation:${row.id}`,
  });
  return { invitation: row, mailId };
}

export async function findOpenInvitationByToken(db: Executor, token: string) {
  return db.selectFrom('invitation').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
}
