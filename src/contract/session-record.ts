import { z } from 'zod';
import { Id, LongText, Text, Timestamp } from './common.ts';
import { ContentTranslation } from './translation.ts';

// What happened in a session, after it started: who attended and a summary for the family (three
// plain fields and links to the child's practice items and strategies), apart from the clinicians'
// private clinical note, which has routes of its own and never appears in anything a family,
// school, notification, email or digest reads.

export const SUMMARY_FIELDS = ['workedOn', 'wentWell', 'toPractise'] as const;
export type SummaryField = (typeof SUMMARY_FIELDS)[number];

const SummaryTextIn = LongText(2000).default('');

export const SaveSessionRecordRequest = z.strictObject({
  /** Who attended: people on the child's team. */
  attendees: z.array(Id).max(40).default([]),
  workedOn: SummaryTextIn,
  wentWell: SummaryTextIn,
  toPractise: SummaryTextIn,
  /** The child's practice items to try this week. */
  practiceItemIds: z.array(Id).max(12).default([]),
  /** The child's strategies (as linked to the child) the summary points to. */
  strategyIds: z.array(Id).max(12).default([]),
  /** The version the writer corrected; left out the first time. A newer one on the server is a 409. */
  expectedVersion: z.number().int().min(1).optional(),
});
export type SaveSessionRecordRequest = z.input<typeof SaveSessionRecordRequest>;

export const SaveClinicalNoteRequest = z.strictObject({
  text: Text(8000),
  expectedVersion: z.number().int().min(1).optional(),
});

export const SummaryText = z.object({ workedOn: z.string(), wentWell: z.string(), toPractise: z.string() });
export type SummaryText = z.infer<typeof SummaryText>;

export const SessionSummary = z.object({
  /** As written. */
  text: SummaryText,
  /**
   * The summary in the reader's language, like a goal's: its fields (workedOn, wentWell,
   * toPractise) by the machine or corrected by a clinician, when it was written in another.
   */
  translation: ContentTranslation,
  practiceItems: z.array(z.object({ id: Id, title: z.string() })),
  strategies: z.array(z.object({ id: Id, name: z.string() })),
  writtenBy: z.string(),
  sharedAt: Timestamp,
  updatedAt: Timestamp,
  /** Corrected since it was first shared. */
  edited: z.boolean(),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

export const SessionRecord = z.object({
  sessionId: Id,
  /** The family summary, once one was shared; null before. */
  summary: SessionSummary.nullable(),
  /** For those who manage sessions: who attended (null before anything was recorded, and for everyone else). */
  attendees: z.array(Id).nullable(),
  /** For those who manage sessions: the record's version, to correct it; null otherwise. */
  version: z.number().int().nullable(),
});
export type SessionRecord = z.infer<typeof SessionRecord>;

/** The records of a child's sessions that have started in a range of time, as the reader may see them. */
export const SessionRecordList = z.object({ records: z.array(SessionRecord) });

export const ClinicalNote = z.object({
  sessionId: Id,
  note: z.object({ text: z.string(), version: z.number().int(), writtenBy: z.string(), updatedAt: Timestamp }).nullable(),
});
export type ClinicalNote = z.infer<typeof ClinicalNote>;

/** The clinical notes of a child's sessions in a range of time (clinicians with sessions.clinical_note only). */
export const ClinicalNoteList = z.object({ notes: z.array(ClinicalNote) });

/** Whether a summary says anything: a record may hold only attendance. */
export function hasSummary(s: Pick<SaveSessionRecordRequest, 'workedOn' | 'wentWell' | 'toPractise'>): boolean {
  return [s.workedOn, s.wentWell, s.toPractise].some((x) => (x ?? '').trim() !== '');
}
