// How often, as a parent reads it.
import type { TFunction } from 'i18next';
import { listFormat, weekdayName as isoWeekdayName } from '../../lib/format.ts';
import { WEEKDAYS, fromSchedule, type Weekday } from './schedule-rule.ts';

/** A weekday's name in the reader's language, as written mid-sentence ("Monday", "lunes"). */
export function weekdayName(day: Weekday, width: 'long' | 'short' = 'long'): string {
  return isoWeekdayName(WEEKDAYS.indexOf(day) + 1, width);
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
