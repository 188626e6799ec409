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
    .selectAll('child').select('clinic.name as clinic_name')
    .where('child.id', '=', childId).executeTakeFirstOrThrow();
