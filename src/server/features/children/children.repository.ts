import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

/**
 * Children the user reaches: on their team (a teacher only while the consent holds), or in a
 * clinic they administer. Starts from the user's own memberships, so a large clinic costs nothing.
 */
export async function listChildrenFor(db: Executor, userId: string) {
  const names = (role: 'therapist' | 'guardian') =>
    sql<string[]>`coalesce((select array_agg(u.name order by u.name) from care_team_member t join app_user u on u.id = t.user_id
      where t.child_id = c.id and t.revoked_at is null and t.role = ${role}), '{}')`;
  const rows = await sql<{ id: string; firstName: string; lastName: string; myRole: 'guardian' | 'caregiver' | 'therapist' | 'teacher' | null; therapists: string[]; guardians: string[] }>`
    with mine as (
      select m.child_id, m.role from care_team_member m left join consent k on k.id = m.consent_id
      where m.user_id = ${userId} and m.revoked_at is null and (m.consent_id is null or k.revoked_at is null)
    ), reachable as (
      select child_id from mine
      union
      select ch.id from clinic_member cm join child ch on ch.clinic_id = cm.clinic_id
      where cm.user_id = ${userId} and cm.role = 'admin'
    )
    select c.id, c.first_name as "firstName", c.last_name as "lastName",
      (select role from mine where mine.child_id = c.id) as "myRole",
      ${names('therapist')} as therapists, ${names('guardian')} as guardians
    from reachable r join child c on c.id = r.child_id
    order by c.first_name, c.last_name`.execute(db);
  return rows.rows;
}

export const findChild = (db: Executor, childId: string) =>
  db.selectFrom('child').innerJoin('clinic', 'clinic.id', 'child.clinic_id')
    .selectAll('child').select('clinic.name as clinic_name')
    .where('child.id', '=', childId).executeTakeFirstOrThrow();
