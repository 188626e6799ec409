// Types only from the contract: the zod schemas stay out of the browser bundle.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as Record_ from '../../../contract/session-record.ts';
import { api } from '../../api/client.ts';
import { tabRange } from './sessions.api.ts';

export type SessionRecord = z.infer<typeof Record_.SessionRecord>;
export type SessionSummary = z.infer<typeof Record_.SessionSummary>;
export type ClinicalNote = z.infer<typeof Record_.ClinicalNote>;
export type SaveSessionRecordRequest = z.input<typeof Record_.SaveSessionRecordRequest>;
export type SummaryField = keyof SessionSummary['text'];
export const SUMMARY_FIELDS: readonly SummaryField[] = ['workedOn', 'wentWell', 'toPractise'];

export type SessionRecordList = z.infer<typeof Record_.SessionRecordList>;
export type ClinicalNoteList = z.infer<typeof Record_.ClinicalNoteList>;

export const recordKeys = {
  records: (childId: string) => ['sessions', 'records', childId] as const,
  notes: (childId: string) => ['sessions', 'clinical-notes', childId] as const,
};

const childPath = (childId: string) => `/api/children/${encodeURIComponent(childId)}`;
const base = (childId: string, sessionId: string) => `${childPath(childId)}/sessions/${encodeURIComponent(sessionId)}`;

/**
 * The records of the past sessions on the Sessions tab, all at once. Keyed by those sessions, so
 * a session that ends while the tab is open is read with the others.
 */
export const sessionRecordsQuery = (childId: string, pastIds: readonly string[]) =>
  queryOptions({
    queryKey: [...recordKeys.records(childId), pastIds.join()] as const,
    queryFn: () => api<SessionRecordList>(`${childPath(childId)}/session-records?${tabRange()}`),
    placeholderData: keepPreviousData,
  });

/** Only for clinicians with sessions.clinical_note: everyone else gets a 404 from its route. */
export const clinicalNotesQuery = (childId: string, pastIds: readonly string[]) =>
  queryOptions({
    queryKey: [...recordKeys.notes(childId), pastIds.join()] as const,
    queryFn: () => api<ClinicalNoteList>(`${childPath(childId)}/session-clinical-notes?${tabRange()}`),
    placeholderData: keepPreviousData,
  });

export function saveSessionRecord(childId: string, sessionId: string, body: SaveSessionRecordRequest): Promise<SessionRecord> {
  return api<SessionRecord>(`${base(childId, sessionId)}/record`, { method: 'PUT', body });
}

export function saveClinicalNote(childId: string, sessionId: string, body: { text: string; expectedVersion?: number }): Promise<ClinicalNote> {
  return api<ClinicalNote>(`${base(childId, sessionId)}/clinical-note`, { method: 'PUT', body });
}
