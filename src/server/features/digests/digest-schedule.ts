// When a person's weekly digest goes out: their chosen weekday and time, in their own time zone,
// moved out of their quiet hours. Pure functions, so time zones and clock changes are tested.
import { addDays, localDate, weekStart } from '../children/calendar.ts';
import { outsideQuietHours, zonedInstant, type QuietHours } from '../practice/schedule.ts';

/** Families read the week on Sunday evening; clinicians plan theirs on Monday morning. */
export const FAMILY_DEFAULT = { weekday: 7, time: '17:00' } as const;
export const CLINICIAN_DEFAULT = { weekday: 1, time: '08:00' } as const;
/** A digest the server could not send at its time (it was down) still goes within this window. */
export const LATE_LIMIT_MS = 12 * 3600_000;

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

export type DigestSchedule = { weekday: number; time: string; timeZone: string; quiet: QuietHours };

/** The next digest strictly after `after`: its local date and the instant it goes. */
export function nextDigest(s: DigestSchedule, after: Date): { date: string; at: Date } {
  const today = localDate(after, s.timeZone);
  const time = outsideQuietHours(s.time, s.quiet);
  for (let i = 0; i <= 8; i++) {
    const date = addDays(today, i);
    if (isoWeekday(date) !== s.weekday) continue;
    const at = zonedInstant(date, time, s.timeZone);
    if (at.getTime() > after.getTime()) return { date, at };
  }
  // Unreachable: a weekday comes round within eight days.
  return { date: addDays(today, 7), at: zonedInstant(addDays(today, 7), time, s.timeZone) };
}

/**
 * The seven days a digest sent on `date` at `time` tells about: a morning digest (before noon)
 * covers the seven days before, an afternoon or evening one includes its own day.
 */
export function digestWindow(date: string, time: string): { from: string; to: string } {
  const to = time < '12:00' ? addDays(date, -1) : date;
  return { from: addDays(to, -6), to };
}

/** One digest per person and week: the week (Monday) of the day it is sent, in their zone. */
export function digestKey(userId: string, date: string): string {
  return `digest:${userId}:${weekStart(date)}`;
}
