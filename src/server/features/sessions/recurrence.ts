// When a session happens: the dates a series' rule lists (the practice schedule's rules, read over
// local calendar dates), each at the series' wall-clock time in the series' zone. So a weekly
// 16:00 session in America/Chicago is at 16:00 there before and after a DST change, and its UTC
// instant moves by the hour. Pure functions, tested without a database.
import { addDays, localDate } from '../children/calendar.ts';
import { wallClock } from '../../../contract/format.ts';
import type { Session } from '../../../contract/sessions.ts';
import { listedDays, normalizeRule, parseRule, zonedInstant } from '../practice/schedule.ts';

export type SeriesRule = {
  rule: string;
  startDate: string;
  /** "16:00" */
  time: string;
  timeZone: string;
  until: string | null;
  count: number | null;
};

export { normalizeRule, ScheduleError as RecurrenceError } from '../practice/schedule.ts';

/**
 * The start instants of a series from its first date up to `through` (a local date, inclusive),
 * never past its until date or its count. Counting always starts at the first date, so a later
 * call with a later `through` lists the same first occurrences and then more.
 */
export function occurrences(s: SeriesRule, through: string): Date[] {
  const last = s.until !== null && s.until < through ? s.until : through;
  const days = listedDays({ rule: normalizeRule(s.rule), timesPerWeek: null, startDate: s.startDate, endDate: last }, s.startDate, last);
  return (s.count === null ? days : days.slice(0, s.count)).map((d) => zonedInstant(d, s.time, s.timeZone));
}

/** The last local date a newly created series is written out to: the horizon ahead of today (or of its start). */
export function horizonEnd(startDate: string, now: Date, timeZone: string, weeks: number): string {
  const today = localDate(now, timeZone);
  return addDays(startDate > today ? startDate : today, weeks * 7);
}

/** An instant on a zone's clock, "2026-11-05T16:00". */
export function localDateTime(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** How a series' rule repeats, in short: FREQ=WEEKLY;INTERVAL=2;BYDAY=MO is every 2 weeks. */
export function repeatsOf(rule: string | undefined): Session['repeats'] {
  if (rule === undefined) return null;
  try {
    const { freq, interval } = parseRule(rule);
    return { freq, interval };
  } catch {
    return null;
  }
}
