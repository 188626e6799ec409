import { z } from 'zod';
import { ClockTime } from './auth.ts';
import { LongText, Timestamp } from './common.ts';

// The weekly digest (a family's week, a clinician's caseload) and the person's optional mail.

/** 1 = Monday … 7 = Sunday. */
export const Weekday = z.number().int().min(1).max(7);

export const MailPreferences = z.object({
  digest: z.object({
    enabled: z.boolean(),
    weekday: Weekday,
    time: z.string(),
    /** The zone the day and time are read in: the person's own, else their child's or clinic's. */
    timeZone: z.string(),
    /** When the next one goes, if on. */
    nextAt: Timestamp.nullable(),
    /** The summary itself in the email (chosen knowing email is not private); else "your summary is ready" and a link. */
    details: z.boolean(),
  }),
  newsletters: z.boolean(),
});
export type MailPreferences = z.infer<typeof MailPreferences>;

export const UpdateMailPreferencesRequest = z.strictObject({
  digest: z.strictObject({ enabled: z.boolean(), weekday: Weekday, time: ClockTime, details: z.boolean().optional() }).optional(),
  newsletters: z.boolean().optional(),
});

/** A therapist's short word for the family's next weekly digest. */
export const DigestNote = z.object({
  text: z.string(),
  by: z.string().nullable(),
  updatedAt: Timestamp.nullable(),
  /** Digests sent until then carry it; after that it is kept but no longer sent. */
  sendsUntil: Timestamp.nullable(),
});
export const UpdateDigestNoteRequest = z.strictObject({ text: LongText(600) });

export const UnsubscribeParams = z.object({ token: z.string().min(20).max(100) });
export const UnsubscribeInfo = z.object({
  kind: z.enum(['digest', 'newsletter']),
  clinic: z.string().nullable(),
  /** Already stopped (this link was followed, or the setting is off). */
  done: z.boolean(),
});
