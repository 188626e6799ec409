import { describe, expect, it } from 'vitest';
import type { DayState, PracticeItem } from './practice.api.ts';
import { fromSchedule, toSchedule, type ScheduleValues } from './schedule-rule.ts';
import { chartDays, currentRun } from './stickers.ts';

describe('the schedule picker and the stored rule', () => {
  it('writes each choice as the rule the server keeps, and reads it back the same', () => {
    const cases: [ScheduleValues, { rule: string; timesPerWeek: number | null }][] = [
      [{ mode: 'daily', days: ['MO'], timesPerWeek: 3, interval: 1 }, { rule: 'FREQ=DAILY', timesPerWeek: null }],
      [{ mode: 'days', days: ['FR', 'MO', 'WE'], timesPerWeek: 3, interval: 1 }, { rule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR', timesPerWeek: null }],
      [{ mode: 'days', days: ['SA'], timesPerWeek: 3, interval: 2 }, { rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SA', timesPerWeek: null }],
      [{ mode: 'times', days: ['MO', 'TU', 'WE', 'TH', 'FR'], timesPerWeek: 3, interval: 1 }, { rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', timesPerWeek: 3 }],
    ];
    for (const [values, schedule] of cases) {
      expect(toSchedule(values)).toEqual(schedule);
      const back = fromSchedule(schedule);
      expect(toSchedule(back)).toEqual(schedule);
    }
  });

  it('reads "3 times a week" with no days chosen as any day of the week', () => {
    expect(toSchedule({ mode: 'times', days: [], timesPerWeek: 3, interval: 1 })).toEqual({ rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU', timesPerWeek: 3 });
  });
});

const week = (states: DayState[]) => states.map((state, i) => ({ date: `2026-11-${String(23 + i).padStart(2, '0')}`, state }));
const item = (states: DayState[]) => ({ week: week(states) }) as unknown as PracticeItem;

describe('the sticker chart', () => {
  it('has a slot for each practice day of any item, filled when some practice was done or partly done', () => {
    const days = chartDays([item(['done', 'none', 'due', 'none', 'skipped', 'none', 'none']), item(['none', 'partial', 'none', 'none', 'none', 'none', 'due'])]);
    expect(days.map((d) => [d.practiceDay, d.practised])).toEqual([
      [true, true], [true, true], [true, false], [false, false], [true, false], [false, false], [true, false],
    ]);
  });

  it('counts days in a row back from today, skipping rest days and not counting an open today', () => {
    const days = chartDays([item(['done', 'none', 'partial', 'done', 'due', 'none', 'none'])]);
    expect(currentRun(days, '2026-11-27')).toBe(3);
    expect(currentRun(days, '2026-11-26')).toBe(3);
  });

  it('starts again quietly after a missed day', () => {
    const days = chartDays([item(['done', 'skipped', 'done', 'due', 'due', 'due', 'due'])]);
    expect(currentRun(days, '2026-11-25')).toBe(1);
    expect(currentRun(days, '2026-11-27')).toBe(0);
  });
});
