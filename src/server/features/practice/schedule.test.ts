import { describe, expect, it } from 'vitest';
import { localDate, weekStart } from '../children/calendar.ts';
import {
  dayPlan, listedDays, nextReminder, plannedBetween, normalizeRule, outsideQuietHours, parseRule, ScheduleError, zonedInstant,
  type ReminderPlan, type Schedule,
} from './schedule.ts';

const daily: Schedule = { rule: 'FREQ=DAILY', timesPerWeek: null, startDate: '2026-10-01', endDate: null };
const monWedFri: Schedule = { rule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR', timesPerWeek: null, startDate: '2026-11-01', endDate: null };
const threeAWeek: Schedule = { rule: 'FREQ=DAILY', timesPerWeek: 3, startDate: '2026-11-01', endDate: null };

describe('a practice schedule', () => {
  it('accepts daily and weekday rules and writes them one way', () => {
    expect(normalizeRule('RRULE:FREQ=WEEKLY;BYDAY=FR,MO,WE')).toBe('FREQ=WEEKLY;BYDAY=MO,WE,FR');
    expect(normalizeRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=SA')).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=SA');
    expect(parseRule('FREQ=DAILY')).toEqual({ freq: 'daily', interval: 1, days: [] });
  });

  it('refuses what a home programme does not need, saying why', () => {
    for (const rule of ['FREQ=HOURLY', 'FREQ=DAILY;COUNT=3', 'FREQ=WEEKLY;UNTIL=20270101T000000Z', 'FREQ=MONTHLY;BYDAY=1MO', 'FREQ=WEEKLY;BYDAY=1MO', 'FREQ=DAILY;INTERVAL=9', 'FREQ=DAILY;BYHOUR=9', 'nonsense']) {
      expect(() => parseRule(rule), rule).toThrow(ScheduleError);
    }
  });

  it('lists the days within the start and end dates', () => {
    expect(listedDays(monWedFri, '2026-11-01', '2026-11-08')).toEqual(['2026-11-02', '2026-11-04', '2026-11-06']);
    expect(listedDays({ ...daily, startDate: '2026-11-05', endDate: '2026-11-07' }, '2026-11-01', '2026-11-30')).toEqual(['2026-11-05', '2026-11-06', '2026-11-07']);
    expect(listedDays({ ...daily, endDate: '2026-10-31' }, '2026-11-01', '2026-11-30')).toEqual([]);
    expect(listedDays({ ...daily, startDate: '2026-12-01' }, '2026-11-01', '2026-11-30')).toEqual([]);
  });

  it('counts every other week from the start date, and a weekly rule without days keeps the start weekday', () => {
    const fortnightly = { ...monWedFri, rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SA', startDate: '2026-11-02' };
    expect(listedDays(fortnightly, '2026-11-01', '2026-11-30')).toEqual(['2026-11-07', '2026-11-21']);
    expect(listedDays({ ...monWedFri, rule: 'FREQ=WEEKLY', startDate: '2026-11-04' }, '2026-11-01', '2026-11-20')).toEqual(['2026-11-04', '2026-11-11', '2026-11-18']);
  });

  it('keeps calendar days whole across a daylight-saving change', () => {
    // Clocks went back on 1 November 2026 in the United States; no day is lost or doubled.
    expect(listedDays(daily, '2026-10-31', '2026-11-02')).toEqual(['2026-10-31', '2026-11-01', '2026-11-02']);
    expect(listedDays(daily, '2027-03-13', '2027-03-15')).toHaveLength(3);
  });

  it('is due on listed days; "3 times a week" stays due until three are done', () => {
    expect(dayPlan(monWedFri, '2026-11-23', new Set()).due).toBe(true);
    expect(dayPlan(monWedFri, '2026-11-24', new Set()).due).toBe(false);
    const done = new Set(['2026-11-23', '2026-11-24']);
    expect(dayPlan(threeAWeek, '2026-11-25', done)).toEqual({ due: true, remainingThisWeek: 1 });
    done.add('2026-11-25');
    expect(dayPlan(threeAWeek, '2026-11-26', done)).toEqual({ due: false, remainingThisWeek: 0 });
    // A day already logged still shows, as done.
    expect(dayPlan(threeAWeek, '2026-11-25', done).due).toBe(true);
    // A new week starts on Monday.
    expect(weekStart('2026-11-29')).toBe('2026-11-23');
    expect(dayPlan(threeAWeek, '2026-11-30', done)).toEqual({ due: true, remainingThisWeek: 3 });
  });
});

describe('practice planned over a stretch of days', () => {
  it('counts listed days, or the weekly count in each week', () => {
    expect(plannedBetween(monWedFri, '2026-11-16', '2026-11-29')).toBe(6);
    expect(plannedBetween(daily, '2026-11-16', '2026-11-22')).toBe(7);
    // Three a week over two whole weeks and two days of a third: 3 + 3 + 2.
    expect(plannedBetween(threeAWeek, '2026-11-09', '2026-11-24')).toBe(8);
    expect(plannedBetween({ ...daily, endDate: '2026-11-18' }, '2026-11-16', '2026-11-22')).toBe(3);
  });
});

describe('dates and times in a family’s own time zone', () => {
  it('gives the local date where the family is', () => {
    const at = new Date('2026-11-23T03:00:00Z');
    expect(localDate(at, 'America/Chicago')).toBe('2026-11-22');
    expect(localDate(at, 'Europe/Madrid')).toBe('2026-11-23');
  });

  it('finds the instant of a wall-clock time, including half-hour zones', () => {
    expect(zonedInstant('2026-11-23', '18:30', 'America/Chicago').toISOString()).toBe('2026-11-24T00:30:00.000Z');
    expect(zonedInstant('2026-07-01', '18:30', 'America/Chicago').toISOString()).toBe('2026-07-01T23:30:00.000Z');
    expect(zonedInstant('2026-11-23', '09:00', 'Asia/Kolkata').toISOString()).toBe('2026-11-23T03:30:00.000Z');
    expect(zonedInstant('2026-11-23', '09:00', 'Australia/Sydney').toISOString()).toBe('2026-11-22T22:00:00.000Z');
  });

  it('moves a time skipped by clocks going forward to the same minutes after the change', () => {
    expect(zonedInstant('2026-03-08', '02:30', 'America/Chicago').toISOString()).toBe('2026-03-08T08:30:00.000Z'); // 03:30 CDT
    expect(zonedInstant('2026-03-29', '02:30', 'Europe/Madrid').toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
  });

  it('takes the first of a time that happens twice when clocks go back', () => {
    expect(zonedInstant('2026-11-01', '01:30', 'America/Chicago').toISOString()).toBe('2026-11-01T06:30:00.000Z'); // 01:30 CDT
    expect(zonedInstant('2026-10-25', '02:30', 'Europe/Madrid').toISOString()).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST
  });
});

describe('quiet hours', () => {
  const night = { start: '21:00', end: '07:00' };
  it('keeps a reminder that is outside them', () => {
    expect(outsideQuietHours('18:30', night)).toBe('18:30');
    expect(outsideQuietHours('07:00', night)).toBe('07:00');
    expect(outsideQuietHours('18:30', null)).toBe('18:30');
  });
  it('moves an evening reminder to before they start and a morning one to when they end, on the same day', () => {
    expect(outsideQuietHours('22:00', night)).toBe('20:45');
    expect(outsideQuietHours('06:15', night)).toBe('07:00');
    expect(outsideQuietHours('14:00', { start: '13:00', end: '15:00' })).toBe('15:00');
  });
});

describe('the next reminder', () => {
  const plan = (over: Partial<ReminderPlan> = {}): ReminderPlan => ({
    schedule: daily, childTimeZone: 'America/Chicago', timeZone: 'America/Chicago', time: '18:00', quiet: null, doneDates: new Set(), ...over,
  });

  it('comes at the family’s own local time, even when the family lives in another zone than the clinic', () => {
    const now = new Date('2026-11-23T12:00:00Z'); // 06:00 in Chicago, 13:00 in Madrid
    expect(nextReminder(plan(), now)).toEqual({ date: '2026-11-23', at: new Date('2026-11-24T00:00:00Z') });
    // The same child's other parent lives in Madrid: 18:00 there.
    expect(nextReminder(plan({ timeZone: 'Europe/Madrid' }), now)).toEqual({ date: '2026-11-23', at: new Date('2026-11-23T17:00:00Z') });
  });

  it('skips a day already logged and days without practice', () => {
    const now = new Date('2026-11-23T12:00:00Z'); // Monday
    expect(nextReminder(plan({ doneDates: new Set(['2026-11-23']) }), now)?.date).toBe('2026-11-24');
    expect(nextReminder(plan({ schedule: monWedFri, doneDates: new Set(['2026-11-23']) }), now)?.date).toBe('2026-11-25');
    // Once today's reminder time has passed, the next one is tomorrow's.
    expect(nextReminder(plan(), new Date('2026-11-24T00:00:01Z'))?.date).toBe('2026-11-24');
  });

  it('stays at the same local time on both sides of a daylight-saving change', () => {
    const ny = plan({ childTimeZone: 'America/New_York', timeZone: 'America/New_York' });
    expect(nextReminder(ny, new Date('2026-10-31T12:00:00Z'))?.at.toISOString()).toBe('2026-10-31T22:00:00.000Z'); // 18:00 EDT
    expect(nextReminder(ny, new Date('2026-11-01T12:00:00Z'))?.at.toISOString()).toBe('2026-11-01T23:00:00.000Z'); // 18:00 EST
    expect(nextReminder(ny, new Date('2027-03-14T12:00:00Z'))?.at.toISOString()).toBe('2027-03-14T22:00:00.000Z'); // 18:00 EDT again
  });

  it('stops once "3 times a week" is done and starts again on Monday', () => {
    const done = new Set(['2026-11-23', '2026-11-24', '2026-11-25']);
    expect(nextReminder(plan({ schedule: threeAWeek, doneDates: done }), new Date('2026-11-25T12:00:00Z'))?.date).toBe('2026-11-30');
  });

  it('respects quiet hours and ends with the practice', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    expect(nextReminder(plan({ time: '22:00', quiet: { start: '21:00', end: '07:00' } }), now)?.at.toISOString()).toBe('2026-11-24T02:45:00.000Z'); // 20:45 CST
    expect(nextReminder(plan({ schedule: { ...daily, endDate: '2026-11-22' } }), now)).toBeNull();
  });
});
