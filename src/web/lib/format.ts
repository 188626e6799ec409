import * as intl from '../../contract/format.ts';
import { currentLocale } from '../i18n.ts';

// The shared formatters (src/contract/format.ts) for the person reading the page.

/** "Ana, Luis and Marta" in the reader's language. */
export function listFormat(items: readonly string[]): string {
  return intl.formatList(currentLocale(), items);
}

/** "9.7" for an English reader, "9,7" for a Spanish one. */
export function formatNumber(n: number, opts: { maximumFractionDigits?: number } = {}): string {
  return intl.formatNumber(currentLocale(), n, opts);
}

/** A length of time given in hours: "9.7 hours", "7 days", "15 minutes" (and "9,7 horas", "7 días"). */
export function formatDuration(hours: number, opts: { unitDisplay?: 'long' | 'short' } = {}): string {
  return intl.formatDuration(currentLocale(), hours, opts);
}

/** A language code's name for the reader: "inglés" for a Spanish reader of "en". */
export function languageName(code: string): string {
  return intl.languageName(currentLocale(), code);
}

/** A language someone typed by name ("Spanish"), in the reader's language ("español") when Intl knows it. */
export function typedLanguageName(typed: string): string {
  return intl.typedLanguageName(currentLocale(), typed);
}

/** An ISO weekday (1 = Monday) as the reader's language writes it mid-sentence: "Monday", "lunes". */
export function weekdayName(isoWeekday: number, width: 'long' | 'short' | 'narrow' = 'long'): string {
  return intl.weekdayName(currentLocale(), isoWeekday, width);
}

/** A calendar date (YYYY-MM-DD) written the local way, without shifting across time zones. */
export function formatDate(isoDate: string): string {
  return intl.formatDate(currentLocale(), isoDate);
}

/** A calendar date (YYYY-MM-DD) as its weekday and date: "Monday, 2 November", "lunes, 2 de noviembre". */
export function formatWeekdayDate(isoDate: string): string {
  return intl.formatWeekdayDate(currentLocale(), isoDate);
}

/** A start already on the reader's clock ("2026-11-05T16:00") as its day and its time, without shifting it again. */
export function formatWallClock(local: string): { day: string; time: string } {
  return intl.formatWallClock(currentLocale(), local);
}

/** A moment in time, in the reader's own time zone (or the zone named, when the page shows another clock). */
export function formatDateTime(timestamp: string, timeZone?: string): string {
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return timestamp;
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(date);
}

/** Whole years between a birth date and today. */
export function ageInYears(isoDate: string, today = new Date()): number | null {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return null;
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) age -= 1;
  return age >= 0 ? age : null;
}
