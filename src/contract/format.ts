// Numbers, durations, lists, language and weekday names written the way the reader's language
// writes them: the app formats with these for the person looking at the page, the server for the
// person a mail goes to. Every one is Intl underneath; nothing here spells out a word itself.
import { isLocale, LOCALES, type Locale } from './locales.ts';

/** Intl formatters are slow to make (a phone notices): each one is made once per locale and options. */
const made = new Map<string, unknown>();
function cached<T>(key: string, make: () => T): T {
  if (!made.has(key)) made.set(key, make());
  return made.get(key) as T;
}

const offsets = new Map<string, number>();
const QUARTER_HOUR = 900_000;

/**
 * Minutes a time zone is ahead of UTC at an instant. Offsets are whole quarter hours and change only
 * on a quarter hour, so each zone's offset is read once per quarter hour (formatting is slow).
 */
export function zoneOffset(at: Date | number, timeZone: string): number {
  const quarter = Math.floor(Number(at) / QUARTER_HOUR) * QUARTER_HOUR;
  const key = `${timeZone}|${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const parts = cached(`wall|${timeZone}`, () => new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
    })).formatToParts(quarter);
    const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    offset = Math.round((Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - quarter) / 60_000);
    if (offsets.size >= 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** The wall clock in a time zone at an instant, as numbers. */
export function wallClock(at: Date | number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const ms = Number(at);
  const d = new Date(ms + zoneOffset(ms, timeZone) * 60_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The calendar date where a time zone is, at an instant: "2026-11-05". */
export function zonedDate(at: Date | number, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** The wall-clock time "HH:MM" in a zone at an instant. */
export function zonedTime(at: Date | number, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** "9.7" in English, "9,7" in Spanish; thousands grouped as the language groups them. */
export function formatNumber(locale: string, n: number, opts: { maximumFractionDigits?: number } = {}): string {
  const digits = opts.maximumFractionDigits;
  return cached(`number|${locale}|${digits ?? ''}`, () => new Intl.NumberFormat(locale, digits === undefined ? {} : { maximumFractionDigits: digits })).format(n);
}

export type DurationUnit = 'day' | 'hour' | 'minute';

/** The unit a length of time reads best in: whole days as days, an hour or more as hours, less as minutes. */
export function durationUnit(hours: number): DurationUnit {
  if (hours >= 24 && Number.isInteger(hours / 24)) return 'day';
  return hours > 0 && hours < 1 ? 'minute' : 'hour';
}

/**
 * A length of time given in hours, in the unit it fills: "7 days" (not 168 hours), "9.7 hours",
 * "15 minutes"; in Spanish "7 días", "9,7 horas", "15 minutos". `unitDisplay: 'short'` gives
 * "9.7 hr" and "9,7 h".
 */
export function formatDuration(locale: string, hours: number, opts: { unitDisplay?: 'long' | 'short'; maximumFractionDigits?: number } = {}): string {
  const unit = durationUnit(hours);
  const value = unit === 'day' ? hours / 24 : unit === 'minute' ? Math.round(hours * 60) : hours;
  const unitDisplay = opts.unitDisplay ?? 'long';
  const digits = opts.maximumFractionDigits ?? 1;
  return cached(`duration|${locale}|${unit}|${unitDisplay}|${digits}`, () => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay, maximumFractionDigits: digits })).format(value);
}

/** A calendar date (YYYY-MM-DD) written the reader's way ("3 November 2026", "3 de noviembre de 2026"), without shifting across time zones. */
export function formatDate(locale: string, isoDate: string): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return cached(`date|${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' })).format(date);
}

/** A calendar date (YYYY-MM-DD) as its weekday and date, without the year: "Monday, 2 November", "lunes, 2 de noviembre". */
export function formatWeekdayDate(locale: string, isoDate: string): string {
  const date = new Date(`${isoDate.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return cached(`weekdaydate|${locale}`, () => new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' })).format(date);
}

/** A calendar month (YYYY-MM) written the reader's way ("November 2026", "noviembre de 2026"). */
export function formatMonth(locale: string, isoMonth: string): string {
  const date = new Date(`${isoMonth.slice(0, 7)}-01T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoMonth;
  return cached(`month|${locale}`, () => new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' })).format(date);
}

/** A wall-clock date and time ("2026-11-05T16:00", already on the reader's clock) as a day and time: "Thursday, 5 November 2026 at 16:00", without shifting across time zones. */
export function formatWallClock(locale: string, local: string): { day: string; time: string } {
  const date = new Date(`${local.slice(0, 16)}:00Z`);
  if (Number.isNaN(date.getTime())) return { day: local.slice(0, 10), time: local.slice(11, 16) };
  return {
    day: cached(`wallday|${locale}`, () => new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })).format(date),
    time: cached(`walltime|${locale}`, () => new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: 'UTC' })).format(date),
  };
}

// Quotation marks as each language writes them (French with a narrow no-break space inside).
const QUOTES: Record<string, readonly [string, string]> = { es: ['«', '»'], fr: ['«\u202F', '\u202F»'], ar: ['«', '»'] };

/** Words someone wrote, quoted the reader's way: “…” in English, «…» in Spanish and Arabic, « … » in French. */
export function quoted(locale: string, text: string): string {
  const [open, close] = QUOTES[locale.split('-')[0] ?? ''] ?? ['“', '”'];
  return `${open}${text}${close}`;
}

/** "Ana, Luis and Marta"; "español e inglés" (Spanish turns "y" into "e" before an i sound). */
export function formatList(locale: string, items: readonly string[], type: 'conjunction' | 'disjunction' = 'conjunction'): string {
  return cached(`list|${locale}|${type}`, () => new Intl.ListFormat(locale, { style: 'long', type })).format(items);
}

/** A language's name in the reader's language: "es" is "Spanish" in English and "español" in Spanish. */
export function languageName(locale: string, code: string): string {
  try {
    return cached(`language|${locale}`, () => new Intl.DisplayNames([locale], { type: 'language' })).of(code) ?? code;
  } catch {
    // Not a well-formed language tag: shown as it came.
    return code;
  }
}

/**
 * An ISO weekday (1 = Monday … 7 = Sunday) as the language writes it inside a sentence: "Monday"
 * in English, "lunes" in Spanish (lower case there; never capitalised by hand).
 */
export function weekdayName(locale: string, isoWeekday: number, width: 'long' | 'short' | 'narrow' = 'long'): string {
  // 2024-01-01 was a Monday.
  return cached(`weekday|${locale}|${width}`, () => new Intl.DateTimeFormat(locale, { weekday: width, timeZone: 'UTC' })).format(new Date(Date.UTC(2024, 0, isoWeekday)));
}

// Languages people may type that have no two-letter code.
const THREE_LETTER = ['ase', 'ckb', 'fil', 'haw', 'hmn', 'yue'];

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').trim().toLocaleLowerCase('en');

let known: Map<string, string> | undefined;
/** Every language name Intl knows in the app's languages, folded, to its code. */
function knownNames(): Map<string, string> {
  if (known) return known;
  known = new Map();
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const codes = [...letters].flatMap((a) => [...letters].map((b) => a + b)).concat(THREE_LETTER);
  for (const locale of LOCALES) {
    const names = new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' });
    for (const code of codes) {
      const name = names.of(code);
      if (name && !known.has(fold(name))) known.set(fold(name), code);
    }
  }
  return known;
}

/**
 * The code of a language someone typed by name in one of the app's languages ("Spanish", "español",
 * "العربية"), or null when it is not a name Intl knows (then it is shown as typed).
 */
export function languageCodeOf(typed: string): string | null {
  return knownNames().get(fold(typed)) ?? null;
}

/** The app's languages among those typed on a child's profile ("Spanish, English"), in the profile's order. */
export function appLocalesOf(typed: readonly string[]): Locale[] {
  const found: Locale[] = [];
  for (const name of typed) {
    const code = languageCodeOf(name) ?? name.trim().toLowerCase();
    if (isLocale(code) && !found.includes(code)) found.push(code);
  }
  return found;
}

/** A typed language name in the reader's language when it is one Intl knows; as typed otherwise. */
export function typedLanguageName(locale: string, typed: string): string {
  const code = languageCodeOf(typed);
  return code ? languageName(locale, code) : typed;
}
