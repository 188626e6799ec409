// The signed-in person's own sessions across their children (GET /api/me/sessions), and the
// calendar arithmetic of the week and day views: plain local dates ("2026-11-02"), the reader's.
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';
import { sessionKeys, type Session, type SessionList } from './sessions.api.ts';

const DAY_MS = 86_400_000;

export type CalendarView = 'week' | 'day';

/** A local date moved by whole days. */
export function shiftDate(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday of the week a date is in. */
export function mondayOf(isoDate: string): string {
  const weekday = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return shiftDate(isoDate, -((weekday + 6) % 7));
}

/** The reader's zone: their own, else their clinic's, else the browser's. */
export function readerZone(me: Me): string {
  return me.user.timeZone ?? me.clinics[0]?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Today's date on a zone's clock. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
}

/** Whether a string is a real calendar date "YYYY-MM-DD". */
export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && shiftDate(value, 0) === value;
}

/** The dates a view shows: seven from Monday, or the one day. */
export function datesOf(view: CalendarView, date: string): string[] {
  if (view === 'day') return [date];
  const monday = mondayOf(date);
  return Array.from({ length: 7 }, (_, i) => shiftDate(monday, i));
}

/** The end of a session on the same clock as its localStart ("16:45"). */
export function localEnd(session: Session): string {
  const start = Date.parse(`${session.localStart.slice(0, 16)}:00Z`);
  return new Date(start + session.durationMinutes * 60_000).toISOString().slice(11, 16);
}

/**
 * The sessions of some local dates. The server is asked for a day more on each side (any zone's
 * day falls inside), and the answer is sorted into the dates by its start on the reader's clock.
 */
export const mySessionsQuery = (dates: readonly string[]) => {
  const first = dates[0] ?? '';
  const last = dates.at(-1) ?? first;
  return queryOptions({
    queryKey: [...sessionKeys.all, 'mine', first, last] as const,
    queryFn: async () => {
      const from = `${shiftDate(first, -1)}T00:00:00Z`;
      const to = `${shiftDate(last, 2)}T00:00:00Z`;
      const list = await api<SessionList>(`/api/me/sessions?${new URLSearchParams({ from, to }).toString()}`);
      return list.sessions.filter((s) => s.localStart.slice(0, 10) >= first && s.localStart.slice(0, 10) <= last);
    },
  });
};

/** The coming week's sessions still to come, from now. */
export const upcomingSessionsQuery = queryOptions({
  queryKey: [...sessionKeys.all, 'upcoming'] as const,
  queryFn: async () => {
    const now = Date.now();
    const from = new Date(now).toISOString();
    const to = new Date(now + 7 * DAY_MS).toISOString();
    const list = await api<SessionList>(`/api/me/sessions?${new URLSearchParams({ from, to }).toString()}`);
    return list.sessions.filter((s) => s.status === 'scheduled');
  },
});
