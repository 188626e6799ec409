// How often, as a parent reads it.
import type { TFunction } from 'i18next';
import { listFormat } from '../../lib/format.ts';
import { currentLocale } from '../../i18n.ts';
import { WEEKDAYS, fromSchedule, type Weekday } from './schedule-rule.ts';

/** A weekday's name in the reader's language (2024-01-01 was a Monday). */
export function weekdayName(day: Weekday, width: 'long' | 'short' = 'long'): string {
  const date = new Date(Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(day)));
  return new Intl.DateTimeFormat(currentLocale(), { weekday: width, timeZone: 'UTC' }).format(date);
}

/** "Every day", "Monday, Wednesday and Friday, every other week", "3 times a week (any day)". */
export function describeSchedule(s: { rule: string; timesPerWeek: number | null }, t: TFunction): string {
  const v = fromSchedule(s);
  const names = listFormat(v.days.map((d) => weekdayName(d)));
  let text: string;
  if (v.mode === 'daily') text = t('practice.schedule.everyDay');
  else if (v.mode === 'times') {
    text = v.days.length === 7 ? t('practice.schedule.timesAnyDay', { count: v.timesPerWeek }) : t('practice.schedule.timesOnDays', { count: v.timesPerWeek, days: names });
  } else text = v.days.length === 7 ? t('practice.schedule.everyDay') : t('practice.schedule.onDays', { days: names });
  return v.interval === 2 ? t('practice.schedule.everyOtherWeek', { schedule: text }) : text;
}
