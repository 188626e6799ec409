// How often, as the form asks it, and the RRULE the server stores: plain functions, no language.

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type ScheduleMode = 'daily' | 'days' | 'times';

export interface ScheduleValues {
  mode: ScheduleMode;
  /** The chosen days ("On chosen days"), or the days allowed ("N times a week"). */
  days: Weekday[];
  timesPerWeek: number;
  /** 1 = every week, 2 = every other week. */
  interval: 1 | 2;
}

export const DEFAULT_SCHEDULE: ScheduleValues = { mode: 'daily', days: ['MO', 'WE', 'FR'], timesPerWeek: 3, interval: 1 };

const ordered = (days: readonly Weekday[]) => WEEKDAYS.filter((d) => days.includes(d));

/** The form's choice as the server's schedule: "FREQ=DAILY", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE". */
export function toSchedule(v: ScheduleValues): { rule: string; timesPerWeek: number | null } {
  if (v.mode === 'daily') return { rule: 'FREQ=DAILY', timesPerWeek: null };
  const days = v.mode === 'times' && v.days.length === 0 ? [...WEEKDAYS] : ordered(v.days);
  const parts = ['FREQ=WEEKLY'];
  if (v.interval === 2) parts.push('INTERVAL=2');
  parts.push(`BYDAY=${days.join(',')}`);
  return { rule: parts.join(';'), timesPerWeek: v.mode === 'times' ? v.timesPerWeek : null };
}

function parseRule(rule: string): { freq: string; interval: number; days: Weekday[] } {
  const parts = new Map(
    rule
      .replace(/^RRULE:/iu, '')
      .split(';')
      .map((p) => p.split('=') as [string, string | undefined])
      .map(([k, v]) => [k.toUpperCase(), (v ?? '').toUpperCase()]),
  );
  const days = (parts.get('BYDAY') ?? '').split(',').filter((d): d is Weekday => (WEEKDAYS as readonly string[]).includes(d));
  return { freq: parts.get('FREQ') ?? 'DAILY', interval: Number(parts.get('INTERVAL') ?? '1') || 1, days: ordered(days) };
}

/** The server's schedule back as the form's choice (for revising an item). */
export function fromSchedule(s: { rule: string; timesPerWeek: number | null }): ScheduleValues {
  const { freq, interval, days } = parseRule(s.rule);
  const every: 1 | 2 = interval >= 2 ? 2 : 1;
  if (s.timesPerWeek !== null) return { mode: 'times', days: days.length > 0 ? days : [...WEEKDAYS], timesPerWeek: s.timesPerWeek, interval: every };
  if (freq === 'DAILY' || days.length === 7) {
    return every === 1 ? { ...DEFAULT_SCHEDULE, mode: 'daily' } : { mode: 'days', days: [...WEEKDAYS], timesPerWeek: 3, interval: every };
  }
  return { mode: 'days', days: days.length > 0 ? days : ['MO'], timesPerWeek: 3, interval: every };
}
