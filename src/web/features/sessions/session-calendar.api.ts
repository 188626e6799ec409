// Types only from the contract: the zod schemas stay out of the browser bundle.
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as C from '../../../contract/session-calendar.ts';
import { api } from '../../api/client.ts';

export type SessionReminderSettings = z.infer<typeof C.SessionReminderSettings>;
export type CalendarFeed = z.infer<typeof C.CalendarFeed>;
type FeedState = { feed: CalendarFeed | null };

export const sessionCalendarKeys = {
  reminders: ['session-calendar', 'reminders'] as const,
  feed: ['session-calendar', 'feed'] as const,
};

export const sessionRemindersQuery = queryOptions({
  queryKey: sessionCalendarKeys.reminders,
  queryFn: () => api<SessionReminderSettings>('/api/me/session-reminders'),
});

export const saveSessionReminders = (leads: number[]) => api<SessionReminderSettings>('/api/me/session-reminders', { method: 'PUT', body: { leads } });

export const calendarFeedQuery = queryOptions({
  queryKey: sessionCalendarKeys.feed,
  queryFn: () => api<FeedState>('/api/me/calendar-feed'),
});

/** Makes the private address, or replaces it (the old one stops working). */
export const resetCalendarFeed = () => api<FeedState>('/api/me/calendar-feed', { method: 'POST' });

/** One session's .ics, for a download link. */
export const sessionIcsPath = (childId: string, sessionId: string) =>
  `/api/children/${encodeURIComponent(childId)}/sessions/${encodeURIComponent(sessionId)}/ics`;
