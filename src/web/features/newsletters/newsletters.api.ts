// Types only from the contract: the zod schemas stay out of the browser bundle.
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as N from '../../../contract/newsletters.ts';
import { ApiError, api } from '../../api/client.ts';

export type AdminNewsletter = z.infer<typeof N.AdminNewsletter>;
export type AdminNewsletterList = z.infer<typeof N.AdminNewsletterList>;
export type Newsletter = z.infer<typeof N.Newsletter>;
export type NewsletterList = z.infer<typeof N.NewsletterList>;
export type NewsletterAudience = z.infer<typeof N.NewsletterAudience>;
export type NewsletterPreview = z.infer<typeof N.NewsletterPreview>;
export type CreateNewsletterRequest = z.input<typeof N.CreateNewsletterRequest>;

export const newsletterKeys = {
  admin: ['admin', 'newsletters'] as const,
  mine: ['newsletters'] as const,
  one: (id: string) => ['newsletters', id] as const,
};

export const adminNewslettersQuery = queryOptions({
  queryKey: newsletterKeys.admin,
  queryFn: () => api<AdminNewsletterList>('/api/admin/newsletters'),
});

export const myNewslettersQuery = queryOptions({
  queryKey: newsletterKeys.mine,
  queryFn: () => api<NewsletterList>('/api/newsletters'),
});

export const newsletterQuery = (id: string) =>
  queryOptions({
    queryKey: newsletterKeys.one(id),
    queryFn: () => api<Newsletter>(`/api/newsletters/${encodeURIComponent(id)}`),
  });

export const markRead = (id: string) => api<{ ok: true }>(`/api/newsletters/${encodeURIComponent(id)}/read`, { method: 'POST' });

export const previewNewsletter = (body: string, audience: NewsletterAudience) =>
  api<NewsletterPreview>('/api/admin/newsletters/preview', { method: 'POST', body: { body, audience } });

export const createNewsletter = (body: CreateNewsletterRequest) => api<AdminNewsletter>('/api/admin/newsletters', { method: 'POST', body });

export const sendNewsletter = (id: string, at: string | null) =>
  api<AdminNewsletter>(`/api/admin/newsletters/${encodeURIComponent(id)}/send`, { method: 'POST', body: { at } });

export const deleteNewsletter = (id: string) => api<{ ok: true }>(`/api/admin/newsletters/${encodeURIComponent(id)}`, { method: 'DELETE' });

/** The picture goes up as its own bytes; the server checks what it really is. */
export async function uploadNewsletterPicture(id: string, file: File, csrfToken: string): Promise<AdminNewsletter> {
  const response = await fetch(`/api/admin/newsletters/${encodeURIComponent(id)}/image`, {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': csrfToken, Accept: 'application/json' },
    body: file,
  });
  const data = (await response.json().catch(() => null)) as AdminNewsletter | { error?: { code?: string; message?: string } } | null;
  if (!response.ok) {
    const error = data && 'error' in data ? data.error : undefined;
    throw new ApiError(response.status, error?.code ?? 'internal', error?.message ?? response.statusText);
  }
  return data as AdminNewsletter;
}
