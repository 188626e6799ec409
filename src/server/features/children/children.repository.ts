import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

/**
 * Children the user reaches: on their team (a teacher only while the consent holds), or in a
 * clinic they administer. Someone who administers no clinic starts from their own memberships
 * (an index lookup, whatever the clinic's size); the team's names come from one grouped join.
 */
export async function listChildrenFor(db: Executor, userId: string, adminOf: readonly string[]) {
  const clinicChildren = adminOf.length === 0
    ? sql``
    : sql`union select ch.id, null from child ch where ch.clinic_id = any(${[...adminOf]}::uuid[]) and not exists (select 1 from mine where mine.child_id = ch.id)`;
  const rows = await sql<{ id: string; firstName: string; lastName: string; myRole: 'guardian' | 'caregiver' | 'therapist' | 'teacher' | null; therapists: string[]; guardians: string[] }>`
    with mine as (
      select m.child_id, m.role from care_team_member m left join consent k on k.id = m.consent_id
      where m.user_id = ${userId} and m.revoked_at is null and (m.consent_id is null or k.revoked_at is null)
    ), reachable as (
      select child_id, role from mine ${clinicChildren}
    ), names as (
      select t.child_id,
        array_agg(u.name order by u.name) filter (where t.role = 'therapist') as therapists,
        array_agg(u.name order by u.name) filter (where t.role = 'guardian') as guardians
      from reachable r join care_team_member t on t.child_id = r.child_id join app_user u on u.id = t.user_id
      where t.revoked_at is null and t.role in ('therapist', 'guardian')
      group by t.child_id
    )
    select c.id, c.first_name as "firstName", c.last_name as "lastName", r.role as "myRole",
      coalesce(n.therapists, '{}') as therapists, coalesce(n.guardians, '{}') as guardians
    from reachable r join child c on c.id = r.child_id left join names n on n.child_id = r.child_id
    order by c.first_name, c.last_name`.execute(db);
  return rows.rows;
}

/** The clinics this person administers, as listChildrenFor takes them. */
export const adminClinics = (clinics: readonly { clinicId: string; role: string }[]): string[] =>
  clinics.filter((c) => c.role === 'admin').map((c) => c.clinicId);

export const findChild = (db: Executor, childId: string) =>
  db.selectFrom('child').innerJoin('clinic', 'clinic.id', 'child.clinic_id')
    .leftJoin('app_user as d', 'd.id', 'child.discharged_by')
    .selectAll('child').select(['clinic.name as clinic_name', 'd.name as discharged_by_name'])
    .where('child.id', '=', childId).executeTakeFirstOrThrow();

/** Discharges the child: read-only from now, purged once the clinic's retention period has passed. */
export async function markDischarged(db: Executor, childId: string, by: string, reason: string, now: Date): Promise<boolean> {
  const r = await db.updateTable('child')
    .set((eb) => ({
      discharged_at: now, discharged_by: by, discharge_reason: reason,
      purge_after: sql<Date>`${now}::timestamptz + make_interval(days => ${eb.selectFrom('clinic').select('retention_days').whereRef('clinic.id', '=', 'child.clinic_id')})`,
      updated_at: now,
    }))
    .where('id', '=', childId).where('discharged_at', 'is', null).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function clearDischarge(db: Executor, childId: string, now: Date): Promise<boolean> {
  const r = await db.updateTable('child').set({ discharged_at: null, discharged_by: null, discharge_reason: null, purge_after: null, updated_at: now })
    .where('id', '=', childId).where('discharged_at', 'is not', null).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Discharged children whose retention has run out, oldest due first. */
export async function dueForPurge(db: Executor, now: Date, limit: number) {
  return db.selectFrom('child').select(['id', 'clinic_id', 'discharged_at', 'discharged_by', 'purge_after'])
    .where('purge_after', '<=', now).orderBy('purge_after').limit(limit).execute();
}

/** The files of the child's uploads (each with its resized copies), to remove once the purge commits. */
export async function uploadKeysOf(db: Executor, childId: string): Promise<string[]> {
  const rows = await db.selectFrom('upload').select(['storage_key', 'variants']).where('child_id', '=', childId).execute();
  return rows.flatMap((r) => [r.storage_key, ...(r.variants as { key: string }[]).map((v) => v.key)]);
}

/** Deletes everything that names the child (see migration 0035): what was deleted, by table. */
export async function purgeChild(db: Executor, childId: string, now: Date): Promise<Record<string, number>> {
  const { rows } = await sql<{ counts: Record<string, number> }>`select purge_child(${childId}::uuid, ${now}::timestamptz) as counts`.execute(db);
  return rows[0]?.counts ?? {};
}

/** Every child of the clinic, discharged ones included, by name. */
export const childrenOfClinic = (db: Executor, clinicId: string) =>
  db.selectFrom('child').select(['id', 'first_name', 'last_name']).where('clinic_id', '=', clinicId).orderBy('last_name').orderBy('first_name').orderBy('id').execute();
