import { describe, expect, it } from 'vitest';
import { afterShortNights, byTimeOfDay, byWeekday, timeOfDay, type Incident, type Night } from './patterns.ts';

const at = (date: string, time: string | null): Incident => {
  if (time === null) return { date, minuteOfDay: null };
  const [h = 0, m = 0] = time.split(':').map(Number);
  return { date, minuteOfDay: h * 60 + m };
};

describe('incidents by time of day', () => {
  it('puts each time in its part of the day, night wrapping past midnight', () => {
    expect(['05:59', '06:00', '11:59', '12:00', '16:59', '17:00', '20:59', '21:00', '00:30'].map((t) => timeOfDay(at('2026-11-02', t).minuteOfDay ?? 0)))
      .toEqual(['night', 'morning', 'morning', 'afternoon', 'afternoon', 'evening', 'evening', 'night', 'night']);
  });

  it('names a peak only when it holds half the incidents with a known time', () => {
    const mornings = ['07:10', '07:40', '08:05', '07:55', '13:00', '18:00', null].map((t, i) => at(`2026-11-0${i + 1}`, t));
    const p = byTimeOfDay(mornings);
    expect(p).toEqual({ known: 6, counts: { morning: 4, afternoon: 1, evening: 1, night: 0 }, peak: 'morning' });
    const spread = ['07:10', '13:00', '18:00', '22:00', '08:00', '14:00'].map((t) => at('2026-11-02', t));
    expect(byTimeOfDay(spread).peak).toBeNull();
  });

  it('says nothing on too little data', () => {
    const few = ['07:10', '07:40', '08:05'].map((t) => at('2026-11-02', t));
    expect(byTimeOfDay(few).peak).toBeNull();
    expect(byTimeOfDay([])).toEqual({ known: 0, counts: { morning: 0, afternoon: 0, evening: 0, night: 0 }, peak: null });
  });
});

describe('incidents by day of the week', () => {
  it('names a day that stands out over at least two whole weeks', () => {
    // Mondays 2, 9 and 16 November, and one other day each week.
    const incidents = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-04', '2026-11-12', '2026-11-20'].map((d) => at(d, null));
    const p = byWeekday(incidents, '2026-11-02', '2026-11-22');
    expect(p.counts).toEqual([3, 0, 1, 1, 1, 0, 0]);
    expect(p.weeks).toBe(3);
    expect(p.peak).toBe(0);
  });

  it('names no day in under two weeks, with few incidents, or when two days tie', () => {
    const oneWeek = ['2026-11-02', '2026-11-02', '2026-11-02', '2026-11-02', '2026-11-03', '2026-11-04'].map((d) => at(d, null));
    expect(byWeekday(oneWeek, '2026-11-02', '2026-11-08').peak).toBeNull();
    expect(byWeekday(oneWeek.slice(0, 4), '2026-11-02', '2026-11-22').peak).toBeNull();
    const tie = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-03', '2026-11-10', '2026-11-17'].map((d) => at(d, null));
    expect(byWeekday(tie, '2026-11-02', '2026-11-22').peak).toBeNull();
  });
});

describe('incidents after short nights', () => {
  const nights = (hours: number[]): Night[] => hours.map((h, i) => ({ date: `2026-11-${String(i + 1).padStart(2, '0')}`, hours: h }));

  it('compares days after short nights with other days, with the numbers behind it', () => {
    // Usual night 10 h; nights 1–4 are short (8 h); incidents mostly follow them.
    const sleep = nights([8, 8, 8, 8, 10, 10, 10, 10, 10, 10]);
    const incidents = ['01', '01', '02', '02', '03', '04', '04', '07'].map((d) => at(`2026-11-${d}`, null));
    expect(afterShortNights(incidents, sleep)).toEqual({
      kind: 'compared', usualHours: 10, shortUnderHours: 9,
      shortNights: 4, incidentsAfterShort: 7, perDayAfterShort: 1.8,
      otherNights: 6, incidentsAfterOther: 1, perDayAfterOther: 0.2, comparison: 'more',
    });
  });

  it('calls a small difference similar rather than a pattern', () => {
    const sleep = nights([8, 8, 8, 10, 10, 10, 10]);
    const incidents = ['01', '04', '05', '06'].map((d) => at(`2026-11-${d}`, null));
    const r = afterShortNights(incidents, sleep);
    expect(r.kind === 'compared' && r.comparison).toBe('similar');
  });

  it('says there is too little data with fewer than three nights on either side', () => {
    expect(afterShortNights([], [])).toEqual({ kind: 'too_little_data', shortNights: 0, otherNights: 0, usualHours: null });
    const r = afterShortNights([at('2026-11-01', null)], nights([8, 8, 10, 10, 10, 10]));
    expect(r).toEqual({ kind: 'too_little_data', shortNights: 2, otherNights: 4, usualHours: 10 });
    // Every night the same length: none is short.
    expect(afterShortNights([], nights([9, 9, 9, 9, 9, 9])).kind).toBe('too_little_data');
  });

  it('counts a date once when its night was recorded twice', () => {
    const sleep = [...nights([8, 8, 8, 10, 10, 10]), { date: '2026-11-01', hours: 10 }];
    const r = afterShortNights([], sleep);
    expect(r).toMatchObject({ shortNights: 2, otherNights: 4 });
  });
});
