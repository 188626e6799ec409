import { ROLE_PERMISSIONS } from '../../../contract/access.ts';
import type { Executor } from '../../db/database.ts';

/** Everyone who works at the clinic (therapists and admins), by name. */
export function listClinicians(db: Executor, clinicId: string) {
  return db.selectFrom('clinic_member as cm').innerJoin('app_user as u', 'u.id', 'cm.user_id')
    .select(['u.id as userId', 'u.name'])
    .where('cm.clinic_id', '=', clinicId)
    .orderBy('u.name').execute();
}

/**
 * Puts clinicians of the child's clinic on the child's team as therapists. Anyone who is not a
 * clinician there, or is on the team already, is skipped; returns the members added.
 */
export async function addTherapists(db: Executor, t: { clinicId: string; childId: string; userIds: readonly string[]; invitedBy: string }) {
  if (t.userIds.length === 0) return [];
  const eligible = await db.selectFrom('clinic_member as cm').innerJoin('app_user as u', 'u.id', 'cm.user_id')
    .select(['u.id', 'u.name', 'u.email'])
    .where('cm.clinic_id', '=', t.clinicId).where('cm.user_id', 'in', [...t.userIds])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('care_team_member as m').select('m.id')
      .whereRef('m.user_id', '=', 'u.id').where('m.child_id', '=', t.childId).where('m.revoked_at', 'is', null))))
    .execute();
  if (eligible.length === 0) return [];
  const rows = await db.insertInto('care_team_member')
    .values(eligible.map((u) => ({
      clinic_id: t.clinicId, child_id: t.childId, user_id: u.id, role: 'therapist' as const,
      permissions: [...ROLE_PERMISSIONS.therapist], invited_by: t.invitedBy,
    })))
    .returning(['id', 'user_id', 'permissions', 'created_at']).execute();
  return rows.map((r) => {
    const u = eligible.find((e) => e.id === r.user_id);
    return { ...r, name: u?.name ?? '', email: u?.email ?? '' };
  });
}

/** The child's team as it stands: active members (a teacher only while the consent holds), oldest first. */
export function listMembers(db: Executor, childId: string) {
  return db
    .selectFrom('care_team_member as m')
    .innerJoin('app_user as u', 'u.id', 'm.user_id')
    .leftJoin('consent as k', 'k.id', 'm.consent_id')
    .select(['m.id', 'm.user_id as userId', 'u.name', 'u.email', 'm.role', 'm.household', 'm.permissions', 'm.created_at'])
    .where('m.child_id', '=', childId)
    .where('m.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('m.consent_id', 'is', null), eb('k.revoked_at', 'is', null)]))
    .orderBy('m.created_at')
    .execute();
}

/** Invitations to the child's team still waiting for an answer. */
export function listOpenInvitations(db: Executor, childId: string, now: Date) {
  return db
    .selectFrom('invitation')
    .select(['id', 'email', 'name', 'team_role', 'household', 'created_at', 'expires_at', 'invited_by'])
    .where('child_id', '=', childId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at')
    .execute();
}
