// Practice reminders: one per person, child and practice day, at the person's chosen local time,
// out of their quiet hours, unless practice was already logged. A sweep job sends what is due and
// places the next one in the same transaction (rows locked, skipped by other instances), and the
// mail's dedupe key names the person, child and day: a restart neither loses nor repeats one.
import { sql } from 'kysely';
import { loadChildAccess } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { afterCommit } from '../../mail/mail.service.ts';
import { notify } from '../notifications/notify.ts';
import { addDays, localDate } from '../children/calendar.ts';
import { dayPlan, nextReminder } from './schedule.ts';

type ReminderRow = {
  user_id: string; child_id: string; remind_at: string; next_at: Date | null; next_date: string | null;
  email: string; name: string; locale: string; user_tz: string | null; quiet_start: string | null; quiet_end: string | null;
  child_tz: string; first_name: string; clinic_id: string; clinic_name: string;
};

/** The next reminder for one person and child: the earliest over the child's active practice. */
export async function placeReminder(db: Executor, r: Pick<ReminderRow, 'child_id' | 'remind_at' | 'user_tz' | 'quiet_start' | 'quiet_end' | 'child_tz'>, after: Date) {
  const today = localDate(after, r.child_tz);
  const items = await db.selectFrom('practice_item').selectAll().where('child_id', '=', r.child_id).where('status', '=', 'active').execute();
  if (items.length === 0) return null;
  const logs = await db.selectFrom('practice_log').select(['item_id', 'practice_date', 'outcome'])
    .where('child_id', '=', r.child_id).where('practice_date', '>=', addDays(today, -7)).execute();
  let best: { date: string; at: Date } | null = null;
  for (const item of items) {
    const mine = logs.filter((l) => l.item_id === item.id);
    const next = nextReminder({
      schedule: { rule: item.rule, timesPerWeek: item.times_per_week, startDate: item.start_date, endDate: item.end_date },
      childTimeZone: r.child_tz,
      timeZone: r.user_tz ?? r.child_tz,
      time: r.remind_at.slice(0, 5),
      quiet: r.quiet_start && r.quiet_end ? { start: r.quiet_start.slice(0, 5), end: r.quiet_end.slice(0, 5) } : null,
      doneDates: new Set(mine.filter((l) => l.outcome !== 'skipped').map((l) => l.practice_date)),
      loggedDates: new Set(mine.map((l) => l.practice_date)),
    }, after);
    if (next && (!best || next.at < best.at)) best = next;
  }
  return best;
}

/** How many practice items are still waiting on a date: due, and nothing logged for them that day. */
async function waitingOn(db: Executor, childId: string, date: string): Promise<number> {
  const items = await db.selectFrom('practice_item').selectAll().where('child_id', '=', childId).where('status', '=', 'active').execute();
  const logs = await db.selectFrom('practice_log').select(['item_id', 'practice_date', 'outcome'])
    .where('child_id', '=', childId).where('practice_date', '>=', addDays(date, -7)).where('practice_date', '<=', date).execute();
  return items.filter((item) => {
    const mine = logs.filter((l) => l.item_id === item.id);
    if (mine.some((l) => l.practice_date === date)) return false;
    const schedule = { rule: item.rule, timesPerWeek: item.times_per_week, startDate: item.start_date, endDate: item.end_date };
    return dayPlan(schedule, date, new Set(mine.filter((l) => l.outcome !== 'skipped').map((l) => l.practice_date))).due;
  }).length;
}

/** The child's practice changed: every reminder for the child is placed again by the next sweep. */
export async function replaceReminders(db: Executor, childId: string): Promise<void> {
  await db.updateTable('practice_reminder').set({ next_at: null, next_date: null }).where('child_id', '=', childId).where('enabled', '=', true).execute();
}

/** Sends the reminders that are due (in the app, and by email as the person chose) and places the next ones. Returns how many mails were queued. */
export async function sweepReminders(deps: Deps, limit = 200): Promise<number> {
  const now = deps.clock();
  const queued = await deps.db.transaction().execute(async (tx) => {
    const rows = await sql<ReminderRow>`
      select r.user_id, r.child_id, r.remind_at, r.next_at, r.next_date::text as next_date,
        u.email, u.name, u.locale, u.time_zone as user_tz, u.quiet_start, u.quiet_end,
        c.time_zone as child_tz, c.first_name, c.clinic_id, k.name as clinic_name
      from practice_reminder r
      join app_user u on u.id = r.user_id
      join child c on c.id = r.child_id
      join clinic k on k.id = c.clinic_id
      where r.enabled and (r.next_at is null or r.next_at <= ${now})
      order by r.next_at nulls first
      limit ${limit}
      for update of r skip locked`.execute(tx);
    const ids: string[] = [];
    for (const r of rows.rows) {
      const access = (await loadChildAccess(tx, r.user_id, [r.child_id])).get(r.child_id);
      if (!access?.permissions.includes('practice.log') || (access.role !== 'guardian' && access.role !== 'caregiver')) {
        // Left the team, or no longer practises: the reminder stops.
        await tx.updateTable('practice_reminder').set({ enabled: false, next_at: null, next_date: null, updated_at: now })
          .where('user_id', '=', r.user_id).where('child_id', '=', r.child_id).execute();
        continue;
      }
      // A reminder for a day that has passed (the server was down) is not sent late.
      if (r.next_at && r.next_date && r.next_date >= localDate(now, r.child_tz)) {
        const count = await waitingOn(tx, r.child_id, r.next_date);
        if (count > 0) {
          // Through the person's notification choices: in the app always, by email if they want it.
          ids.push(...await notify(deps, tx, {
            userIds: [r.user_id], kind: 'practice_reminder', childId: r.child_id, clinicId: r.clinic_id, actorId: null,
            target: { date: r.next_date }, dedupeKey: `practice-reminder:${r.child_id}:${r.next_date}`,
            mail: {
              template: 'practiceReminder', vars: { child: r.first_name, count }, path: '/today', footer: 'reminder',
              dedupeKey: (userId) => `practice-reminder:${userId}:${r.child_id}:${r.next_date ?? ''}`,
            },
          }));
        }
      }
      const next = await placeReminder(tx, r, now);
      // Nothing coming (no active practice): look again tomorrow; a change to practice places it sooner.
      await tx.updateTable('practice_reminder').set({ next_at: next?.at ?? new Date(now.getTime() + 86_400_000), next_date: next?.date ?? null, updated_at: now })
        .where('user_id', '=', r.user_id).where('child_id', '=', r.child_id).execute();
    }
    return ids;
  });
  await afterCommit(deps, queued);
  return queued.length;
}
