// A child's calendar: dates are the family's local dates (YYYY-MM-DD) in the child's time zone.
import { zonedDate } from '../../../contract/format.ts';

const DAY = 86_400_000;
const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** The calendar date where a time zone is, at an instant. */
export function localDate(now: Date, timeZone: string): string {
  return zonedDate(now, timeZone);
}

export function addDays(date: string, n: number): string {
  return new Date(utc(date) + n * DAY).toISOString().slice(0, 10);
}

/** Monday of a date's week. */
export function weekStart(date: string): string {
  return addDays(date, -((new Date(utc(date)).getUTCDay() + 6) % 7));
}
