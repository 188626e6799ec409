// Types only from the contract: the zod schemas stay out of the browser bundle.
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as Record_ from '../../../contract/session-record.ts';
import { api } from '../../api/client.ts';

export type SessionRecord = z.infer<typeof Record_.SessionRecord>;
export type SessionSummary = z.infer<typeof Record_.SessionSummary>;
export type ClinicalNote = z.infer<typeof Record_.ClinicalNote>;
export type SaveSessionRecordRequest = z.input<typeof Record_.SaveSessionRecordRequest>;
export type SummaryField = keyof SessionSummary['text'];
export const SUMMARY_FIELDS: readonly SummaryField[] = ['workedOn', 'wentWell', 'toPractise'];

export const recordKeys = {
  record: (childId: string, sessionId: string) => ['sessions', 'record', childId, sessionId] as const,
  note: (childId: string, sessionId: string) => ['sessions', 'clinical-note', childId, sessionId] as const,
};

const base = (childId: string, sessionId: string) => `/api/children/${encodeURIComponent(childId)}/sessions/${encodeURIComponent(sessionId)}`;

export const sessionRecordQuery = (childId: string, sessionId: string) =>
  queryOptions({ queryKey: recordKeys.record(childId, sessionId), queryFn: () => api<SessionRecord>(`${base(childId, sessionId)}/record`) });

/** Only for clinicians with sessions.clinical_note: everyone else gets a 404 from its route. */
export const clinicalNoteQuery = (childId: string, sessionId: string) =>
  queryOptions({ queryKey: recordKeys.note(childId, sessionId), queryFn: () => api<ClinicalNote>(`${base(childId, sessionId)}/clinical-note`) });

export function saveSessionRecord(childId: string, sessionId: string, body: SaveSessionRecordRequest): Promise<SessionRecord> {
  return api<SessionRecord>(`${base(childId, sessionId)}/record`, { method: 'PUT', body });
}

export function saveClinicalNote(childId: string, sessionId: string, body: { text: string; expectedVersion?: number }): Promise<ClinicalNote> {
  return api<ClinicalNote>(`${base(childId, sessionId)}/clinical-note`, { method: 'PUT', body });
}
