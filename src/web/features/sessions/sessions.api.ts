// Types only from the contract: the zod schemas stay out of the browser bundle.
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as Sessions from '../../../contract/sessions.ts';
import { api } from '../../api/client.ts';

export type Session = z.infer<typeof Sessions.Session>;
export type SessionList = z.infer<typeof Sessions.SessionList>;
export type CreatedSessions = z.infer<typeof Sessions.CreatedSessions>;
export type CreateSessionRequest = z.input<typeof Sessions.CreateSessionRequest>;
export type SessionKind = Session['kind'];
export type SessionPlace = Session['place'];

export const SESSION_KINDS: readonly SessionKind[] = ['therapy', 'parent_coaching', 'team_meeting', 'plan_review', 'school_meeting'];
export const SESSION_PLACES: readonly SessionPlace[] = ['clinic', 'home', 'school', 'video'];

const DAY_MS = 86_400_000;
/** The tab reads eight weeks back and twelve ahead. */
export const PAST_WEEKS = 8;
export const AHEAD_WEEKS = 12;

export const sessionKeys = {
  all: ['sessions'] as const,
  child: (childId: string) => ['sessions', 'child', childId] as const,
};

const sessionsPath = (childId: string) => `/api/children/${encodeURIComponent(childId)}/sessions`;
const sessionPath = (childId: string, sessionId: string) => `${sessionsPath(childId)}/${encodeURIComponent(sessionId)}`;

/** What the Sessions tab reads: from eight weeks ago to twelve weeks ahead (whole days around now), as a query string. */
export function tabRange(): string {
  const midnight = new Date();
  midnight.setUTCHours(0, 0, 0, 0);
  const from = new Date(midnight.getTime() - PAST_WEEKS * 7 * DAY_MS).toISOString();
  const to = new Date(midnight.getTime() + (AHEAD_WEEKS * 7 + 1) * DAY_MS).toISOString();
  return new URLSearchParams({ from, to }).toString();
}

/** The child's sessions in the tab's range. */
export const childSessionsQuery = (childId: string) =>
  queryOptions({
    queryKey: sessionKeys.child(childId),
    queryFn: () => api<SessionList>(`${sessionsPath(childId)}?${tabRange()}`),
  });

export function scheduleSession(childId: string, body: CreateSessionRequest): Promise<CreatedSessions> {
  return api<CreatedSessions>(sessionsPath(childId), { method: 'POST', body });
}

export function respondToSession(childId: string, sessionId: string, response: 'yes' | 'no'): Promise<Session> {
  return api<Session>(`${sessionPath(childId, sessionId)}/response`, { method: 'POST', body: { response } });
}

export function cancelSession(childId: string, sessionId: string, reason: string): Promise<Session> {
  return api<Session>(`${sessionPath(childId, sessionId)}/cancel`, { method: 'POST', body: { reason } });
}

export function refreshSessions(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: sessionKeys.all });
}

/** Whether a session has ended by now (it then belongs under "Past"). */
export function isPast(session: Session, now = Date.now()): boolean {
  return Date.parse(session.startsAt) + session.durationMinutes * 60_000 <= now;
}

/** The clash the server names when a time overlaps another session, if that is what the error is. */
export function clashOf(error: unknown): { startsAt: string; durationMinutes: number } | null {
  if (typeof error !== 'object' || error === null) return null;
  const { status, details } = error as { status?: unknown; details?: unknown };
  if (status !== 409 || typeof details !== 'object' || details === null) return null;
  const clash = (details as { clash?: unknown }).clash;
  if (typeof clash !== 'object' || clash === null) return null;
  const { startsAt, durationMinutes } = clash as { startsAt?: unknown; durationMinutes?: unknown };
  return typeof startsAt === 'string' && typeof durationMinutes === 'number' ? { startsAt, durationMinutes } : null;
}
