import { z } from 'zod';
import { Id, Locale, Timestamp } from './common.ts';

// The family's archive (one child's record as the person who asks may see it) and the clinic
// export (every child of the clinic, for an admin): a ZIP built by a job, then a link by email
// that works once, for ARCHIVE_KEEP_HOURS, for the person who asked.

export { ARCHIVE_KEEP_HOURS } from './archive-values.ts';

export const CreateArchiveRequest = z.strictObject({
  /** The language of the archive's README; the person's own by default. */
  locale: Locale.optional(),
});
export type CreateArchiveRequest = z.infer<typeof CreateArchiveRequest>;

export const ArchiveStatus = z.enum(['pending', 'ready', 'failed', 'downloaded', 'expired']);
export type ArchiveStatus = z.infer<typeof ArchiveStatus>;

export const Archive = z.object({
  id: Id,
  scope: z.enum(['child', 'clinic']),
  status: ArchiveStatus,
  createdAt: Timestamp,
  readyAt: Timestamp.nullable(),
  /** Once ready: after this the link no longer works and the file is gone. */
  expiresAt: Timestamp.nullable(),
  downloadedAt: Timestamp.nullable(),
});
export type Archive = z.infer<typeof Archive>;

export const ArchiveList = z.object({ archives: z.array(Archive) });

export const ArchiveLinkParams = z.object({ token: z.string().min(20).max(100).regex(/^[A-Za-z0-9_-]+$/, { error: 'Not a link token.' }) });

/** What the link's page says: ready to download once, already used, or past its day. */
export const ArchiveLink = z.object({
  scope: z.enum(['child', 'clinic']),
  status: z.enum(['ready', 'downloaded', 'expired']),
  expiresAt: Timestamp,
  byteSize: z.number().int().nullable(),
});
export type ArchiveLink = z.infer<typeof ArchiveLink>;
