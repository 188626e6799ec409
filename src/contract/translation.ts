import { z } from 'zod';
import { LOCALES } from './locales.ts';

/** A message's text in the reader's language, by a machine or by a person (a quick reply's own wording). */
export const TranslatedText = z.object({
  language: z.string(),
  text: z.string(),
  by: z.enum(['machine', 'human']),
});
export type TranslatedText = z.infer<typeof TranslatedText>;

/** Written content a clinician may translate by hand (goals, practice items, session summaries). */
export const ContentSubjectType = z.enum(['goal', 'practice_item', 'session_record', 'digest_note']);
export type ContentSubjectType = z.infer<typeof ContentSubjectType>;
/** Written content of the whole clinic, not of one child: its translations are edited without a child in the path. */
export const ClinicContentSubjectType = z.enum(['strategy', 'newsletter', 'urgent_notice']);
export type ClinicContentSubjectType = z.infer<typeof ClinicContentSubjectType>;

/**
 * Written content (a goal, a practice item) for one reader: the language it is written in when
 * known, its text fields in the reader's language when it was written in another one (by the
 * machine, or by a clinician: `byName`), and whether a translation should have been there.
 * `humanOutdated`: a clinician's translation exists but was made for an earlier wording.
 */
export const ContentTranslation = z.object({
  language: z.string().nullable(),
  translated: z.object({
    language: z.string(),
    fields: z.record(z.string(), z.string()),
    by: z.enum(['machine', 'human']),
    byName: z.string().optional(),
  }).nullable(),
  unavailable: z.boolean(),
  humanOutdated: z.boolean().optional(),
});
export type ContentTranslation = z.infer<typeof ContentTranslation>;

export const ContentTranslationParams = z.object({
  childId: z.string(),
  subjectType: ContentSubjectType,
  subjectId: z.string(),
  language: z.enum(LOCALES),
});

export const ClinicContentTranslationParams = z.object({
  subjectType: ClinicContentSubjectType,
  subjectId: z.string(),
  language: z.enum(LOCALES),
});

/** A clinician's own translation of every text field of the content. */
export const PutContentTranslationRequest = z.strictObject({
  fields: z.record(z.string().max(100), z.string().max(10_000)),
});

/** What a clinician needs to write or correct a translation: the source, the machine's draft, the human one. */
export const ContentTranslationEditor = z.object({
  subjectType: z.enum([...ContentSubjectType.options, ...ClinicContentSubjectType.options]),
  subjectId: z.string(),
  language: z.string(),
  source: z.object({ language: z.string().nullable(), fields: z.record(z.string(), z.string()) }),
  /** The machine's translation of the current wording; null when none could be made now. */
  machine: z.record(z.string(), z.string()).nullable(),
  human: z.object({
    fields: z.record(z.string(), z.string()),
    byName: z.string(),
    at: z.string(),
    /** Made for an earlier wording: the family sees the machine's translation of the new one until it is corrected. */
    outdated: z.boolean(),
  }).nullable(),
});
export type ContentTranslationEditor = z.infer<typeof ContentTranslationEditor>;
