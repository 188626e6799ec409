import { sql, type RawBuilder } from 'kysely';
import { ADMIN_PERMISSIONS, PERMISSIONS, READ_PERMISSIONS, type ClinicPermission, type Permission, type TeamRole } from '../../contract/access.ts';
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
  /** Discharged: only the reading permissions are left (READ_PERMISSIONS). */
  discharged: boolean;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const known = new Set<string>(PERMISSIONS);

/**
 * The access rows of one user on some children, as SQL; the user may be a value or a column. One
 * child is compared as one value, so the prepared statement's generic plan is an index lookup.
 * 'related' is every child the user is on the team of or whose clinic they administer: the ids are
 * gathered first (ARRAY(...)), so the children are still read by their index, not scanned.
 */
export function childAccessSql(userId: RawBuilder<unknown>, childIds: readonly string[] | 'related' | RawBuilder<unknown>): RawBuilder<AccessRow> {
  const which = !Array.isArray(childIds) && typeof childIds !== 'string' ? sql`c.id = ${childIds}`
    : childIds === 'related'
    ? sql`c.id = ANY(ARRAY(SELECT r.child_id FROM care_team_member r WHERE r.user_id = ${userId} AND r.revoked_at IS NULL
        UNION ALL SELECT rc.id FROM clinic_member ra JOIN child rc ON rc.clinic_id = ra.clinic_id WHERE ra.user_id = ${userId} AND ra.role = 'admin'))`
    : childIds.length === 1 ? sql`c.id = ${childIds[0]}::uuid` : sql`c.id = ANY(${[...childIds]}::uuid[])`;
  return sql<AccessRow>`
    SELECT c.id AS "childId", c.clinic_id AS "clinicId", m.id AS "memberId", m.role, m.permissions, m.household,
           cm.user_id AS "adminId", (m.consent_id IS NULL OR k.revoked_at IS NULL) AS "consentOk", c.time_zone AS "childZone",
           c.discharged_at IS NOT NULL AS "discharged"
    FROM child c
    LEFT JOIN care_team_member m ON m.child_id = c.id AND m.user_id = ${userId} AND m.revoked_at IS NULL
    LEFT JOIN consent k ON k.id = m.consent_id
    LEFT JOIN clinic_member cm ON cm.clinic_id = c.clinic_id AND cm.user_id = ${userId} AND cm.role = 'admin'
    WHERE ${which}`;
}

export type AccessRow = {
  childId: string;
  clinicId: string;
  memberId: string | null;
  role: TeamRole | null;
  permissions: string[] | null;
  household: string | null;
  adminId: string | null;
  consentOk: boolean;
  childZone: string;
  discharged: boolean;
};

/** Only ids that can name a child reach the database. */
export const childIdsToLoad = (childIds: readonly string[]) => [...new Set(childIds)].filter((id) => UUID.test(id));

/** Whether this text is a UUID, the form of every row id. */
export const isUuid = (text: string): boolean => UUID.test(text);

/**
 * What the rows grant. A child the user has no relationship with is absent from the result. A
 * teacher's membership counts only while the guardian's consent that let them in is still active.
 */
export function accessFromRows(rows: readonly AccessRow[]): Map<string, ChildAccess> {
  const result = new Map<string, ChildAccess>();
  for (const r of rows) {
    const memberActive = r.memberId !== null && r.consentOk;
    const perms = new Set<Permission>();
    if (memberActive) for (const p of r.permissions ?? []) if (known.has(p)) perms.add(p as Permission);
    if (r.adminId) for (const p of ADMIN_PERMISSIONS) perms.add(p);
    // A discharged child's record is read-only for everyone until it is purged.
    if (r.discharged) for (const p of perms) if (!READ_PERMISSIONS.has(p)) perms.delete(p);
    if (perms.size === 0) continue;
    result.set(r.childId, {
      childId: r.childId,
      clinicId: r.clinicId,
      role: memberActive ? r.role : null,
      memberId: memberActive ? r.memberId : null,
      household: memberActive ? r.household : null,
      isClinicAdmin: r.adminId !== null,
      permissions: PERMISSIONS.filter((p) => perms.has(p)),
      discharged: r.discharged,
    });
  }
  return result;
}

/** What the user may do on each of these children, in one query. */
export async function loadChildAccess(db: Executor, userId: string, childIds: readonly string[]): Promise<Map<string, ChildAccess>> {
  const ids = childIdsToLoad(childIds);
  if (ids.length === 0) return new Map();
  const { rows } = await childAccessSql(sql`${userId}::uuid`, ids).execute(db);
  return accessFromRows(rows);
}

/** What each of several people may do on some children, in one query (for sweeps that check many people). */
export async function loadPeopleChildAccess(db: Executor, pairs: readonly { userId: string; childId: string }[]): Promise<Map<string, ChildAccess>> {
  const unique = [...new Map(pairs.filter((p) => UUID.test(p.userId) && UUID.test(p.childId)).map((p) => [`${p.userId}:${p.childId}`, p])).values()];
  if (unique.length === 0) return new Map();
  const { rows } = await sql<AccessRow & { userId: string }>`
    SELECT p.user_id AS "userId", a.* FROM unnest(${unique.map((p) => p.userId)}::uuid[], ${unique.map((p) => p.childId)}::uuid[]) AS p(user_id, child_id)
    CROSS JOIN LATERAL (${childAccessSql(sql.ref('p.user_id'), sql.ref('p.child_id'))}) a`.execute(db);
  const out = new Map<string, ChildAccess>();
  for (const r of rows) for (const [childId, access] of accessFromRows([r])) out.set(`${r.userId}:${childId}`, access);
  return out;
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
  /** Access already read with the session (see http/auth.ts), to save a round trip. */
  preloaded?: Map<string, ChildAccess>,
): Promise<Map<string, ChildAccess>> {
  const access = preloaded ?? await loadChildAccess(db, ctx.actorId, childIds);
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

/** The clinic where this user holds a clinic-level permission (clinic.export: an admin), or null. */
export async function clinicWithPermission(db: Executor, userId: string, permission: ClinicPermission): Promise<string | null> {
  const row = await db.selectFrom('clinic_member').select('clinic_id').where('user_id', '=', userId)
    .where(sql<boolean>`${permission} = any(permissions)`).orderBy('created_at').executeTakeFirst();
  return row?.clinic_id ?? null;
}
