import { z } from 'zod';
import { ContentTranslation } from './translation.ts';
import { TherapyType } from './children.ts';
import { Id, Text, Timestamp } from './common.ts';

// A clinic's newsletters to families: written by an admin in markdown, sent to all families, the
// families of one therapist or of one therapy type, now or at a time; read in the app and by email.

export const NewsletterAudience = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('therapist'), therapistId: Id }),
  z.strictObject({ kind: z.literal('therapy_type'), therapyType: TherapyType }),
]);
export type NewsletterAudience = z.infer<typeof NewsletterAudience>;

export const NewsletterParams = z.object({ newsletterId: Id });

export const CreateNewsletterRequest = z.strictObject({
  title: Text(200),
  body: z.string().trim().min(1).max(20000),
  audience: NewsletterAudience,
});

export const PreviewNewsletterRequest = z.strictObject({
  body: z.string().max(20000),
  audience: NewsletterAudience,
});
export const NewsletterPreview = z.object({ html: z.string(), recipients: z.number().int() });

/** Send now (at: null) or at a time. */
export const SendNewsletterRequest = z.strictObject({ at: z.iso.datetime({ offset: true }).nullable() });

export const NewsletterStatus = z.enum(['draft', 'scheduled', 'sent']);

/** A newsletter as its clinic's admins see it, with how it reached families. */
export const AdminNewsletter = z.object({
  id: Id,
  title: z.string(),
  body: z.string(),
  /** The body as sanitised HTML. */
  html: z.string(),
  hasImage: z.boolean(),
  audience: NewsletterAudience,
  /** "The families of Theo Therapist": the therapist's name for the list. */
  audienceTherapist: z.string().nullable(),
  status: NewsletterStatus,
  sendAt: Timestamp.nullable(),
  sentAt: Timestamp.nullable(),
  createdAt: Timestamp,
  /** People it went to (in the app), emails sent, and people who read it. */
  counts: z.object({ recipients: z.number().int(), emailed: z.number().int(), opened: z.number().int() }),
});
export const AdminNewsletterList = z.object({ newsletters: z.array(AdminNewsletter) });

/** A newsletter as a family member reads it. */
export const Newsletter = z.object({
  id: Id,
  title: z.string(),
  html: z.string(),
  hasImage: z.boolean(),
  clinic: z.string(),
  sentAt: Timestamp,
  read: z.boolean(),
  /** In the reader's language when written in another: fields title, body (markdown) and html (rendered). */
  translation: ContentTranslation.optional(),
});
/** In a list, the translation's fields are the title alone. */
export const NewsletterSummary = Newsletter.omit({ html: true });
export const NewsletterList = z.object({ newsletters: z.array(NewsletterSummary), unread: z.number().int() });
