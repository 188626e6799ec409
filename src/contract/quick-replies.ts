import { z } from 'zod';
import { Id, Timestamp } from './common.ts';

// Quick replies: reusable message texts with human-written English and Spanish. A therapist keeps
// their own; the clinic's admins keep the clinic's templates, which every clinician of the clinic
// may use. Sent unchanged, the other language's text becomes the message's translation.

const Short = z.string().trim().max(80);
const Body = z.string().trim().max(2000);

/** Either language may be empty, not both (checked by the server, naming the field). */
export const QuickReplyInput = z.strictObject({
  title: z.strictObject({ en: Short.default(''), es: Short.default('') }),
  text: z.strictObject({ en: Body.default(''), es: Body.default('') }),
});
export type QuickReplyInput = z.infer<typeof QuickReplyInput>;

export const QuickReply = z.object({
  id: Id,
  /** mine: the signed-in clinician's own; clinic: a template kept by the clinic's admins. */
  scope: z.enum(['mine', 'clinic']),
  title: z.object({ en: z.string(), es: z.string() }),
  text: z.object({ en: z.string(), es: z.string() }),
  /** The signed-in person may change or delete it here. */
  editable: z.boolean(),
  updatedAt: Timestamp,
});
export type QuickReply = z.infer<typeof QuickReply>;

export const QuickReplyList = z.object({ quickReplies: z.array(QuickReply) });
export type QuickReplyList = z.infer<typeof QuickReplyList>;

export const QuickReplyParams = z.object({ quickReplyId: z.string() });
export const TemplateParams = z.object({ templateId: z.string() });
