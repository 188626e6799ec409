// When a check-in is open: weekly on a chosen day, monthly on a chosen date, or before each session.
// Dates are the child's local dates; a weekly or monthly check-in opens at the start of its day on
// the child's clock (so a clock change moves the instant, never the day) and stays open until the
// next one opens. Before each session it opens two days before the session starts and closes when
// it starts; the occurrence is named by the session, so a session that moves takes its check-in
// with it (answered or not). Pure functions, tested on their own.
import type { Cadence } from '../../../contract/checkins.ts';
import { addDays, localDate } from '../children/calendar.ts';
import { zonedInstant } from '../practice/schedule.ts';

const HOUR = 3_600_000;
export const BEFORE_SESSION_HOURS = 48;
/** A phone that was offline may send an answer this long after its check-in closed. */
export const LATE_ANSWER_DAYS = 7;

export type CadencePlan = { cadence: Cadence; startsOn: string; endedAt: Date | null };
export type SessionTime = { id: string; startsAt: Date; status: string };
export type Occurrence = { key: string; dueDate: string; opensAt: Date; closesAt: Date; sessionId: string | null };

const isoWeekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
const startOf = (date: string, zone: string) => zonedInstant(date, '00:00', zone);

function monthDate(year: number, month: number, day: number): string {
  const d = new Date(Date.UTC(year, month, day));
  return d.toISOString().slice(0, 10);
}

/** The weekly or monthly occurrence whose day is `date` (the check-in's day), if it is one. */
function periodic(p: CadencePlan, date: string, zone: string): Occurrence | null {
  if (date < p.startsOn) return null;
  if (p.cadence.kind === 'weekly') {
    if (isoWeekday(date) !== p.cadence.weekday) return null;
    return { key: date, dueDate: date, opensAt: startOf(date, zone), closesAt: startOf(addDays(date, 7), zone), sessionId: null };
  }
  if (p.cadence.kind === 'monthly') {
    const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
    if (d !== p.cadence.day) return null;
    return { key: date, dueDate: date, opensAt: startOf(date, zone), closesAt: startOf(monthDate(y, m, d), zone), sessionId: null };
  }
  return null;
}

/** The latest weekly/monthly day on or before `today`. */
function latestDay(c: Cadence, today: string): string | null {
  if (c.kind === 'weekly') return addDays(today, -((isoWeekday(today) - c.weekday + 7) % 7));
  if (c.kind === 'monthly') {
    const [y = 0, m = 1, d = 1] = today.split('-').map(Number);
    return d >= c.day ? monthDate(y, m - 1, c.day) : monthDate(y, m - 2, c.day);
  }
  return null;
}

function beforeSession(s: SessionTime, zone: string): Occurrence {
  return { key: `s:${s.id}`, dueDate: localDate(s.startsAt, zone), opensAt: new Date(s.startsAt.getTime() - BEFORE_SESSION_HOURS * HOUR), closesAt: s.startsAt, sessionId: s.id };
}

const live = (p: CadencePlan, o: Occurrence) => p.endedAt === null || o.opensAt < p.endedAt;

/** The occurrences open at `now` (at most one weekly or monthly; one per coming session). */
export function openOccurrences(p: CadencePlan, zone: string, now: Date, sessions: readonly SessionTime[]): Occurrence[] {
  if (p.endedAt !== null && p.endedAt <= now) return [];
  if (p.cadence.kind === 'before_session') {
    return sessions.filter((s) => s.status === 'scheduled').map((s) => beforeSession(s, zone))
      .filter((o) => o.opensAt <= now && now < o.closesAt && o.dueDate >= p.startsOn).sort((a, b) => a.closesAt.getTime() - b.closesAt.getTime());
  }
  const day = latestDay(p.cadence, localDate(now, zone));
  const o = day ? periodic(p, day, zone) : null;
  return o && o.opensAt <= now && now < o.closesAt ? [o] : [];
}

/** An occurrence named by its key, if it has opened and an answer may still come (until a week after it closed). */
export function answerableOccurrence(p: CadencePlan, zone: string, key: string, now: Date, sessions: readonly SessionTime[]): Occurrence | null {
  let o: Occurrence | null = null;
  if (p.cadence.kind === 'before_session') {
    const s = key.startsWith('s:') ? sessions.find((x) => x.id === key.slice(2) && x.status === 'scheduled') : undefined;
    o = s ? beforeSession(s, zone) : null;
    if (o && o.dueDate < p.startsOn) o = null;
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(key)) {
    o = periodic(p, key, zone);
  }
  if (!o || !live(p, o) || o.opensAt > now) return null;
  return now.getTime() < o.closesAt.getTime() + LATE_ANSWER_DAYS * 24 * HOUR ? o : null;
}

/** The past occurrences' days between two local dates (for demo data and catching up). */
export function occurrenceDays(p: CadencePlan, from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from < p.startsOn ? p.startsOn : from; d <= to; d = addDays(d, 1)) {
    if (p.cadence.kind === 'weekly' && isoWeekday(d) === p.cadence.weekday) out.push(d);
    if (p.cadence.kind === 'monthly' && Number(d.slice(8)) === p.cadence.day) out.push(d);
  }
  return out;
}

/** When the one reminder of an unanswered occurrence goes: two days before it closes (a day, before a session). */
export function reminderAt(o: Occurrence): Date {
  return new Date(o.closesAt.getTime() - (o.sessionId ? 24 : 48) * HOUR);
}

/**
 * When the sweep should look at the assignment again: the next opening, or the reminder of an open
 * occurrence, whichever is first; before each session, at least every hour (sessions are added and moved).
 */
export function nextCheck(p: CadencePlan, zone: string, now: Date, sessions: readonly SessionTime[]): Date | null {
  if (p.endedAt !== null && p.endedAt <= now) return null;
  const candidates: Date[] = openOccurrences(p, zone, now, sessions).map(reminderAt).filter((d) => d > now);
  if (p.cadence.kind === 'before_session') {
    candidates.push(new Date(now.getTime() + HOUR));
    for (const s of sessions) if (s.status === 'scheduled') {
      const o = beforeSession(s, zone);
      if (o.opensAt > now) candidates.push(o.opensAt);
    }
  } else {
    const today = localDate(now, zone);
    const days = occurrenceDays(p, addDays(today, 1), addDays(today, 62));
    const next = days[0];
    if (next) candidates.push(startOf(next, zone));
  }
  return candidates.reduce<Date | null>((min, d) => (min === null || d < min ? d : min), null);
}
