import { describe, expect, it } from 'vitest';
import { horizonEnd, localDateTime, occurrences, RecurrenceError, repeatsOf } from './recurrence.ts';

const weekly = { rule: 'FREQ=WEEKLY;BYDAY=TH', startDate: '2026-10-22', time: '16:00', timeZone: 'America/Chicago', until: null, count: null };

describe('a recurring session', () => {
  it('stays at 16:00 in Chicago across the 2026-11-01 change; its UTC instant moves by an hour', () => {
    const at = occurrences(weekly, '2026-11-12');
    expect(at.map((d) => d.toISOString())).toEqual([
      '2026-10-22T21:00:00.000Z', '2026-10-29T21:00:00.000Z', '2026-11-05T22:00:00.000Z', '2026-11-12T22:00:00.000Z',
    ]);
    expect(at.map((d) => localDateTime(d, 'America/Chicago'))).toEqual([
      '2026-10-22T16:00', '2026-10-29T16:00', '2026-11-05T16:00', '2026-11-12T16:00',
    ]);
  });

  it('is shown to a family in Madrid at their own time (both zones change on different dates)', () => {
    const at = occurrences(weekly, '2026-11-05');
    // Madrid left summer time on 25 October, Chicago on 1 November: a week with a 6-hour gap, then 7 again.
    expect(at.map((d) => localDateTime(d, 'Europe/Madrid'))).toEqual(['2026-10-22T23:00', '2026-10-29T22:00', '2026-11-05T23:00']);
  });

  it('keeps to a spring-forward date too (Chicago, 8 March 2026)', () => {
    const at = occurrences({ ...weekly, rule: 'FREQ=WEEKLY;BYDAY=MO', startDate: '2026-03-02', time: '09:30' }, '2026-03-09');
    expect(at.map((d) => d.toISOString())).toEqual(['2026-03-02T15:30:00.000Z', '2026-03-09T14:30:00.000Z']);
  });

  it('ends on its until date or after its count, and the count starts at the first date', () => {
    expect(occurrences({ ...weekly, until: '2026-11-05' }, '2027-01-01')).toHaveLength(3);
    expect(occurrences({ ...weekly, count: 2 }, '2027-01-01')).toHaveLength(2);
    expect(occurrences({ ...weekly, count: 10 }, '2026-10-29')).toHaveLength(2);
    // Every other week on Tuesdays and Thursdays.
    const twice = occurrences({ ...weekly, rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH', startDate: '2026-10-20' }, '2026-11-05');
    expect(twice.map((d) => localDateTime(d, 'America/Chicago').slice(0, 10))).toEqual(['2026-10-20', '2026-10-22', '2026-11-03', '2026-11-05']);
  });

  it('refuses what is not a simple daily or weekly rule', () => {
    expect(() => occurrences({ ...weekly, rule: 'FREQ=HOURLY' }, '2026-11-05')).toThrow(RecurrenceError);
    expect(() => occurrences({ ...weekly, rule: 'nonsense' }, '2026-11-05')).toThrow(RecurrenceError);
    expect(() => occurrences({ ...weekly, rule: 'FREQ=WEEKLY;COUNT=3' }, '2026-11-05')).toThrow(RecurrenceError);
  });

  it('is written out for a bounded horizon from today, or from a later start', () => {
    expect(horizonEnd('2026-10-22', new Date('2026-10-01T12:00:00Z'), 'America/Chicago', 26)).toBe('2027-04-22');
    expect(horizonEnd('2026-01-01', new Date('2026-10-01T12:00:00Z'), 'America/Chicago', 1)).toBe('2026-10-08');
  });
});

describe('how a series repeats, in short', () => {
  it('reads the frequency and interval of its rule', () => {
    expect(repeatsOf('FREQ=WEEKLY;BYDAY=TH')).toEqual({ freq: 'weekly', interval: 1 });
    expect(repeatsOf('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH')).toEqual({ freq: 'weekly', interval: 2 });
    expect(repeatsOf('FREQ=DAILY')).toEqual({ freq: 'daily', interval: 1 });
    expect(repeatsOf(undefined)).toBeNull();
  });
});
