import { sql } from 'kysely';
import { ADMIN_PERMISSIONS, PERMISSIONS, type Permission, type TeamRole } from '../../contract/access.ts';
import type { Executor } from '../db/database.ts';
import { notFound } from '../http/errors.ts';
import { recordAudit, type AuditContext } from './audit.ts';
import { auditText } from './audit-text.ts';

export type ChildAccess = {
  childId: string;
  clinicId: string;
  role: TeamRole | null;
  memberId: string | null;
  household: string | null;
  isClinicAdmin: boolean;
  permissions: Permission[];
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const known = new Set<string>(PERMISSIONS);

/** Whether this text is a UUID, the form of every row id. */
export const isUuid = (text: string): boolean => UUID.test(text);

/**
 * What the user may do on each of these children, in one query. A child the user has no
 * relationship with is absent from the result. A teacher's membership counts only while the
 * guardian's consent that let them in is still active.
 */
export async function loadChildAccess(db: Executor, userId: string, childIds: readonly string[]): Promise<Map<string, ChildAccess>> {
  const ids = [...new Set(childIds)].filter((id) => UUID.test(id));
  const result = new Map<string, ChildAccess>();
  if (ids.length === 0) return result;
  const rows = await db
    .selectFrom('child as c')
    .leftJoin('care_team_member as m', (j) =>
      j.onRef('m.child_id', '=', 'c.id').on('m.user_id', '=', userId).on('m.revoked_at', 'is', null),
    )
    .leftJoin('consent as k', 'k.id', 'm.consent_id')
    .leftJoin('clinic_member as cm', (j) =>
      j.onRef('cm.clinic_id', '=', 'c.clinic_id').on('cm.user_id', '=', userId).on('cm.role', '=', 'admin'),
    )
    .select([
      'c.id as childId',
      'c.clinic_id as clinicId',
      'm.id as memberId',
      'm.role as role',
      'm.permissions as permissions',
      'm.household as household',
      'cm.user_id as adminId',
      sql<boolean>`m.consent_id is null or k.revoked_at is null`.as('consentOk'),
    ])
    .where('c.id', 'in', ids)
    .execute();
  for (const r of rows) {
    const memberActive = r.memberId !== null && r.consentOk;
    const perms = new Set<Permission>();
    if (memberActive) for (const p of r.permissions ?? []) if (known.has(p)) perms.add(p as Permission);
    if (r.adminId) for (const p of ADMIN_PERMISSIONS) perms.add(p);
    if (perms.size === 0) continue;
    result.set(r.childId, {
      childId: r.childId,
      clinicId: r.clinicId,
      role: memberActive ? r.role : null,
      memberId: memberActive ? r.memberId : null,
      household: memberActive ? r.household : null,
      isClinicAdmin: r.adminId !== null,
      permissions: PERMISSIONS.filter((p) => perms.has(p)),
    });
  }
  return result;
}

/**
 * The only way to reach a child's data: every id must grant the permission, or the whole request
 * is answered as if the child did not exist (404), and the attempt is audited.
 */
export async function requireAccess(
  db: Executor,
  ctx: AuditContext & { actorId: string },
  permission: Permission,
  childIds: readonly string[],
): Promise<Map<string, ChildAccess>> {
  const access = await loadChildAccess(db, ctx.actorId, childIds);
  const denied = childIds.filter((id) => !access.get(id)?.permissions.includes(permission));
  if (denied.length > 0) {
    const auditable = await db.selectFrom('child').select(['id', 'clinic_id']).where('id', 'in', denied.filter((id) => UUID.test(id)).concat(['00000000-0000-0000-0000-000000000000'])).execute();
    await recordAudit(db, ctx, {
      action: 'access_denied',
      outcome: 'denied',
      childId: auditable[0]?.id ?? null,
      clinicId: auditable[0]?.clinic_id ?? ctx.clinicId,
      details: { permission, childIds: denied.slice(0, 10).map((id) => auditText(id)) },
    });
    throw notFound();
  }
  return access;
}
