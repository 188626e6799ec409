import { describe, expect, it } from 'vitest';
import { attentionFor, trendOf, weeklyMeans, type TrendGoal, type TrendPoint } from './trend.ts';

const TODAY = '2026-11-23'; // a Monday
const words: TrendGoal = { status: 'agreed', measure: 'count', baseline: 0, target: 10, lowerIsBetter: false, targetDate: null };
const meltdowns: TrendGoal = { status: 'agreed', measure: 'count', baseline: 6, target: 1, lowerIsBetter: true, targetDate: null };

/** One value per week, ending in the week before TODAY. */
function weekly(values: number[]): TrendPoint[] {
  return values.map((value, i) => {
    const d = new Date(Date.parse(`${TODAY}T00:00:00Z`) - (values.length - i) * 7 * 86_400_000);
    return { date: d.toISOString().slice(0, 10), value };
  });
}

describe('the sentence above a goal’s chart', () => {
  it('says there is no data yet when there is none', () => {
    expect(trendOf(words, [], TODAY)).toEqual({ kind: 'no_data', params: {} });
  });

  it('waits for a second week before calling a trend from one point', () => {
    expect(trendOf(words, weekly([3]), TODAY)).toEqual({ kind: 'first_value', params: {} });
    // Two measurements in the same week are still one week of data.
    expect(trendOf(words, [{ date: '2026-11-17', value: 2 }, { date: '2026-11-19', value: 6 }], TODAY).kind).toBe('first_value');
  });

  it('counts the weeks that went the right way', () => {
    expect(trendOf(words, weekly([1, 2, 3, 3.1, 5]), TODAY)).toEqual({ kind: 'improving', params: { better: 3, of: 4 } });
  });

  it('calls a flat line steady, even with noise smaller than 5 % of the way to the target', () => {
    expect(trendOf(words, weekly([4, 4.2, 3.9, 4.1, 4]), TODAY)).toEqual({ kind: 'steady', params: { of: 4 } });
  });

  it('counts a slow climb with flat weeks in between as progress, and a slow slide as moving away', () => {
    expect(trendOf(words, weekly([3, 4, 4, 4, 5]), TODAY)).toEqual({ kind: 'improving', params: { better: 2, of: 4 } });
    expect(trendOf(words, weekly([4, 4, 4, 4, 5]), TODAY)).toEqual({ kind: 'improving', params: { better: 1, of: 4 } });
    expect(trendOf(words, weekly([5, 5, 5, 4]), TODAY)).toEqual({ kind: 'worsening', params: { worse: 1, of: 3 } });
  });

  it('calls noisy data mixed rather than a trend', () => {
    expect(trendOf(words, weekly([2, 6, 1, 7, 3]), TODAY)).toEqual({ kind: 'mixed', params: { better: 2, worse: 2, of: 4 } });
  });

  it('says when it is moving away from the target', () => {
    expect(trendOf(words, weekly([6, 5, 4, 4.9]), TODAY)).toEqual({ kind: 'worsening', params: { worse: 2, of: 3 } });
  });

  it('treats fewer meltdowns as progress when lower is better', () => {
    expect(trendOf(meltdowns, weekly([6, 5, 4, 3]), TODAY)).toEqual({ kind: 'improving', params: { better: 3, of: 3 } });
    expect(trendOf(meltdowns, weekly([2, 3, 4]), TODAY)).toEqual({ kind: 'worsening', params: { worse: 2, of: 2 } });
    expect(trendOf(meltdowns, weekly([4, 2, 1]), TODAY)).toEqual({ kind: 'target_met', params: {} });
  });

  it('celebrates a target reached, even on the first measurement', () => {
    expect(trendOf(words, weekly([10]), TODAY).kind).toBe('target_met');
    expect(trendOf(words, weekly([3, 12]), TODAY).kind).toBe('target_met');
  });

  it('says how many weeks have passed without data', () => {
    const old = [{ date: '2026-10-26', value: 2 }, { date: '2026-10-19', value: 1 }];
    expect(trendOf(words, old, TODAY)).toEqual({ kind: 'stale', params: { weeks: 4 } });
    // Exactly three weeks is not yet stale.
    expect(trendOf(words, [{ date: '2026-11-02', value: 2 }], TODAY).kind).toBe('first_value');
  });

  it('looks at the last four changes only', () => {
    // Long decline, then four weeks up.
    expect(trendOf(words, weekly([9, 8, 7, 1, 2, 3, 4, 5]), TODAY)).toEqual({ kind: 'improving', params: { better: 4, of: 4 } });
  });

  it('averages measurements within a week', () => {
    expect(weeklyMeans([{ date: '2026-11-16', value: 2 }, { date: '2026-11-22', value: 4 }, { date: '2026-11-23', value: 9 }])).toEqual([
      { week: '2026-11-16', value: 3 },
      { week: '2026-11-23', value: 9 },
    ]);
  });
});

describe('which goals need the therapist’s attention', () => {
  it('flags a goal without recent data', () => {
    expect(attentionFor(words, { kind: 'no_data', params: {} }, TODAY)).toEqual(['no_recent_data']);
    expect(attentionFor(words, { kind: 'stale', params: { weeks: 4 } }, TODAY)).toEqual(['no_recent_data']);
  });

  it('flags flat and wrong-way trends, not improving or mixed ones', () => {
    expect(attentionFor(words, { kind: 'steady', params: { of: 4 } }, TODAY)).toEqual(['flat']);
    expect(attentionFor(words, { kind: 'worsening', params: { worse: 2, of: 3 } }, TODAY)).toEqual(['moving_away']);
    expect(attentionFor(words, { kind: 'improving', params: { better: 3, of: 4 } }, TODAY)).toEqual([]);
    expect(attentionFor(words, { kind: 'mixed', params: { better: 2, worse: 2, of: 4 } }, TODAY)).toEqual([]);
  });

  it('flags a target date that is near or past, unless the target is met', () => {
    const dated = { ...words, targetDate: '2026-12-01' };
    expect(attentionFor(dated, { kind: 'improving', params: { better: 3, of: 4 } }, TODAY)).toEqual(['target_date_near']);
    expect(attentionFor({ ...words, targetDate: '2026-10-01' }, { kind: 'improving', params: { better: 3, of: 4 } }, TODAY)).toEqual(['target_date_near']);
    expect(attentionFor({ ...words, targetDate: '2027-03-01' }, { kind: 'improving', params: { better: 3, of: 4 } }, TODAY)).toEqual([]);
    expect(attentionFor(dated, { kind: 'target_met', params: {} }, TODAY)).toEqual([]);
  });

  it('asks for agreement before anything else, and leaves paused, met and stopped goals alone', () => {
    expect(attentionFor({ ...words, status: 'proposed' }, { kind: 'no_data', params: {} }, TODAY)).toEqual(['awaiting_agreement']);
    for (const status of ['paused', 'met', 'discontinued']) {
      expect(attentionFor({ ...words, status }, { kind: 'no_data', params: {} }, TODAY)).toEqual([]);
    }
  });
});
