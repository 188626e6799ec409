// Types only from the contract: the zod schemas stay out of the browser bundle.
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as Meetings from '../../../contract/meetings.ts';
import { api } from '../../api/client.ts';
import type { SessionKind } from './sessions.api.ts';

export type Meeting = z.infer<typeof Meetings.Meeting>;
export type AgendaPoint = z.infer<typeof Meetings.AgendaPoint>;
export type AgendaPointRequest = z.input<typeof Meetings.AgendaPointRequest>;
export type MeetingReview = z.infer<typeof Meetings.MeetingReview>;

/** The kinds of session that have a meeting page with an agenda (as in the contract). */
export const MEETING_KINDS: readonly SessionKind[] = ['team_meeting', 'plan_review'];
export const isMeeting = (kind: SessionKind) => MEETING_KINDS.includes(kind);

export const meetingKeys = {
  one: (childId: string, sessionId: string) => ['sessions', 'meeting', childId, sessionId] as const,
};

const meetingPath = (childId: string, sessionId: string) => `/api/children/${encodeURIComponent(childId)}/sessions/${encodeURIComponent(sessionId)}`;

export const meetingQuery = (childId: string, sessionId: string) =>
  queryOptions({
    queryKey: meetingKeys.one(childId, sessionId),
    queryFn: () => api<Meeting>(`${meetingPath(childId, sessionId)}/meeting`),
  });

export function addAgendaPoint(childId: string, sessionId: string, body: AgendaPointRequest): Promise<Meeting> {
  return api<Meeting>(`${meetingPath(childId, sessionId)}/agenda`, { method: 'POST', body });
}

export function changeAgendaPoint(childId: string, sessionId: string, pointId: string, body: AgendaPointRequest): Promise<Meeting> {
  return api<Meeting>(`${meetingPath(childId, sessionId)}/agenda/${encodeURIComponent(pointId)}`, { method: 'PUT', body });
}

export function removeAgendaPoint(childId: string, sessionId: string, pointId: string): Promise<Meeting> {
  return api<Meeting>(`${meetingPath(childId, sessionId)}/agenda/${encodeURIComponent(pointId)}`, { method: 'DELETE' });
}

export function recordMeetingReview(childId: string, sessionId: string, agreed: string): Promise<MeetingReview> {
  return api<MeetingReview>(`${meetingPath(childId, sessionId)}/review`, { method: 'POST', body: { agreed } });
}
