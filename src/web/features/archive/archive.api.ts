// Types only: the contract's zod schemas stay out of the browser bundle.
import type { z } from 'zod';
import type * as A from '../../../contract/archive.ts';
import { ApiError, currentCsrfToken } from '../../api/client.ts';

export type Archive = z.infer<typeof A.Archive>;
export type ArchiveLink = z.infer<typeof A.ArchiveLink>;

export const archiveKeys = {
  child: (childId: string) => ['archives', 'child', childId] as const,
  clinic: ['archives', 'clinic'] as const,
  link: (token: string) => ['archives', 'link', token] as const,
};

/**
 * Downloads the archive once: the bytes arrive in this request (a POST, so a mail scanner opening
 * the link uses nothing) and are handed to the browser as a file.
 */
export async function downloadArchive(token: string): Promise<void> {
  const csrf = currentCsrfToken();
  const res = await fetch(`/api/archive-links/${encodeURIComponent(token)}/download`, {
    method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', ...(csrf ? { 'X-CSRF-Token': csrf } : {}) }, body: '{}',
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError(res.status, body?.error?.code ?? 'internal', body?.error?.message ?? res.statusText);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'careteam-archive.zip';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
