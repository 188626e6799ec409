import { describe, expect, it } from 'vitest';
import { countUses, latestPerDay, recentNotes, settingOfRole, windowStart, type UseLog } from './strategy-use.ts';

const ALL = ['home', 'therapy', 'school'] as const;
let tick = 0;
const log = (loggedBy: string, date: string, setting: UseLog['setting'], helped: UseLog['helped']): UseLog => ({
  loggedBy, date, setting, helped, createdAt: new Date(Date.UTC(2026, 0, 1) + tick++ * 1000),
});

describe('four weeks of "did it help?", per setting', () => {
  it('counts the 28 days ending today, today included, and nothing before or after', () => {
    expect(windowStart('2026-03-28')).toBe('2026-03-01');
    const counts = countUses([
      log('mum', '2026-02-28', 'home', 'yes'), // a day too early
      log('mum', '2026-03-01', 'home', 'yes'), // the first day counted
      log('mum', '2026-03-28', 'home', 'no'), // today
      log('mum', '2026-03-29', 'home', 'yes'), // tomorrow: a clock ahead, never counted
    ], '2026-03-28', ALL);
    expect(counts).toEqual([{ setting: 'home', used: 2, helped: 1, aBit: 0, notHelped: 1 }]);
  });

  it('keeps each setting apart, home first, and leaves out settings nobody used it in', () => {
    const counts = countUses([
      log('teacher', '2026-03-10', 'school', 'a_bit'),
      log('teacher', '2026-03-11', 'school', 'yes'),
      log('mum', '2026-03-11', 'home', 'yes'),
      log('dad', '2026-03-11', 'home', 'a_bit'),
    ], '2026-03-20', ALL);
    expect(counts).toEqual([
      { setting: 'home', used: 2, helped: 1, aBit: 1, notHelped: 0 },
      { setting: 'school', used: 2, helped: 1, aBit: 1, notHelped: 0 },
    ]);
  });

  it('counts one person’s day once, with their latest word, across a month boundary and a DST change', () => {
    const counts = countUses([
      log('mum', '2026-03-08', 'home', 'no'),
      log('mum', '2026-03-08', 'home', 'yes'), // the note added later: the newer word, not a second use
      log('mum', '2026-02-27', 'home', 'a_bit'),
    ], '2026-03-09', ALL);
    expect(counts).toEqual([{ setting: 'home', used: 2, helped: 1, aBit: 1, notHelped: 0 }]);
  });

  it('takes the latest by time whatever order the logs come in', () => {
    const older = log('dad', '2026-03-02', 'home', 'no');
    const newer = log('dad', '2026-03-02', 'home', 'yes');
    expect(latestPerDay([newer, older])).toEqual([newer]);
  });

  it('shows a teacher only what happened at school', () => {
    const counts = countUses([log('mum', '2026-03-02', 'home', 'yes'), log('teacher', '2026-03-02', 'school', 'no')], '2026-03-03', ['school']);
    expect(counts).toEqual([{ setting: 'school', used: 1, helped: 0, aBit: 0, notHelped: 1 }]);
  });

  it('is empty with no logs', () => {
    expect(countUses([], '2026-03-03', ALL)).toEqual([]);
  });

  it('keeps the three newest notes in the four weeks, each person’s latest word on a day, in the settings the reader sees', () => {
    const noted = (l: UseLog, note: string) => ({ ...l, note });
    const notes = recentNotes([
      noted(log('mum', '2026-02-01', 'home', 'yes'), 'Too old'),
      noted(log('mum', '2026-03-02', 'home', 'no'), 'First try'),
      noted(log('mum', '2026-03-02', 'home', 'yes'), ''), // her newer word that day has no note
      noted(log('teacher', '2026-03-03', 'school', 'yes'), 'Circle time'),
      noted(log('dad', '2026-03-04', 'home', 'a_bit'), 'Bath time'),
      noted(log('sam', '2026-03-05', 'therapy', 'yes'), 'Settled quickly'),
      noted(log('dad', '2026-03-06', 'home', 'yes'), 'Worked'),
    ], '2026-03-10', ['home', 'therapy', 'school']);
    expect(notes.map((n) => n.note)).toEqual(['Worked', 'Settled quickly', 'Bath time']);
    expect(recentNotes([noted(log('dad', '2026-03-06', 'home', 'yes'), 'Worked'), noted(log('t', '2026-03-06', 'school', 'no'), 'Busy')], '2026-03-10', ['school']).map((n) => n.note)).toEqual(['Busy']);
  });

  it('reads the setting from the logger’s role', () => {
    expect([settingOfRole('guardian'), settingOfRole('caregiver'), settingOfRole('therapist'), settingOfRole('teacher'), settingOfRole(null)])
      .toEqual(['home', 'home', 'therapy', 'school', null]);
  });
});
