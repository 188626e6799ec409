import { z } from 'zod';
import { Id, PerLocale, Timestamp } from './common.ts';

// Quick replies: reusable message texts written by people in any of the app's languages. A
// therapist keeps their own; the clinic's admins keep the clinic's templates, which every clinician
// of the clinic may use. Sent unchanged, its other languages' texts become the message's translations.

const Short = z.string().trim().min(1).max(80);
const Body = z.string().trim().min(1).max(2000);

/** The message in at least one language; a short name only in a language the message is written in. */
export const QuickReplyInput = z.strictObject({
  title: PerLocale(Short).default({}),
  text: PerLocale(Body).refine((v) => Object.values(v).some((x) => x !== undefined), { error: 'Write the message in at least one language.' }),
}).superRefine((q, ctx) => {
  for (const [lang, title] of Object.entries(q.title)) {
    if (title !== undefined && !(lang in q.text)) ctx.addIssue({ code: 'custom', path: ['text', lang], message: 'Write the message in this language too, or leave out its short name.' });
  }
});
export type QuickReplyInput = z.infer<typeof QuickReplyInput>;

export const QuickReply = z.object({
  id: Id,
  /** mine: the signed-in clinician's own; clinic: a template kept by the clinic's admins. */
  scope: z.enum(['mine', 'clinic']),
  title: PerLocale(z.string()),
  text: PerLocale(z.string()),
  /** The signed-in person may change or delete it here. */
  editable: z.boolean(),
  updatedAt: Timestamp,
});
export type QuickReply = z.infer<typeof QuickReply>;

export const QuickReplyList = z.object({ quickReplies: z.array(QuickReply) });
export type QuickReplyList = z.infer<typeof QuickReplyList>;

export const QuickReplyParams = z.object({ quickReplyId: z.string() });
export const TemplateParams = z.object({ templateId: z.string() });
