import { z } from 'zod';

/** A message's text in the reader's language, by a machine or by a person (a quick reply's own wording). */
export const TranslatedText = z.object({
  language: z.string(),
  text: z.string(),
  by: z.enum(['machine', 'human']),
});
export type TranslatedText = z.infer<typeof TranslatedText>;
