// Types only from the contract: the zod schemas stay out of the browser bundle.
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as Digests from '../../../contract/digests.ts';
import { api } from '../../api/client.ts';

export type MailPreferences = z.infer<typeof Digests.MailPreferences>;
export type UpdateMailPreferencesRequest = z.input<typeof Digests.UpdateMailPreferencesRequest>;
export type DigestNote = z.infer<typeof Digests.DigestNote>;
export type UnsubscribeInfo = z.infer<typeof Digests.UnsubscribeInfo>;

export const digestKeys = {
  mail: ['me', 'mail'] as const,
  note: (childId: string) => ['children', childId, 'digest-note'] as const,
  unsubscribe: (token: string) => ['unsubscribe', token] as const,
};

export const mailPreferencesQuery = queryOptions({
  queryKey: digestKeys.mail,
  queryFn: () => api<MailPreferences>('/api/me/mail'),
});

export const saveMailPreferences = (body: UpdateMailPreferencesRequest) => api<MailPreferences>('/api/me/mail', { method: 'PUT', body });

export const digestNoteQuery = (childId: string) =>
  queryOptions({
    queryKey: digestKeys.note(childId),
    queryFn: () => api<DigestNote>(`/api/children/${encodeURIComponent(childId)}/digest-note`),
  });

export const saveDigestNote = (childId: string, text: string) =>
  api<DigestNote>(`/api/children/${encodeURIComponent(childId)}/digest-note`, { method: 'PUT', body: { text } });

export const unsubscribeQuery = (token: string) =>
  queryOptions({
    queryKey: digestKeys.unsubscribe(token),
    queryFn: () => api<UnsubscribeInfo>(`/api/unsubscribe/${encodeURIComponent(token)}`, { redirectOn401: false }),
    retry: false,
  });

export const unsubscribe = (token: string) => api<{ ok: true }>(`/api/unsubscribe/${encodeURIComponent(token)}`, { method: 'POST', redirectOn401: false });
