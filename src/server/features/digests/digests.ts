// The weekly digest sweep, on the pattern of practice reminders: a per-minute job takes the
// digests that are due (rows locked, skipped by other instances), queues each as a mail whose
// dedupe key names the person and the week, and places the next one in the same transaction.
// A restart, a second instance or a retried job never sends a digest twice.
import { sql } from 'kysely';
import { type Locale, localeOf } from '../../../contract/common.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { afterCommit, queueMail } from '../../mail/mail.service.ts';
import { localDate } from '../children/calendar.ts';
import { contentTranslations } from '../translation/content-translation.service.ts';
import { buildDigest } from './digest-content.ts';
import { CLINICIAN_DEFAULT, digestKey, digestWindow, FAMILY_DEFAULT, LATE_LIMIT_MS, nextDigest } from './digest-schedule.ts';

type DueRow = {
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

export function scheduleOf(r: { digest_weekday: number; digest_time: string; time_zone: string; quiet_start: string | null; quiet_end: string | null }) {
  return {
    weekday: r.digest_weekday, time: r.digest_time.slice(0, 5), timeZone: r.time_zone,
    quiet: r.quiet_start && r.quiet_end ? { start: r.quiet_start.slice(0, 5), end: r.quiet_end.slice(0, 5) } : null,
  };
}

async function sweepBatch(deps: Deps, limit: number): Promise<{ rows: number; queued: (string | null)[] }> {
  const now = deps.clock();
  return deps.db.transaction().execute(async (tx) => {
    const due = await sql<DueRow>`
      select p.user_id, p.digest_weekday, p.digest_time::text as digest_time, p.digest_next_at, p.digest_details,
        u.email, u.name, u.locale, ${zoneOf} as time_zone, u.quiet_start::text as quiet_start, u.quiet_end::text as quiet_end,
        x.clinic_id, k.name as clinic_name
      from mail_preference p
      join app_user u on u.id = p.user_id
      cross join lateral (select ${clinicOf} as clinic_id) x
      left join clinic k on k.id = x.clinic_id
      where p.digest_enabled and u.disabled_at is null and (p.digest_next_at is null or p.digest_next_at <= ${now})
      order by p.digest_next_at nulls first
      limit ${limit}
      for update of p skip locked`.execute(tx);
    const queued: (string | null)[] = [];
    for (const r of due.rows) {
      const schedule = scheduleOf(r);
      // Not sent much later than its time (the server was down for long): next week's comes instead.
      if (r.digest_next_at && now.getTime() - r.digest_next_at.getTime() <= LATE_LIMIT_MS) {
        const date = localDate(r.digest_next_at, schedule.timeZone);
        const locale: Locale = localeOf(r.locale);
        const content = await buildDigest(tx, {
          userId: r.user_id, name: r.name, locale, clinicName: r.clinic_name ?? 'CareTeam', publicUrl: deps.config.publicUrl,
          // A digest without its content in the email needs no translation.
          translateContent: r.digest_details ? (items) => contentTranslations(deps, items, locale) : async () => new Map(),
          weekday: schedule.weekday, time: schedule.time, details: r.digest_details,
        }, digestWindow(date, schedule.time), now);
        if (content) {
          queued.push(await queueMail(deps, tx, {
            clinicId: r.clinic_id, to: r.email, locale, content, optional: { userId: r.user_id, kind: 'digest' }, dedupeKey: digestKey(r.user_id, date),
          }));
        }
      }
      const next = nextDigest(schedule, now);
      await tx.updateTable('mail_preference').set({ digest_next_at: next.at, updated_at: now }).where('user_id', '=', r.user_id).execute();
    }
    return { rows: due.rows.length, queued };
  });
}

/** Sends the digests that are due and places the next ones. Returns how many mails were queued. */
export async function sweepDigests(deps: Deps, batch = 200): Promise<number> {
  await ensurePreferences(deps.db);
  let total = 0;
  // Batches in their own short transactions, until none is left: a Sunday evening for a whole
  // clinic goes out in one sweep.
  for (;;) {
    const { rows, queued } = await sweepBatch(deps, batch);
    await afterCommit(deps, queued);
    total += queued.filter(Boolean).length;
    if (rows < batch) return total;
  }
}
