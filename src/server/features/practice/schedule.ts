// When home practice is due and when its reminder goes out. A practice item's schedule is an
// RRULE (daily, or chosen weekdays, every 1–4 weeks) over the child's calendar dates, optionally
// with a weekly count ("3 times a week" on any of the listed days). Calendar dates are the
// family's local dates; only the reminder is an instant, found from the person's own time zone.
// Pure functions, so every rule — time zones and daylight-saving changes included — is tested.
import rrulePackage from 'rrule';
import { zoneOffset } from '../../../contract/format.ts';
import { addDays, localDate, weekStart } from '../children/calendar.ts';

const { RRule, Frequency } = rrulePackage;

export type Schedule = {
  /** e.g. "FREQ=DAILY" or "FREQ=WEEKLY;BYDAY=MO,WE,FR" or "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA". */
  rule: string;
  /** "3 times a week": due on any listed day until the week's count is done. Null: every listed day. */
  timesPerWeek: number | null;
  startDate: string;
  endDate: string | null;
};

const DAY = 86_400_000;
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

export class ScheduleError extends Error {}

/** The rule, checked: only what a home programme needs (no hourly rules, no COUNT/UNTIL — the item has dates). */
export function parseRule(rule: string): { freq: 'daily' | 'weekly'; interval: number; days: number[] } {
  let options;
  try {
    options = RRule.parseString(rule.replace(/^RRULE:/i, ''));
  } catch {
    throw new ScheduleError('Not a recurrence rule.');
  }
  if (options.freq !== Frequency.DAILY && options.freq !== Frequency.WEEKLY) throw new ScheduleError('Practice repeats daily or weekly.');
  if (options.count != null || options.until != null || options.dtstart != null) throw new ScheduleError('Use the start and end dates instead of COUNT, UNTIL or DTSTART.');
  const allowed = new Set(['freq', 'interval', 'byweekday', 'wkst']);
  const extra = Object.entries(options).filter(([k, v]) => v != null && !allowed.has(k));
  if (extra.length > 0) throw new ScheduleError(`Not supported in a practice schedule: ${extra.map(([k]) => k).join(', ')}.`);
  const interval = options.interval ?? 1;
  if (!Number.isInteger(interval) || interval < 1 || interval > 4) throw new ScheduleError('Repeat every 1 to 4 weeks or days.');
  const raw = options.byweekday == null ? [] : Array.isArray(options.byweekday) ? options.byweekday : [options.byweekday];
  if (raw.some((d) => typeof d === 'object' && d.n != null)) throw new ScheduleError('Practice days are plain weekdays, not "the first Monday".');
  const days = [...new Set(raw.map((d) => (typeof d === 'number' ? d : typeof d === 'string' ? WEEKDAYS.indexOf(d) : d.weekday)))].sort();
  if (days.some((d) => d < 0 || d > 6)) throw new ScheduleError('Unknown weekday.');
  return { freq: options.freq === Frequency.DAILY ? 'daily' : 'weekly', interval, days };
}

/** The rule written back in one canonical form, so equal schedules compare equal. */
export function normalizeRule(rule: string): string {
  const { freq, interval, days } = parseRule(rule);
  const parts = [`FREQ=${freq.toUpperCase()}`];
  if (interval > 1) parts.push(`INTERVAL=${interval}`);
  if (days.length > 0) parts.push(`BYDAY=${days.map((d) => WEEKDAYS[d]).join(',')}`);
  return parts.join(';');
}

const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The dates the rule lists between two dates (inclusive), within the item's start and end.
 * Dates are calendar dates, so rrule runs in "floating" UTC where no clock ever changes.
 */
export function listedDays(s: Schedule, from: string, to: string): string[] {
  const first = from > s.startDate ? from : s.startDate;
  const last = s.endDate !== null && s.endDate < to ? s.endDate : to;
  if (first > last) return [];
  const { freq, interval, days } = parseRule(s.rule);
  const rule = new RRule({
    freq: freq === 'daily' ? Frequency.DAILY : Frequency.WEEKLY,
    interval,
    // A weekly rule without days repeats on the start date's weekday, as RFC 5545 says.
    ...(days.length > 0 ? { byweekday: days } : {}),
    wkst: 0,
    dtstart: new Date(utc(s.startDate)),
  });
  return rule.between(new Date(utc(first)), new Date(utc(last)), true).map((d) => iso(d.getTime()));
}

export type DayPlan = { due: boolean; remainingThisWeek: number | null };

/**
 * Is practice due on a date? `doneDates` are the dates practice was logged as done or partly
 * done. A fixed schedule is due on each listed day; a weekly count is due on listed days while
 * the week still has practice left (a day already logged stays "due" so it shows as done).
 */
export function dayPlan(s: Schedule, date: string, doneDates: ReadonlySet<string>): DayPlan {
  const listed = listedDays(s, date, date).length === 1;
  if (s.timesPerWeek === null) return { due: listed, remainingThisWeek: null };
  const monday = weekStart(date);
  const doneThisWeek = [...doneDates].filter((d) => d >= monday && d <= addDays(monday, 6)).length;
  const remaining = Math.max(0, s.timesPerWeek - doneThisWeek);
  return { due: listed && (remaining > 0 || doneDates.has(date)), remainingThisWeek: remaining };
}

/**
 * The instant a wall-clock time happens on a date in a zone. A time that does not exist (the hour
 * skipped when clocks go forward) happens as many minutes later; a time that happens twice (clocks
 * go back) happens the first time.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [h = 0, m = 0] = time.split(':').map(Number);
  const wall = utc(date) + (h * 60 + m) * 60_000;
  const before = zoneOffset(wall - DAY / 2, timeZone);
  const after = zoneOffset(wall + DAY / 2, timeZone);
  // The offset in force before the change first, so a repeated time resolves to its first occurrence.
  for (const offset of [before, after]) {
    const at = wall - offset * 60_000;
    if (zoneOffset(at, timeZone) === offset) return new Date(at);
  }
  // In the gap: the wall time does not exist; move it forward by the size of the gap.
  return new Date(wall - before * 60_000);
}

const toMinutes = (time: string) => {
  const [h = 0, m = 0] = time.split(':').map(Number);
  return h * 60 + m;
};
const toTime = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export type QuietHours = { start: string; end: string } | null;

/**
 * The reminder time moved out of quiet hours on the same day: to just before they begin if they
 * cover the evening, else to when they end (early morning, a nap). Never to another day.
 */
export function outsideQuietHours(time: string, quiet: QuietHours): string {
  if (!quiet || quiet.start === quiet.end) return time;
  const t = toMinutes(time);
  const start = toMinutes(quiet.start);
  const end = toMinutes(quiet.end);
  const wraps = start > end; // e.g. 21:00–07:00
  const inside = wraps ? t >= start || t < end : t >= start && t < end;
  if (!inside) return time;
  // Evening quiet hours: a quarter of an hour before they begin. Otherwise: when they end.
  return wraps && t >= start ? toTime(Math.max(0, start - 15)) : toTime(end);
}

export type ReminderPlan = {
  schedule: Schedule;
  /** The child's time zone: practice days are the family's calendar dates. */
  childTimeZone: string;
  /** The person's own time zone and chosen time, e.g. "18:30". */
  timeZone: string;
  time: string;
  quiet: QuietHours;
  /** Dates practised (done or partly): they count towards "3 times a week". */
  doneDates: ReadonlySet<string>;
  /** Dates with any log, "not today" included: no reminder for a day already answered. */
  loggedDates?: ReadonlySet<string>;
};

/**
 * The next reminder after `now`: the first practice day (up to five weeks ahead) not yet logged,
 * at the person's chosen local time (moved out of quiet hours). Null when none is coming.
 */
export function nextReminder(p: ReminderPlan, now: Date): { date: string; at: Date } | null {
  const today = localDate(now, p.childTimeZone);
  const time = outsideQuietHours(p.time, p.quiet);
  for (const date of listedDays(p.schedule, addDays(today, -1), addDays(today, 35))) {
    if (p.doneDates.has(date) || p.loggedDates?.has(date)) continue;
    if (!dayPlan(p.schedule, date, p.doneDates).due) continue;
    const at = zonedInstant(date, time, p.timeZone);
    if (at.getTime() > now.getTime()) return { date, at };
  }
  return null;
}

/** Practice days planned in each week (by its Monday) between two dates: every listed day, or up to the weekly count. */
export function plannedByWeek(s: Schedule, from: string, to: string): Map<string, number> {
  const perWeek = new Map<string, number>();
  for (const d of listedDays(s, from, to)) perWeek.set(weekStart(d), (perWeek.get(weekStart(d)) ?? 0) + 1);
  if (s.timesPerWeek !== null) for (const [week, n] of perWeek) perWeek.set(week, Math.min(n, s.timesPerWeek));
  return perWeek;
}

/** How many practice days were planned between two dates: every listed day, or the weekly count. */
export function plannedBetween(s: Schedule, from: string, to: string): number {
  let planned = 0;
  for (const n of plannedByWeek(s, from, to).values()) planned += n;
  return planned;
}
