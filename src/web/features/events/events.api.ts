// Types only from the contract: the zod schemas stay out of the browser bundle.
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as E from '../../../contract/events.ts';
import { api } from '../../api/client.ts';

export type FamilyEvent = z.infer<typeof E.FamilyEvent>;
export type FamilyEventList = z.infer<typeof E.FamilyEventList>;
export type EventRsvpList = z.infer<typeof E.EventRsvpList>;
export type EventAudience = z.infer<typeof E.EventAudience>;
export type EventRequest = z.input<typeof E.EventRequest>;
export type RsvpRequest = z.input<typeof E.RsvpRequest>;
export type EventPreview = z.infer<typeof E.EventPreview>;

export const eventKeys = {
  all: ['family-events'] as const,
  one: (id: string) => ['family-events', id] as const,
  rsvps: (id: string) => ['family-events', id, 'rsvps'] as const,
};

const path = (id: string) => `/api/family-events/${encodeURIComponent(id)}`;

export const eventsQuery = queryOptions({ queryKey: eventKeys.all, queryFn: () => api<FamilyEventList>('/api/family-events') });

export const eventQuery = (id: string) => queryOptions({ queryKey: eventKeys.one(id), queryFn: () => api<FamilyEvent>(path(id)) });

export const rsvpsQuery = (id: string) => queryOptions({ queryKey: eventKeys.rsvps(id), queryFn: () => api<EventRsvpList>(`${path(id)}/rsvps`) });

export const publishEvent = (body: EventRequest) => api<FamilyEvent>('/api/family-events', { method: 'POST', body });
export const updateEvent = (id: string, body: EventRequest) => api<FamilyEvent>(path(id), { method: 'PUT', body });
export const cancelEvent = (id: string, reason: string) => api<FamilyEvent>(`${path(id)}/cancel`, { method: 'POST', body: { reason } });
export const answerEvent = (id: string, body: RsvpRequest) => api<FamilyEvent>(`${path(id)}/rsvp`, { method: 'PUT', body });
export const previewEvent = (description: string, audience: EventAudience) =>
  api<EventPreview>('/api/family-events/preview', { method: 'POST', body: { description, audience } });

export const icsHref = (id: string) => `${path(id)}/ics`;

/** After a change: the event as saved, and every list that shows it fetched again. */
export async function refreshEvent(queryClient: QueryClient, saved: FamilyEvent): Promise<void> {
  queryClient.setQueryData(eventKeys.one(saved.id), saved);
  await queryClient.invalidateQueries({ queryKey: eventKeys.all });
}
