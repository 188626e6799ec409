import { describe, expect, it } from 'vitest';
import { answerableOccurrence, nextCheck, openOccurrences, reminderAt, type CadencePlan } from './cadence.ts';

const weekly = (weekday: number, startsOn = '2026-01-01'): CadencePlan => ({ cadence: { kind: 'weekly', weekday }, startsOn, endedAt: null });
const HOUR = 3_600_000;

describe('when a check-in is open', () => {
  it('opens a weekly check-in at the start of its day on the child’s clock, and keeps it open a week', () => {
    // Sunday 2026-03-08, New York: clocks go forward at 02:00, so that week is an hour short.
    const zone = 'America/New_York';
    const plan = weekly(7);
    const [o] = openOccurrences(plan, zone, new Date('2026-03-08T05:30:00Z'), []);
    expect(o).toMatchObject({ key: '2026-03-08', dueDate: '2026-03-08' });
    expect(o?.opensAt.toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(o?.closesAt.toISOString()).toBe('2026-03-15T04:00:00.000Z');
    // Just before local midnight the week before's is still the open one.
    expect(openOccurrences(plan, zone, new Date('2026-03-08T04:59:00Z'), [])[0]?.key).toBe('2026-03-01');
    // Clocks going back in November: the week is an hour long longer, the day stays Sunday.
    const [fall] = openOccurrences(plan, zone, new Date('2026-11-01T12:00:00Z'), []);
    expect(fall?.closesAt.getTime()! - fall!.opensAt.getTime()).toBe(7 * 24 * HOUR + HOUR);
  });

  it('reads the day in the child’s zone, not the server’s', () => {
    const now = new Date('2026-03-04T02:00:00Z'); // Wednesday in UTC, still Tuesday in Los Angeles.
    expect(openOccurrences(weekly(3), 'UTC', now, [])[0]?.key).toBe('2026-03-04');
    expect(openOccurrences(weekly(3), 'America/Los_Angeles', now, [])[0]?.key).toBe('2026-02-25');
    expect(openOccurrences(weekly(3), 'Pacific/Auckland', now, [])[0]?.key).toBe('2026-03-04');
  });

  it('opens a monthly check-in on its date until the same date next month, from its start', () => {
    const plan: CadencePlan = { cadence: { kind: 'monthly', day: 15 }, startsOn: '2026-02-01', endedAt: null };
    const [o] = openOccurrences(plan, 'UTC', new Date('2026-03-02T00:00:00Z'), []);
    expect(o?.key).toBe('2026-02-15');
    expect(o?.closesAt.toISOString()).toBe('2026-03-15T00:00:00.000Z');
    expect(openOccurrences({ ...plan, startsOn: '2026-02-20' }, 'UTC', new Date('2026-03-02T00:00:00Z'), [])).toEqual([]);
  });

  it('opens two days before each session, and follows a session that moves', () => {
    const plan: CadencePlan = { cadence: { kind: 'before_session' }, startsOn: '2026-01-01', endedAt: null };
    const session = { id: '8b3c1f64-2a55-4e2e-9a3b-1d2c3e4f5a6b', startsAt: new Date('2026-03-10T15:00:00Z'), status: 'scheduled' };
    expect(openOccurrences(plan, 'UTC', new Date('2026-03-08T14:59:00Z'), [session])).toEqual([]);
    const [o] = openOccurrences(plan, 'UTC', new Date('2026-03-08T15:00:00Z'), [session]);
    expect(o).toMatchObject({ key: `s:${session.id}`, dueDate: '2026-03-10', sessionId: session.id });
    // Moved three days later: the same check-in (by the session) closes with the new time, and is not open yet.
    const moved = { ...session, startsAt: new Date('2026-03-13T15:00:00Z') };
    expect(openOccurrences(plan, 'UTC', new Date('2026-03-09T12:00:00Z'), [moved])).toEqual([]);
    const [again] = openOccurrences(plan, 'UTC', new Date('2026-03-12T12:00:00Z'), [moved]);
    expect(again?.key).toBe(o?.key);
    expect(again?.closesAt.toISOString()).toBe('2026-03-13T15:00:00.000Z');
    // A cancelled session has no check-in.
    expect(openOccurrences(plan, 'UTC', new Date('2026-03-12T12:00:00Z'), [{ ...moved, status: 'cancelled' }])).toEqual([]);
    expect(answerableOccurrence(plan, 'UTC', `s:${session.id}`, new Date('2026-03-12T12:00:00Z'), [moved])?.closesAt).toEqual(moved.startsAt);
    expect(reminderAt(again!).toISOString()).toBe('2026-03-12T15:00:00.000Z');
    // The sweep looks again when the moved session's check-in opens, or within the hour.
    expect(nextCheck(plan, 'UTC', new Date('2026-03-09T12:00:00Z'), [moved])?.toISOString()).toBe('2026-03-09T13:00:00.000Z');
  });

  it('answers only occurrences that opened, up to a week after they closed, and nothing after a stop', () => {
    const plan = weekly(3);
    const now = new Date('2026-03-04T20:00:00Z');
    expect(answerableOccurrence(plan, 'UTC', '2026-03-04', now, [])?.key).toBe('2026-03-04');
    expect(answerableOccurrence(plan, 'UTC', '2026-02-25', now, [])?.key).toBe('2026-02-25');
    expect(answerableOccurrence(plan, 'UTC', '2026-02-18', now, [])).toBeNull();
    expect(answerableOccurrence(plan, 'UTC', '2026-03-11', now, [])).toBeNull();
    expect(answerableOccurrence(plan, 'UTC', '2026-03-03', now, [])).toBeNull();
    expect(openOccurrences({ ...plan, endedAt: new Date('2026-03-04T10:00:00Z') }, 'UTC', now, [])).toEqual([]);
    expect(nextCheck(plan, 'UTC', now, [])?.toISOString()).toBe('2026-03-09T00:00:00.000Z');
  });
});
