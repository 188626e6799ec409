// The weekly digest's rows: who may get one, with the defaults; whose is due; placing the next.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { CLINICIAN_DEFAULT, FAMILY_DEFAULT } from './digest-schedule.ts';

export type DueRow = {
  user_id: string; digest_weekday: number; digest_time: string; digest_next_at: Date | null; digest_details: boolean;
  email: string; name: string; locale: string; time_zone: string; quiet_start: string | null; quiet_end: string | null;
  clinic_id: string | null; clinic_name: string | null;
};

/**
 * Everyone who may get a digest has a preference row with the defaults: family members of a
 * child's team and clinicians. Set-based, so a sweep over a large clinic costs one statement.
 */
export async function ensurePreferences(db: Executor): Promise<void> {
  await sql`
    insert into mail_preference (user_id, digest_weekday, digest_time, updated_at)
    select u.id,
      case when exists (select 1 from clinic_member cm where cm.user_id = u.id) then ${CLINICIAN_DEFAULT.weekday}::smallint else ${FAMILY_DEFAULT.weekday}::smallint end,
      case when exists (select 1 from clinic_member cm where cm.user_id = u.id) then ${CLINICIAN_DEFAULT.time}::time else ${FAMILY_DEFAULT.time}::time end,
      now()
    from app_user u
    where u.disabled_at is null
      and not exists (select 1 from mail_preference p where p.user_id = u.id)
      and (exists (select 1 from care_team_member m where m.user_id = u.id and m.revoked_at is null and m.role in ('guardian', 'caregiver', 'therapist'))
        or exists (select 1 from clinic_member cm where cm.user_id = u.id and cm.role = 'therapist'))
    order by u.id
    on conflict (user_id) do nothing`.execute(db);
}

/** The person's zone: their own, else their first child's, else their clinic's. */
export const zoneOf = sql<string>`coalesce(u.time_zone,
  (select c.time_zone from care_team_member m join child c on c.id = m.child_id where m.user_id = u.id and m.revoked_at is null order by m.created_at limit 1),
  (select k.time_zone from clinic_member cm join clinic k on k.id = cm.clinic_id where cm.user_id = u.id order by cm.created_at limit 1),
  'UTC')`;

/** The person's clinic for the mail's signature: where they work, else their first child's. */
const clinicOf = sql<string | null>`coalesce(
  (select cm.clinic_id from clinic_member cm where cm.user_id = u.id order by cm.created_at limit 1),
  (select m.clinic_id from care_team_member m where m.user_id = u.id and m.revoked_at is null order by m.created_at limit 1))`;

/** Those whose digest is due, soonest first, read without locking (see lockStillDue). */
export async function dueDigests(db: Executor, now: Date, limit: number): Promise<DueRow[]> {
  const { rows } = await sql<DueRow>`
    select p.user_id, p.digest_weekday, p.digest_time::text as digest_time, p.digest_next_at, p.digest_details,
      u.email, u.name, u.locale, ${zoneOf} as time_zone, u.quiet_start::text as quiet_start, u.quiet_end::text as quiet_end,
      x.clinic_id, k.name as clinic_name
    from mail_preference p
    join app_user u on u.id = p.user_id
    cross join lateral (select ${clinicOf} as clinic_id) x
    left join clinic k on k.id = x.clinic_id
    where p.digest_enabled and u.disabled_at is null and (p.digest_next_at is null or p.digest_next_at <= ${now})
    order by p.digest_next_at nulls first, p.user_id
    limit ${limit}`.execute(db);
  return rows;
}

/**
 * Locks the rows of these that are still as they were read: still wanted, the same digest still
 * next, and not held by another instance (skipped, not waited for). Returns their people.
 */
export async function lockStillDue(tx: Executor, due: readonly Pick<DueRow, 'user_id' | 'digest_next_at'>[]): Promise<Set<string>> {
  if (due.length === 0) return new Set();
  const rows = await tx.selectFrom('mail_preference').select(['user_id', 'digest_next_at'])
    .where('user_id', 'in', due.map((d) => d.user_id)).where('digest_enabled', '=', true)
    .forUpdate().skipLocked().execute();
  const next = new Map(rows.map((r) => [r.user_id, r.digest_next_at?.getTime() ?? null]));
  return new Set(due.filter((d) => next.has(d.user_id) && next.get(d.user_id) === (d.digest_next_at?.getTime() ?? null)).map((d) => d.user_id));
}

/** Places the person's next digest. */
export async function placeNextDigest(tx: Executor, userId: string, at: Date, now: Date): Promise<void> {
  await tx.updateTable('mail_preference').set({ digest_next_at: at, updated_at: now }).where('user_id', '=', userId).execute();
}
