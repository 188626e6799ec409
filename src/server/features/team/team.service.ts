import type { Permission } from '../../../contract/access.ts';
import type { ChildAccess } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';
import { addTherapists, listMembers } from './team.repository.ts';

const FAMILY_ROLES = new Set(['guardian', 'caregiver', 'teacher']);

/** Clinicians put straight on a child's team as therapists (no invitation: they already work at the clinic). */
export function putTherapistsOnTeam(db: Executor, t: { clinicId: string; childId: string; userIds: readonly string[]; invitedBy: string }) {
  return addTherapists(db, t);
}

/** Contact details of another household's family members are hidden from a reader without team.contacts. */
export function canSeeContact(access: ChildAccess, userId: string, m: { userId: string; role: string; household: string | null }): boolean {
  if (access.permissions.includes('team.contacts') || m.userId === userId) return true;
  if (!FAMILY_ROLES.has(m.role)) return true;
  return m.household !== null && m.household === access.household;
}

/** The child's team as this reader sees it on the team page (another household's email hidden); none without team.view. */
export async function teamSeenBy(db: Executor, access: ChildAccess, userId: string) {
  if (!access.permissions.includes('team.view')) return [];
  return (await listMembers(db, access.childId)).map((m) => ({
    id: m.id, userId: m.userId, name: m.name, email: canSeeContact(access, userId, m) ? m.email : null, role: m.role, household: m.household,
    permissions: m.permissions as Permission[], joinedAt: m.created_at.toISOString(),
  }));
}
