// Patterns a therapist reads before a session: when incidents happen (time of day, day of week)
// and whether they come more often after short nights. Every figure carries the numbers behind
// it, and nothing is called a pattern on too little data. Pure functions, tested on crafted data.

export type Incident = {
  /** The family's local calendar date. */
  date: string;
  /** Minutes after local midnight, when the time is known. */
  minuteOfDay: number | null;
};
export type Night = {
  /** The date the child woke up: the night before this day. */
  date: string;
  hours: number;
};

export const TIMES_OF_DAY = ['morning', 'afternoon', 'evening', 'night'] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];

/** Fewer incidents than this and no time-of-day or weekday peak is named. */
export const MIN_INCIDENTS = 6;
/** A peak holds at least this share of the incidents whose time is known. */
const PEAK_SHARE = 0.5;
/** Nights at least this much shorter than the child's usual night count as short. */
export const SHORT_NIGHT_HOURS_LESS = 1;
/** Each side of the sleep comparison needs at least this many nights. */
export const MIN_NIGHTS_EACH = 3;

export function timeOfDay(minuteOfDay: number): TimeOfDay {
  const h = minuteOfDay / 60;
  if (h >= 6 && h < 12) return 'morning';
  if (h >= 12 && h < 17) return 'afternoon';
  if (h >= 17 && h < 21) return 'evening';
  return 'night';
}

/** 0 = Monday … 6 = Sunday. */
function weekday(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export type TimeOfDayPattern = { known: number; counts: Record<TimeOfDay, number>; peak: TimeOfDay | null };

export function byTimeOfDay(incidents: readonly Incident[]): TimeOfDayPattern {
  const counts: Record<TimeOfDay, number> = { morning: 0, afternoon: 0, evening: 0, night: 0 };
  let known = 0;
  for (const i of incidents) {
    if (i.minuteOfDay === null) continue;
    counts[timeOfDay(i.minuteOfDay)] += 1;
    known += 1;
  }
  const top = TIMES_OF_DAY.reduce((a, b) => (counts[b] > counts[a] ? b : a));
  const tied = TIMES_OF_DAY.filter((t) => counts[t] === counts[top]).length > 1;
  const peak = known >= MIN_INCIDENTS && !tied && counts[top] / known >= PEAK_SHARE ? top : null;
  return { known, counts, peak };
}

export type WeekdayPattern = { counts: number[]; weeks: number; peak: number | null };

/**
 * Incidents per weekday over whole weeks observed. A day is named only when it has at least
 * three incidents and at least twice the average of the other days.
 */
export function byWeekday(incidents: readonly Incident[], from: string, to: string): WeekdayPattern {
  const counts = [0, 0, 0, 0, 0, 0, 0];
  for (const i of incidents) counts[weekday(i.date)] = (counts[weekday(i.date)] ?? 0) + 1;
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  const weeks = Math.floor(days / 7);
  let peak: number | null = null;
  if (weeks >= 2 && incidents.length >= MIN_INCIDENTS) {
    const max = Math.max(...counts);
    const day = counts.indexOf(max);
    const others = (incidents.length - max) / 6;
    if (max >= 3 && max >= 2 * others && counts.filter((c) => c === max).length === 1) peak = day;
  }
  return { counts, weeks, peak };
}

export type SleepComparison =
  | { kind: 'too_little_data'; shortNights: number; otherNights: number; usualHours: number | null }
  | {
    kind: 'compared';
    usualHours: number;
    /** A night this long or shorter is short. */
    shortUnderHours: number;
    shortNights: number;
    incidentsAfterShort: number;
    perDayAfterShort: number;
    otherNights: number;
    incidentsAfterOther: number;
    perDayAfterOther: number;
    /** "more" only when the difference is both half again as much and at least half an incident a day. */
    comparison: 'more' | 'similar' | 'fewer';
  };

/** Incidents on the days after short nights against the days after the child's other nights. */
export function afterShortNights(incidents: readonly Incident[], nights: readonly Night[]): SleepComparison {
  const byDate = new Map<string, number>();
  for (const n of nights) byDate.set(n.date, n.hours); // one night per date: the last one recorded
  if (byDate.size === 0) return { kind: 'too_little_data', shortNights: 0, otherNights: 0, usualHours: null };
  const usualHours = median([...byDate.values()]);
  const shortUnderHours = usualHours - SHORT_NIGHT_HOURS_LESS;
  const perDate = new Map<string, number>();
  for (const i of incidents) perDate.set(i.date, (perDate.get(i.date) ?? 0) + 1);
  let shortNights = 0;
  let otherNights = 0;
  let incidentsAfterShort = 0;
  let incidentsAfterOther = 0;
  for (const [date, hours] of byDate) {
    const n = perDate.get(date) ?? 0;
    if (hours <= shortUnderHours) {
      shortNights += 1;
      incidentsAfterShort += n;
    } else {
      otherNights += 1;
      incidentsAfterOther += n;
    }
  }
  if (shortNights < MIN_NIGHTS_EACH || otherNights < MIN_NIGHTS_EACH) {
    return { kind: 'too_little_data', shortNights, otherNights, usualHours: round1(usualHours) };
  }
  const a = incidentsAfterShort / shortNights;
  const b = incidentsAfterOther / otherNights;
  const comparison = a >= b * 1.5 && a - b >= 0.5 ? 'more' : b >= a * 1.5 && b - a >= 0.5 ? 'fewer' : 'similar';
  return {
    kind: 'compared', usualHours: round1(usualHours), shortUnderHours: round1(shortUnderHours),
    shortNights, incidentsAfterShort, perDayAfterShort: round1(a),
    otherNights, incidentsAfterOther, perDayAfterOther: round1(b), comparison,
  };
}

/** Hours asleep from a bedtime and a wake time ("20:30" to "06:15" is 9.75). */
export function hoursAsleep(bedtime: string, wakeTime: string): number {
  const m = (t: string) => {
    const [h = 0, mi = 0] = t.split(':').map(Number);
    return h * 60 + mi;
  };
  return (((m(wakeTime) - m(bedtime)) % 1440) + 1440) % 1440 / 60;
}
